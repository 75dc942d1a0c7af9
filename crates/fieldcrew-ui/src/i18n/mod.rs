//! Every user-visible string, one catalogue per language. A catalogue is a
//! struct, so a missing translation does not compile.

mod en;
mod zh_cn;

use fieldcrew_core::lifecycle::Status;
use fieldcrew_core::order::{AreaClass, EquipmentKind, Priority};
use fieldcrew_l10n::DomainWords;

/// The interface languages; Chinese comes first.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    #[default]
    ZhCn,
    En,
}

impl Lang {
    pub fn strings(self) -> &'static Strings {
        match self {
            Lang::ZhCn => &zh_cn::STRINGS,
            Lang::En => &en::STRINGS,
        }
    }

    /// The language of a tag from [`Lang::tag`]; anything else is Chinese.
    pub fn from_tag(tag: &str) -> Lang {
        if tag == Lang::En.tag() { Lang::En } else { Lang::ZhCn }
    }

    /// The language whose catalogue `strings` is.
    pub fn of(strings: &Strings) -> Lang {
        if strings.language_name == en::STRINGS.language_name { Lang::En } else { Lang::ZhCn }
    }

    /// The BCP 47 tag for the page's `lang` attribute.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::ZhCn => "zh-CN",
            Lang::En => "en",
        }
    }
}

/// One language's strings.
#[derive(Debug, PartialEq, Eq)]
pub struct Strings {
    /// The domain's terms, shared with the console and the CSV.
    pub words: &'static DomainWords,
    pub app_title: &'static str,
    pub orders_heading: &'static str,
    pub no_orders: &'static str,
    pub no_orders_hint: &'static str,
    pub store_error: &'static str,
    pub switch_language: &'static str,
    /// This language's own name, for the settings list.
    pub language_name: &'static str,
    pub arrival_due: &'static str,
    pub restoration_due: &'static str,
    pub overdue: &'static str,
    pub left: &'static str,
    pub kept: &'static str,
    pub missed: &'static str,
    /// Followed by a count: "{n} 条未同步".
    pub unsynced_suffix: &'static str,
    pub demo_data: &'static str,
    pub sync_not_configured: &'static str,
    pub sync_idle: &'static str,
    pub sync_running: &'static str,
    /// `{n}`: whole seconds until the next try, "离线，{n} 秒后重试".
    pub sync_offline: &'static str,
    /// Offline, the next try under way (the countdown reached zero).
    pub sync_offline_retrying: &'static str,
    pub sync_needs_pairing: &'static str,
    pub sync_last_success: &'static str,
    /// Followed by a count: "{n} 条待上传".
    pub waiting_suffix: &'static str,
    pub sync_now: &'static str,
    pub uploading_photo: &'static str,
    /// `{n}`: photos or signatures the server refused for good, kept on the phone.
    pub upload_refused: &'static str,
    /// Puts the refused files back in the queue (once the dispatcher fixed the cause).
    pub upload_refused_retry: &'static str,
    pub priority_high: &'static str,
    pub priority_emergency: &'static str,
    pub back: &'static str,
    pub reporter: &'static str,
    pub phone_call: &'static str,
    pub address: &'static str,
    pub fault: &'static str,
    pub open_map: &'static str,
    pub history: &'static str,
    pub no_history: &'static str,
    pub gps_waiting: &'static str,
    pub gps_none: &'static str,
    pub gps_denied: &'static str,
    pub distance_to_site: &'static str,
    pub accuracy: &'static str,
    pub metres: &'static str,
    pub warn_far: &'static str,
    pub warn_poor_accuracy: &'static str,
    pub text_placeholder: &'static str,
    pub recorded: &'static str,
    pub action_acknowledge: &'static str,
    pub action_depart: &'static str,
    pub action_arrive: &'static str,
    pub action_site_report: &'static str,
    pub action_escalate: &'static str,
    pub action_customer_fault: &'static str,
    pub action_restore: &'static str,
    pub action_cleanup: &'static str,
    pub action_close: &'static str,
    pub action_note: &'static str,
    pub checklist_title: &'static str,
    pub seal_number: &'static str,
    pub withdrawn: &'static str,
    pub not_applicable: &'static str,
    pub checklist_missing: &'static str,
    pub seal_number_missing: &'static str,
    pub confirm_restore: &'static str,
    pub confirm_close: &'static str,
    pub confirm_is_evidence: &'static str,
    pub confirm_yes: &'static str,
    pub fix_pending: &'static str,
    pub fix_timed_out: &'static str,
    pub record_without_fix: &'static str,
    pub correct_step: &'static str,
    pub correction_reason: &'static str,
    pub no_fix: &'static str,
    pub fix_age: &'static str,
    pub photo_processing: &'static str,
    pub photo_internal_error: &'static str,
    pub meter_number: &'static str,
    pub meter_reading: &'static str,
    pub meter_not_read: &'static str,
    pub order_number: &'static str,
    pub signed_at: &'static str,
    pub statement_customer_responsible: &'static str,
    pub statement_not_responsible: &'static str,
    pub notice_cancelled: &'static str,
    pub notice_reassigned: &'static str,
    pub notice_unsynced: &'static str,
    pub notice_read: &'static str,
    pub notice_open: &'static str,
    /// A new order from dispatch: {number} {address}.
    pub alert_new: &'static str,
    /// An order whose intake fields dispatch changed: {number} {address}.
    pub alert_changed: &'static str,
    pub alert_open: &'static str,
    /// Alerts behind the one shown: {n}.
    pub alert_more: &'static str,
    pub late_arrival_prompt: &'static str,
    pub late_restore_prompt: &'static str,
    pub late_arrival_reason: &'static str,
    pub late_restore_reason: &'static str,
    pub late_reason_far: &'static str,
    pub late_reason_traffic: &'static str,
    pub late_reason_weather: &'static str,
    pub late_reason_other_orders: &'static str,
    pub late_reason_wrong_address: &'static str,
    pub late_reason_other: &'static str,
    pub late_reason_submit: &'static str,
    pub record_failed: &'static str,
    pub read_only_removed: &'static str,
    pub action_meter_damage: &'static str,
    pub action_customer_sign: &'static str,
    pub meter_damage_title: &'static str,
    pub cause_label: &'static str,
    pub cause_other_placeholder: &'static str,
    pub cause_forced_open: &'static str,
    pub cause_tampered: &'static str,
    pub cause_impact: &'static str,
    pub cause_water: &'static str,
    pub cause_lightning: &'static str,
    pub cause_fire: &'static str,
    pub responsibility_question: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub take_photo: &'static str,
    pub delete_photo: &'static str,
    pub photos_needed: &'static str,
    pub save_damage: &'static str,
    pub photo_failed: &'static str,
    pub confirm_title: &'static str,
    pub confirm_intro: &'static str,
    pub signer_name: &'static str,
    pub signature_pad_hint: &'static str,
    pub clear_signature: &'static str,
    pub confirm_signature: &'static str,
    pub signature_needed: &'static str,
    pub signature_current: &'static str,
    pub signature_failed: &'static str,
    pub new_order: &'static str,
    pub new_order_title: &'static str,
    pub customer_name: &'static str,
    pub customer_phone: &'static str,
    pub village_or_street: &'static str,
    pub house_number: &'static str,
    pub equipment_label: &'static str,
    pub area_label: &'static str,
    pub site_from_gps: &'static str,
    pub create_order: &'static str,
    pub required_fields: &'static str,
    pub settings: &'static str,
    pub settings_title: &'static str,
    pub language_label: &'static str,
    pub server_label: &'static str,
    pub no_server: &'static str,
    pub thresholds_label: &'static str,
    pub far_threshold: &'static str,
    pub accuracy_threshold: &'static str,
    pub arrival_commitments: &'static str,
    pub minutes: &'static str,
    pub app_version: &'static str,
    pub data_location: &'static str,
    pub device_id: &'static str,
    pub export_diagnostics: &'static str,
    pub diagnostics_saved: &'static str,
    pub pair_title: &'static str,
    pub pair_intro: &'static str,
    pub pair_server: &'static str,
    pub pair_crew_code: &'static str,
    pub pair_pin: &'static str,
    pub pair_show_pin: &'static str,
    pub pair_member: &'static str,
    pub pair_submit: &'static str,
    pub pair_running: &'static str,
    pub pair_missing: &'static str,
    pub pair_refused: &'static str,
    pub pair_too_many: &'static str,
    pub pair_unreachable: &'static str,
    pub pair_invalid_server: &'static str,
    pub pair_failed: &'static str,
    pub pair_kept: &'static str,
    /// Templates for `unsynced_summary()`: `{records}` and `{photos}` are counts.
    pub unsynced_both: &'static str,
    pub unsynced_records_only: &'static str,
    pub unsynced_photos_only: &'static str,
    pub sync_sign_in: &'static str,
    pub signed_in_as: &'static str,
    pub not_signed_in: &'static str,
    pub sign_out: &'static str,
    pub sign_out_question: &'static str,
    pub sign_out_keeps: &'static str,
    pub sign_out_all_synced: &'static str,
    pub sign_out_confirm: &'static str,
    pub cancel: &'static str,
    pub sync_stopped: &'static str,
    /// Left with the customer when the work is done (001 4.3.12).
    pub contact_left: &'static str,
    pub sms_restored: &'static str,
    /// The text the crew may send: {station} {address} {number} {time} {phone}.
    pub sms_restored_body: &'static str,
}

impl Strings {
    pub fn status(&self, status: Status) -> &'static str {
        self.words.status(status)
    }

    pub fn equipment(&self, kind: EquipmentKind) -> &'static str {
        self.words.equipment(kind)
    }

    pub fn area(&self, area: AreaClass) -> &'static str {
        self.words.area(&area)
    }

    /// A label for raised priorities only; normal needs no chip.
    pub fn priority(&self, priority: Priority) -> Option<&'static str> {
        match priority {
            Priority::Normal => None,
            Priority::High => Some(self.priority_high),
            Priority::Emergency => Some(self.priority_emergency),
        }
    }
}

impl Strings {
    /// "3 条记录、2 张照片还没有上传", leaving out a count that is zero.
    pub fn unsynced_summary(&self, records: u64, photos: u64) -> String {
        let template = match (records, photos) {
            (_, 0) => self.unsynced_records_only,
            (0, _) => self.unsynced_photos_only,
            _ => self.unsynced_both,
        };
        template.replace("{records}", &records.to_string()).replace("{photos}", &photos.to_string())
    }

    /// Why an action was refused, in words a crew understands.
    pub fn rule_violation(&self, v: &fieldcrew_core::RuleViolation) -> &'static str {
        self.words.rules.violation(v)
    }

    /// The timeline label of an event.
    pub fn event(&self, t: fieldcrew_core::event::EventType) -> &'static str {
        self.words.step(t)
    }
}
