//! Storage of the record beside an order: who took the call, every
//! assignment, the repeat calls linked to it. Rows are only inserted (and
//! an intake's dispatcher filled in once): they are the order's history.

use super::parse_id;
use crate::db::{Assignment, DbResult, FollowUp, OrderRecord};
use chrono::{DateTime, Utc};
use fieldcrew_domain::sla::to_local;
use fieldcrew_domain::{OrderId, WorkOrder};
use fieldcrew_sql::{Sql, args};
use std::collections::HashMap;

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

/// One order's record (the storage reads them by lists: `load_many`).
#[cfg(test)]
pub fn load(sql: &mut dyn Sql, order: OrderId) -> DbResult<OrderRecord> {
    Ok(load_many(sql, &[order])?.remove(&order).unwrap_or_default())
}

/// The records of these orders, three queries per list of ids (an order
/// with nothing recorded has no entry).
pub fn load_many(sql: &mut dyn Sql, orders: &[OrderId]) -> DbResult<HashMap<OrderId, OrderRecord>> {
    let mut records: HashMap<OrderId, OrderRecord> = HashMap::new();
    for (list, ids) in super::id_lists::lists(orders) {
        let intake = format!("SELECT order_id, taken_by FROM order_intake WHERE order_id IN ({list})");
        for row in sql.query(&intake, &ids)? {
            records.entry(parse_id(&row.get::<String>(0)?)?).or_default().taken_by = Some(row.get(1)?);
        }
        // Ordered by order first, so each order's rows come in its own
        // order (time, then insertion) along the index.
        let assignments = format!(
            "SELECT order_id, crew_code, assigned_at, assigned_by FROM assignments
             WHERE order_id IN ({list}) ORDER BY order_id, assigned_at, rowid"
        );
        for row in sql.query(&assignments, &ids)? {
            let assignment = Assignment { crew_code: row.get(1)?, at: row.get(2)?, by: row.get(3)? };
            records.entry(parse_id(&row.get::<String>(0)?)?).or_default().assignments.push(assignment);
        }
        let follow_ups = format!(
            "SELECT order_id, id, caller_name, caller_phone, content, received_at, taken_by FROM follow_ups
             WHERE order_id IN ({list}) ORDER BY order_id, received_at, rowid"
        );
        for row in sql.query(&follow_ups, &ids)? {
            let order_id = parse_id(&row.get::<String>(0)?)?;
            let follow_up = FollowUp {
                id: parse_id(&row.get::<String>(1)?)?,
                order_id,
                caller_name: row.get(2)?,
                caller_phone: row.get(3)?,
                content: row.get(4)?,
                received_at: row.get(5)?,
                taken_by: row.get(6)?,
            };
            records.entry(order_id).or_default().follow_ups.push(follow_up);
        }
    }
    Ok(records)
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
