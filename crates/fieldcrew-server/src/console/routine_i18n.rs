//! The strings of the station-routine pages: complaints and reports (投诉,
//! 举报), planned outages (计划停电), accidents and priority at intake. One
//! catalogue per language like `i18n.rs`.

use std::sync::LazyLock;

use super::i18n::Lang;
use crate::db::AccidentKind;
use fieldcrew_domain::complaint::{ComplaintKind, ComplaintStatus};
use fieldcrew_domain::order::Priority;
use fieldcrew_l10n::Locale;
fieldcrew_l10n::catalogue! {
    pub struct RoutineStrings {
        extra {}
        texts {
            pub nav_complaints,
            pub nav_outages,
            pub intake_choice,
            pub intake_repair,
            pub complaints_heading,
            pub new_complaint_heading,
            pub new_complaint,
            pub kind,
            pub complaint,
            pub report,
            pub deadline_rule,
            pub place,
            pub content,
            pub owner,
            pub confidential,
            pub save_complaint,
            pub complaint_needs,
            pub col_received,
            pub col_due,
            pub col_status,
            pub col_caller,
            pub open,
            pub answered,
            pub closed,
            pub answer,
            pub answer_placeholder,
            pub save_answer,
            pub answer_needs_text,
            pub answered_by,
            pub answered_on_time,
            pub answered_late,
            pub close,
            pub not_open,
            pub unknown_complaint,
            pub no_complaints,
            pub search,
            pub search_placeholder,
            pub taken_by,
            pub report_heading,
            pub col_received_count,
            pub col_on_time,
            pub col_late,
            pub col_overdue,
            pub col_pending,
            pub col_rate,
            pub complaint_csv,
            pub outages_heading,
            pub new_outage,
            pub area,
            pub villages,
            pub villages_hint,
            pub starts,
            pub ends,
            pub reason,
            pub save_outage,
            pub notice_rule,
            pub notice_enough,
            pub notice_short,
            pub short_notice_saved,
            pub outage_saved,
            pub bad_time,
            pub ends_before_start,
            pub no_place,
            pub no_outages,
            pub older_outages,
            pub calls_answered,
            pub outage_match_heading,
            pub outage_match_explain,
            pub answer_by_outage,
            pub answered_by_outage,
            pub unknown_outage,
            pub priority,
            pub priority_normal,
            pub priority_high,
            pub priority_emergency,
            pub accident,
            pub accident_none,
            pub personal_injury,
            pub equipment_accident,
            pub accident_explain,
            pub safety_heading,
            pub safety_notified_at,
            pub safety_no_contacts,
        }
        formats {}
    }
}

pub static ZH_CN: LazyLock<RoutineStrings> = LazyLock::new(|| {
    RoutineStrings::from_catalogue(fieldcrew_l10n::files::CONSOLE_ROUTINE.get(Locale::ZhCn))
});

pub static EN: LazyLock<RoutineStrings> =
    LazyLock::new(|| RoutineStrings::from_catalogue(fieldcrew_l10n::files::CONSOLE_ROUTINE.get(Locale::En)));

impl RoutineStrings {
    pub fn kind(&self, kind: ComplaintKind) -> &'static str {
        match kind {
            ComplaintKind::Complaint => self.complaint,
            ComplaintKind::Report => self.report,
        }
    }

    pub fn status(&self, status: ComplaintStatus) -> &'static str {
        match status {
            ComplaintStatus::Open => self.open,
            ComplaintStatus::Answered => self.answered,
            ComplaintStatus::Closed => self.closed,
        }
    }

    pub fn priority(&self, priority: Priority) -> &'static str {
        match priority {
            Priority::Normal => self.priority_normal,
            Priority::High => self.priority_high,
            Priority::Emergency => self.priority_emergency,
        }
    }

    pub fn accident(&self, kind: AccidentKind) -> &'static str {
        match kind {
            AccidentKind::PersonalInjury => self.personal_injury,
            AccidentKind::Equipment => self.equipment_accident,
        }
    }
}

impl Lang {
    pub fn routine(self) -> &'static RoutineStrings {
        match self {
            Lang::ZhCn => &ZH_CN,
            Lang::En => &EN,
        }
    }
}
