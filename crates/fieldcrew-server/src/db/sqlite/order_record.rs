//! SQLite storage of the record beside an order: who took the call, every
//! assignment, the repeat calls linked to it. Rows are only inserted (and
//! an intake's dispatcher filled in once): they are the order's history.

use super::parse_id;
use crate::db::{Assignment, DbResult, FollowUp, OrderRecord};
use chrono::{DateTime, Utc};
use fieldcrew_domain::sla::to_local;
use fieldcrew_domain::{OrderId, WorkOrder};
use rusqlite::{Connection, OptionalExtension, params};

pub fn add_assignment(
    conn: &Connection,
    order: OrderId,
    crew: &str,
    at: DateTime<Utc>,
    by: Option<&str>,
) -> DbResult<()> {
    conn.execute(
        "INSERT INTO assignments (order_id, crew_code, assigned_at, assigned_by) VALUES (?1, ?2, ?3, ?4)",
        params![order.to_string(), crew, at, by],
    )?;
    Ok(())
}

/// Records who took the call. The assignment made in the same intake form
/// is that dispatcher's too, so it takes their name.
pub fn set_taken_by(conn: &mut Connection, order: OrderId, by: &str) -> DbResult<()> {
    let tx = conn.transaction()?;
    tx.execute(
        "INSERT INTO order_intake (order_id, taken_by) VALUES (?1, ?2) ON CONFLICT (order_id) DO NOTHING",
        params![order.to_string(), by],
    )?;
    tx.execute(
        "UPDATE assignments SET assigned_by = ?2 WHERE order_id = ?1 AND assigned_by IS NULL",
        params![order.to_string(), by],
    )?;
    tx.commit()?;
    Ok(())
}

pub fn add_follow_up(conn: &Connection, f: &FollowUp) -> DbResult<()> {
    conn.execute(
        "INSERT INTO follow_ups (id, order_id, caller_name, caller_phone, content, received_at, taken_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            f.id.to_string(),
            f.order_id.to_string(),
            f.caller_name,
            f.caller_phone,
            f.content,
            f.received_at,
            f.taken_by
        ],
    )?;
    Ok(())
}

pub fn load(conn: &Connection, order: OrderId) -> DbResult<OrderRecord> {
    let id = order.to_string();
    let taken_by = conn
        .query_row("SELECT taken_by FROM order_intake WHERE order_id = ?1", params![id], |r| r.get(0))
        .optional()?;
    let mut stmt = conn.prepare(
        "SELECT crew_code, assigned_at, assigned_by FROM assignments WHERE order_id = ?1
         ORDER BY assigned_at, rowid",
    )?;
    let assignments = stmt
        .query_map(params![id], |r| Ok(Assignment { crew_code: r.get(0)?, at: r.get(1)?, by: r.get(2)? }))?
        .collect::<Result<Vec<_>, _>>()?;
    let mut stmt = conn.prepare(
        "SELECT id, caller_name, caller_phone, content, received_at, taken_by FROM follow_ups
         WHERE order_id = ?1 ORDER BY received_at, rowid",
    )?;
    let rows = stmt.query_map(params![id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, DateTime<Utc>>(4)?,
            r.get::<_, String>(5)?,
        ))
    })?;
    let mut follow_ups = Vec::new();
    for row in rows {
        let (fid, caller_name, caller_phone, content, received_at, taken_by) = row?;
        follow_ups.push(FollowUp {
            id: parse_id(&fid)?,
            order_id: order,
            caller_name,
            caller_phone,
            content,
            received_at,
            taken_by,
        });
    }
    Ok(OrderRecord { taken_by, assignments, follow_ups })
}

/// The order as a crew's phone receives it: the repeat calls follow the
/// fault description, a field every phone already stores and shows, so the
/// wire stays as it is. The stored order keeps the first call's words.
pub fn for_phone(conn: &Connection, mut order: WorkOrder) -> DbResult<WorkOrder> {
    let mut stmt = conn.prepare(
        "SELECT caller_name, caller_phone, content, received_at FROM follow_ups
         WHERE order_id = ?1 ORDER BY received_at, rowid",
    )?;
    let rows = stmt.query_map(params![order.id.to_string()], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, DateTime<Utc>>(3)?,
        ))
    })?;
    for row in rows {
        let (name, phone, content, at) = row?;
        order.fault_description.push_str(&format!(
            "\n重复来电 {} {name} {phone}：{content}",
            to_local(at).format("%m-%d %H:%M")
        ));
    }
    Ok(order)
}
