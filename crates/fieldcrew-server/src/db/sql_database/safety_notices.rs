//! Storage of safety-department notices, one row per notice.

use super::{from_json, to_json};
use crate::db::{DbResult, SafetyNotice};
use fieldcrew_domain::OrderId;
use fieldcrew_sql::{Sql, args};

pub fn insert(sql: &mut dyn Sql, notice: &SafetyNotice) -> DbResult<()> {
    sql.execute(
        "INSERT INTO safety_notices (order_id, notified_at, body) VALUES (?1, ?2, ?3)",
        args![notice.order_id.to_string(), notice.notified_at, to_json(notice)],
    )?;
    Ok(())
}

pub fn for_order(sql: &mut dyn Sql, order: OrderId) -> DbResult<Vec<SafetyNotice>> {
    let rows = sql.query(
        "SELECT body FROM safety_notices WHERE order_id = ?1 ORDER BY notified_at, rowid",
        args![order.to_string()],
    )?;
    rows.iter().map(|row| from_json(&row.get::<String>(0)?)).collect()
}
