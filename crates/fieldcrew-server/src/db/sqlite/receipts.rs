//! SQLite storage of delivery receipts: inserted once per (order, device,
//! stage), never updated, so a resent batch changes nothing.

use super::parse_id;
use crate::db::{DbError, DbResult, StoredReceipt};
use chrono::{DateTime, Utc};
use fieldcrew_domain::{DeviceId, OrderId};
use fieldcrew_protocol::receipts::ReceiptStage;
use rusqlite::{Connection, params};

/// Created at open, with the main schema.
pub const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS order_receipts (
    order_id TEXT NOT NULL, device_id TEXT NOT NULL, stage TEXT NOT NULL,
    at TEXT NOT NULL, received_at TEXT NOT NULL,
    PRIMARY KEY (order_id, device_id, stage)
);
";

/// Stores the receipts of `device` for orders `crew` holds or held; the
/// number that were new.
pub fn store(
    conn: &mut Connection,
    device: DeviceId,
    crew: &str,
    receipts: &[(OrderId, ReceiptStage, DateTime<Utc>)],
    received_at: DateTime<Utc>,
) -> DbResult<u32> {
    let tx = conn.transaction()?;
    let mut stored = 0;
    for (order, stage, at) in receipts {
        stored += tx.execute(
            "INSERT INTO order_receipts (order_id, device_id, stage, at, received_at)
             SELECT ?1, ?2, ?3, ?4, ?5
             WHERE EXISTS (SELECT 1 FROM order_changes WHERE order_id = ?1 AND crew_code = ?6)
             ON CONFLICT DO NOTHING",
            params![order.to_string(), device.to_string(), stage.as_str(), at, received_at, crew],
        )? as u32;
    }
    tx.commit()?;
    Ok(stored)
}

/// Every receipt of these orders, oldest first.
pub fn for_orders(conn: &Connection, orders: &[OrderId]) -> DbResult<Vec<StoredReceipt>> {
    let mut stmt = conn.prepare_cached(
        "SELECT order_id, device_id, stage, at, received_at FROM order_receipts
         WHERE order_id = ?1 ORDER BY received_at",
    )?;
    let mut out = Vec::new();
    for order in orders {
        let rows = stmt.query_map(params![order.to_string()], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, DateTime<Utc>>(3)?,
                r.get::<_, DateTime<Utc>>(4)?,
            ))
        })?;
        for row in rows {
            let (order_id, device_id, stage, at, received_at) = row?;
            out.push(StoredReceipt {
                order_id: parse_id(&order_id)?,
                device_id: parse_id(&device_id)?,
                stage: ReceiptStage::parse(&stage)
                    .ok_or_else(|| DbError::Corrupt(format!("receipt stage `{stage}`")))?,
                at,
                received_at,
            });
        }
    }
    Ok(out)
}
