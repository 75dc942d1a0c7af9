//! Freeing the phone of orders that are long finished. Records are kept at
//! least three months (DOMAIN.md); the server keeps them for good, so the
//! phone may let go of an order once it is settled, that long ago, and every
//! record and photo of it has reached the server. Anything not yet synced
//! stays, however old: evidence is never dropped to save space.

use super::media;
use super::{Store, StoreError};
use crate::lifecycle::Status;
use chrono::{DateTime, Utc};
use rusqlite::params;

/// How long a settled order stays on the phone: three months at their
/// longest (92 days), so no record leaves before the rule allows.
pub const KEEP_SETTLED_DAYS: i64 = 92;

/// What a purge removed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Purged {
    pub orders: usize,
    pub media_files: usize,
}

/// Closed (`?2`) or taken away, quiet since `?1`, nothing waiting for the
/// server and nothing it refused (a refused record exists only here). Draft
/// photos never put on record go with the order.
const SETTLED_BEFORE: &str = "
    SELECT id FROM orders
    WHERE (status = ?2 OR removed IS NOT NULL)
      AND datetime(updated_at) < datetime(?1)
      AND NOT EXISTS (SELECT 1 FROM outbox WHERE outbox.order_id = orders.id
                      AND (acked_at IS NULL OR refused IS NOT NULL))
      AND NOT EXISTS (SELECT 1 FROM media WHERE media.order_id = orders.id AND state <> 'uploaded' AND {on_record})";

impl Store {
    /// Removes orders settled more than [`KEEP_SETTLED_DAYS`] before `now`
    /// whose every record and photo the server has stored, with their
    /// events, outbox rows and media files. Their ids are remembered so a
    /// replayed pull (after pairing with another crew) cannot bring them
    /// back as new orders.
    pub fn purge_settled(&mut self, now: DateTime<Utc>) -> Result<Purged, StoreError> {
        let cutoff =
            (now - chrono::Duration::days(KEEP_SETTLED_DAYS)).format("%Y-%m-%d %H:%M:%S").to_string();
        let tx = self.conn.transaction()?;
        let ids: Vec<String> = tx
            .prepare(&SETTLED_BEFORE.replace("{on_record}", media::ON_RECORD))?
            .query_map(params![cutoff, super::orders::to_json(&Status::Closed)], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let mut hashes = Vec::new();
        for id in &ids {
            let mut files = tx.prepare("SELECT sha256 FROM media WHERE order_id = ?1")?;
            hashes.extend(
                files.query_map(params![id], |r| r.get::<_, String>(0))?.collect::<Result<Vec<_>, _>>()?,
            );
            for table in ["media", "outbox", "events"] {
                tx.execute(&format!("DELETE FROM {table} WHERE order_id = ?1"), params![id])?;
            }
            tx.execute("DELETE FROM orders WHERE id = ?1", params![id])?;
            tx.execute(
                "INSERT OR IGNORE INTO purged_orders (id, purged_at) VALUES (?1, datetime('now'))",
                params![id],
            )?;
        }
        let orphaned = media::files_no_longer_used(&tx, hashes)?;
        tx.commit()?;
        let media_files = self.remove_media_files(orphaned)?;
        Ok(Purged { orders: ids.len(), media_files })
    }
}
