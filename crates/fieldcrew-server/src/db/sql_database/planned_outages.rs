//! Storage of planned outages (计划停电) and the calls they answered.

use super::{from_json, to_json};
use crate::db::{DbResult, OutageAnswer, PlannedOutage};
use fieldcrew_sql::{Row, Sql, args};
use uuid::Uuid;

pub fn insert(sql: &mut dyn Sql, outage: &PlannedOutage) -> DbResult<()> {
    sql.execute(
        "INSERT INTO planned_outages (id, starts_at, ends_at, body) VALUES (?1, ?2, ?3, ?4)",
        args![outage.id.to_string(), outage.starts_at, outage.ends_at, to_json(outage)],
    )?;
    Ok(())
}

/// Marks an outage cancelled (its row and answers stay); `false` when it is
/// unknown or was cancelled already.
pub fn cancel(sql: &mut dyn Sql, id: Uuid, at: chrono::DateTime<chrono::Utc>) -> DbResult<bool> {
    let row = sql.query_opt("SELECT body FROM planned_outages WHERE id = ?1", args![id.to_string()])?;
    let Some(row) = row else { return Ok(false) };
    let before: String = row.get(0)?;
    let mut outage: PlannedOutage = from_json(&before)?;
    if outage.cancelled_at.is_some() {
        return Ok(false);
    }
    outage.cancelled_at = Some(at);
    // Compare-and-set: cancelling is the only change a stored outage
    // takes, so a body changed since the read was cancelled by another
    // connection in the meantime (PostgreSQL at READ COMMITTED).
    let changed = sql.execute(
        "UPDATE planned_outages SET body = ?2 WHERE id = ?1 AND body = ?3",
        args![id.to_string(), to_json(&outage), before],
    )?;
    Ok(changed == 1)
}

/// Every outage, the latest start first.
pub fn all(sql: &mut dyn Sql) -> DbResult<Vec<PlannedOutage>> {
    from_rows(&sql.query(ALL, &[])?)
}

/// Every planned outage, the latest start first (no arguments).
pub const ALL: &str = "SELECT body FROM planned_outages ORDER BY starts_at DESC, rowid DESC";

/// The outages from the rows of [`ALL`].
pub fn from_rows(rows: &[Row]) -> DbResult<Vec<PlannedOutage>> {
    rows.iter().map(|row| from_json(&row.get::<String>(0)?)).collect()
}

/// Stores the answer if its outage exists; `false` when it does not.
pub fn record_answer(sql: &mut dyn Sql, answer: &OutageAnswer) -> DbResult<bool> {
    let known: bool = sql.query_value(
        "SELECT EXISTS (SELECT 1 FROM planned_outages WHERE id = ?1)",
        args![answer.outage_id.to_string()],
    )?;
    if !known {
        return Ok(false);
    }
    sql.execute(
        "INSERT INTO outage_answers (id, outage_id, answered_at, body) VALUES (?1, ?2, ?3, ?4)",
        args![answer.id.to_string(), answer.outage_id.to_string(), answer.answered_at, to_json(answer)],
    )?;
    Ok(true)
}

pub fn answers(sql: &mut dyn Sql, outage: Uuid) -> DbResult<Vec<OutageAnswer>> {
    let rows = sql.query(
        "SELECT body FROM outage_answers WHERE outage_id = ?1 ORDER BY answered_at, rowid",
        args![outage.to_string()],
    )?;
    rows.iter().map(|row| from_json(&row.get::<String>(0)?)).collect()
}
