//! The orders one push batch touches, each read once per batch instead of
//! once per event: a batch of 100 events usually names a handful of orders,
//! and decoding an order's body and state for every event was most of the
//! server's time. Events of the batch advance the state in memory; each
//! changed state is written once, in the batch's transaction, before it
//! commits, so what is stored is the same as with one write per event.

use super::{OrderRowData, crew_may_write, load_order, to_json};
use crate::db::DbResult;
use fieldcrew_domain::OrderId;
use fieldcrew_sql::{Sql, Value, args};
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
    /// Takes `ids` (the orders the batch's events name) as the batch's
    /// look-ups read them (`push_lookups`): their rows, and whether `crew`
    /// may write to them, as `get` would one by one.
    pub fn known(
        &mut self,
        ids: &[OrderId],
        mut rows: HashMap<String, OrderRowData>,
        held_once: &HashSet<String>,
    ) {
        for id in ids {
            let key = id.to_string();
            let row = rows.remove(&key);
            // `crew_may_write`: an order the server does not know, or one
            // the crew's change feed ever named.
            let held = row.is_none() || held_once.contains(&key);
            self.orders.entry(*id).or_insert(BatchOrder { row, held, changed: false });
        }
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

    /// The statements writing every changed state, for the caller to send
    /// with the batch's other writes; on PostgreSQL one statement.
    pub fn write_back(self, postgres: bool) -> Vec<(String, Vec<Value>)> {
        let changed = self.orders.iter().filter_map(|(id, order)| match (order.changed, &order.row) {
            (true, Some((_, state, _))) => Some((Value::Text(id.to_string()), Value::Text(to_json(state)))),
            _ => None,
        });
        if postgres {
            let (ids, states): (Vec<Value>, Vec<Value>) = changed.unzip();
            if ids.is_empty() {
                return Vec::new();
            }
            return vec![(
                "UPDATE orders SET state = u.state FROM UNNEST(?1::text[], ?2::text[]) AS u (id, state)
                 WHERE orders.id = u.id"
                    .into(),
                vec![Value::List(ids), Value::List(states)],
            )];
        }
        changed.map(|(id, state)| (UPDATE_STATE.to_owned(), vec![id, state])).collect()
    }
}

const UPDATE_STATE: &str = "UPDATE orders SET state = ?2 WHERE id = ?1";

fn write_state(sql: &mut dyn Sql, id: OrderId, order: &BatchOrder) -> DbResult<()> {
    if let (true, Some((_, state, _))) = (order.changed, &order.row) {
        sql.execute(UPDATE_STATE, args![id.to_string(), to_json(state)])?;
    }
    Ok(())
}
