//! Recording a field event: rules, hash chain, derived state and outbox in
//! one transaction, or nothing at all.

use super::orders::{load_order, save_state, to_json};
use super::outbox::{self, OutboxKind};
use super::{MediaKind, RecordError, Store};
use crate::event::{EventKind, Evidence, FieldEvent, PhotoRef};
use crate::ids::{MediaId, OrderId};
use crate::lifecycle::RuleContext;
use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};

impl Store {
    /// Records `kind` on the order as `author`, with `evidence` from the
    /// device. Returns the sealed event once it is durably committed.
    pub fn record(
        &mut self,
        order_id: OrderId,
        kind: EventKind,
        author: &str,
        evidence: Evidence,
    ) -> Result<FieldEvent, RecordError> {
        if author.trim().is_empty() {
            return Err(RecordError::EmptyText("author"));
        }
        self.check_texts(
            kind.text_fields().into_iter().chain([("author", author), ("boot_id", &evidence.boot_id)]),
        )?;
        if let Some(fix) = &evidence.fix {
            let position = crate::order::Coordinates { lat: fix.lat, lon: fix.lon };
            if !position.is_valid() || !fix.accuracy_m.is_finite() || fix.accuracy_m < 0.0 {
                return Err(RecordError::InvalidFix);
            }
        }

        let completion_photo_required = self.close_out_settings().completion_photo_required;
        // IMMEDIATE takes the write lock first, so the state we check the
        // rules against is the state we append to.
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let row = load_order(&tx, order_id)?.ok_or(RecordError::UnknownOrder(order_id))?;
        if let Some(reason) = row.removed {
            return Err(RecordError::OrderRemoved { order: order_id, reason });
        }
        check_media_refs(&tx, order_id, &kind)?;
        RuleContext {
            order: &row.order,
            state: &row.state,
            checklist: &self.checklist,
            completion_photo_required,
        }
        .check(&kind)?;

        let seq = row.state.event_count as i64;
        let event = FieldEvent::seal(
            order_id,
            kind,
            evidence,
            author.to_string(),
            self.device_id,
            row.state.last_hash.clone(),
        );
        let body = to_json(&event);
        tx.execute(
            "INSERT INTO events (id, order_id, seq, type, body, hash, prev_hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                event.id.to_string(),
                order_id.to_string(),
                seq,
                to_json(&event.kind.event_type()),
                body,
                event.hash,
                event.prev_hash
            ],
        )?;
        let mut state = row.state;
        state.apply(&event);
        save_state(&tx, order_id, &state)?;
        outbox::enqueue(&tx, OutboxKind::Event, Some(order_id), Some(event.id), &body)?;
        tx.commit()?;
        Ok(event)
    }
}

/// Every photo or signature image an event names must be stored, of the
/// right kind, with the hash the event claims.
fn check_media_refs(tx: &Transaction, order: OrderId, kind: &EventKind) -> Result<(), RecordError> {
    match kind {
        EventKind::MeterDamageRecorded { photos, .. } => {
            photos.iter().try_for_each(|PhotoRef { media, sha256 }| {
                check_one(tx, order, *media, sha256, MediaKind::Photo)
            })
        }
        EventKind::CustomerSignature { image, image_sha256, .. } => {
            check_one(tx, order, *image, image_sha256, MediaKind::Signature)
        }
        EventKind::CompletionPhoto { photo } => {
            check_one(tx, order, photo.media, &photo.sha256, MediaKind::Photo)
        }
        _ => Ok(()),
    }
}

/// The media must exist with that hash and kind, and belong to this order
/// (or to none): a photo of one order is never evidence for another.
fn check_one(
    tx: &Transaction,
    order: OrderId,
    id: MediaId,
    sha256: &str,
    kind: MediaKind,
) -> Result<(), RecordError> {
    let stored: Option<(String, String, Option<String>)> = tx
        .query_row("SELECT sha256, kind, order_id FROM media WHERE id = ?1", params![id.to_string()], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?;
    match stored {
        None => Err(RecordError::UnknownMedia(id)),
        Some((hash, stored_kind, owner))
            if hash != sha256
                || stored_kind != kind.as_str()
                || owner.as_deref().is_some_and(|o| o != order.to_string()) =>
        {
            Err(RecordError::MediaHashMismatch(id))
        }
        Some(_) => Ok(()),
    }
}
