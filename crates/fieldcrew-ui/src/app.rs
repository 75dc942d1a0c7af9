//! The root component: owns the language, the ticking clock and the list
//! read from the device store; the app binary hands in the store and, when a
//! server is configured, the sync status channel.

use crate::i18n::Lang;
use crate::location::Locator;
use crate::screens::order_detail::{FixState, OrderDetail};
use crate::screens::order_list::{OrderList, listed};
use crate::screens::sync_bar::SyncBar;
use crate::sync_view::SyncView;
use chrono::Utc;
use dioxus::prelude::*;
use fieldcrew_core::clock::{DeviceClock, SystemClock};
use fieldcrew_core::event::EventKind;
use fieldcrew_core::store::OrderRow;
use fieldcrew_core::{OrderId, RecordError, Store};
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;
use tokio::sync::watch;

const STYLE: &str = include_str!("../../../assets/main.css");

/// The background sync as the UI sees it.
#[derive(Clone)]
pub struct SyncHandle {
    pub view: watch::Receiver<SyncView>,
    pub sync_now: Arc<dyn Fn() + Send + Sync>,
}

/// What the app binary hands to the UI.
#[derive(Clone)]
pub struct AppContext {
    /// The opened device store, or why it could not be opened.
    pub store: Result<Rc<RefCell<Store>>, String>,
    /// The store holds demo data: say so on screen.
    pub demo: bool,
    pub sync: Option<SyncHandle>,
    /// Where the phone is (the webview's geolocation in the app).
    pub locator: Rc<dyn Locator>,
    /// The crew member recording events on this phone.
    pub member: String,
}

/// Which screen is showing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    Orders,
    Order(OrderId),
}

/// The orders and the outbox length, read in one go.
#[derive(Clone, PartialEq)]
struct Snapshot {
    rows: Vec<OrderRow>,
    waiting: u64,
}

fn read(ctx: &AppContext) -> Result<Snapshot, String> {
    let store = ctx.store.as_ref().map_err(Clone::clone)?;
    let store = store.borrow();
    let rows = store.orders().map_err(|e| e.to_string())?;
    let waiting = store.outbox_len().map_err(|e| e.to_string())?;
    Ok(Snapshot { rows, waiting })
}

#[component]
pub fn App() -> Element {
    let ctx = use_context::<AppContext>();
    let mut lang = use_signal(Lang::default);
    let mut now = use_signal(Utc::now);
    let mut snapshot = use_signal({
        let ctx = ctx.clone();
        move || read(&ctx)
    });
    let mut sync_view = use_signal(|| ctx.sync.as_ref().map(|h| h.view.borrow().clone()).unwrap_or_default());
    // Countdowns tick once a second without touching the database.
    use_future(move || async move {
        loop {
            tokio::time::sleep(std::time::Duration::from_secs(1)).await;
            now.set(Utc::now());
        }
    });
    // Every sync progress update may have changed orders: read them again.
    use_future({
        let ctx = ctx.clone();
        move || {
            let ctx = ctx.clone();
            async move {
                let Some(mut view) = ctx.sync.as_ref().map(|h| h.view.clone()) else { return };
                while view.changed().await.is_ok() {
                    sync_view.set(view.borrow_and_update().clone());
                    snapshot.set(read(&ctx));
                }
            }
        }
    });
    let mut screen = use_signal(|| Screen::Orders);
    let mut fix = use_signal(|| FixState::Waiting);
    let mut message = use_signal(|| None::<String>);
    let open = {
        let ctx = ctx.clone();
        move |id: OrderId| {
            screen.set(Screen::Order(id));
            message.set(None);
            fix.set(FixState::Waiting);
            // The GPS warms up as soon as the order opens, not when the
            // crew presses "arrived".
            let locator = ctx.locator.clone();
            spawn(async move {
                fix.set(match locator.current_fix().await {
                    Ok(f) => FixState::Got(f),
                    Err(e) => FixState::Missing(e),
                });
            });
        }
    };
    let record = {
        let ctx = ctx.clone();
        move |(id, kind): (OrderId, EventKind)| {
            let strings = lang().strings();
            let Ok(store) = &ctx.store else { return };
            let current_fix = match fix() {
                FixState::Got(f) => Some(f),
                _ => None,
            };
            let evidence = SystemClock.evidence(current_fix, None);
            let outcome = store.borrow_mut().record(id, kind, &ctx.member, evidence);
            message.set(Some(match outcome {
                Ok(event) => format!("{} · {}", strings.recorded, strings.event(event.kind.event_type())),
                Err(RecordError::Rule(v)) => strings.rule_violation(&v).to_string(),
                Err(e) => format!("{}: {e}", strings.record_failed),
            }));
            snapshot.set(read(&ctx));
            if let Some(sync) = &ctx.sync {
                (sync.sync_now)();
            }
        }
    };
    let strings = lang().strings();
    let sync_now = ctx.sync.as_ref().map(|h| {
        let trigger = h.sync_now.clone();
        EventHandler::new(move |_| trigger())
    });
    let limits = match &ctx.store {
        Ok(store) => store.borrow().thresholds().clone(),
        Err(_) => Default::default(),
    };
    let (body, waiting) = match (snapshot(), screen()) {
        (Ok(Snapshot { rows, waiting }), Screen::Order(id)) if rows.iter().any(|r| r.order.id == id) => {
            let row = rows.into_iter().find(|r| r.order.id == id).expect("checked above");
            let (events, checklist) = match &ctx.store {
                Ok(store) => {
                    let store = store.borrow();
                    (store.events(id).unwrap_or_default(), store.checklist().to_vec())
                }
                Err(_) => Default::default(),
            };
            let mut record = record.clone();
            let body = rsx! {
                OrderDetail {
                    row,
                    events,
                    fix: fix(),
                    lang: lang(),
                    limits: limits.clone(),
                    checklist,
                    message: message(),
                    on_back: move |_| screen.set(Screen::Orders),
                    on_record: move |kind| record((id, kind)),
                }
            };
            (body, waiting)
        }
        (Ok(Snapshot { rows, waiting }), _) => {
            let list = rsx! {
                OrderList { orders: listed(rows, now(), &limits), lang: lang(), on_open: open.clone() }
            };
            (list, waiting)
        }
        (Err(e), _) => (rsx! { ErrorPanel { title: strings.store_error, detail: e } }, 0),
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
            SyncBar { view: sync_view(), waiting, lang: lang(), on_sync_now: sync_now }
            if screen() == Screen::Orders {
                h2 { class: "screen-title", "{strings.orders_heading}" }
            }
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
