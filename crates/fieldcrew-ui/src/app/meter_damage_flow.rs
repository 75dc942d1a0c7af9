//! The meter-damage form's glue: photos taken on a worker thread into the
//! draft, deleted, and the record saved (then on to the customer's
//! signature when the customer is responsible).

use super::{AppContext, Screen, Ui, photo_flow};
use crate::camera::CameraError;
use crate::screens::meter_damage::{DamageDraft, MeterDamageForm};
use crate::screens::photo_view::PhotoView;
use dioxus::prelude::*;
use fieldcrew_core::OrderId;
use fieldcrew_core::event::EventKind;

pub(super) fn screen(ctx: &AppContext, mut ui: Ui, id: OrderId) -> Element {
    let photos: Vec<PhotoView> = (ui.draft)().into_iter().map(|(_, view)| view).collect();
    let photo_ctx = ctx.clone();
    let save_ctx = ctx.clone();
    let delete_ctx = ctx.clone();
    rsx! {
        MeterDamageForm {
            photos,
            processing: (ui.photo_busy)(),
            message: (ui.message)(),
            on_take_photo: move |_| {
                let ctx = photo_ctx.clone();
                spawn(async move {
                    match ctx.camera.take_photo().await {
                        Ok(bytes) => {
                            if let Err(message) = photo_flow::add_photo(&ctx, ui, id, bytes).await {
                                ui.message.set(Some(message));
                            }
                        }
                        Err(CameraError::Cancelled) => {}
                        Err(CameraError::Failed(e)) => {
                            ui.message.set(Some((ui.lang)().strings().labelled((ui.lang)().strings().photo_failed, &e)))
                        }
                    }
                });
            },
            on_delete_photo: move |sha: String| ui.discard_draft(&delete_ctx, |p| p.sha256 == sha),
            on_save: move |draft: DamageDraft| {
                let photos = (ui.draft)().into_iter().map(|(p, _)| p).collect();
                let customer_responsible = draft.customer_responsible;
                let kind = EventKind::MeterDamageRecorded {
                    cause: draft.cause,
                    customer_responsible,
                    photos,
                    meter_number: draft.meter_number,
                    meter_reading: draft.meter_reading,
                };
                let position = ui.current_located();
                match ui.with_store(&save_ctx, |store, r| r.record(store, id, kind, position)) {
                    Some(Ok(_)) => {
                        ui.draft.set(Vec::new());
                        ui.message.set(None);
                        ui.screen.set(if customer_responsible { Screen::CustomerConfirm(id) } else { Screen::Order(id) });
                    }
                    Some(Err(message)) => ui.message.set(Some(message)),
                    None => {}
                }
            },
            on_back: move |_| ui.screen.set(Screen::Order(id)),
        }
    }
}
