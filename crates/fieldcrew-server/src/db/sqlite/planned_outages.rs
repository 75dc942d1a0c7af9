//! SQLite storage of planned outages (计划停电) and the calls they answered.

use super::{from_json, to_json};
use crate::db::{DbResult, OutageAnswer, PlannedOutage};
use rusqlite::{Connection, OptionalExtension, params};
use uuid::Uuid;

pub fn insert(conn: &Connection, outage: &PlannedOutage) -> DbResult<()> {
    conn.execute(
        "INSERT INTO planned_outages (id, starts_at, ends_at, body) VALUES (?1, ?2, ?3, ?4)",
        params![outage.id.to_string(), outage.starts_at, outage.ends_at, to_json(outage)],
    )?;
    Ok(())
}

/// Marks an outage cancelled (its row and answers stay); `false` when it is
/// unknown or was cancelled already.
pub fn cancel(conn: &mut Connection, id: Uuid, at: chrono::DateTime<chrono::Utc>) -> DbResult<bool> {
    let tx = conn.transaction()?;
    let body: Option<String> = tx
        .query_row("SELECT body FROM planned_outages WHERE id = ?1", params![id.to_string()], |r| r.get(0))
        .optional()?;
    let Some(body) = body else { return Ok(false) };
    let mut outage: PlannedOutage = from_json(&body)?;
    if outage.cancelled_at.is_some() {
        return Ok(false);
    }
    outage.cancelled_at = Some(at);
    tx.execute(
        "UPDATE planned_outages SET body = ?2 WHERE id = ?1",
        params![id.to_string(), to_json(&outage)],
    )?;
    tx.commit()?;
    Ok(true)
}

/// Every outage, the latest start first.
pub fn all(conn: &Connection) -> DbResult<Vec<PlannedOutage>> {
    let mut stmt = conn.prepare("SELECT body FROM planned_outages ORDER BY starts_at DESC, rowid DESC")?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    rows.map(|body| from_json(&body?)).collect()
}

/// Stores the answer if its outage exists; `false` when it does not.
pub fn record_answer(conn: &mut Connection, answer: &OutageAnswer) -> DbResult<bool> {
    let tx = conn.transaction()?;
    let known: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM planned_outages WHERE id = ?1)",
        params![answer.outage_id.to_string()],
        |r| r.get(0),
    )?;
    if !known {
        return Ok(false);
    }
    tx.execute(
        "INSERT INTO outage_answers (id, outage_id, answered_at, body) VALUES (?1, ?2, ?3, ?4)",
        params![answer.id.to_string(), answer.outage_id.to_string(), answer.answered_at, to_json(answer)],
    )?;
    tx.commit()?;
    Ok(true)
}

pub fn answers(conn: &Connection, outage: Uuid) -> DbResult<Vec<OutageAnswer>> {
    let mut stmt =
        conn.prepare("SELECT body FROM outage_answers WHERE outage_id = ?1 ORDER BY answered_at, rowid")?;
    let rows = stmt.query_map(params![outage.to_string()], |r| r.get::<_, String>(0))?;
    rows.map(|body| from_json(&body?)).collect()
}
