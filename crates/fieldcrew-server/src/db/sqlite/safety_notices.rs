//! SQLite storage of safety-department notices, one row per notice.

use super::{from_json, to_json};
use crate::db::{DbResult, SafetyNotice};
use fieldcrew_domain::OrderId;
use rusqlite::{Connection, params};

pub fn insert(conn: &Connection, notice: &SafetyNotice) -> DbResult<()> {
    conn.execute(
        "INSERT INTO safety_notices (order_id, notified_at, body) VALUES (?1, ?2, ?3)",
        params![notice.order_id.to_string(), notice.notified_at, to_json(notice)],
    )?;
    Ok(())
}

pub fn for_order(conn: &Connection, order: OrderId) -> DbResult<Vec<SafetyNotice>> {
    let mut stmt =
        conn.prepare("SELECT body FROM safety_notices WHERE order_id = ?1 ORDER BY notified_at, rowid")?;
    let rows = stmt.query_map(params![order.to_string()], |r| r.get::<_, String>(0))?;
    rows.map(|body| from_json(&body?)).collect()
}
