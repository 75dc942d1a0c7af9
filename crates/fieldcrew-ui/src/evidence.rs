//! The app's actions on the device store, outside any component so they are
//! tested headless: record a step, turn a camera photo into stamped
//! evidence, bind a signature to what the customer saw.

use crate::i18n::{Lang, Strings};
use crate::location::Located;
use crate::screens::photo_view::PhotoView;
use fieldcrew_core::clock::DeviceClock;
use fieldcrew_core::event::Evidence;
use fieldcrew_core::event::{EventKind, PhotoRef};
use fieldcrew_core::store::MediaKind;
use fieldcrew_core::{FieldEvent, OrderId, RecordError, Store, WorkOrder};
use fieldcrew_media::{IngestConfig, IngestedPhoto, SignatureStyle, Stamp, StampLanguage, Stroke};

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
        position: Option<Located>,
    ) -> Result<FieldEvent, String> {
        store.record(id, kind, self.member, self.evidence(position)).map_err(|e| self.explain(e))
    }

    /// The fix goes with the time the provider took it, so its age is on record.
    fn evidence(&self, position: Option<Located>) -> Evidence {
        self.clock.evidence(position.map(|p| p.fix), position.map(|p| p.at))
    }

    fn explain(&self, e: RecordError) -> String {
        match e {
            RecordError::Rule(v) => self.strings.rule_violation(&v).to_string(),
            other => self.strings.labelled(self.strings.record_failed, &other),
        }
    }

    /// Stores an order made where the fault is. The crew is on site already,
    /// so the order starts there: its arrival is recorded with it, instead
    /// of asking for 接单, 出发 and 到达.
    pub fn create_on_the_spot(
        &self,
        store: &mut Store,
        order: WorkOrder,
        position: Option<Located>,
    ) -> Result<OrderId, String> {
        store
            .create_field_order(&order)
            .map_err(|e| self.strings.labelled(self.strings.record_failed, &e))?;
        self.record(store, order.id, EventKind::Arrived, position).map(|_| order.id)
    }

    /// Shrinks, orients and stamps a camera photo, then stores it. Nothing is
    /// stored when the photo is unusable. The app runs the middle step on a
    /// worker thread (see [`ingest`]); this is the same path in one call.
    pub fn add_photo(
        &self,
        store: &mut Store,
        id: OrderId,
        original: &[u8],
        position: Option<Located>,
    ) -> Result<(PhotoRef, PhotoView), String> {
        let stamp = self.photo_stamp(store, id, position)?;
        let photo = ingest(original, &stamp, Lang::of(self.strings))?;
        self.store_photo(store, id, &photo)
    }

    /// What the photo's stamp says: order, corrected time, position, crew.
    pub fn photo_stamp(
        &self,
        store: &Store,
        id: OrderId,
        position: Option<Located>,
    ) -> Result<Stamp, String> {
        let row = store
            .order(id)
            .map_err(|e| e.to_string())?
            .ok_or_else(|| self.strings.record_failed.to_string())?;
        // The stamp shows corrected time when the clock was ever compared
        // with the server during this boot.
        let (taken_at, _) = store.corrected_now(self.clock);
        Ok(Stamp {
            order_no: row.order.number.clone(),
            taken_at,
            fix: position.map(|p| p.fix),
            crew: row.order.assigned_crew.clone().unwrap_or_default(),
        })
    }

    /// Keeps an ingested photo as a draft of order `id`.
    pub fn store_photo(
        &self,
        store: &mut Store,
        id: OrderId,
        photo: &IngestedPhoto,
    ) -> Result<(PhotoRef, PhotoView), String> {
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
        position: Option<Located>,
    ) -> Result<FieldEvent, String> {
        let failed = |e: &dyn std::fmt::Display| self.strings.labelled(self.strings.signature_failed, &e);
        let row = store
            .order(id)
            .map_err(|e| failed(&e))?
            .ok_or_else(|| self.strings.signature_failed.to_string())?;
        let content = row
            .state
            .signable_content(id)
            .ok_or_else(|| self.strings.words.rules.rule_no_meter_damage.to_string())?;
        let signed = fieldcrew_media::sign(signer, strokes, &content, &SignatureStyle::default())
            .map_err(|e| failed(&e))?;
        let image = store
            .put_media(Some(id), MediaKind::Signature, fieldcrew_media::SIGNATURE_MIME, &signed.png)
            .map_err(|e| self.explain(e))?;
        let recorded = self.record(store, id, signed.record.into_event(image.id), position);
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
            .map_err(|e| self.strings.labelled(self.strings.record_failed, &e))
    }
}

/// Shrinks, orients and stamps a camera photo: the slow part, safe on any
/// thread. A panic inside the photo pipeline becomes an error on this photo,
/// never the end of the app.
/// The stamp is written in the app's language: the customer reads it.
pub fn ingest(original: &[u8], stamp: &Stamp, lang: Lang) -> Result<IngestedPhoto, String> {
    let strings = lang.strings();
    let stamp_language = match lang {
        Lang::ZhCn => StampLanguage::ZhCn,
        Lang::En => StampLanguage::En,
    };
    let config = IngestConfig { stamp_language, ..IngestConfig::default() };
    let run = || fieldcrew_media::ingest_photo(original, stamp, &config);
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(run)) {
        Ok(Ok(photo)) => Ok(photo),
        Ok(Err(e)) => Err(strings.labelled(strings.photo_failed, &e)),
        Err(_) => Err(strings.labelled(strings.photo_failed, &strings.photo_internal_error)),
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
