//! A camera photo becomes evidence without freezing the screen: the stamp
//! is read from the store here, the slow shrinking and stamping runs on a
//! worker thread, and the result is stored back here as a draft.

use super::{AppContext, Ui};
use crate::evidence;
use dioxus::prelude::*;
use fieldcrew_core::OrderId;

/// Adds a photo to the damage record being drafted; the error is in the
/// crew's words.
pub(super) async fn add_photo(
    ctx: &AppContext,
    mut ui: Ui,
    id: OrderId,
    original: Vec<u8>,
) -> Result<(), String> {
    let lang = (ui.lang)();
    let strings = lang.strings();
    let position = ui.current_located();
    let stamp = ui.with_store(ctx, |store, r| r.photo_stamp(store, id, position)).transpose()?;
    let Some(stamp) = stamp else { return Ok(()) };
    ui.photo_busy.set(true);
    ui.message.set(None);
    let (reply, answer) = tokio::sync::oneshot::channel();
    let worker = std::thread::Builder::new().name("photo-ingest".into()).spawn(move || {
        let _ = reply.send(evidence::ingest(&original, &stamp, lang));
    });
    let ingested = match worker {
        Ok(_) => answer.await.unwrap_or_else(|_| Err(strings.photo_internal_error.to_string())),
        Err(e) => Err(strings.labelled(strings.photo_failed, &e)),
    };
    ui.photo_busy.set(false);
    let photo = ingested?;
    match ui.with_store(ctx, |store, r| r.store_photo(store, id, &photo)) {
        Some(Ok(stored)) => {
            ui.draft.write().push(stored);
            Ok(())
        }
        Some(Err(message)) => Err(message),
        None => Ok(()),
    }
}
