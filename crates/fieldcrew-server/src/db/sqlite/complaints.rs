//! SQLite storage of complaints and reports (投诉, 举报). The row's JSON is
//! the record; the columns beside it are for ordering and the report range.

use super::{from_json, to_json};
use crate::db::{Complaint, ComplaintRefusal, DbError, DbResult};
use chrono::{DateTime, Utc};
use fieldcrew_domain::complaint::ComplaintStatus;
use fieldcrew_sql::{Sql, SqlError, args};
use uuid::Uuid;

pub fn insert(sql: &mut dyn Sql, complaint: &Complaint) -> DbResult<()> {
    sql.execute(
        "INSERT INTO complaints (id, received_at, body) VALUES (?1, ?2, ?3)",
        args![complaint.id.to_string(), complaint.received_at, to_json(complaint)],
    )?;
    Ok(())
}

pub fn get(sql: &mut dyn Sql, id: Uuid) -> DbResult<Option<Complaint>> {
    let row = sql.query_opt("SELECT body FROM complaints WHERE id = ?1", args![id.to_string()])?;
    row.map(|row| from_json(&row.get::<String>(0)?)).transpose()
}

fn bodies(sql: &mut dyn Sql, query: &str, args: &[fieldcrew_sql::Value]) -> DbResult<Vec<Complaint>> {
    sql.query(query, args)?.iter().map(|row| from_json(&row.get::<String>(0)?)).collect()
}

/// Every complaint, newest first.
pub fn all(sql: &mut dyn Sql) -> DbResult<Vec<Complaint>> {
    bodies(sql, "SELECT body FROM complaints ORDER BY received_at DESC, rowid DESC", &[])
}

/// Those not answered yet, read every few seconds by the board, oldest
/// first. The status lives only in the JSON body, and JSON paths are not
/// common SQL, so every row is read and the open ones kept here: a
/// station's complaints are dozens a month. A `status` column kept in step
/// with the body would let the database narrow it again.
pub fn open(sql: &mut dyn Sql) -> DbResult<Vec<Complaint>> {
    let mut all = bodies(sql, "SELECT body FROM complaints ORDER BY received_at, rowid", &[])?;
    all.retain(|c| c.status == ComplaintStatus::Open);
    Ok(all)
}

/// Those received in `[from, to)`, oldest first.
pub fn received_between(
    sql: &mut dyn Sql,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> DbResult<Vec<Complaint>> {
    bodies(
        sql,
        "SELECT body FROM complaints WHERE received_at >= ?1 AND received_at < ?2 ORDER BY received_at, rowid",
        args![from, to],
    )
}

/// Loads, checks and changes one complaint in the caller's transaction, so
/// two dispatchers answering at once can not both pass the status check.
/// The write is a compare-and-set on the body read: where another
/// connection's change can commit between the read and the write
/// (PostgreSQL at READ COMMITTED) it then changes nothing, and the check
/// runs again on what that change left.
pub fn update(
    sql: &mut dyn Sql,
    id: Uuid,
    change: impl Fn(&mut Complaint) -> Result<(), ComplaintRefusal>,
) -> DbResult<Result<Complaint, ComplaintRefusal>> {
    for _ in 0..3 {
        let Some(row) = sql.query_opt("SELECT body FROM complaints WHERE id = ?1", args![id.to_string()])?
        else {
            return Ok(Err(ComplaintRefusal::Unknown));
        };
        let before: String = row.get(0)?;
        let mut complaint: Complaint = from_json(&before)?;
        if let Err(refusal) = change(&mut complaint) {
            return Ok(Err(refusal));
        }
        let changed = sql.execute(
            "UPDATE complaints SET body = ?2 WHERE id = ?1 AND body = ?3",
            args![id.to_string(), to_json(&complaint), before],
        )?;
        if changed == 1 {
            return Ok(Ok(complaint));
        }
    }
    Err(DbError::Sql(SqlError::Conflict(format!("complaint {id} kept changing under the update"))))
}

/// The answer, once: only an open complaint takes one.
pub fn answer(
    sql: &mut dyn Sql,
    id: Uuid,
    text: &str,
    by: &str,
    at: DateTime<Utc>,
) -> DbResult<Result<Complaint, ComplaintRefusal>> {
    update(sql, id, |c| {
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
    sql: &mut dyn Sql,
    id: Uuid,
    at: DateTime<Utc>,
) -> DbResult<Result<Complaint, ComplaintRefusal>> {
    update(sql, id, |c| {
        if c.status == ComplaintStatus::Closed {
            return Err(ComplaintRefusal::WrongStatus);
        }
        c.status = ComplaintStatus::Closed;
        c.closed_at = Some(at);
        Ok(())
    })
}
