//! What a push batch needs to know before deciding its items, read for the
//! whole batch at once rather than per item, and sent as one pipeline
//! (`Sql::query_many`): on PostgreSQL every statement waited for is a round
//! trip, and these five reads need none of each other's answers. The batch
//! then keeps these answers up to date in memory as it decides, so an item
//! sees the items before it in the same batch exactly as if each had been
//! read afresh.

use super::id_lists::{lists, value_lists};
use super::{OrderRowData, from_json};
use crate::db::{DbResult, IncomingItem};
use chrono::{DateTime, Utc};
use fieldcrew_domain::OrderId;
use fieldcrew_protocol::push::PushBody;
use fieldcrew_sql::{Dialect, Row, Sql, Value};
use std::collections::{HashMap, HashSet};

/// A slot's stored answer (JSON) and the identity of the item it holds
/// (`None` for slots stored before identities).
pub type Slot = (String, Option<String>);

/// The batch's view of the tables before its first item.
pub struct Known {
    /// When the device id got its first token: nothing it records is older.
    pub paired_at: Option<DateTime<Utc>>,
    /// The batch's slots already taken on this device, by `device_seq`.
    pub slots: HashMap<i64, Slot>,
    /// Which of the batch's event ids are stored already.
    pub stored_events: HashSet<String>,
    /// The named orders' rows, by id.
    pub orders: HashMap<String, OrderRowData>,
    /// The named orders the pushing crew's change feed ever named.
    pub held_once: HashSet<String>,
}

/// Which read a statement of the pipeline is.
#[derive(Clone, Copy)]
enum Read {
    PairedAt,
    Slots,
    Events,
    Orders,
    Changes,
}

/// Reads what the batch of `items` from `device` of `crew` needs, naming
/// `orders`, in one pipeline.
pub fn read(
    sql: &mut dyn Sql,
    device: &str,
    crew: &str,
    items: &[IncomingItem],
    orders: &[OrderId],
) -> DbResult<Known> {
    let postgres = sql.dialect() == Dialect::Postgres;
    let mut reads: Vec<(Read, String, Vec<Value>)> = vec![(
        Read::PairedAt,
        "SELECT created_at FROM tokens WHERE device_id = ?1".into(),
        vec![Value::Text(device.to_owned())],
    )];
    let seqs: Vec<Value> = items.iter().map(|i| Value::Int(i.device_seq)).collect();
    for (list, mut args) in id_lists(postgres, "bigint", value_lists(&seqs), seqs.clone()) {
        let statement = format!(
            "SELECT r.device_seq, r.outcome, s.identity FROM received_items r
             LEFT JOIN slot_identities s
                 ON s.device_id = r.device_id AND s.device_seq = r.device_seq
             WHERE r.device_seq IN ({list}) AND r.device_id = ?{}",
            args.len() + 1
        );
        args.push(Value::Text(device.to_owned()));
        reads.push((Read::Slots, statement, args));
    }
    let event_ids: Vec<String> = items
        .iter()
        .filter_map(|i| match &i.body {
            Ok(PushBody::Event { event }) => Some(event.id.to_string()),
            _ => None,
        })
        .collect();
    if !event_ids.is_empty() {
        let values = event_ids.iter().cloned().map(Value::Text).collect();
        for (list, args) in id_lists(postgres, "text", lists(&event_ids), values) {
            reads.push((Read::Events, format!("SELECT id FROM events WHERE id IN ({list})"), args));
        }
    }
    // On PostgreSQL the push runs at READ COMMITTED: the named orders are
    // locked here, in id order (two batches never wait on each other in a
    // circle), to the commit, so another crew's push or a dispatcher's
    // change to one waits for this batch's write-back or is read whole
    // before it. The feed read below runs after the locks are held, so it
    // sees whatever assignment the one ahead committed.
    let lock = if postgres { " ORDER BY id FOR UPDATE" } else { "" };
    for (list, args) in lists(orders) {
        reads.push((
            Read::Orders,
            format!("SELECT id, body, state, cancelled_at FROM orders WHERE id IN ({list}){lock}"),
            args.clone(),
        ));
        reads.push((
            Read::Changes,
            format!("SELECT DISTINCT order_id, crew_code FROM order_changes WHERE order_id IN ({list})"),
            args,
        ));
    }
    let statements: Vec<(&str, &[Value])> =
        reads.iter().map(|(_, statement, args)| (statement.as_str(), args.as_slice())).collect();
    let answers = sql.query_many(&statements)?;
    let mut known = Known {
        paired_at: None,
        slots: HashMap::new(),
        stored_events: HashSet::new(),
        orders: HashMap::new(),
        held_once: HashSet::new(),
    };
    for ((read, ..), rows) in reads.iter().zip(answers) {
        for row in &rows {
            take(&mut known, *read, row, crew)?;
        }
    }
    Ok(known)
}

/// One answered row into what it tells.
fn take(known: &mut Known, read: Read, row: &Row, crew: &str) -> DbResult<()> {
    match read {
        // The earliest, taken here on times, not by `MIN()` on the column
        // (SQLite keeps times as text).
        Read::PairedAt => {
            let at = row.get::<DateTime<Utc>>(0)?;
            known.paired_at = Some(known.paired_at.map_or(at, |before| before.min(at)));
        }
        Read::Slots => {
            known.slots.insert(row.get::<i64>(0)?, (row.get(1)?, row.get(2)?));
        }
        Read::Events => {
            known.stored_events.insert(row.get::<String>(0)?);
        }
        Read::Orders => {
            let data: OrderRowData =
                (from_json(&row.get::<String>(1)?)?, from_json(&row.get::<String>(2)?)?, row.get(3)?);
            known.orders.insert(row.get::<String>(0)?, data);
        }
        Read::Changes => {
            if row.get::<String>(1)? == crew {
                known.held_once.insert(row.get::<String>(0)?);
            }
        }
    }
    Ok(())
}

/// The `IN (…)` lists for `values`: on PostgreSQL one array whatever their
/// number (`SELECT unnest(?1::{ty}[])`), on SQLite `sqlite_lists`.
fn id_lists(
    postgres: bool,
    ty: &str,
    sqlite_lists: impl Iterator<Item = (&'static str, Vec<Value>)>,
    values: Vec<Value>,
) -> Vec<(String, Vec<Value>)> {
    if postgres {
        vec![(format!("SELECT unnest(?1::{ty}[])"), vec![Value::List(values)])]
    } else {
        sqlite_lists.map(|(list, args)| (list.to_owned(), args)).collect()
    }
}
