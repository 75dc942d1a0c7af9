//! The daily check's words on the phone (`app-daily-check.ftl`), hung from
//! [`Lang`] so the shared `Strings` stays as it is.

use super::Lang;
use fieldcrew_l10n::Locale;
use std::sync::LazyLock;

fieldcrew_l10n::catalogue! {
    /// The daily check's words in one language.
    pub struct DailyCheckStrings {
        extra {}
        texts {
            pub dc_title,
            pub dc_not_done,
            pub dc_not_done_hint,
            pub dc_open,
            pub dc_view,
            pub dc_warning,
            pub dc_warning_hint,
            pub dc_ok,
            pub dc_defect,
            pub dc_note_placeholder,
            pub dc_take_photo,
            pub dc_delete_photo,
            pub dc_checked_by,
            pub dc_submit,
            pub dc_submitting,
            pub dc_needs_all,
            pub dc_saved,
            pub dc_no_defects,
            pub dc_failed,
        }
        formats {
            /// `time`: 08:12.
            pub dc_done,
            /// `member`, `time`.
            pub dc_done_by,
            /// `done`, `total`.
            pub dc_progress,
            /// `item`: the item's label.
            pub dc_needs_note,
            /// `n`.
            pub dc_defects,
        }
    }
}

static ZH_CN: LazyLock<DailyCheckStrings> = LazyLock::new(|| {
    DailyCheckStrings::from_catalogue(fieldcrew_l10n::files::APP_DAILY_CHECK.get(Locale::ZhCn))
});
static EN: LazyLock<DailyCheckStrings> = LazyLock::new(|| {
    DailyCheckStrings::from_catalogue(fieldcrew_l10n::files::APP_DAILY_CHECK.get(Locale::En))
});

impl Lang {
    pub fn daily_check(self) -> &'static DailyCheckStrings {
        match self {
            Lang::ZhCn => &ZH_CN,
            Lang::En => &EN,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fieldcrew_l10n::catalogue::check_file;

    #[test]
    fn the_daily_check_catalogue_matches_its_ftl_file_in_both_languages() {
        let problems = check_file(
            &fieldcrew_l10n::files::APP_DAILY_CHECK,
            DailyCheckStrings::MESSAGE_IDS,
            DailyCheckStrings::FORMAT_IDS,
        );
        assert!(problems.is_empty(), "{}", problems.join("\n"));
        let defects = |lang: Lang| lang.daily_check().dc_defects.format(&[("n", 2u32.into())]);
        assert_eq!(defects(Lang::ZhCn), "缺陷 2 项");
        assert_eq!(defects(Lang::En), "2 defects");
    }
}
