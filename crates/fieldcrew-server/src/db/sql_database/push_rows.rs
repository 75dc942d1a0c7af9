//! The rows a push batch adds to the append-only tables (events, their
//! slots' answers and identities, uncounted marks), gathered while the
//! batch's items are decided and written at its end as multi-row INSERTs:
//! a handful of statements per batch instead of four per item, which on
//! PostgreSQL are each a round trip. On PostgreSQL each table takes one
//! `INSERT … SELECT * FROM UNNEST(?1::text[], …)`, a column per array. Nothing the batch decides reads these
//! tables after the batch's look-ups (`push_lookups` answers from memory),
//! so writing them last stores the same rows; events keep their order
//! (`rowid`, the chain) as the VALUES list keeps it.

use super::uncounted_events;
use fieldcrew_sql::Value;

/// Rows per statement, largest first; a batch is split into these, so each
/// table has at most four statement texts (SQLite's cache holds 64).
const CHUNKS: [usize; 4] = [64, 16, 4, 1];

#[derive(Default)]
pub struct PushRows {
    events: Vec<Vec<Value>>,
    received: Vec<Vec<Value>>,
    slots: Vec<Vec<Value>>,
    uncounted: Vec<Vec<Value>>,
}

impl PushRows {
    /// An `events` row, its columns as `INSERT_EVENTS` names them.
    pub fn event(&mut self, row: Vec<Value>) {
        self.events.push(row);
    }

    /// A slot's answer and the identity of the item it now holds.
    pub fn slot(&mut self, device: &str, device_seq: i64, outcome: String, at: Value, identity: &str) {
        let (device, seq) = (Value::Text(device.to_owned()), Value::Int(device_seq));
        self.received.push(vec![device.clone(), seq.clone(), Value::Text(outcome), at]);
        self.slots.push(vec![device, seq, Value::Text(identity.to_owned())]);
    }

    /// An event kept out of its order's state (`uncounted_events`).
    pub fn uncounted(&mut self, event_id: String) {
        self.uncounted.push(vec![Value::Text(event_id)]);
    }

    /// The statements writing every gathered row, in table order, for the
    /// caller to send together; it commits.
    pub fn statements(self, postgres: bool) -> Vec<(String, Vec<Value>)> {
        let mut out = statements(postgres, &EVENTS, self.events);
        out.extend(statements(postgres, &RECEIVED, self.received));
        out.extend(statements(postgres, &SLOTS, self.slots));
        out.extend(statements(postgres, &uncounted_events::TABLE, self.uncounted));
        out
    }
}

/// A table rows go into: `INSERT INTO {into}`, its columns' PostgreSQL
/// types in order, and what follows the rows (`ON CONFLICT …`).
pub struct Table {
    pub into: &'static str,
    pub types: &'static [&'static str],
    pub tail: &'static str,
}

const EVENTS: Table = Table {
    into: "events (id, order_id, device_id, device_seq, body, corrected_time, time_corrected, flags,
               received_at)",
    types: &["text", "text", "text", "bigint", "text", "timestamptz", "boolean", "text", "timestamptz"],
    tail: "",
};
const RECEIVED: Table = Table {
    into: "received_items (device_id, device_seq, outcome, received_at)",
    types: &["text", "bigint", "text", "timestamptz"],
    tail: "",
};
const SLOTS: Table = Table {
    into: "slot_identities (device_id, device_seq, identity)",
    types: &["text", "bigint", "text"],
    tail: "",
};

/// The statements writing `rows` (each as wide as the table's columns)
/// into `table`: on PostgreSQL one whatever the number of
/// rows, a column per array; on SQLite multi-row VALUES of `CHUNKS` sizes.
pub fn statements(postgres: bool, table: &Table, rows: Vec<Vec<Value>>) -> Vec<(String, Vec<Value>)> {
    if rows.is_empty() {
        return Vec::new();
    }
    if postgres {
        let mut columns: Vec<Vec<Value>> = vec![Vec::with_capacity(rows.len()); table.types.len()];
        for row in rows {
            for (column, value) in columns.iter_mut().zip(row) {
                column.push(value);
            }
        }
        let arrays: Vec<String> =
            table.types.iter().enumerate().map(|(i, ty)| format!("?{}::{ty}[]", i + 1)).collect();
        let statement =
            format!("INSERT INTO {} SELECT * FROM UNNEST({}) {}", table.into, arrays.join(", "), table.tail);
        return vec![(statement, columns.into_iter().map(Value::List).collect())];
    }
    let head = format!("INSERT INTO {} VALUES", table.into);
    let width = table.types.len();
    let mut out = Vec::new();
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let left = rows.len();
        let size = CHUNKS.into_iter().find(|&size| size <= left).expect("the smallest chunk is 1");
        let args: Vec<Value> = rows.by_ref().take(size).flatten().collect();
        out.push((statement(&head, table.tail, width, size), args));
    }
    out
}

/// `head (?1, ?2), (?3, ?4) tail` for `size` rows of `width` columns.
fn statement(head: &str, tail: &str, width: usize, size: usize) -> String {
    let tuples: Vec<String> = (0..size)
        .map(|row| {
            let cols: Vec<String> = (1..=width).map(|col| format!("?{}", row * width + col)).collect();
            format!("({})", cols.join(", "))
        })
        .collect();
    format!("{head} {} {tail}", tuples.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use fieldcrew_sql::Sql;

    #[test]
    fn rows_go_in_as_few_statements_of_fixed_sizes_keeping_their_order() {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        let sql: &mut dyn Sql = &mut conn;
        sql.execute("CREATE TABLE t (n INTEGER, s TEXT)", &[]).unwrap();
        let rows: Vec<Vec<Value>> =
            (0..101).map(|n| vec![Value::Int(n), Value::Text(format!("row {n}"))]).collect();
        let table = Table { into: "t (n, s)", types: &["bigint", "text"], tail: "" };
        let statements = statements(false, &table, rows);
        assert_eq!(statements.len(), 5, "101 rows as 64 + 16 + 16 + 4 + 1");
        for (statement, args) in &statements {
            sql.execute(statement, args).unwrap();
        }
        let back = sql.query_map("SELECT n, s FROM t ORDER BY rowid", &[], |r| r.get::<i64>(0)).unwrap();
        assert_eq!(back, (0..101).collect::<Vec<_>>(), "every row once, in order");
        assert_eq!(statement("INSERT INTO t VALUES", "", 2, 2), "INSERT INTO t VALUES (?1, ?2), (?3, ?4) ");
    }
}
