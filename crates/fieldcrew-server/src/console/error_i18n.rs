//! The console's words for a request that could not be done, one catalogue
//! per language in `console-errors.ftl`, hung from [`Lang`].

use super::i18n::Lang;
use fieldcrew_l10n::Locale;
use std::sync::LazyLock;

fieldcrew_l10n::catalogue! {
    pub struct ErrorStrings {
        extra {}
        texts {
            pub error_title,
            pub storage_full,
            pub internal,
            pub rate_limited,
            pub not_found,
            pub conflict,
            pub refused,
            pub detail,
            pub back_to_board,
        }
        formats {}
    }
}

pub static ZH_CN: LazyLock<ErrorStrings> =
    LazyLock::new(|| ErrorStrings::from_catalogue(fieldcrew_l10n::files::CONSOLE_ERRORS.get(Locale::ZhCn)));

pub static EN: LazyLock<ErrorStrings> =
    LazyLock::new(|| ErrorStrings::from_catalogue(fieldcrew_l10n::files::CONSOLE_ERRORS.get(Locale::En)));

impl Lang {
    pub fn errors(self) -> &'static ErrorStrings {
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
    fn the_error_catalogue_matches_its_ftl_file_in_both_languages() {
        let problems = check_file(
            &fieldcrew_l10n::files::CONSOLE_ERRORS,
            ErrorStrings::MESSAGE_IDS,
            ErrorStrings::FORMAT_IDS,
        );
        assert!(problems.is_empty(), "{}", problems.join("\n"));
        assert!(Lang::ZhCn.errors().storage_full.starts_with("服务器存储已满"));
        assert!(Lang::En.errors().storage_full.contains("not saved"));
    }
}
