//! The close-out's and the planned outages' words on the phone
//! (`app-close-out.ftl`), hung from [`Lang`] so the shared `Strings` stays
//! as it is.

use super::Lang;
use fieldcrew_l10n::Locale;
use std::sync::LazyLock;

fieldcrew_l10n::catalogue! {
    /// Materials, completion photo and planned outages in one language.
    pub struct CloseOutStrings {
        extra {}
        texts {
            pub co_materials,
            pub co_materials_hint,
            pub co_materials_save,
            pub co_materials_correct,
            pub co_materials_none,
            pub co_materials_recorded,
            pub co_materials_not_recorded,
            pub co_plus,
            pub co_minus,
            pub co_completion_photo,
            pub co_take_completion_photo,
            pub co_no_completion_photo,
            pub co_completion_photo_required,
            pub co_outages,
            pub co_outages_today,
            pub co_outages_none,
            pub co_outages_note,
            pub co_outage_area,
            pub co_outage_villages,
            pub co_outage_reason,
            pub co_outage_now,
            pub co_outage_ended,
        }
        formats {
            /// `n`: photos taken.
            pub co_completion_taken,
            /// `from`, `to`: Beijing times.
            pub co_outage_window,
        }
    }
}

static ZH_CN: LazyLock<CloseOutStrings> =
    LazyLock::new(|| CloseOutStrings::from_catalogue(fieldcrew_l10n::files::APP_CLOSE_OUT.get(Locale::ZhCn)));
static EN: LazyLock<CloseOutStrings> =
    LazyLock::new(|| CloseOutStrings::from_catalogue(fieldcrew_l10n::files::APP_CLOSE_OUT.get(Locale::En)));

impl Lang {
    pub fn close_out(self) -> &'static CloseOutStrings {
        match self {
            Lang::ZhCn => &ZH_CN,
            Lang::En => &EN,
        }
    }
}

impl CloseOutStrings {
    pub fn taken(&self, n: usize) -> String {
        self.co_completion_taken.format(&[("n", (n as u64).into())])
    }

    pub fn window(&self, from: &str, to: &str) -> String {
        self.co_outage_window.format(&[("from", from.into()), ("to", to.into())])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fieldcrew_l10n::catalogue::check_file;

    #[test]
    fn the_close_out_catalogue_matches_its_ftl_file_in_both_languages() {
        let problems = check_file(
            &fieldcrew_l10n::files::APP_CLOSE_OUT,
            CloseOutStrings::MESSAGE_IDS,
            CloseOutStrings::FORMAT_IDS,
        );
        assert!(problems.is_empty(), "{}", problems.join("\n"));
        assert_eq!(Lang::ZhCn.close_out().taken(2), "已拍 2 张");
        assert_eq!(Lang::En.close_out().taken(1), "1 photo taken");
    }
}
