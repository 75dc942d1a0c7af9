//! Why a step was refused, in each language. The phone shows these when it
//! refuses a tap; the console shows them beside an event the server flagged,
//! so a rule reads the same to the crew and to the dispatcher.

use std::sync::LazyLock;

use crate::Locale;
use fieldcrew_domain::lifecycle::RuleViolation;

crate::catalogue! {
    /// The words for each broken rule in one language.
    pub struct RuleWords {
        extra {}
        texts {
            pub rule_closed,
            pub rule_already_recorded,
            pub rule_not_arrived,
            pub rule_already_on_site,
            pub rule_not_restored,
            pub rule_no_photos,
            pub rule_no_meter_damage,
            pub rule_signature_mismatch,
            pub rule_checklist_incomplete,
            pub rule_cleanup_missing,
            pub rule_signature_missing,
            pub rule_signature_stale,
            pub rule_step_not_recorded,
            pub rule_not_correctable,
            pub rule_materials_invalid,
            pub rule_completion_photo_missing,
            /// The server holds no such order (the phone's copy came from elsewhere).
            pub rule_unknown_order,
        }
        formats {}
    }
}

pub static ZH_CN: LazyLock<RuleWords> =
    LazyLock::new(|| RuleWords::from_catalogue(crate::files::DOMAIN.get(Locale::ZhCn)));

pub static EN: LazyLock<RuleWords> =
    LazyLock::new(|| RuleWords::from_catalogue(crate::files::DOMAIN.get(Locale::En)));

impl RuleWords {
    pub fn violation(&self, violation: &RuleViolation) -> &'static str {
        use RuleViolation::*;
        match violation {
            OrderClosed => self.rule_closed,
            AlreadyRecorded(_) => self.rule_already_recorded,
            NotArrived => self.rule_not_arrived,
            AlreadyOnSite => self.rule_already_on_site,
            NotRestoredOrEscalated => self.rule_not_restored,
            NoPhotos => self.rule_no_photos,
            NoMeterDamage => self.rule_no_meter_damage,
            SignatureDoesNotMatch => self.rule_signature_mismatch,
            ChecklistIncomplete(_) => self.rule_checklist_incomplete,
            CleanupNotDone => self.rule_cleanup_missing,
            SignatureMissing => self.rule_signature_missing,
            SignatureStale => self.rule_signature_stale,
            StepNotRecorded(_) => self.rule_step_not_recorded,
            NotCorrectable(_) => self.rule_not_correctable,
            MaterialsInvalid(_) => self.rule_materials_invalid,
            CompletionPhotoMissing => self.rule_completion_photo_missing,
        }
    }
}
