//! A completion photo (完工照片): the camera, the same shrinking and stamping
//! as damage photos (on a worker thread, via `photo_flow`), then on record at
//! once as its own event, so it uploads through tus like any evidence.

use super::{AppContext, Ui, photo_flow};
use crate::camera::CameraError;
use dioxus::prelude::*;
use fieldcrew_core::OrderId;
use fieldcrew_core::event::EventKind;

pub(super) fn take(ctx: &AppContext, mut ui: Ui, id: OrderId) {
    if (ui.photo_busy)() {
        return;
    }
    let ctx = ctx.clone();
    spawn(async move {
        let bytes = match ctx.camera.take_photo().await {
            Ok(bytes) => bytes,
            Err(CameraError::Cancelled) => return,
            Err(CameraError::Failed(e)) => {
                ui.message.set(Some((ui.lang)().strings().labelled((ui.lang)().strings().photo_failed, &e)));
                return;
            }
        };
        // `add_photo` stores it and appends it to the draft: take it back out.
        let before = ui.draft.peek().len();
        if let Err(message) = photo_flow::add_photo(&ctx, ui, id, bytes).await {
            ui.message.set(Some(message));
            return;
        }
        let added = {
            let mut draft = ui.draft.write();
            (draft.len() > before).then(|| draft.remove(before))
        };
        let Some((photo, _)) = added else { return };
        let position = ui.current_located();
        let kind = EventKind::CompletionPhoto { photo };
        let strings = (ui.lang)().strings();
        let outcome = ui.with_store(&ctx, |store, r| r.record(store, id, kind, position));
        ui.message.set(outcome.map(|o| match o {
            Ok(event) => format!("{} · {}", strings.recorded, strings.event(event.kind.event_type())),
            Err(message) => message,
        }));
    });
}
