//! English.

use std::sync::LazyLock;

use fieldcrew_l10n::Locale;

use super::Strings;

pub static STRINGS: LazyLock<Strings> = LazyLock::new(|| {
    Strings::from_catalogue(fieldcrew_l10n::files::APP.get(Locale::En), &fieldcrew_l10n::EN)
});
