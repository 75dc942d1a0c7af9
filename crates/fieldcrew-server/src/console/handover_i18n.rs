//! The strings of the handover log page (交接班记录), one catalogue per
//! language in `console-handover.ftl`, hung from [`Lang`] so the shared
//! catalogues stay as they are.

use super::i18n::Lang;
use fieldcrew_l10n::Locale;
use std::sync::LazyLock;

fieldcrew_l10n::catalogue! {
    pub struct HandoverStrings {
        extra {}
        texts {
            pub hol_nav,
            pub hol_heading,
            pub hol_explain,
            pub hol_search_text,
            pub hol_search_placeholder,
            pub hol_crew,
            pub hol_all_crews,
            pub hol_date,
            pub hol_search,
            pub hol_none,
            pub hol_handed_over_by,
            pub hol_taken_over_by,
            pub hol_not_acknowledged,
            pub hol_summary,
            pub hol_raised,
            pub hol_carried,
            pub hol_open_for,
            pub hol_order,
            pub hol_equipment,
            pub hol_closed_by,
            pub hol_close,
            pub hol_close_note,
            pub hol_close_needs_note,
            pub hol_closed_saved,
            pub hol_already_closed,
            pub hol_unknown_problem,
            pub hol_strip_unacknowledged,
            pub hol_minutes,
            pub hol_hours,
            pub hol_days,
        }
        formats {}
    }
}

static ZH_CN: LazyLock<HandoverStrings> = LazyLock::new(|| {
    HandoverStrings::from_catalogue(fieldcrew_l10n::files::CONSOLE_HANDOVER.get(Locale::ZhCn))
});
static EN: LazyLock<HandoverStrings> = LazyLock::new(|| {
    HandoverStrings::from_catalogue(fieldcrew_l10n::files::CONSOLE_HANDOVER.get(Locale::En))
});

impl Lang {
    pub fn handover(self) -> &'static HandoverStrings {
        match self {
            Lang::ZhCn => &ZH_CN,
            Lang::En => &EN,
        }
    }
}

impl HandoverStrings {
    /// How long a problem has been open, in the largest whole unit.
    pub fn age(&self, age: chrono::Duration) -> String {
        let minutes = age.num_minutes().max(0);
        match minutes {
            m if m < 60 => format!("{m} {}", self.hol_minutes),
            m if m < 48 * 60 => format!("{} {}", m / 60, self.hol_hours),
            m => format!("{} {}", m / (24 * 60), self.hol_days),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fieldcrew_l10n::catalogue::check_file;

    #[test]
    fn the_handover_log_catalogue_matches_its_ftl_file_in_both_languages() {
        let problems = check_file(
            &fieldcrew_l10n::files::CONSOLE_HANDOVER,
            HandoverStrings::MESSAGE_IDS,
            HandoverStrings::FORMAT_IDS,
        );
        assert!(problems.is_empty(), "{}", problems.join("\n"));
        assert_eq!(Lang::ZhCn.handover().hol_heading, "交接班记录");
        assert_eq!(Lang::En.handover().age(chrono::Duration::hours(50)), "2 d");
    }
}
