//! A new or changed order from dispatch: a banner on every screen that
//! opens the order, with a sound and a vibration (see `alert_sound`), until
//! the crew opens it.

use crate::app::use_strings;
use crate::format::local_short;
use crate::i18n::Strings;
use dioxus::prelude::*;
use fieldcrew_core::OrderId;
use fieldcrew_core::store::{AlertReason, OrderAlert};

/// The alert's sentence in the crew's language.
pub fn alert_text(s: &Strings, alert: &OrderAlert) -> String {
    match alert.reason {
        AlertReason::New => s.alert_new(&alert.number, &alert.address),
        AlertReason::Changed => s.alert_changed(&alert.number, &alert.address),
    }
}

/// One banner, the newest alert, with how many more wait: a phone paired
/// anew gets all its crew's open orders at once, and a stack of banners
/// would push the screen out of sight.
#[component]
pub fn OrderAlerts(alerts: Vec<OrderAlert>, on_open: EventHandler<OrderId>) -> Element {
    let s = use_strings();
    let more = alerts.len().saturating_sub(1);
    rsx! {
        if let Some(alert) = alerts.into_iter().next() {
            section {
                class: "order-alert",
                role: "alert",
                key: "{alert.order_id}",
                "data-reason": if alert.reason == AlertReason::New { "new" } else { "changed" },
                onclick: move |_| on_open.call(alert.order_id),
                p { class: "alert-text", "{alert_text(s, &alert)}" }
                p { class: "alert-when", "{local_short(alert.raised_at)}" }
                if more > 0 {
                    p { class: "alert-more", {s.alert_more(more as u64)} }
                }
                button { class: "action primary", "{s.alert_open}" }
            }
        }
    }
}
