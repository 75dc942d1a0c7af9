//! An order made on the spot: numbered and timed with the corrected clock,
//! placed where the crew stands when they asked for it, then opened.

use super::{AppContext, Screen, Ui, order_flow, pair_flow};
use crate::screens::new_order::{NewOrder, NewOrderForm};
use dioxus::prelude::*;
use fieldcrew_core::clock::SystemClock;

pub(super) fn screen(ctx: &AppContext, mut ui: Ui) -> Element {
    let create_ctx = ctx.clone();
    let mut open = order_flow::open_order(ctx, ui);
    rsx! {
        NewOrder {
            has_fix: ui.current_located().is_some(),
            message: (ui.message)(),
            on_create: move |form: NewOrderForm| {
                let (crew, position) = (pair_flow::crew(&create_ctx), ui.current_located());
                let created = ui.with_store(&create_ctx, |store, r| {
                    // The server judges the promise from this time: corrected
                    // whenever this boot's clock was compared with the server.
                    let (now, _) = store.corrected_now(&SystemClock);
                    r.create_on_the_spot(store, form.to_order(crew, position.map(|p| p.fix), now), position)
                });
                match created {
                    Some(Ok(id)) => open(id),
                    Some(Err(message)) => ui.message.set(Some(message)),
                    None => {}
                }
            },
            on_back: move |_| ui.screen.set(Screen::Orders),
        }
    }
}
