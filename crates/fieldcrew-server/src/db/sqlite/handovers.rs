//! SQLite storage of the shift handover log (交接班记录) and its problems.

use super::{from_json, to_json};
use crate::db::DbResult;
use crate::db::handovers::{CloseRefusal, HandoverEntry, HandoverFilter, HandoverProblem, ProblemClosed};
use chrono::{DateTime, Duration, FixedOffset, NaiveTime, TimeZone, Utc};
use fieldcrew_domain::DeviceId;
use fieldcrew_domain::handover::{
    CarriedProblem, CrewHandover, Handover, HandoverAck, OpenProblem, SignedHandover,
};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use uuid::Uuid;

/// Stores a handover pushed by `crew`: its problems open, the ones it
/// closes closed, and the list of problems it carried. `false` when the
/// handover was stored before (nothing changes).
pub fn insert(
    tx: &Transaction,
    crew: &str,
    device: DeviceId,
    handover: &Handover,
    received_at: DateTime<Utc>,
) -> DbResult<bool> {
    let id = handover.id.to_string();
    let known: bool =
        tx.query_row("SELECT EXISTS (SELECT 1 FROM handovers WHERE id = ?1)", params![id], |r| r.get(0))?;
    if known {
        return Ok(false);
    }
    for closure in &handover.closed {
        tx.execute(
            "UPDATE handover_problems SET closed_by = ?3, closed_at = ?4, close_note = ?5, closed_in = ?6
             WHERE id = ?1 AND crew_code = ?2 AND closed_at IS NULL",
            params![
                closure.problem_id.to_string(),
                crew,
                handover.written_by,
                handover.written_at,
                closure.note,
                id
            ],
        )?;
    }
    let carried = open_ids(tx, crew)?;
    tx.execute(
        "INSERT INTO handovers (id, crew_code, written_at, received_at, device_id, body, carried)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            id,
            crew,
            handover.written_at,
            received_at,
            device.to_string(),
            to_json(handover),
            to_json(&carried)
        ],
    )?;
    for problem in &handover.problems {
        tx.execute(
            "INSERT OR IGNORE INTO handover_problems (id, handover_id, crew_code, raised_by, raised_at, body)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                problem.id.to_string(),
                id,
                crew,
                handover.written_by,
                handover.written_at,
                to_json(problem)
            ],
        )?;
    }
    Ok(true)
}

fn open_ids(conn: &Connection, crew: &str) -> DbResult<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT id FROM handover_problems WHERE crew_code = ?1 AND closed_at IS NULL ORDER BY raised_at, rowid",
    )?;
    let rows = stmt.query_map(params![crew], |r| r.get::<_, String>(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// What became of a pushed acknowledgment.
pub enum AckStored {
    First,
    /// The handover was acknowledged before: the first one stands.
    AlreadyAcknowledged,
    /// Refused for good, with the reason.
    Refused(String),
}

pub fn acknowledge(
    tx: &Transaction,
    crew: &str,
    device: DeviceId,
    ack: &HandoverAck,
    received_at: DateTime<Utc>,
) -> DbResult<AckStored> {
    let row: Option<(String, String, Option<String>)> = tx
        .query_row(
            "SELECT crew_code, body, ack_by FROM handovers WHERE id = ?1",
            params![ack.handover_id.to_string()],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let Some((owner, body, held)) = row else {
        return Ok(AckStored::Refused(format!("unknown handover {}", ack.handover_id)));
    };
    if owner != crew {
        return Ok(AckStored::Refused("the handover is another crew's".into()));
    }
    if held.is_some() {
        return Ok(AckStored::AlreadyAcknowledged);
    }
    let handover: Handover = from_json(&body)?;
    if let Err(why) = fieldcrew_domain::handover::check_ack(&handover, ack) {
        return Ok(AckStored::Refused(why.to_string()));
    }
    tx.execute(
        "UPDATE handovers SET ack_by = ?2, ack_at = ?3, ack_device = ?4, ack_received_at = ?5, ack_body = ?6
         WHERE id = ?1",
        params![
            ack.handover_id.to_string(),
            ack.acknowledged_by.trim(),
            ack.acknowledged_at,
            device.to_string(),
            received_at,
            to_json(ack)
        ],
    )?;
    Ok(AckStored::First)
}

type ProblemColumns = (
    String,
    String,
    String,
    DateTime<Utc>,
    Option<String>,
    Option<DateTime<Utc>>,
    Option<String>,
    Option<String>,
);

const PROBLEM_COLUMNS: &str =
    "handover_id, body, raised_by, raised_at, closed_by, closed_at, close_note, closed_in";

fn problem_row(r: &rusqlite::Row) -> rusqlite::Result<ProblemColumns> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?))
}

fn to_problem(row: ProblemColumns) -> DbResult<HandoverProblem> {
    let (handover_id, body, raised_by, raised_at, closed_by, closed_at, note, closed_in) = row;
    let p: OpenProblem = from_json(&body)?;
    let closed = match (closed_by, closed_at) {
        (Some(closed_by), Some(closed_at)) => Some(ProblemClosed {
            closed_by,
            closed_at,
            note: note.unwrap_or_default(),
            in_handover: closed_in.map(|id| parse_uuid(&id)).transpose()?,
        }),
        _ => None,
    };
    Ok(HandoverProblem {
        id: p.id,
        text: p.text,
        order_id: p.order_id.map(|o| o.0),
        order_number: p.order_number,
        equipment: p.equipment,
        handover_id: parse_uuid(&handover_id)?,
        raised_by,
        raised_at,
        closed,
    })
}

fn parse_uuid(text: &str) -> DbResult<Uuid> {
    Uuid::parse_str(text).map_err(|_| crate::db::DbError::Corrupt(format!("id `{text}`")))
}

fn problems_where(conn: &Connection, clause: &str, value: &str) -> DbResult<Vec<HandoverProblem>> {
    let sql =
        format!("SELECT {PROBLEM_COLUMNS} FROM handover_problems WHERE {clause} ORDER BY raised_at, rowid");
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(params![value], problem_row)?;
    rows.map(|row| to_problem(row?)).collect()
}

fn problem(conn: &Connection, id: &str) -> DbResult<Option<HandoverProblem>> {
    Ok(problems_where(conn, "id = ?1", id)?.pop())
}

/// The crew's state for its phones: the latest handover with its
/// acknowledgment, and every problem still open.
pub fn crew_state(conn: &Connection, crew: &str) -> DbResult<CrewHandover> {
    let latest: Option<(String, Option<String>)> = conn
        .query_row(
            "SELECT body, ack_body FROM handovers WHERE crew_code = ?1 ORDER BY written_at DESC, rowid DESC LIMIT 1",
            params![crew],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let latest = latest
        .map(|(body, ack)| -> DbResult<SignedHandover> {
            Ok(SignedHandover { handover: from_json(&body)?, ack: ack.map(|a| from_json(&a)).transpose()? })
        })
        .transpose()?;
    let open_problems = problems_where(conn, "crew_code = ?1 AND closed_at IS NULL", crew)?
        .into_iter()
        .map(|p| CarriedProblem {
            problem: OpenProblem {
                id: p.id,
                text: p.text,
                order_id: p.order_id.map(fieldcrew_domain::OrderId),
                order_number: p.order_number,
                equipment: p.equipment,
            },
            handover_id: p.handover_id,
            raised_by: p.raised_by,
            raised_at: p.raised_at,
        })
        .collect();
    Ok(CrewHandover { latest, open_problems })
}

type HandoverColumns = (String, String, DateTime<Utc>, String, String, Option<String>, Option<DateTime<Utc>>);

/// The log, newest first, narrowed by `filter`.
pub fn log(conn: &Connection, filter: &HandoverFilter) -> DbResult<Vec<HandoverEntry>> {
    let mut sql = String::from(
        "SELECT h.id, h.crew_code, h.received_at, h.body, h.carried, h.ack_by, h.ack_at FROM handovers h WHERE 1 = 1",
    );
    let mut args: Vec<Box<dyn rusqlite::ToSql>> = Vec::new();
    if let Some(crew) = filter.crew.as_deref().filter(|c| !c.trim().is_empty()) {
        args.push(Box::new(crew.trim().to_string()));
        sql += &format!(" AND h.crew_code = ?{}", args.len());
    }
    if let Some(day) = filter.day {
        let china = FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset");
        let start = china
            .from_local_datetime(&day.and_time(NaiveTime::MIN))
            .single()
            .expect("a fixed offset maps each local time once")
            .with_timezone(&Utc);
        args.push(Box::new(start));
        args.push(Box::new(start + Duration::days(1)));
        sql += &format!(" AND h.written_at >= ?{} AND h.written_at < ?{}", args.len() - 1, args.len());
    }
    if let Some(text) = filter.text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        // The body holds the summary, the problems, their orders and
        // equipment and the writer's name; carried problems are found
        // through the handover that raised them.
        let escaped = text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
        args.push(Box::new(format!("%{escaped}%")));
        let n = args.len();
        sql += &format!(
            " AND (h.body LIKE ?{n} ESCAPE '\\' OR h.ack_by LIKE ?{n} ESCAPE '\\' OR h.crew_code LIKE ?{n} ESCAPE '\\')"
        );
    }
    args.push(Box::new(i64::from(filter.limit.max(1))));
    sql += &format!(" ORDER BY h.written_at DESC, h.rowid DESC LIMIT ?{}", args.len());
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(args.iter()), |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?))
    })?;
    let rows: Vec<HandoverColumns> = rows.collect::<Result<_, _>>()?;
    rows.into_iter().map(|row| entry(conn, row)).collect()
}

fn entry(conn: &Connection, row: HandoverColumns) -> DbResult<HandoverEntry> {
    let (id, crew_code, received_at, body, carried, ack_by, ack_at) = row;
    let handover: Handover = from_json(&body)?;
    let carried_ids: Vec<String> = from_json(&carried)?;
    let carried =
        carried_ids.iter().filter_map(|id| problem(conn, id).transpose()).collect::<DbResult<_>>()?;
    Ok(HandoverEntry {
        id: parse_uuid(&id)?,
        crew_code,
        written_by: handover.written_by,
        written_at: handover.written_at,
        received_at,
        summary: handover.summary,
        problems: problems_where(conn, "handover_id = ?1", &id)?,
        carried,
        acknowledged_by: ack_by,
        acknowledged_at: ack_at,
    })
}

/// Closes an open problem from the console. `Ok(crew)` names the crew
/// whose phones must hear of it.
pub fn close(
    conn: &Connection,
    id: Uuid,
    by: &str,
    note: &str,
    at: DateTime<Utc>,
) -> DbResult<Result<String, CloseRefusal>> {
    let row: Option<(String, Option<String>)> = conn
        .query_row(
            "SELECT crew_code, closed_at FROM handover_problems WHERE id = ?1",
            params![id.to_string()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    match row {
        None => Ok(Err(CloseRefusal::UnknownProblem)),
        Some((_, Some(_))) => Ok(Err(CloseRefusal::AlreadyClosed)),
        Some((crew, None)) => {
            conn.execute(
                "UPDATE handover_problems SET closed_by = ?2, closed_at = ?3, close_note = ?4
                 WHERE id = ?1 AND closed_at IS NULL",
                params![id.to_string(), by, at, note],
            )?;
            Ok(Ok(crew))
        }
    }
}

/// Each crew's latest handover when it is not acknowledged and was written
/// before `written_before`: the ones a dispatcher should chase.
pub fn unacknowledged(conn: &Connection, written_before: DateTime<Utc>) -> DbResult<Vec<HandoverEntry>> {
    let mut stmt = conn.prepare(
        "SELECT h.id, h.crew_code, h.received_at, h.body, h.carried, h.ack_by, h.ack_at FROM handovers h
         WHERE h.ack_by IS NULL AND h.written_at < ?1
           AND NOT EXISTS (SELECT 1 FROM handovers n WHERE n.crew_code = h.crew_code AND n.written_at > h.written_at)
         ORDER BY h.written_at",
    )?;
    let rows = stmt.query_map(params![written_before], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?))
    })?;
    let rows: Vec<HandoverColumns> = rows.collect::<Result<_, _>>()?;
    rows.into_iter().map(|row| entry(conn, row)).collect()
}
