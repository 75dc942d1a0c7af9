//! SQLite storage of the record beside an order: who took the call, every
//! assignment, the repeat calls linked to it. Rows are only inserted (and
//! an intake's dispatcher filled in once): they are the order's history.

use super::parse_id;
use crate::db::{Assignment, DbResult, FollowUp, OrderRecord};
use chrono::{DateTime, Utc};
use fieldcrew_domain::sla::to_local;
use fieldcrew_domain::{OrderId, WorkOrder};
use fieldcrew_sql::{Sql, args};

pub fn add_assignment(
    sql: &mut dyn Sql,
    order: OrderId,
    crew: &str,
    at: DateTime<Utc>,
    by: Option<&str>,
) -> DbResult<()> {
    sql.execute(
        "INSERT INTO assignments (order_id, crew_code, assigned_at, assigned_by) VALUES (?1, ?2, ?3, ?4)",
        args![order.to_string(), crew, at, by],
    )?;
    Ok(())
}

/// Records who took the call. The assignment made in the same intake form
/// is that dispatcher's too, so it takes their name.
pub fn set_taken_by(sql: &mut dyn Sql, order: OrderId, by: &str) -> DbResult<()> {
    sql.execute(
        "INSERT INTO order_intake (order_id, taken_by) VALUES (?1, ?2) ON CONFLICT (order_id) DO NOTHING",
        args![order.to_string(), by],
    )?;
    sql.execute(
        "UPDATE assignments SET assigned_by = ?2 WHERE order_id = ?1 AND assigned_by IS NULL",
        args![order.to_string(), by],
    )?;
    Ok(())
}

pub fn add_follow_up(sql: &mut dyn Sql, f: &FollowUp) -> DbResult<()> {
    sql.execute(
        "INSERT INTO follow_ups (id, order_id, caller_name, caller_phone, content, received_at, taken_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        args![
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

pub fn load(sql: &mut dyn Sql, order: OrderId) -> DbResult<OrderRecord> {
    let id = order.to_string();
    let taken_by = sql
        .query_opt("SELECT taken_by FROM order_intake WHERE order_id = ?1", args![id])?
        .map(|row| row.get::<String>(0))
        .transpose()?;
    let assignments = sql.query_map(
        "SELECT crew_code, assigned_at, assigned_by FROM assignments WHERE order_id = ?1
         ORDER BY assigned_at, rowid",
        args![id],
        |row| Ok(Assignment { crew_code: row.get(0)?, at: row.get(1)?, by: row.get(2)? }),
    )?;
    let rows = sql.query(
        "SELECT id, caller_name, caller_phone, content, received_at, taken_by FROM follow_ups
         WHERE order_id = ?1 ORDER BY received_at, rowid",
        args![id],
    )?;
    let follow_ups = rows
        .iter()
        .map(|row| {
            Ok(FollowUp {
                id: parse_id(&row.get::<String>(0)?)?,
                order_id: order,
                caller_name: row.get(1)?,
                caller_phone: row.get(2)?,
                content: row.get(3)?,
                received_at: row.get(4)?,
                taken_by: row.get(5)?,
            })
        })
        .collect::<DbResult<Vec<_>>>()?;
    Ok(OrderRecord { taken_by, assignments, follow_ups })
}

/// The order as a crew's phone receives it: the repeat calls follow the
/// fault description, a field every phone already stores and shows, so the
/// wire stays as it is. The stored order keeps the first call's words.
pub fn for_phone(sql: &mut dyn Sql, mut order: WorkOrder) -> DbResult<WorkOrder> {
    let rows = sql.query(
        "SELECT caller_name, caller_phone, content, received_at FROM follow_ups
         WHERE order_id = ?1 ORDER BY received_at, rowid",
        args![order.id.to_string()],
    )?;
    for row in rows {
        let (name, phone, content, at): (String, String, String, DateTime<Utc>) =
            (row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?);
        order.fault_description.push_str(&format!(
            "\n重复来电 {} {name} {phone}：{content}",
            to_local(at).format("%m-%d %H:%M")
        ));
    }
    Ok(order)
}
