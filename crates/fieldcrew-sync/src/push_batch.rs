//! A push batch made ready to send: the oldest waiting outbox items after a
//! sequence number, as the wire's JSON, gzip-compressed.

use crate::clock_samples;
use crate::error::SyncError;
use crate::gzip;
use fieldcrew_core::store::{OutboxItem, OutboxKind, Store, StoreError};
use fieldcrew_protocol::push::{PushBatch, PushBody, PushItem};
use std::collections::BTreeSet;

/// Items read from the outbox, not yet compressed.
pub(crate) struct ReadBatch {
    after: i64,
    size: usize,
    items: Vec<PushItem>,
    boots: BTreeSet<String>,
}

impl ReadBatch {
    /// At most `size` waiting items after `after`; `None` when nothing waits.
    pub(crate) fn read(store: &Store, after: i64, size: usize) -> Result<Option<Self>, SyncError> {
        let pending = store.outbox_pending_after(after, size)?;
        if pending.is_empty() {
            return Ok(None);
        }
        let items = pending.iter().map(to_push_item).collect::<Result<Vec<_>, _>>()?;
        let boots = boot_ids(&items);
        Ok(Some(Self { after, size, items, boots }))
    }

    /// Whether an item was recorded in the boot `boot_id`.
    pub(crate) fn has_boot(&self, boot_id: &str) -> bool {
        self.boots.contains(boot_id)
    }

    /// The body, with the best epoch estimate of each of its boots.
    pub(crate) fn compress(self, store: &Store) -> Result<ReadyBatch, SyncError> {
        let seqs: Vec<i64> = self.items.iter().map(|i| i.device_seq).collect();
        let batch = PushBatch {
            device_id: store.device_id(),
            boot_epochs: clock_samples::boot_epochs(store, self.boots.iter().map(String::as_str))?,
            items: self.items,
        };
        Ok(ReadyBatch {
            after: self.after,
            size: self.size,
            first: seqs[0],
            last: seqs[seqs.len() - 1],
            seqs,
            body: gzip::compress_json(&batch),
        })
    }
}

/// A batch ready to post.
pub(crate) struct ReadyBatch {
    /// It holds the waiting items after this sequence number…
    pub(crate) after: i64,
    /// …at most this many.
    pub(crate) size: usize,
    pub(crate) first: i64,
    pub(crate) last: i64,
    /// The `device_seq` of each item.
    pub(crate) seqs: Vec<i64>,
    pub(crate) body: Vec<u8>,
}

fn to_push_item(item: &OutboxItem) -> Result<PushItem, StoreError> {
    let corrupt = |e: serde_json::Error| StoreError::Corrupt(format!("outbox {}: {e}", item.device_seq));
    let body = match item.kind {
        OutboxKind::Event => PushBody::Event { event: serde_json::from_str(&item.payload).map_err(corrupt)? },
        OutboxKind::Order => PushBody::Order { order: serde_json::from_str(&item.payload).map_err(corrupt)? },
        OutboxKind::DailyCheck => {
            PushBody::DailyCheck { check: serde_json::from_str(&item.payload).map_err(corrupt)? }
        }
        OutboxKind::Handover => {
            PushBody::Handover { handover: serde_json::from_str(&item.payload).map_err(corrupt)? }
        }
        OutboxKind::HandoverAck => {
            PushBody::HandoverAck { ack: serde_json::from_str(&item.payload).map_err(corrupt)? }
        }
    };
    Ok(PushItem { device_seq: item.device_seq, body })
}

/// The boots the batch's events were recorded in.
fn boot_ids(items: &[PushItem]) -> BTreeSet<String> {
    items
        .iter()
        .filter_map(|item| match &item.body {
            PushBody::Event { event } => Some(event.evidence.boot_id.clone()),
            PushBody::DailyCheck { check } => Some(check.evidence.boot_id.clone()),
            _ => None,
        })
        .collect()
}
