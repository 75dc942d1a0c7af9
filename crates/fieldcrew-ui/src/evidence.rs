//! The app's actions on the device store, outside any component so they are
//! tested headless: record a step, turn a camera photo into stamped
//! evidence, bind a signature to what the customer saw.

use crate::i18n::Strings;
use crate::screens::photo_view::PhotoView;
use fieldcrew_core::clock::DeviceClock;
use fieldcrew_core::event::{EventKind, PhotoRef};
use fieldcrew_core::store::MediaKind;
use fieldcrew_core::{FieldEvent, Fix, OrderId, RecordError, Store};
use fieldcrew_media::{IngestConfig, SignatureStyle, Stamp, Stroke};

/// Who records, with which clock.
pub struct Recorder<'a> {
    pub member: &'a str,
    pub clock: &'a dyn DeviceClock,
    pub strings: &'static Strings,
}

impl Recorder<'_> {
    /// Records `kind`; the error is already in the crew's words.
    pub fn record(
        &self,
        store: &mut Store,
        id: OrderId,
        kind: EventKind,
        fix: Option<Fix>,
    ) -> Result<FieldEvent, String> {
        store.record(id, kind, self.member, self.clock.evidence(fix, None)).map_err(|e| self.explain(e))
    }

    fn explain(&self, e: RecordError) -> String {
        match e {
            RecordError::Rule(v) => self.strings.rule_violation(&v).to_string(),
            other => format!("{}: {other}", self.strings.record_failed),
        }
    }

    /// Shrinks, orients and stamps a camera photo, then stores it. Nothing is
    /// stored when the photo is unusable.
    pub fn add_photo(
        &self,
        store: &mut Store,
        id: OrderId,
        original: &[u8],
        fix: Option<Fix>,
    ) -> Result<(PhotoRef, PhotoView), String> {
        let row = store
            .order(id)
            .map_err(|e| e.to_string())?
            .ok_or_else(|| self.strings.record_failed.to_string())?;
        // The stamp shows corrected time when the clock was ever compared
        // with the server during this boot.
        let (taken_at, _) = fieldcrew_protocol::clock::corrected_now(store, self.clock);
        let stamp = Stamp {
            order_no: row.order.number.clone(),
            taken_at,
            fix,
            crew: row.order.assigned_crew.clone().unwrap_or_default(),
        };
        let photo = fieldcrew_media::ingest_photo(original, &stamp, &IngestConfig::default())
            .map_err(|e| format!("{}: {e}", self.strings.photo_failed))?;
        let media = store
            .put_media(Some(id), MediaKind::Photo, photo.mime, &photo.bytes)
            .map_err(|e| self.explain(e))?;
        let view = PhotoView::new(Some(media.id), media.sha256.clone(), &photo.bytes);
        Ok((PhotoRef { media: media.id, sha256: media.sha256 }, view))
    }

    /// Renders the strokes, stores the image and records the signature over
    /// the damage record currently on file.
    pub fn sign(
        &self,
        store: &mut Store,
        id: OrderId,
        signer: &str,
        strokes: &[Stroke],
        fix: Option<Fix>,
    ) -> Result<FieldEvent, String> {
        let failed = |e: &dyn std::fmt::Display| format!("{}: {e}", self.strings.signature_failed);
        let row = store
            .order(id)
            .map_err(|e| failed(&e))?
            .ok_or_else(|| self.strings.signature_failed.to_string())?;
        let content =
            row.state.signable_content(id).ok_or_else(|| self.strings.rule_no_damage.to_string())?;
        let signed = fieldcrew_media::sign(signer, strokes, &content, &SignatureStyle::default())
            .map_err(|e| failed(&e))?;
        let image = store
            .put_media(Some(id), MediaKind::Signature, fieldcrew_media::SIGNATURE_MIME, &signed.png)
            .map_err(|e| self.explain(e))?;
        let recorded = self.record(store, id, signed.record.into_event(image.id), fix);
        if recorded.is_err() {
            // The image of a refused signature is on no record: it stays off the server.
            let _ = store.discard_draft_media(image.id);
        }
        recorded
    }

    /// Forgets a photo the crew deleted before saving the damage record.
    pub fn discard_photo(&self, store: &mut Store, photo: &PhotoRef) -> Result<(), String> {
        store
            .discard_draft_media(photo.media)
            .map(drop)
            .map_err(|e| format!("{}: {e}", self.strings.record_failed))
    }
}

/// The photos of the damage record on file, for the customer to see.
pub fn photos_on_record(store: &Store, id: OrderId) -> Vec<PhotoView> {
    let Ok(Some(row)) = store.order(id) else { return Vec::new() };
    let Some(damage) = row.state.meter_damage else { return Vec::new() };
    damage
        .photo_sha256
        .iter()
        .filter_map(|sha| {
            std::fs::read(store.media_path(sha)).ok().map(|bytes| PhotoView::new(None, sha.clone(), &bytes))
        })
        .collect()
}
