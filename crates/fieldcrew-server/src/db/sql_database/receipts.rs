//! Storage of delivery receipts: inserted once per (order, device, stage),
//! never updated, so a resent batch changes nothing.

use super::parse_id;
use crate::db::{DbError, DbResult, StoredReceipt};
use chrono::{DateTime, Utc};
use fieldcrew_domain::{DeviceId, OrderId};
use fieldcrew_protocol::receipts::ReceiptStage;
use fieldcrew_sql::{Sql, args};

/// Stores the receipts of `device` for orders `crew` holds or held; the
/// number that were new.
pub fn store(
    sql: &mut dyn Sql,
    device: DeviceId,
    crew: &str,
    receipts: &[(OrderId, ReceiptStage, DateTime<Utc>)],
    received_at: DateTime<Utc>,
) -> DbResult<u32> {
    let mut stored = 0;
    for (order, stage, at) in receipts {
        stored += sql.execute(
            "INSERT INTO order_receipts (order_id, device_id, stage, at, received_at)
             SELECT ?1, ?2, ?3, ?4, ?5
             WHERE EXISTS (SELECT 1 FROM order_changes WHERE order_id = ?1 AND crew_code = ?6)
             ON CONFLICT DO NOTHING",
            args![order.to_string(), device.to_string(), stage.as_str(), at, received_at, crew],
        )? as u32;
    }
    Ok(stored)
}

/// Every receipt of these orders, oldest first.
pub fn for_orders(sql: &mut dyn Sql, orders: &[OrderId]) -> DbResult<Vec<StoredReceipt>> {
    let mut out = Vec::new();
    for order in orders {
        let rows = sql.query(
            "SELECT order_id, device_id, stage, at, received_at FROM order_receipts
             WHERE order_id = ?1 ORDER BY received_at",
            args![order.to_string()],
        )?;
        for row in rows {
            let stage: String = row.get(2)?;
            out.push(StoredReceipt {
                order_id: parse_id(&row.get::<String>(0)?)?,
                device_id: parse_id(&row.get::<String>(1)?)?,
                stage: ReceiptStage::parse(&stage)
                    .ok_or_else(|| DbError::Corrupt(format!("receipt stage `{stage}`")))?,
                at: row.get(3)?,
                received_at: row.get(4)?,
            });
        }
    }
    Ok(out)
}
