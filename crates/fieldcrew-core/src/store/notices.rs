//! Telling the crew that an order left them: a cancelled or reassigned
//! order must not vanish from under a crew standing on site. The notice is
//! raised when the pull brings the removal and stays until it is read.

use super::orders::load_order;
use super::pull::Removal;
use super::{Store, StoreError};
use crate::ids::OrderId;
use chrono::{DateTime, Utc};
use rusqlite::{Transaction, params};

/// One unread notice, with what the crew needs to recognise the order.
#[derive(Clone, Debug, PartialEq)]
pub struct OrderNotice {
    pub order_id: OrderId,
    pub number: String,
    pub address: String,
    pub reason: Removal,
    pub noticed_at: DateTime<Utc>,
    /// Records of this order still waiting to upload: they stay and go.
    pub unsynced: u32,
}

/// Raises a notice for an order the phone holds and that was not already
/// removed for the same reason (a replayed pull page says nothing new).
pub(super) fn raise(tx: &Transaction, order_id: OrderId, reason: Removal) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO order_notices (order_id, reason, noticed_at)
         SELECT ?1, ?2, ?3 WHERE EXISTS (
             SELECT 1 FROM orders WHERE id = ?1 AND (removed IS NULL OR removed <> ?2))
         ON CONFLICT (order_id) DO UPDATE
             SET reason = excluded.reason, noticed_at = excluded.noticed_at, read_at = NULL",
        params![order_id.to_string(), reason.as_str(), Utc::now().to_rfc3339()],
    )?;
    Ok(())
}

impl Store {
    /// Notices not read yet, newest first.
    pub fn unread_notices(&self) -> Result<Vec<OrderNotice>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT order_id, reason, noticed_at FROM order_notices
             WHERE read_at IS NULL ORDER BY noticed_at DESC",
        )?;
        let raw = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?
            .collect::<Result<Vec<_>, _>>()?;
        let mut notices = Vec::with_capacity(raw.len());
        for (id, reason, at) in raw {
            let corrupt = |what: &str| StoreError::Corrupt(format!("order notice {what} `{id}`"));
            let order_id: OrderId = id.parse().map_err(|_| corrupt("id"))?;
            let reason = Removal::parse(&reason).ok_or_else(|| corrupt("reason"))?;
            let noticed_at =
                DateTime::parse_from_rfc3339(&at).map_err(|_| corrupt("time"))?.with_timezone(&Utc);
            // An order purged after the retention period takes its notice along.
            let Some(row) = load_order(&self.conn, order_id)? else { continue };
            notices.push(OrderNotice {
                order_id,
                number: row.order.number.clone(),
                address: row.order.address.to_string(),
                reason,
                noticed_at,
                unsynced: row.unsynced,
            });
        }
        Ok(notices)
    }

    /// The crew has read the notice of `order_id`.
    pub fn mark_notice_read(&mut self, order_id: OrderId) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE order_notices SET read_at = ?2 WHERE order_id = ?1 AND read_at IS NULL",
            params![order_id.to_string(), Utc::now().to_rfc3339()],
        )?;
        Ok(())
    }
}
