//! The orders one push batch touches, each read once per batch instead of
//! once per event: a batch of 100 events usually names a handful of orders,
//! and decoding an order's body and state for every event was most of the
//! server's time. Events of the batch advance the state in memory; each
//! changed state is written once, in the batch's transaction, before it
//! commits, so what is stored is the same as with one write per event.

use super::id_lists::lists;
use super::{OrderRowData, crew_may_write, from_json, load_order, to_json};
use crate::db::DbResult;
use fieldcrew_domain::OrderId;
use fieldcrew_sql::{Dialect, Sql, Value, args};
use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};

/// One order as the batch sees it.
pub struct BatchOrder {
    /// `None` when the server does not know the order.
    pub row: Option<OrderRowData>,
    /// Whether the pushing crew may write to it (see `crew_may_write`).
    pub held: bool,
    /// The state changed since it was read.
    pub changed: bool,
}

#[derive(Default)]
pub struct BatchOrders {
    orders: HashMap<OrderId, BatchOrder>,
}

impl BatchOrders {
    /// Reads `ids` (the orders the batch's events name) at once: their rows
    /// and whether `crew` may write to them, as `get` would one by one.
    pub fn prefetch(&mut self, sql: &mut dyn Sql, ids: &[OrderId], crew: &str) -> DbResult<()> {
        let mut rows = HashMap::new();
        let mut held_once = HashSet::new();
        for (list, args) in lists(ids) {
            for row in sql.query(
                &format!("SELECT id, body, state, cancelled_at FROM orders WHERE id IN ({list})"),
                &args,
            )? {
                let data: OrderRowData =
                    (from_json(&row.get::<String>(1)?)?, from_json(&row.get::<String>(2)?)?, row.get(3)?);
                rows.insert(row.get::<String>(0)?, data);
            }
            for row in sql.query(
                &format!("SELECT DISTINCT order_id, crew_code FROM order_changes WHERE order_id IN ({list})"),
                &args,
            )? {
                if row.get::<String>(1)? == crew {
                    held_once.insert(row.get::<String>(0)?);
                }
            }
        }
        for id in ids {
            let key = id.to_string();
            let row = rows.remove(&key);
            // `crew_may_write`: an order the server does not know, or one
            // the crew's change feed ever named.
            let held = row.is_none() || held_once.contains(&key);
            self.orders.entry(*id).or_insert(BatchOrder { row, held, changed: false });
        }
        Ok(())
    }

    /// The order, read from the transaction the first time it is named.
    pub fn get(&mut self, sql: &mut dyn Sql, id: OrderId, crew: &str) -> DbResult<&mut BatchOrder> {
        match self.orders.entry(id) {
            Entry::Occupied(known) => Ok(known.into_mut()),
            Entry::Vacant(new) => {
                let held = crew_may_write(sql, id, crew)?;
                let row = load_order(sql, id)?;
                Ok(new.insert(BatchOrder { row, held, changed: false }))
            }
        }
    }

    /// Called after the batch stored the order itself (created in the
    /// field): the next event reads it, and who holds it, afresh.
    pub fn forget(&mut self, sql: &mut dyn Sql, id: OrderId) -> DbResult<()> {
        if let Some(order) = self.orders.remove(&id) {
            write_state(sql, id, &order)?;
        }
        Ok(())
    }

    /// Writes every changed state; the caller commits. On PostgreSQL in
    /// one statement (each is a round trip there).
    pub fn write_back(self, sql: &mut dyn Sql) -> DbResult<()> {
        if sql.dialect() == Dialect::Postgres {
            let (mut ids, mut states) = (Vec::new(), Vec::new());
            for (id, order) in &self.orders {
                if let (true, Some((_, state, _))) = (order.changed, &order.row) {
                    ids.push(Value::Text(id.to_string()));
                    states.push(Value::Text(to_json(state)));
                }
            }
            if !ids.is_empty() {
                sql.execute(
                    "UPDATE orders SET state = u.state FROM UNNEST(?1::text[], ?2::text[]) AS u (id, state)
                     WHERE orders.id = u.id",
                    &[Value::List(ids), Value::List(states)],
                )?;
            }
            return Ok(());
        }
        for (id, order) in &self.orders {
            write_state(sql, *id, order)?;
        }
        Ok(())
    }
}

fn write_state(sql: &mut dyn Sql, id: OrderId, order: &BatchOrder) -> DbResult<()> {
    if let (true, Some((_, state, _))) = (order.changed, &order.row) {
        sql.execute("UPDATE orders SET state = ?2 WHERE id = ?1", args![id.to_string(), to_json(state)])?;
    }
    Ok(())
}
