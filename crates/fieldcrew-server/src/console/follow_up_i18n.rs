//! The strings of the follow-up pages (call-backs 回访 and reports), one
//! catalogue per language like `i18n.rs`: Chinese first, and a struct so a
//! missing translation does not compile. Kept beside the main catalogue so
//! those pages can grow without touching every other page's strings.

use std::sync::LazyLock;

use super::i18n::{Lang, Strings};
use crate::db::Satisfaction;
use crate::report::{AreaGroup, Verdict};
use fieldcrew_domain::Thresholds;
use fieldcrew_l10n::Locale;
fieldcrew_l10n::catalogue! {
    pub struct FollowUpStrings {
        extra {}
        texts {
            pub nav_callbacks,
            pub nav_reports,
            pub callbacks_heading,
            pub callbacks_explain,
            pub no_waiting,
            pub col_repaired_at,
            pub col_attempts,
            pub col_record,
            pub reached,
            pub reached_yes,
            pub reached_no,
            pub satisfaction,
            pub satisfied,
            pub fairly_satisfied,
            pub dissatisfied,
            pub note,
            pub save_callback,
            pub order_callbacks,
            pub no_callbacks,
            pub callback_not_due,
            pub col_recorded_at,
            pub col_recorded_by,
            pub choose_reached,
            pub choose_satisfaction,
            pub note_too_long,
            pub called_back,
            pub not_called_back,
            pub not_due,
            /// Repaired less than `report::CALLBACK_GRACE` ago, not called back yet.
            pub callback_pending,
            /// After the pending count on the report's call-back line.
            pub callback_pending_not_counted,
            pub reports_heading,
            pub report_rules,
            pub month,
            pub from,
            pub to,
            pub show,
            pub range_to,
            pub download_csv,
            pub bad_date,
            pub orders_counted,
            pub cancelled_excluded,
            pub arrival_heading,
            pub by_area,
            pub by_crew,
            pub restoration_heading,
            pub meter_heading,
            pub callback_heading,
            pub callback_target,
            pub target_met,
            pub target_missed,
            pub escalations_heading,
            pub orders_heading,
            pub col_measure,
            pub col_class,
            pub col_on_time,
            pub col_late,
            pub col_pending,
            pub col_rate,
            pub col_called_back,
            pub col_not_called_back,
            pub col_notified,
            pub col_arrived,
            pub col_restored,
            pub col_escalated,
            pub col_callback,
            pub col_arrival_verdict,
            pub col_restoration_verdict,
            pub col_late_reason,
            pub col_corrections,
            pub late_arrival,
            pub late_restoration,
            pub late_reason_not_given,
            pub total,
            pub verdict_on_time,
            pub verdict_late,
            pub verdict_pending,
            pub report_title,
            pub generated_at,
        }
        formats {
            /// `{area}` and the `{n}` minutes its arrival promise allows.
            pub area_minutes,
        }
    }
}

impl Lang {
    pub fn follow_up(self) -> &'static FollowUpStrings {
        match self {
            Lang::ZhCn => &ZH_CN,
            Lang::En => &EN,
        }
    }
}

impl FollowUpStrings {
    pub fn satisfaction(&self, s: Satisfaction) -> &'static str {
        match s {
            Satisfaction::Satisfied => self.satisfied,
            Satisfaction::FairlySatisfied => self.fairly_satisfied,
            Satisfaction::Dissatisfied => self.dissatisfied,
        }
    }

    pub fn verdict(&self, v: Verdict) -> &'static str {
        match v {
            Verdict::OnTime => self.verdict_on_time,
            Verdict::Late => self.verdict_late,
            Verdict::Pending => self.verdict_pending,
        }
    }
}

/// An area group's word, from the shared vocabulary.
pub fn area_group(t: &Strings, group: AreaGroup) -> &'static str {
    match group {
        AreaGroup::Urban => t.words.area_urban,
        AreaGroup::Rural => t.words.area_rural,
        AreaGroup::Remote => t.words.area_remote,
        AreaGroup::Appointment => t.words.area_appointment,
    }
}

/// An area group's word with the minutes its arrival promise allows, from
/// the thresholds (a setting, never part of the word).
pub fn area_group_with_minutes(
    t: &Strings,
    f: &FollowUpStrings,
    group: AreaGroup,
    limits: &Thresholds,
) -> String {
    let minutes = match group {
        AreaGroup::Urban => limits.urban_arrival_min,
        AreaGroup::Rural => limits.rural_arrival_min,
        AreaGroup::Remote => limits.remote_arrival_min,
        AreaGroup::Appointment => return area_group(t, group).to_string(),
    };
    f.area_minutes.format(&[("area", area_group(t, group).into()), ("n", minutes.into())])
}

pub static ZH_CN: LazyLock<FollowUpStrings> = LazyLock::new(|| {
    FollowUpStrings::from_catalogue(fieldcrew_l10n::files::CONSOLE_FOLLOW_UP.get(Locale::ZhCn))
});

pub static EN: LazyLock<FollowUpStrings> = LazyLock::new(|| {
    FollowUpStrings::from_catalogue(fieldcrew_l10n::files::CONSOLE_FOLLOW_UP.get(Locale::En))
});
