//! The planned outages held on the phone: the order list's banner and
//! button, and their screen. Read from the store at each render, so a pull
//! that changed the list shows at once.

use super::{AppContext, Screen, Ui};
use crate::screens::planned_outages::{OutageBanner, PlannedOutages};
use chrono::Utc;
use dioxus::prelude::*;
use fieldcrew_core::store::CrewOutage;

fn held(ctx: &AppContext) -> Vec<CrewOutage> {
    // An unreadable list shows as none: the outages are a help, never a stop.
    ctx.store.as_ref().ok().and_then(|store| store.borrow().planned_outages().ok()).unwrap_or_default()
}

fn open(mut ui: Ui) {
    ui.message.set(None);
    ui.screen.set(Screen::PlannedOutages);
}

pub(super) fn banner(ctx: &AppContext, ui: Ui) -> Element {
    rsx! { OutageBanner { outages: held(ctx), now: Utc::now(), on_open: move |_| open(ui) } }
}

pub(super) fn open_button(ctx: &AppContext, ui: Ui) -> Element {
    let w = (ui.lang)().close_out();
    let n = held(ctx).len();
    rsx! {
        button { class: "action", "data-testid": "outages-open", onclick: move |_| open(ui),
            "{w.co_outages}"
            if n > 0 { " · {n}" }
        }
    }
}

pub(super) fn screen(ctx: &AppContext, mut ui: Ui) -> Element {
    rsx! {
        PlannedOutages {
            outages: held(ctx),
            now: Utc::now(),
            on_back: move |_| ui.screen.set(Screen::Orders),
        }
    }
}
