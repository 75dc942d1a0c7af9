//! What a push batch needs to know before deciding its items, read for the
//! whole batch at once (a few `IN` lists) rather than per item: on
//! PostgreSQL every statement is a round trip. The batch then keeps these
//! answers up to date in memory as it decides, so an item sees the items
//! before it in the same batch exactly as if each had been read afresh.

use super::id_lists::{lists, value_lists};
use crate::db::{DbResult, IncomingItem};
use fieldcrew_protocol::push::PushBody;
use fieldcrew_sql::{Dialect, Sql, Value};
use std::collections::{HashMap, HashSet};

/// A slot's stored answer (JSON) and the identity of the item it holds
/// (`None` for slots stored before identities).
pub type Slot = (String, Option<String>);

/// The batch's slots already taken on this device, by `device_seq`.
pub fn slots(sql: &mut dyn Sql, device: &str, items: &[IncomingItem]) -> DbResult<HashMap<i64, Slot>> {
    let seqs: Vec<Value> = items.iter().map(|i| Value::Int(i.device_seq)).collect();
    let mut found = HashMap::new();
    let lists: Vec<(String, Vec<Value>)> = if sql.dialect() == Dialect::Postgres {
        // One array, one statement: `IN (…)` below is `= ANY(?1)` here.
        vec![("SELECT unnest(?1::bigint[])".into(), vec![Value::List(seqs)])]
    } else {
        value_lists(&seqs).map(|(list, args)| (list.to_owned(), args)).collect()
    };
    for (list, mut args) in lists {
        let statement = format!(
            "SELECT r.device_seq, r.outcome, s.identity FROM received_items r
             LEFT JOIN slot_identities s
                 ON s.device_id = r.device_id AND s.device_seq = r.device_seq
             WHERE r.device_seq IN ({list}) AND r.device_id = ?{}",
            args.len() + 1
        );
        args.push(Value::Text(device.to_owned()));
        for row in sql.query(&statement, &args)? {
            found.insert(row.get::<i64>(0)?, (row.get(1)?, row.get(2)?));
        }
    }
    Ok(found)
}

/// Which of the batch's event ids are stored already.
pub fn stored_events(sql: &mut dyn Sql, items: &[IncomingItem]) -> DbResult<HashSet<String>> {
    let ids: Vec<String> = items
        .iter()
        .filter_map(|i| match &i.body {
            Ok(PushBody::Event { event }) => Some(event.id.to_string()),
            _ => None,
        })
        .collect();
    let mut stored = HashSet::new();
    if ids.is_empty() {
        return Ok(stored);
    }
    let lists: Vec<(String, Vec<Value>)> = if sql.dialect() == Dialect::Postgres {
        let ids = ids.into_iter().map(Value::Text).collect();
        vec![("SELECT unnest(?1::text[])".into(), vec![Value::List(ids)])]
    } else {
        lists(&ids).map(|(list, args)| (list.to_owned(), args)).collect()
    };
    for (list, args) in lists {
        for row in sql.query(&format!("SELECT id FROM events WHERE id IN ({list})"), &args)? {
            stored.insert(row.get::<String>(0)?);
        }
    }
    Ok(stored)
}
