//! Orders arriving from dispatch: the delivery receipts the server gets
//! (已送达 when a pull page stores an order, 已查看 when the crew opens it)
//! and the alert the crew gets for a new or changed order, which stays
//! until they open it.
//!
//! Receipts are queued here and sent by the sync client; each is kept once
//! per (order, stage) with the clock reading of the moment it happened, and
//! never changed, so a resend after a lost answer says the same thing.

use super::orders::load_order;
use super::{Store, StoreError};
use crate::clock::DeviceClock;
use crate::ids::OrderId;
use crate::order::WorkOrder;
use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Transaction, params};

/// Why the crew is alerted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AlertReason {
    New,
    Changed,
}

impl AlertReason {
    fn as_str(self) -> &'static str {
        match self {
            AlertReason::New => "new",
            AlertReason::Changed => "changed",
        }
    }
}

/// A new or changed order the crew has not opened since.
#[derive(Clone, Debug, PartialEq)]
pub struct OrderAlert {
    pub order_id: OrderId,
    pub number: String,
    pub address: String,
    pub reason: AlertReason,
    pub raised_at: DateTime<Utc>,
}

/// A receipt waiting for the server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PendingReceipt {
    pub order_id: OrderId,
    /// `delivered` or `seen`.
    pub stage: &'static str,
    pub device_time: DateTime<Utc>,
    pub monotonic_ms: u64,
    pub boot_id: String,
}

/// Queues the receipt of `stage` for `order` unless one is already kept.
fn queue_receipt(
    tx: &Transaction,
    order: OrderId,
    stage: &str,
    clock: &dyn DeviceClock,
) -> Result<(), StoreError> {
    let (monotonic_ms, boot_id) = clock.since_boot();
    tx.execute(
        "INSERT INTO receipts (order_id, stage, device_time, monotonic_ms, boot_id)
         VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING",
        params![order.to_string(), stage, clock.now().to_rfc3339(), monotonic_ms as i64, boot_id],
    )?;
    Ok(())
}

/// The body the phone held for `order` before this upsert, if any; an
/// order that had left the crew counts as not held (assigned back, it is
/// new to them again).
pub(super) fn body_before(tx: &Transaction, order: OrderId) -> Result<Option<String>, StoreError> {
    Ok(tx
        .query_row(
            "SELECT body FROM orders WHERE id = ?1 AND removed IS NULL",
            params![order.to_string()],
            |r| r.get(0),
        )
        .optional()?)
}

/// After an order from a pull page is written: its delivery receipt, and an
/// alert when it is new to the phone or its intake fields changed (a
/// replayed page, the same order again, raises nothing).
pub(super) fn arrived(
    tx: &Transaction,
    order: &WorkOrder,
    before: Option<String>,
    clock: &dyn DeviceClock,
) -> Result<(), StoreError> {
    queue_receipt(tx, order.id, "delivered", clock)?;
    let reason = match before {
        None => AlertReason::New,
        Some(body) if body != super::orders::to_json(order) => AlertReason::Changed,
        Some(_) => return Ok(()),
    };
    tx.execute(
        "INSERT INTO order_alerts (order_id, reason, raised_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (order_id) DO UPDATE SET reason = excluded.reason, raised_at = excluded.raised_at,
             seen_at = NULL",
        params![order.id.to_string(), reason.as_str(), Utc::now().to_rfc3339()],
    )?;
    Ok(())
}

impl Store {
    /// New or changed orders not opened since, newest first.
    pub fn unseen_alerts(&self) -> Result<Vec<OrderAlert>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT order_id, reason, raised_at FROM order_alerts WHERE seen_at IS NULL
             ORDER BY raised_at DESC",
        )?;
        let raw = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?
            .collect::<Result<Vec<_>, _>>()?;
        let mut alerts = Vec::with_capacity(raw.len());
        for (id, reason, at) in raw {
            let corrupt = |what: &str| StoreError::Corrupt(format!("order alert {what} `{id}`"));
            let order_id: OrderId = id.parse().map_err(|_| corrupt("id"))?;
            let reason = match reason.as_str() {
                "new" => AlertReason::New,
                "changed" => AlertReason::Changed,
                _ => return Err(corrupt("reason")),
            };
            let raised_at =
                DateTime::parse_from_rfc3339(&at).map_err(|_| corrupt("time"))?.with_timezone(&Utc);
            // Gone from the phone (removed, purged): nothing to open.
            let Some(row) = load_order(&self.conn, order_id)? else { continue };
            if row.removed.is_some() {
                continue;
            }
            alerts.push(OrderAlert {
                order_id,
                number: row.order.number.clone(),
                address: row.order.address.to_string(),
                reason,
                raised_at,
            });
        }
        Ok(alerts)
    }

    /// The crew opened `order`: its alert ends and its 已查看 receipt is
    /// queued (once; opening it again changes nothing).
    pub fn mark_order_seen(&mut self, order: OrderId, clock: &dyn DeviceClock) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        tx.execute(
            "UPDATE order_alerts SET seen_at = ?2 WHERE order_id = ?1 AND seen_at IS NULL",
            params![order.to_string(), Utc::now().to_rfc3339()],
        )?;
        let known: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM orders WHERE id = ?1)",
            params![order.to_string()],
            |r| r.get(0),
        )?;
        if known {
            queue_receipt(&tx, order, "seen", clock)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Receipts not yet acknowledged by the server, oldest first.
    pub fn pending_receipts(&self, limit: usize) -> Result<Vec<PendingReceipt>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT order_id, stage, device_time, monotonic_ms, boot_id FROM receipts
             WHERE sent_at IS NULL ORDER BY rowid LIMIT ?1",
        )?;
        let raw = stmt
            .query_map(params![limit as i64], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, String>(4)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        raw.into_iter()
            .map(|(id, stage, time, monotonic_ms, boot_id)| {
                let corrupt = |what: &str| StoreError::Corrupt(format!("receipt {what} `{id}`"));
                Ok(PendingReceipt {
                    order_id: id.parse().map_err(|_| corrupt("id"))?,
                    stage: if stage == "seen" { "seen" } else { "delivered" },
                    device_time: DateTime::parse_from_rfc3339(&time)
                        .map_err(|_| corrupt("time"))?
                        .with_timezone(&Utc),
                    monotonic_ms: monotonic_ms.max(0) as u64,
                    boot_id,
                })
            })
            .collect()
    }

    /// The server stored these receipts: they are not sent again.
    pub fn mark_receipts_sent(&mut self, sent: &[PendingReceipt]) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        for receipt in sent {
            tx.execute(
                "UPDATE receipts SET sent_at = ?3 WHERE order_id = ?1 AND stage = ?2",
                params![receipt.order_id.to_string(), receipt.stage, Utc::now().to_rfc3339()],
            )?;
        }
        tx.commit()?;
        Ok(())
    }
}
