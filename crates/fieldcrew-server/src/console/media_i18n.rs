//! The console's words when a photo can not be shown because the media
//! store failed, one catalogue per language in `console-media.ftl`, hung
//! from [`Lang`].

use super::i18n::Lang;
use fieldcrew_l10n::Locale;
use std::sync::LazyLock;

fieldcrew_l10n::catalogue! {
    pub struct MediaStrings {
        extra {}
        texts {
            pub media_store_unavailable,
            pub media_store_failed,
        }
        formats {}
    }
}

pub static ZH_CN: LazyLock<MediaStrings> =
    LazyLock::new(|| MediaStrings::from_catalogue(fieldcrew_l10n::files::CONSOLE_MEDIA.get(Locale::ZhCn)));

pub static EN: LazyLock<MediaStrings> =
    LazyLock::new(|| MediaStrings::from_catalogue(fieldcrew_l10n::files::CONSOLE_MEDIA.get(Locale::En)));

impl Lang {
    pub fn media(self) -> &'static MediaStrings {
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
    fn the_media_catalogue_matches_its_ftl_file_in_both_languages() {
        let problems = check_file(
            &fieldcrew_l10n::files::CONSOLE_MEDIA,
            MediaStrings::MESSAGE_IDS,
            MediaStrings::FORMAT_IDS,
        );
        assert!(problems.is_empty(), "{}", problems.join("\n"));
        assert!(Lang::ZhCn.media().media_store_unavailable.starts_with("照片存储暂时无法访问"));
        assert!(Lang::En.media().media_store_failed.contains("media_url"));
    }
}
