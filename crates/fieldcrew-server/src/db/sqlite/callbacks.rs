//! SQLite storage of call-backs (回访).
//! Call-back attempts are only inserted, never updated or deleted: they are
//! part of the order's record, kept like the rest (at least 3 months).

use super::{from_json, parse_id, to_json};
use crate::db::{Callback, DbResult};
use chrono::{DateTime, Utc};
use fieldcrew_core::OrderId;
use rusqlite::{Connection, params};

/// Created at open, with the main schema.
pub const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS callbacks (
    id TEXT PRIMARY KEY, order_id TEXT NOT NULL, outcome TEXT NOT NULL, note TEXT NOT NULL,
    recorded_by TEXT NOT NULL, recorded_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS callbacks_by_order ON callbacks (order_id, recorded_at);
";

pub fn insert(conn: &Connection, callback: &Callback) -> DbResult<()> {
    conn.execute(
        "INSERT INTO callbacks (id, order_id, outcome, note, recorded_by, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            callback.id.to_string(),
            callback.order_id.to_string(),
            to_json(&callback.outcome),
            callback.note,
            callback.recorded_by,
            callback.recorded_at
        ],
    )?;
    Ok(())
}

pub fn for_orders(conn: &Connection, orders: &[OrderId]) -> DbResult<Vec<Callback>> {
    // The ids travel as one JSON array, so any number of them is one statement.
    let ids = to_json(&orders.iter().map(ToString::to_string).collect::<Vec<_>>());
    let mut stmt = conn.prepare(
        "SELECT id, order_id, outcome, note, recorded_by, recorded_at FROM callbacks
         WHERE order_id IN (SELECT value FROM json_each(?1)) ORDER BY recorded_at, rowid",
    )?;
    let rows = stmt.query_map(params![ids], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, DateTime<Utc>>(5)?,
        ))
    })?;
    rows.map(|row| {
        let (id, order_id, outcome, note, recorded_by, recorded_at) = row?;
        Ok(Callback {
            id: parse_id(&id)?,
            order_id: parse_id(&order_id)?,
            outcome: from_json(&outcome)?,
            note,
            recorded_by,
            recorded_at,
        })
    })
    .collect()
}

#[cfg(test)]
mod tests {
    use crate::db::{Callback, CallbackOutcome, Database, Satisfaction, SqliteDatabase};
    use chrono::{Duration, TimeZone, Utc};
    use fieldcrew_core::OrderId;

    #[test]
    fn call_back_attempts_survive_reopening_in_the_order_they_were_made() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db.sqlite3");
        let order = OrderId::new();
        let at = Utc.with_ymd_and_hms(2026, 11, 3, 2, 0, 0).unwrap();
        let attempts = [
            (CallbackOutcome::NotReached, at),
            (
                CallbackOutcome::Reached { satisfaction: Satisfaction::FairlySatisfied },
                at + Duration::hours(2),
            ),
        ]
        .map(|(outcome, recorded_at)| Callback {
            id: uuid::Uuid::now_v7(),
            order_id: order,
            outcome,
            note: "客户说灯亮了".into(),
            recorded_by: "dispatcher".into(),
            recorded_at,
        });
        {
            let db = SqliteDatabase::open(&path).unwrap();
            for attempt in attempts.iter().rev() {
                db.record_callback(attempt).unwrap();
            }
        }
        let db = SqliteDatabase::open(&path).unwrap();
        assert_eq!(db.callbacks_for(&[order]).unwrap(), attempts.to_vec());
        assert!(db.callbacks_for(&[OrderId::new()]).unwrap().is_empty());
        assert!(db.callbacks_for(&[]).unwrap().is_empty());
    }
}
