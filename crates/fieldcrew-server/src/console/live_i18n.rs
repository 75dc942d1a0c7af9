//! The strings of the live dispatch pages: the needs-action strip, the
//! order's record (who took the call, assignments, repeat calls), search
//! and the repeat-call form. One catalogue per language like `i18n.rs`;
//! domain words (statuses, steps) come from `fieldcrew-l10n` instead.

use std::sync::LazyLock;

use super::i18n::Lang;
use fieldcrew_l10n::Locale;
fieldcrew_l10n::catalogue! {
    pub struct LiveStrings {
        extra {}
        texts {
            pub needs_action,
            pub nothing_needs_action,
            pub unassigned_entry,
            pub notify_clock,
            pub arrival_at_risk,
            pub arrival_breached,
            pub customer_owned_entry,
            pub search,
            pub search_placeholder,
            pub search_results,
            pub clear_search,
            pub record_heading,
            pub taken_by,
            pub notified_at,
            pub notify_verdict,
            pub notify_in_time,
            pub notify_late,
            pub notify_running,
            pub closed_at,
            pub person_in_charge,
            pub assignment_history,
            pub no_assignments,
            pub assigned_to,
            pub reassigned_to,
            pub by_api,
            pub follow_ups,
            pub no_follow_ups,
            pub col_caller,
            pub col_content,
            pub col_received_at,
            pub col_taken_by,
            pub col_assigned_by,
            pub attach_to,
            pub attach_explain,
            pub attached,
            pub photo,
            pub device_details,
            pub still_unassigned,
            pub not_closed,
            pub notify_rate_heading,
            pub col_first_notified,
            pub col_assignments,
            pub col_follow_ups,
        }
        formats {}
    }
}

pub static ZH_CN: LazyLock<LiveStrings> =
    LazyLock::new(|| LiveStrings::from_catalogue(fieldcrew_l10n::files::CONSOLE_LIVE.get(Locale::ZhCn)));

pub static EN: LazyLock<LiveStrings> =
    LazyLock::new(|| LiveStrings::from_catalogue(fieldcrew_l10n::files::CONSOLE_LIVE.get(Locale::En)));

impl Lang {
    pub fn live(self) -> &'static LiveStrings {
        match self {
            Lang::ZhCn => &ZH_CN,
            Lang::En => &EN,
        }
    }
}
