//! The outbox: what the server has not acknowledged yet, numbered by a
//! per-device sequence so that a push can be repeated without duplicates.

use super::clock_samples::{ClockReading, insert_sample};
use super::{Store, StoreError};
use crate::ids::{EventId, OrderId};
use rusqlite::{Transaction, params};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutboxKind {
    Event,
    Order,
    /// A shift handover written on this phone (no order).
    Handover,
    /// This phone's acknowledgment of a handover (no order).
    HandoverAck,
    /// The crew's daily check of tools, materials and vehicle (no order).
    DailyCheck,
}

impl OutboxKind {
    fn as_str(self) -> &'static str {
        match self {
            OutboxKind::Event => "event",
            OutboxKind::Order => "order",
            OutboxKind::DailyCheck => "daily_check",
            OutboxKind::Handover => "handover",
            OutboxKind::HandoverAck => "handover_ack",
        }
    }

    fn parse(text: &str) -> Option<Self> {
        [
            OutboxKind::Event,
            OutboxKind::Order,
            OutboxKind::DailyCheck,
            OutboxKind::Handover,
            OutboxKind::HandoverAck,
        ]
        .into_iter()
        .find(|k| k.as_str() == text)
    }
}

/// One queued item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutboxItem {
    pub device_seq: i64,
    pub kind: OutboxKind,
    /// The order the item belongs to; none for crew records (handover).
    pub order_id: Option<OrderId>,
    pub event_id: Option<EventId>,
    /// The event or order as JSON, exactly as recorded.
    pub payload: String,
}

pub(super) fn enqueue(
    tx: &Transaction,
    kind: OutboxKind,
    order_id: Option<OrderId>,
    event_id: Option<EventId>,
    payload: &str,
) -> Result<i64, StoreError> {
    tx.execute(
        "INSERT INTO outbox (kind, order_id, event_id, payload, created_at)
         VALUES (?1, ?2, ?3, ?4, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
        params![kind.as_str(), order_id.map(|o| o.to_string()), event_id.map(|e| e.to_string()), payload],
    )?;
    Ok(tx.last_insert_rowid())
}

impl Store {
    /// The oldest `limit` unacknowledged items, in sequence order.
    pub fn outbox_pending(&self, limit: usize) -> Result<Vec<OutboxItem>, StoreError> {
        self.outbox_pending_after(0, limit)
    }

    /// The oldest `limit` unacknowledged items after `device_seq` (a push
    /// sends the next batch while the previous answer is being written).
    pub fn outbox_pending_after(&self, device_seq: i64, limit: usize) -> Result<Vec<OutboxItem>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT device_seq, kind, order_id, event_id, payload FROM outbox
             WHERE acked_at IS NULL AND device_seq > ?1 ORDER BY device_seq LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![device_seq, limit as i64], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get(4)?,
            ))
        })?;
        rows.map(|row| {
            let (device_seq, kind, order_id, event_id, payload) = row?;
            let corrupt = |what: &str| StoreError::Corrupt(format!("outbox {device_seq}: {what}"));
            Ok(OutboxItem {
                device_seq,
                kind: OutboxKind::parse(&kind).ok_or_else(|| corrupt("kind"))?,
                order_id: order_id.map(|o| o.parse().map_err(|_| corrupt("order id"))).transpose()?,
                event_id: event_id.map(|e| e.parse().map_err(|_| corrupt("event id"))).transpose()?,
                payload,
            })
        })
        .collect()
    }

    /// How many items wait for the server.
    pub fn outbox_len(&self) -> Result<u64, StoreError> {
        Ok(self.conn.query_row("SELECT COUNT(*) FROM outbox WHERE acked_at IS NULL", [], |r| r.get(0))?)
    }

    /// Marks every item up to and including `device_seq` as acknowledged.
    pub fn ack_outbox(&mut self, device_seq: i64) -> Result<(), StoreError> {
        self.ack_outbox_with_refusals(device_seq, &[])
    }

    /// Marks every item up to `device_seq` as answered, remembering in the
    /// same transaction which ones the server refused for good and why: an
    /// order with a refused record is not on the server, so it never leaves
    /// the phone (see `purge_settled`).
    pub fn ack_outbox_with_refusals(
        &mut self,
        device_seq: i64,
        refused: &[(i64, &str)],
    ) -> Result<(), StoreError> {
        self.ack_push(device_seq, refused, None)
    }

    /// [`Self::ack_outbox_with_refusals`], storing the push answer's clock
    /// sample in the same transaction: one flush to disk per pushed batch
    /// instead of two, and the sample is as durable as the acknowledgment.
    pub fn ack_push(
        &mut self,
        device_seq: i64,
        refused: &[(i64, &str)],
        sample: Option<&ClockReading>,
    ) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        for (seq, reason) in refused.iter().filter(|(seq, _)| *seq <= device_seq) {
            tx.prepare_cached("UPDATE outbox SET refused = ?2 WHERE device_seq = ?1 AND acked_at IS NULL")?
                .execute(params![seq, reason])?;
        }
        tx.prepare_cached(
            "UPDATE outbox SET acked_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
             WHERE device_seq <= ?1 AND acked_at IS NULL",
        )?
        .execute(params![device_seq])?;
        if let Some(sample) = sample {
            insert_sample(&tx, sample)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// How many records the server refused for good (kept on the phone).
    pub fn refused_count(&self) -> Result<u64, StoreError> {
        Ok(self.conn.query_row("SELECT COUNT(*) FROM outbox WHERE refused IS NOT NULL", [], |r| r.get(0))?)
    }
}
