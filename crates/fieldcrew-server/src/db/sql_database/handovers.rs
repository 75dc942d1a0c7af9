//! Storage of the shift handover log (交接班记录) and its problems.

use super::{from_json, to_json};
use crate::db::DbResult;
use crate::db::handovers::{CloseRefusal, HandoverEntry, HandoverFilter, HandoverProblem, ProblemClosed};
use chrono::{DateTime, Duration, FixedOffset, NaiveTime, TimeZone, Utc};
use fieldcrew_domain::DeviceId;
use fieldcrew_domain::handover::{
    CarriedProblem, CrewHandover, Handover, HandoverAck, OpenProblem, SignedHandover,
};
use fieldcrew_sql::{Dialect, Row, Sql, Value, args};
use uuid::Uuid;

/// Stores a handover pushed by `crew`: its problems open, the ones it
/// closes closed, and the list of problems it carried. `false` when the
/// handover was stored before (nothing changes).
pub fn insert(
    sql: &mut dyn Sql,
    crew: &str,
    device: DeviceId,
    handover: &Handover,
    received_at: DateTime<Utc>,
) -> DbResult<bool> {
    let id = handover.id.to_string();
    // What stays open once this handover's closures are applied: the
    // crew's open problems less the ones it closes (the closing update
    // below matches the same rows).
    let closes: Vec<String> = handover.closed.iter().map(|c| c.problem_id.to_string()).collect();
    let mut carried = open_ids(sql, crew)?;
    carried.retain(|open| !closes.contains(open));
    // The row goes in first, so a handover arriving twice at once (a push
    // resent while the first is still being stored) is told apart by the
    // key, not by a read that both may pass.
    let inserted = sql.execute(
        "INSERT INTO handovers (id, crew_code, written_at, received_at, device_id, body, carried)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (id) DO NOTHING",
        args![
            id,
            crew,
            handover.written_at,
            received_at,
            device.to_string(),
            to_json(handover),
            to_json(&carried)
        ],
    )?;
    if inserted == 0 {
        return Ok(false);
    }
    for closure in &handover.closed {
        sql.execute(
            "UPDATE handover_problems SET closed_by = ?3, closed_at = ?4, close_note = ?5, closed_in = ?6
             WHERE id = ?1 AND crew_code = ?2 AND closed_at IS NULL",
            args![
                closure.problem_id.to_string(),
                crew,
                handover.written_by,
                handover.written_at,
                closure.note,
                id
            ],
        )?;
    }
    for problem in &handover.problems {
        sql.execute(
            "INSERT INTO handover_problems (id, handover_id, crew_code, raised_by, raised_at, body)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (id) DO NOTHING",
            args![
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

fn open_ids(sql: &mut dyn Sql, crew: &str) -> DbResult<Vec<String>> {
    Ok(sql.query_map(
        "SELECT id FROM handover_problems WHERE crew_code = ?1 AND closed_at IS NULL ORDER BY raised_at, rowid",
        args![crew],
        |row| row.get::<String>(0),
    )?)
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
    sql: &mut dyn Sql,
    crew: &str,
    device: DeviceId,
    ack: &HandoverAck,
    received_at: DateTime<Utc>,
) -> DbResult<AckStored> {
    let row = sql.query_opt(
        "SELECT crew_code, body, ack_by FROM handovers WHERE id = ?1",
        args![ack.handover_id.to_string()],
    )?;
    let Some(row) = row else {
        return Ok(AckStored::Refused(format!("unknown handover {}", ack.handover_id)));
    };
    let (owner, body, held): (String, String, Option<String>) = (row.get(0)?, row.get(1)?, row.get(2)?);
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
    // Only a handover still unacknowledged takes it: two phones of the
    // crew signing at once leave the first signature, as one after the
    // other would.
    let stored = sql.execute(
        "UPDATE handovers SET ack_by = ?2, ack_at = ?3, ack_device = ?4, ack_received_at = ?5, ack_body = ?6
         WHERE id = ?1 AND ack_by IS NULL",
        args![
            ack.handover_id.to_string(),
            ack.acknowledged_by.trim(),
            ack.acknowledged_at,
            device.to_string(),
            received_at,
            to_json(ack)
        ],
    )?;
    Ok(if stored == 1 { AckStored::First } else { AckStored::AlreadyAcknowledged })
}

const PROBLEM_COLUMNS: &str =
    "handover_id, body, raised_by, raised_at, closed_by, closed_at, close_note, closed_in";

fn to_problem(row: &Row) -> DbResult<HandoverProblem> {
    let p: OpenProblem = from_json(&row.get::<String>(1)?)?;
    let closed_by: Option<String> = row.get(4)?;
    let closed_at: Option<DateTime<Utc>> = row.get(5)?;
    let closed = match (closed_by, closed_at) {
        (Some(closed_by), Some(closed_at)) => Some(ProblemClosed {
            closed_by,
            closed_at,
            note: row.get::<Option<String>>(6)?.unwrap_or_default(),
            in_handover: row.get::<Option<String>>(7)?.map(|id| parse_uuid(&id)).transpose()?,
        }),
        _ => None,
    };
    Ok(HandoverProblem {
        id: p.id,
        text: p.text,
        order_id: p.order_id.map(|o| o.0),
        order_number: p.order_number,
        equipment: p.equipment,
        handover_id: parse_uuid(&row.get::<String>(0)?)?,
        raised_by: row.get(2)?,
        raised_at: row.get(3)?,
        closed,
    })
}

fn parse_uuid(text: &str) -> DbResult<Uuid> {
    Uuid::parse_str(text).map_err(|_| crate::db::DbError::Corrupt(format!("id `{text}`")))
}

/// The crew's state for its phones: the latest handover with its
/// acknowledgment, and every problem still open.
pub fn crew_state(sql: &mut dyn Sql, crew: &str) -> DbResult<CrewHandover> {
    let [latest, open] = crew_state_statements();
    let answers = sql.query_many(&[(&latest, args![crew]), (&open, args![crew])])?;
    crew_state_from(&answers[0], &answers[1])
}

/// `crew_state`'s two statements, each taking the crew as `?1` and
/// independent of the other (sent together, with a pull's other reads).
pub fn crew_state_statements() -> [String; 2] {
    [
        "SELECT body, ack_body FROM handovers WHERE crew_code = ?1 ORDER BY written_at DESC, rowid DESC LIMIT 1"
            .to_string(),
        format!(
            "SELECT {PROBLEM_COLUMNS} FROM handover_problems WHERE crew_code = ?1 AND closed_at IS NULL
             ORDER BY raised_at, rowid"
        ),
    ]
}

/// The state from the rows of [`crew_state_statements`].
pub fn crew_state_from(latest: &[Row], open: &[Row]) -> DbResult<CrewHandover> {
    let latest = latest
        .first()
        .map(|row| -> DbResult<SignedHandover> {
            Ok(SignedHandover {
                handover: from_json(&row.get::<String>(0)?)?,
                ack: row.get::<Option<String>>(1)?.map(|a| from_json(&a)).transpose()?,
            })
        })
        .transpose()?;
    let open_problems = open
        .iter()
        .map(to_problem)
        .map(|p| {
            p.map(|p| CarriedProblem {
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
        })
        .collect::<DbResult<_>>()?;
    Ok(CrewHandover { latest, open_problems })
}

/// The columns `entry` reads, in its order.
const ENTRY_COLUMNS: &str = "h.id, h.crew_code, h.received_at, h.body, h.carried, h.ack_by, h.ack_at";

/// The log, newest first, narrowed by `filter`.
pub fn log(sql: &mut dyn Sql, filter: &HandoverFilter) -> DbResult<Vec<HandoverEntry>> {
    let mut query = format!("SELECT {ENTRY_COLUMNS} FROM handovers h WHERE 1 = 1");
    let mut args: Vec<Value> = Vec::new();
    if let Some(crew) = filter.crew.as_deref().filter(|c| !c.trim().is_empty()) {
        args.push(Value::Text(crew.trim().to_string()));
        query += &format!(" AND h.crew_code = ?{}", args.len());
    }
    if let Some(day) = filter.day {
        let china = FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset");
        let start = china
            .from_local_datetime(&day.and_time(NaiveTime::MIN))
            .single()
            .expect("a fixed offset maps each local time once")
            .with_timezone(&Utc);
        args.push(Value::Time(start));
        args.push(Value::Time(start + Duration::days(1)));
        query += &format!(" AND h.written_at >= ?{} AND h.written_at < ?{}", args.len() - 1, args.len());
    }
    if let Some(text) = filter.text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        // The body holds the summary, the problems, their orders and
        // equipment and the writer's name; carried problems are found
        // through the handover that raised them.
        let escaped = text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
        args.push(Value::Text(format!("%{escaped}%")));
        let n = args.len();
        // SQLite's LIKE ignores the case of Latin letters (crew codes);
        // PostgreSQL's does not, its ILIKE does.
        let like = if sql.dialect() == Dialect::Postgres { "ILIKE" } else { "LIKE" };
        query += &format!(
            " AND (h.body {like} ?{n} ESCAPE '\\' OR h.ack_by {like} ?{n} ESCAPE '\\' OR h.crew_code {like} ?{n} ESCAPE '\\')"
        );
    }
    args.push(Value::Int(i64::from(filter.limit.max(1))));
    query += &format!(" ORDER BY h.written_at DESC, h.rowid DESC LIMIT ?{}", args.len());
    let rows = sql.query(&query, &args)?;
    entries(sql, &rows)
}

/// The entries of `rows` (read with `ENTRY_COLUMNS`) with their problems:
/// the ones each raised and the ones it carried, read by id lists for the
/// whole page at once rather than per entry.
fn entries(sql: &mut dyn Sql, rows: &[Row]) -> DbResult<Vec<HandoverEntry>> {
    let mut ids = Vec::with_capacity(rows.len());
    let mut carried_ids = Vec::with_capacity(rows.len());
    for row in rows {
        ids.push(row.get::<String>(0)?);
        carried_ids.push(from_json::<Vec<String>>(&row.get::<String>(4)?)?);
    }
    let raised = problems_in(sql, "handover_id", &ids)?;
    let every_carried: Vec<String> = carried_ids.iter().flatten().cloned().collect();
    let carried = problems_in(sql, "id", &every_carried)?;
    rows.iter()
        .zip(ids)
        .zip(carried_ids)
        .map(|((row, id), carried_ids)| {
            let handover: Handover = from_json(&row.get::<String>(3)?)?;
            let handover_id = parse_uuid(&id)?;
            Ok(HandoverEntry {
                id: handover_id,
                crew_code: row.get(1)?,
                written_by: handover.written_by,
                written_at: handover.written_at,
                received_at: row.get(2)?,
                summary: handover.summary,
                problems: raised.iter().filter(|p| p.handover_id == handover_id).cloned().collect(),
                carried: carried_ids
                    .iter()
                    .map(|c| parse_uuid(c))
                    .filter_map(|c| c.map(|c| carried.iter().find(|p| p.id == c).cloned()).transpose())
                    .collect::<DbResult<_>>()?,
                acknowledged_by: row.get(5)?,
                acknowledged_at: row.get(6)?,
            })
        })
        .collect()
}

/// The problems whose `column` is one of `values`, in raising order.
fn problems_in(sql: &mut dyn Sql, column: &str, values: &[String]) -> DbResult<Vec<HandoverProblem>> {
    let mut found = Vec::new();
    for (list, args) in super::id_lists::lists(values) {
        let query =
            format!("SELECT {PROBLEM_COLUMNS}, rowid FROM handover_problems WHERE {column} IN ({list})");
        for row in sql.query(&query, &args)? {
            found.push((row.get::<i64>(8)?, to_problem(&row)?));
        }
    }
    // Ids repeat in padded lists and across lists: each problem once.
    found.sort_by_key(|(rowid, p)| (p.raised_at, *rowid));
    found.dedup_by_key(|(rowid, _)| *rowid);
    Ok(found.into_iter().map(|(_, p)| p).collect())
}

/// Closes an open problem from the console. `Ok(crew)` names the crew
/// whose phones must hear of it.
pub fn close(
    sql: &mut dyn Sql,
    id: Uuid,
    by: &str,
    note: &str,
    at: DateTime<Utc>,
) -> DbResult<Result<String, CloseRefusal>> {
    let row = sql.query_opt(
        "SELECT crew_code, closed_at FROM handover_problems WHERE id = ?1",
        args![id.to_string()],
    )?;
    let Some(row) = row else { return Ok(Err(CloseRefusal::UnknownProblem)) };
    let crew: String = row.get(0)?;
    if row.get::<Option<DateTime<Utc>>>(1)?.is_some() {
        return Ok(Err(CloseRefusal::AlreadyClosed));
    }
    // Closed once: a handover or another dispatcher closing it since the
    // read leaves this update nothing to change.
    let closed = sql.execute(
        "UPDATE handover_problems SET closed_by = ?2, closed_at = ?3, close_note = ?4
         WHERE id = ?1 AND closed_at IS NULL",
        args![id.to_string(), by, at, note],
    )?;
    Ok(if closed == 1 { Ok(crew) } else { Err(CloseRefusal::AlreadyClosed) })
}

/// Each crew's latest handover when it is not acknowledged and was written
/// before `written_before`: the ones a dispatcher should chase.
pub fn unacknowledged(sql: &mut dyn Sql, written_before: DateTime<Utc>) -> DbResult<Vec<HandoverEntry>> {
    let rows = sql.query(
        &format!(
            "SELECT {ENTRY_COLUMNS} FROM handovers h
             WHERE h.ack_by IS NULL AND h.written_at < ?1
               AND NOT EXISTS (SELECT 1 FROM handovers n WHERE n.crew_code = h.crew_code AND n.written_at > h.written_at)
             ORDER BY h.written_at"
        ),
        args![written_before],
    )?;
    entries(sql, &rows)
}
