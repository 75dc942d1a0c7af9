//! SQLite storage of complaints and reports (投诉, 举报). The row's JSON is
//! the record; the columns beside it are for ordering and the report range.

use super::{from_json, to_json};
use crate::db::{Complaint, ComplaintRefusal, DbResult};
use chrono::{DateTime, Utc};
use fieldcrew_domain::complaint::ComplaintStatus;
use rusqlite::{Connection, OptionalExtension, params};
use uuid::Uuid;

pub fn insert(conn: &Connection, complaint: &Complaint) -> DbResult<()> {
    conn.execute(
        "INSERT INTO complaints (id, received_at, body) VALUES (?1, ?2, ?3)",
        params![complaint.id.to_string(), complaint.received_at, to_json(complaint)],
    )?;
    Ok(())
}

pub fn get(conn: &Connection, id: Uuid) -> DbResult<Option<Complaint>> {
    let body: Option<String> = conn
        .query_row("SELECT body FROM complaints WHERE id = ?1", params![id.to_string()], |r| r.get(0))
        .optional()?;
    body.as_deref().map(from_json).transpose()
}

/// Every complaint, newest first.
pub fn all(conn: &Connection) -> DbResult<Vec<Complaint>> {
    let mut stmt = conn.prepare("SELECT body FROM complaints ORDER BY received_at DESC, rowid DESC")?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    rows.map(|body| from_json(&body?)).collect()
}

/// Those not answered yet, read every few seconds by the board: the
/// partial index keeps it to the open rows however long the history.
pub fn open(conn: &Connection) -> DbResult<Vec<Complaint>> {
    let mut stmt = conn.prepare(
        "SELECT body FROM complaints WHERE json_extract(body, '$.status') = 'open' ORDER BY received_at, rowid",
    )?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    rows.map(|body| from_json(&body?)).collect()
}

/// Those received in `[from, to)`, oldest first.
pub fn received_between(
    conn: &Connection,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> DbResult<Vec<Complaint>> {
    let mut stmt = conn.prepare(
        "SELECT body FROM complaints WHERE received_at >= ?1 AND received_at < ?2 ORDER BY received_at, rowid",
    )?;
    let rows = stmt.query_map(params![from, to], |r| r.get::<_, String>(0))?;
    rows.map(|body| from_json(&body?)).collect()
}

/// Loads, checks and changes one complaint in a transaction, so two
/// dispatchers answering at once can not both pass the status check.
pub fn update(
    conn: &mut Connection,
    id: Uuid,
    change: impl FnOnce(&mut Complaint) -> Result<(), ComplaintRefusal>,
) -> DbResult<Result<Complaint, ComplaintRefusal>> {
    let tx = conn.transaction()?;
    let Some(mut complaint) = get(&tx, id)? else { return Ok(Err(ComplaintRefusal::Unknown)) };
    if let Err(refusal) = change(&mut complaint) {
        return Ok(Err(refusal));
    }
    tx.execute(
        "UPDATE complaints SET body = ?2 WHERE id = ?1",
        params![id.to_string(), to_json(&complaint)],
    )?;
    tx.commit()?;
    Ok(Ok(complaint))
}

/// The answer, once: only an open complaint takes one.
pub fn answer(
    conn: &mut Connection,
    id: Uuid,
    text: &str,
    by: &str,
    at: DateTime<Utc>,
) -> DbResult<Result<Complaint, ComplaintRefusal>> {
    update(conn, id, |c| {
        if c.status != ComplaintStatus::Open {
            return Err(ComplaintRefusal::WrongStatus);
        }
        c.status = ComplaintStatus::Answered;
        c.answer = Some(text.to_string());
        c.answered_by = Some(by.to_string());
        c.answered_at = Some(at);
        Ok(())
    })
}

pub fn close(
    conn: &mut Connection,
    id: Uuid,
    at: DateTime<Utc>,
) -> DbResult<Result<Complaint, ComplaintRefusal>> {
    update(conn, id, |c| {
        if c.status == ComplaintStatus::Closed {
            return Err(ComplaintRefusal::WrongStatus);
        }
        c.status = ComplaintStatus::Closed;
        c.closed_at = Some(at);
        Ok(())
    })
}
