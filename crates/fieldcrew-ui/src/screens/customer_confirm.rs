//! The customer's confirmation: exactly the cause text, the responsibility
//! and the photos that the signature will be bound to, the signer's name,
//! and the signature pad.

use crate::app::use_strings;
use crate::i18n::Strings;
use crate::screens::photo_view::PhotoView;
use crate::signature_pad::{self, PAD_ID};
use dioxus::prelude::*;

#[component]
pub fn CustomerConfirm(
    order_number: String,
    address: String,
    meter_number: String,
    meter_reading: String,
    cause: String,
    customer_responsible: bool,
    photos: Vec<PhotoView>,
    message: Option<String>,
    on_sign: EventHandler<String>,
    on_back: EventHandler<()>,
) -> Element {
    let s = use_strings();
    let mut signer = use_signal(String::new);
    let answer = if customer_responsible { s.yes } else { s.no };
    let statement = confirm_statement(s, &cause, customer_responsible);
    let not_read = s.meter_not_read;
    let number_shown = if meter_number.is_empty() { not_read.to_string() } else { meter_number.clone() };
    let reading_shown = if meter_reading.is_empty() { not_read.to_string() } else { meter_reading.clone() };
    let today = crate::format::local_short(chrono::Utc::now());
    rsx! {
        section { class: "customer-confirm",
            button { class: "back", onclick: move |_| on_back.call(()), "{s.back}" }
            h2 { "{s.confirm_title}" }
            p { "{s.confirm_intro}" }
            p { class: "confirm-statement", "{statement}" }
            dl { class: "facts signed-content",
                dt { "{s.order_number}" }
                dd { class: "signed-order", "{order_number}" }
                dt { "{s.address}" }
                dd { "{address}" }
                dt { "{s.meter_number}" }
                dd { class: "signed-meter", "{number_shown}" }
                dt { "{s.meter_reading}" }
                dd { class: "signed-reading", "{reading_shown}" }
                dt { "{s.cause_label}" }
                dd { class: "signed-cause", "{cause}" }
                dt { "{s.responsibility_question}" }
                dd { "{answer}" }
            }
            div { class: "photos",
                for photo in photos {
                    figure { class: "thumb", key: "{photo.sha256}", img { src: "{photo.data_url}", alt: "" } }
                }
            }
            p { class: "confirm-time", "{s.signed_at} {today}" }
            label { class: "signer",
                span { "{s.signer_name}" }
                input { value: "{signer}", oninput: move |e| signer.set(e.value()) }
            }
            canvas {
                id: PAD_ID,
                class: "signature-pad",
                aria_label: "{s.signature_pad_hint}",
                onmounted: move |_| async move { signature_pad::install().await },
            }
            if let Some(m) = message {
                p { class: "warning", role: "alert", "{m}" }
            }
            div { class: "pad-buttons",
                button { class: "action", onclick: move |_| async move { signature_pad::clear().await }, "{s.clear_signature}" }
                button {
                    class: "action primary",
                    disabled: signer().trim().is_empty(),
                    onclick: move |_| on_sign.call(signer().trim().to_string()),
                    "{s.confirm_signature}"
                }
            }
        }
    }
}

/// What the customer confirms, in one plain sentence: the cause and who is
/// responsible for it.
pub fn confirm_statement(s: &Strings, cause: &str, customer_responsible: bool) -> String {
    s.damage_statement(customer_responsible, cause)
}
