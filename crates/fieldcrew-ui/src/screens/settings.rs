//! Settings: who is signed in (and signing out), language, server, the
//! thresholds in force (read only), the app version, where the data lives,
//! and a diagnostics export.

use crate::app::use_lang;
use crate::i18n::Lang;
use crate::pairing::SignedIn;
use crate::screens::pair::Unsynced;
use crate::screens::sign_out::SignOut;
use dioxus::prelude::*;
use fieldcrew_core::Thresholds;

#[component]
pub fn Settings(
    server: Option<String>,
    limits: Thresholds,
    data_dir: String,
    device_id: String,
    signed_in: Option<SignedIn>,
    unsynced: Unsynced,
    message: Option<String>,
    /// `None` when the phone has no sync to sign out of.
    on_sign_out: Option<EventHandler<()>>,
    on_language: EventHandler<Lang>,
    on_export: EventHandler<()>,
    on_back: EventHandler<()>,
) -> Element {
    let lang = use_lang();
    let s = lang.strings();
    let server = server.unwrap_or_else(|| s.no_server.to_string());
    rsx! {
        section { class: "meter-damage settings",
            button { class: "back", onclick: move |_| on_back.call(()), "{s.back}" }
            h2 { "{s.settings_title}" }
            SignOut { signed_in, unsynced, on_sign_out }
            fieldset { class: "causes",
                legend { "{s.language_label}" }
                for value in [Lang::ZhCn, Lang::En] {
                    label { class: "check-item",
                        input {
                            r#type: "radio",
                            name: "language",
                            checked: lang == value,
                            onchange: move |_| on_language.call(value),
                        }
                        span { "{value.strings().language_name}" }
                    }
                }
            }
            dl { class: "facts",
                dt { "{s.server_label}" }
                dd { "{server}" }
                dt { "{s.far_threshold}" }
                dd { "{limits.far_from_site_m} {s.metres}" }
                dt { "{s.accuracy_threshold}" }
                dd { "{limits.poor_accuracy_m} {s.metres}" }
                dt { "{s.arrival_commitments}" }
                dd { "{limits.urban_arrival_min} / {limits.rural_arrival_min} / {limits.remote_arrival_min} {s.minutes}" }
                dt { "{s.app_version}" }
                dd { {env!("CARGO_PKG_VERSION")} }
                dt { "{s.data_location}" }
                dd { class: "mono", "{data_dir}" }
                dt { "{s.device_id}" }
                dd { class: "mono", "{device_id}" }
            }
            if let Some(m) = message {
                p { class: "message", role: "status", "{m}" }
            }
            button { class: "action", onclick: move |_| on_export.call(()), "{s.export_diagnostics}" }
        }
    }
}
