//! The customer's signature for a damaged meter: the strokes are read from
//! the pad once and signed into the store with the record they cover.

use super::{AppContext, Screen, Ui};
use crate::evidence::photos_on_record;
use crate::screens::customer_confirm::CustomerConfirm;
use crate::signature_pad;
use dioxus::prelude::*;
use fieldcrew_core::OrderId;
use fieldcrew_core::store::OrderRow;

pub(super) fn screen(ctx: &AppContext, mut ui: Ui, row: OrderRow, id: OrderId) -> Element {
    let Some(damage) = row.state.meter_damage.clone() else {
        return rsx! {};
    };
    let photos = match &ctx.store {
        Ok(store) => photos_on_record(&store.borrow(), id),
        Err(_) => Vec::new(),
    };
    let sign_ctx = ctx.clone();
    rsx! {
        CustomerConfirm {
            order_number: row.order.number.clone(),
            address: row.order.address.to_string(),
            meter_number: damage.meter_number,
            meter_reading: damage.meter_reading,
            cause: damage.cause,
            customer_responsible: damage.customer_responsible,
            photos,
            message: (ui.message)(),
            on_sign: move |signer: String| {
                let ctx = sign_ctx.clone();
                spawn(async move {
                    let strokes = signature_pad::read().await;
                    let position = ui.current_located();
                    match ui.with_store(&ctx, |store, r| r.sign(store, id, &signer, &strokes, position)) {
                        Some(Ok(_)) => {
                            ui.message.set(None);
                            ui.screen.set(Screen::Order(id));
                        }
                        Some(Err(message)) => ui.message.set(Some(message)),
                        None => {}
                    }
                });
            },
            on_back: move |_| ui.screen.set(Screen::Order(id)),
        }
    }
}
