//! The root component: owns the language and the ticking clock, reads the
//! device store from context and shows the current screen.

use crate::i18n::Lang;
use crate::screens::order_list::{OrderList, listed};
use chrono::Utc;
use dioxus::prelude::*;
use fieldcrew_core::Store;
use std::cell::RefCell;
use std::rc::Rc;

const STYLE: &str = include_str!("../../../assets/main.css");

/// What the app binary hands to the UI.
#[derive(Clone)]
pub struct AppContext {
    /// The opened device store, or why it could not be opened.
    pub store: Result<Rc<RefCell<Store>>, String>,
    /// The store holds demo data: say so on screen.
    pub demo: bool,
}

#[component]
pub fn App() -> Element {
    let ctx = use_context::<AppContext>();
    let mut lang = use_signal(Lang::default);
    let mut now = use_signal(Utc::now);
    // Countdowns tick once a second; nothing else re-renders on a timer.
    use_future(move || async move {
        loop {
            tokio::time::sleep(std::time::Duration::from_secs(1)).await;
            now.set(Utc::now());
        }
    });
    let strings = lang().strings();
    let body = match &ctx.store {
        Ok(store) => {
            let store = store.borrow();
            match store.orders() {
                Ok(rows) => {
                    rsx! { OrderList { orders: listed(rows, now(), store.thresholds()), lang: lang() } }
                }
                Err(e) => rsx! { ErrorPanel { title: strings.store_error, detail: e.to_string() } },
            }
        }
        Err(e) => rsx! { ErrorPanel { title: strings.store_error, detail: e.clone() } },
    };
    rsx! {
        style { {STYLE} }
        div { class: "app", lang: lang().tag(),
            header { class: "top-bar",
                h1 { "{strings.app_title}" }
                button {
                    class: "lang-toggle",
                    onclick: move |_| lang.set(if lang() == Lang::ZhCn { Lang::En } else { Lang::ZhCn }),
                    "{strings.switch_language}"
                }
            }
            if ctx.demo {
                p { class: "demo-banner", "{strings.demo_data}" }
            }
            h2 { class: "screen-title", "{strings.orders_heading}" }
            main { {body} }
        }
    }
}

#[component]
fn ErrorPanel(title: &'static str, detail: String) -> Element {
    rsx! {
        section { class: "error-panel", role: "alert",
            p { class: "error-title", "{title}" }
            p { class: "error-detail", "{detail}" }
        }
    }
}
