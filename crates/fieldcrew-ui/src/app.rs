//! The root component: owns the language, the ticking clock, the screen and
//! the list read from the device store. The app binary hands in the store,
//! the platform edges (GPS, camera) and, when a server is configured, the
//! sync status channel.

mod completion_photo_flow;
pub mod context;
mod customer_confirm_flow;
mod daily_check_flow;
mod handover_flow;
mod meter_damage_flow;
mod new_order_flow;
mod order_flow;
mod outages_flow;
mod pair_flow;
mod photo_flow;
mod settings_flow;

use crate::camera::Camera;
use crate::evidence::Recorder;
use crate::i18n::Lang;
use crate::location::{Located, Locator};
use crate::pairing::{PairAttempt, PairOutcome, PairState};
use crate::screens::order_alerts::OrderAlerts;
use crate::screens::order_detail::FixState;
use crate::screens::order_list::{OrderList, listed};
use crate::screens::order_notices::OrderNotices;
use crate::screens::photo_view::PhotoView;
use crate::screens::sync_bar::SyncBar;
use crate::step_gate;
use crate::sync_view::SyncView;
use chrono::Utc;
use dioxus::prelude::*;
use fieldcrew_core::clock::SystemClock;
use fieldcrew_core::event::PhotoRef;
use fieldcrew_core::store::{OrderAlert, OrderNotice, OrderRow};
use fieldcrew_core::{OrderId, Store, Thresholds};
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;
use tokio::sync::{oneshot, watch};

pub use context::{LangRoot, use_lang, use_strings};

const STYLE: &str = include_str!("../../../assets/main.css");

/// The background sync as the UI sees it.
#[derive(Clone)]
pub struct SyncHandle {
    pub view: watch::Receiver<SyncView>,
    pub sync_now: Arc<dyn Fn() + Send + Sync>,
    /// Pairs on the sync thread; the answer arrives when the server's does.
    pub pair: Arc<dyn Fn(PairAttempt) -> oneshot::Receiver<PairOutcome> + Send + Sync>,
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
    /// Photos (the camera on a phone, a file chooser on desktop).
    pub camera: Rc<dyn Camera>,
    /// The crew member recording events on this phone, until someone
    /// signs in on the pairing screen.
    pub member: String,
    /// The crew this phone is paired with, for orders created on the spot.
    pub crew: Option<String>,
    /// The configured sync server: shown in settings, prefilled for pairing.
    pub server: Option<String>,
    /// The sync thread pairs by itself (the demo): no pairing screen at start.
    pub auto_pair: bool,
}

/// Which screen is showing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    Orders,
    Order(OrderId),
    MeterDamage(OrderId),
    CustomerConfirm(OrderId),
    /// The daily check of tools, materials and vehicle.
    DailyCheck,
    /// 交接班: acknowledge the crew's latest handover, write the next.
    Handover,
    /// 计划停电 in the crew's area.
    PlannedOutages,
    NewOrder,
    Settings,
    /// Sign in; `can_go_back` when the crew came from another screen rather
    /// than starting unpaired or signing out.
    Pair {
        can_go_back: bool,
    },
}

impl Screen {
    fn order(self) -> Option<OrderId> {
        match self {
            Screen::Orders
            | Screen::NewOrder
            | Screen::Settings
            | Screen::DailyCheck
            | Screen::Handover
            | Screen::PlannedOutages
            | Screen::Pair { .. } => None,
            Screen::Order(id) | Screen::MeterDamage(id) | Screen::CustomerConfirm(id) => Some(id),
        }
    }
}

/// The orders and the outbox length, read in one go.
#[derive(Clone, PartialEq)]
struct Snapshot {
    rows: Vec<OrderRow>,
    waiting: u64,
    /// Photos and signatures the server refused for good.
    refused: u64,
    /// Orders that left the crew, not yet read about.
    notices: Vec<OrderNotice>,
    /// New or changed orders not opened since.
    alerts: Vec<OrderAlert>,
}

fn read(ctx: &AppContext) -> Result<Snapshot, String> {
    let store = ctx.store.as_ref().map_err(Clone::clone)?;
    let store = store.borrow();
    let rows = store.orders().map_err(|e| e.to_string())?;
    let waiting = store.outbox_len().map_err(|e| e.to_string())?;
    let notices = store.unread_notices().map_err(|e| e.to_string())?;
    let refused = store.refused_uploads().map_err(|e| e.to_string())?.len() as u64;
    let alerts = store.unseen_alerts().map_err(|e| e.to_string())?;
    Ok(Snapshot { rows, waiting, refused, notices, alerts })
}

/// Everything the screens change, in one `Copy` bundle of signals.
#[derive(Clone, Copy)]
struct Ui {
    lang: Signal<Lang>,
    screen: Signal<Screen>,
    snapshot: Signal<Result<Snapshot, String>>,
    fix: Signal<FixState>,
    message: Signal<Option<String>>,
    /// Photos taken for a damage record not saved yet.
    draft: Signal<Vec<(PhotoRef, PhotoView)>>,
    pair_state: Signal<PairState>,
    /// Taps on step buttons, for the double-tap guard.
    gate: Signal<step_gate::StepGate>,
    /// A step waiting for confirmation or for a fresh fix.
    held: Signal<Option<order_flow::HeldStep>>,
    watching: Signal<Option<order_flow::Watching>>,
    /// A photo is being shrunk and stamped on a worker thread.
    photo_busy: Signal<bool>,
}

/// The thresholds the store holds (the defaults when it could not open).
fn limits(ctx: &AppContext) -> Thresholds {
    match &ctx.store {
        Ok(store) => store.borrow().thresholds(),
        Err(_) => Thresholds::default(),
    }
}

impl Ui {
    /// The freshest fix known, whatever its age.
    fn current_located(&self) -> Option<Located> {
        match &*self.fix.peek() {
            FixState::Got(located) => Some(*located),
            _ => None,
        }
    }

    /// Runs `f` on the store with a recorder, then re-reads the list and
    /// wakes the sync.
    /// Drops the draft photos `which` picks, files and all: a photo never put
    /// on record never leaves the phone.
    fn discard_draft(&mut self, ctx: &AppContext, which: impl Fn(&PhotoRef) -> bool) {
        let (gone, kept): (Vec<_>, Vec<_>) = self.draft.peek().iter().cloned().partition(|(p, _)| which(p));
        if gone.is_empty() {
            return;
        }
        self.draft.set(kept);
        for (photo, _) in gone {
            if let Some(Err(message)) = self.with_store(ctx, |store, r| r.discard_photo(store, &photo)) {
                self.message.set(Some(message));
            }
        }
    }

    fn with_store<T>(&mut self, ctx: &AppContext, f: impl FnOnce(&mut Store, &Recorder) -> T) -> Option<T> {
        let store = ctx.store.as_ref().ok()?;
        let member = pair_flow::member(ctx, &store.borrow());
        let recorder = Recorder { member: &member, clock: &SystemClock, strings: (self.lang)().strings() };
        let out = f(&mut store.borrow_mut(), &recorder);
        self.snapshot.set(read(ctx));
        if let Some(sync) = &ctx.sync {
            (sync.sync_now)();
        }
        Some(out)
    }
}

#[component]
pub fn App() -> Element {
    let ctx = use_context::<AppContext>();
    let mut now = use_signal(Utc::now);
    let ui = Ui {
        lang: use_signal({
            let ctx = ctx.clone();
            move || settings_flow::saved_language(&ctx)
        }),
        screen: use_signal({
            let ctx = ctx.clone();
            move || {
                if pair_flow::starts_unpaired(&ctx) {
                    Screen::Pair { can_go_back: false }
                } else {
                    Screen::Orders
                }
            }
        }),
        snapshot: use_signal({
            let ctx = ctx.clone();
            move || read(&ctx)
        }),
        fix: use_signal(|| FixState::Waiting),
        message: use_signal(|| None),
        draft: use_signal(Vec::new),
        pair_state: use_signal(PairState::default),
        gate: use_signal(step_gate::StepGate::default),
        held: use_signal(|| None),
        watching: use_signal(|| None),
        photo_busy: use_signal(|| false),
    };
    // Every screen reads the language from here (`context::use_lang`), not from a prop.
    use_context_provider(|| ui.lang);
    // Each screen opens at its top, and the GPS watch ends with the order.
    use_effect(move || {
        let showing = (ui.screen)();
        if showing.order().is_none() && showing != Screen::NewOrder {
            order_flow::stop_watching(ui);
        }
        let _ = document::eval("window.scrollTo(0, 0); return true;");
    });
    let mut sync_view = use_signal(|| ctx.sync.as_ref().map(|h| h.view.borrow().clone()).unwrap_or_default());
    // Countdowns tick once a second without touching the database.
    use_future(move || async move {
        loop {
            tokio::time::sleep(std::time::Duration::from_secs(1)).await;
            now.set(Utc::now());
        }
    });
    // Sound and vibrate when an alert or notice appears, and again every
    // `alert_sound::REPEAT` while a new or changed order is not opened.
    use_future(move || async move {
        let mut known: Vec<OrderId> = Vec::new();
        let mut last_ring: Option<std::time::Instant> = None;
        loop {
            tokio::time::sleep(std::time::Duration::from_secs(1)).await;
            let Ok(snapshot) = (ui.snapshot)() else { continue };
            let showing: Vec<OrderId> = snapshot
                .alerts
                .iter()
                .map(|a| a.order_id)
                .chain(snapshot.notices.iter().map(|n| n.order_id))
                .collect();
            let fresh = showing.iter().any(|id| !known.contains(id));
            let due = !snapshot.alerts.is_empty()
                && last_ring.is_none_or(|at| at.elapsed() >= crate::alert_sound::REPEAT);
            if fresh || due {
                crate::alert_sound::ring();
                last_ring = Some(std::time::Instant::now());
            }
            known = showing;
        }
    });
    // Every sync progress update may have changed orders: read them again.
    use_future({
        let ctx = ctx.clone();
        move || {
            let ctx = ctx.clone();
            let mut snapshot = ui.snapshot;
            async move {
                let Some(mut view) = ctx.sync.as_ref().map(|h| h.view.clone()) else { return };
                while view.changed().await.is_ok() {
                    sync_view.set(view.borrow_and_update().clone());
                    snapshot.set(read(&ctx));
                }
            }
        }
    });

    let strings = (ui.lang)().strings();
    let sync_now = ctx.sync.as_ref().map(|h| {
        let trigger = h.sync_now.clone();
        EventHandler::new(move |_| trigger())
    });
    // Refused files back in the queue, and a pass started (`with_store`).
    let retry_refused = ctx.sync.is_some().then(|| {
        let (ctx, mut ui) = (ctx.clone(), ui);
        EventHandler::new(move |_| {
            if let Some(Err(e)) = ui.with_store(&ctx, |store, _| store.retry_refused_uploads()) {
                ui.message.set(Some(e.to_string()));
            }
        })
    });
    let mut screen = ui.screen;
    let sign_in = (ctx.sync.is_some() && !ctx.auto_pair)
        .then(|| EventHandler::new(move |_| screen.set(Screen::Pair { can_go_back: true })));
    let limits = limits(&ctx);
    let alerts = (ui.snapshot)().map(|s| s.alerts).unwrap_or_default();
    let (body, waiting, refused, notices) = match ((ui.snapshot)(), (ui.screen)()) {
        (Err(e), _) => (rsx! { ErrorPanel { title: strings.store_error, detail: e } }, 0, 0, Vec::new()),
        (Ok(Snapshot { rows, waiting, refused, notices, .. }), screen) => {
            // An order that left the crew while on screen stays there, read-only.
            let row = screen.order().and_then(|id| {
                rows.iter().find(|r| r.order.id == id).cloned().or_else(|| removed_order(&ctx, id))
            });
            let body = match (screen, row) {
                (Screen::Order(_), Some(row)) => order_flow::order_screen(&ctx, ui, row, &limits, now()),
                (Screen::MeterDamage(id), Some(_)) => meter_damage_flow::screen(&ctx, ui, id),
                (Screen::CustomerConfirm(id), Some(row)) => customer_confirm_flow::screen(&ctx, ui, row, id),
                (Screen::NewOrder, _) => new_order_flow::screen(&ctx, ui),
                (Screen::DailyCheck, _) => daily_check_flow::screen(&ctx, ui),
                (Screen::Handover, _) => handover_flow::screen(&ctx, ui),
                (Screen::PlannedOutages, _) => outages_flow::screen(&ctx, ui),
                (Screen::Settings, _) => settings_flow::screen(&ctx, ui, &limits),
                (Screen::Pair { can_go_back }, _) => pair_flow::pair_screen(&ctx, ui, can_go_back),
                _ => {
                    let open = order_flow::open_order(&ctx, ui);
                    let mut screen = ui.screen;
                    let mut message = ui.message;
                    let s = strings;
                    let check_banner = daily_check_flow::banner(&ctx, ui);
                    let handover_button = handover_flow::open_button(&ctx, ui);
                    let outage_banner = outages_flow::banner(&ctx, ui);
                    let outages_button = outages_flow::open_button(&ctx, ui);
                    rsx! {
                        {check_banner}
                        {outage_banner}
                        div { class: "list-tools",
                            button {
                                class: "action",
                                onclick: {
                                    let ctx = ctx.clone();
                                    move |_| {
                                        message.set(None);
                                        screen.set(Screen::NewOrder);
                                        // An order made on the spot takes the position where the crew stands.
                                        order_flow::start_watching(&ctx, ui);
                                    }
                                },
                                "{s.new_order}"
                            }
                            {outages_button}
                            button {
                                class: "action",
                                onclick: move |_| {
                                    message.set(None);
                                    screen.set(Screen::Settings);
                                },
                                "{s.settings}"
                            }
                            {handover_button}
                        }
                        OrderList { orders: listed(rows, now(), &limits), on_open: open }
                    }
                }
            };
            (body, waiting, refused, notices)
        }
    };
    let notice_open = order_flow::open_order(&ctx, ui);
    let alert_open = order_flow::open_order(&ctx, ui);
    let notice_ctx = ctx.clone();
    let lang = ui.lang;
    rsx! {
        style { {STYLE} }
        div { class: "app", lang: lang().tag(),
            header { class: "top-bar",
                h1 { "{strings.app_title}" }
                button {
                    class: "lang-toggle",
                    onclick: {
                        let ctx = ctx.clone();
                        move |_| settings_flow::choose_language(&ctx, ui, if lang() == Lang::ZhCn { Lang::En } else { Lang::ZhCn })
                    },
                    "{strings.switch_language}"
                }
            }
            if ctx.demo {
                p { class: "demo-banner", "{strings.demo_data}" }
            }
            // The pairing screen says itself what waits on the phone.
            if !matches!(screen(), Screen::Pair { .. }) {
                SyncBar {
                    view: sync_view(),
                    now: now(),
                    waiting,
                    refused,
                    on_retry_refused: retry_refused,
                    on_sync_now: sync_now,
                    on_sign_in: sign_in,
                }
            }
            if !matches!(screen(), Screen::Pair { .. }) {
                OrderAlerts { alerts, on_open: alert_open }
                OrderNotices {
                    notices,
                    on_open: notice_open,
                    on_read: move |id| {
                        let mut ui = ui;
                        let _ = ui.with_store(&notice_ctx, |store, _| store.mark_notice_read(id));
                    },
                }
            }
            if (ui.screen)() == Screen::Orders {
                h2 { class: "screen-title", "{strings.orders_heading}" }
            }
            main { {body} }
        }
    }
}

/// An order no longer listed (it left the crew and has nothing to upload).
fn removed_order(ctx: &AppContext, id: OrderId) -> Option<OrderRow> {
    ctx.store.as_ref().ok()?.borrow().order(id).ok().flatten()
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
