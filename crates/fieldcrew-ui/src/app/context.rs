//! What every screen reads without a prop: the crew's language. `App`
//! provides it as a `Signal<Lang>`; a screen calls `use_strings()` (or
//! `use_lang()`) at its top instead of taking a `lang` prop, and re-renders
//! when the crew switches language. The device store travels the same way,
//! inside the `AppContext` the binary provides at the root
//! (`use_context::<AppContext>().store`), which each screen's glue in
//! `app/*_flow.rs` reads.

use crate::i18n::{Lang, Strings};
use dioxus::prelude::*;

/// The language chosen on this phone; Chinese where no root provides one.
pub fn use_lang() -> Lang {
    try_use_context::<Signal<Lang>>().map(|lang| lang()).unwrap_or_default()
}

/// The words of [`use_lang`]'s language.
pub fn use_strings() -> &'static Strings {
    use_lang().strings()
}

/// Renders `children` in `lang`: the root for a screen shown on its own
/// (tests, previews), where no `App` provides the language.
#[component]
pub fn LangRoot(lang: Lang, children: Element) -> Element {
    use_context_provider(|| Signal::new(lang));
    rsx! { {children} }
}
