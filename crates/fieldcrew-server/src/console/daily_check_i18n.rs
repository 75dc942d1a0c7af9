//! The console's words for the crews' daily checks
//! (`console-daily-check.ftl`), hung from [`Lang`].

use super::i18n::Lang;
use fieldcrew_l10n::Locale;
use std::sync::LazyLock;

fieldcrew_l10n::catalogue! {
    /// The daily-check section's words in one language.
    pub struct DailyCheckStrings {
        extra {}
        texts {
            pub dc_heading,
            pub dc_col_crew,
            pub dc_col_state,
            pub dc_col_by,
            pub dc_col_defects,
            pub dc_not_done,
            pub dc_none,
            pub dc_photo,
            pub dc_needs,
        }
        formats {
            /// `day`: 2026-12-07.
            pub dc_heading_day,
            /// `time`: 08:12.
            pub dc_done_at,
        }
    }
}

static ZH_CN: LazyLock<DailyCheckStrings> = LazyLock::new(|| {
    DailyCheckStrings::from_catalogue(fieldcrew_l10n::files::CONSOLE_DAILY_CHECK.get(Locale::ZhCn))
});
static EN: LazyLock<DailyCheckStrings> = LazyLock::new(|| {
    DailyCheckStrings::from_catalogue(fieldcrew_l10n::files::CONSOLE_DAILY_CHECK.get(Locale::En))
});

impl Lang {
    pub fn daily_check(self) -> &'static DailyCheckStrings {
        match self {
            Lang::ZhCn => &ZH_CN,
            Lang::En => &EN,
        }
    }
}

impl DailyCheckStrings {
    pub fn done_at(&self, time: &str) -> String {
        self.dc_done_at.format(&[("time", time.into())])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fieldcrew_l10n::catalogue::check_file;

    #[test]
    fn the_daily_check_catalogue_matches_its_ftl_file_in_both_languages() {
        let problems = check_file(
            &fieldcrew_l10n::files::CONSOLE_DAILY_CHECK,
            DailyCheckStrings::MESSAGE_IDS,
            DailyCheckStrings::FORMAT_IDS,
        );
        assert!(problems.is_empty(), "{}", problems.join("\n"));
        assert_eq!(Lang::ZhCn.daily_check().done_at("08:12"), "已检查 08:12");
        assert_eq!(Lang::En.daily_check().done_at("08:12"), "Checked 08:12");
    }
}
