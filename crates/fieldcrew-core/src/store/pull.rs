//! Applying a page of order changes from the server.
//!
//! A page and its cursor commit in one transaction: after a crash the next
//! pull repeats the page or continues after it, never skips it.
//!
//! An order that left the crew (cancelled or reassigned) is marked `removed`,
//! not deleted. While it still has unsynced outbox items or media it stays in
//! the list, read-only (recording on it is refused), so the crew sees that its
//! evidence is still on the phone. Once those drain it is hidden from
//! `Store::orders`; its rows stay on disk so nothing recorded is ever lost.
//! An upsert of the same order later (assigned back) clears the mark.

use super::orders::write_order;
use super::sync_state::set_cursor;
use super::{Store, StoreError};
use crate::ids::OrderId;
use crate::order::WorkOrder;
use rusqlite::params;

/// Why an order left this crew (mirrors the protocol's reason).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Removal {
    Cancelled,
    Reassigned,
}

impl Removal {
    pub(super) fn as_str(self) -> &'static str {
        match self {
            Removal::Cancelled => "cancelled",
            Removal::Reassigned => "reassigned",
        }
    }

    pub(super) fn parse(text: &str) -> Option<Self> {
        match text {
            "cancelled" => Some(Removal::Cancelled),
            "reassigned" => Some(Removal::Reassigned),
            _ => None,
        }
    }
}

/// One change of a pull page, as the core applies it.
// Most changes are upserts; boxing each would only add an allocation.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
pub enum PulledChange {
    Upsert(WorkOrder),
    Removed { order_id: OrderId, reason: Removal },
}

impl Store {
    /// Stores a page of changes and the cursor after it, in one transaction.
    /// Server orders are not checked against the device's text limits: the
    /// server validated them at intake, and refusing one would stall the pull.
    pub fn apply_pull_page(&mut self, changes: &[PulledChange], cursor: i64) -> Result<(), StoreError> {
        self.apply_pull_page_received(changes, cursor, None)
    }

    /// `apply_pull_page`, and with `clock` (the sync client's) the same
    /// transaction queues each order's 已送达 receipt and raises the alert
    /// for a new or changed one.
    pub fn apply_pull_page_received(
        &mut self,
        changes: &[PulledChange],
        cursor: i64,
        clock: Option<&dyn crate::clock::DeviceClock>,
    ) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        for change in changes {
            match change {
                PulledChange::Upsert(order) => {
                    let before = super::arrivals::body_before(&tx, order.id)?;
                    write_order(&tx, order)?;
                    if let Some(clock) = clock {
                        super::arrivals::arrived(&tx, order, before, clock)?;
                    }
                }
                PulledChange::Removed { order_id, reason } => {
                    super::notices::raise(&tx, *order_id, *reason)?;
                    // An order the phone never had needs no mark.
                    tx.execute(
                        "UPDATE orders SET removed = ?2, updated_at = datetime('now') WHERE id = ?1",
                        params![order_id.to_string(), reason.as_str()],
                    )?;
                }
            }
        }
        set_cursor(&tx, cursor)?;
        tx.commit()?;
        Ok(())
    }
}
