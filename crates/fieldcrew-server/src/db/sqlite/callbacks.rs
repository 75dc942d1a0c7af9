//! SQLite storage of call-backs (回访).
//! Call-back attempts are only inserted, never updated or deleted: they are
//! part of the order's record, kept like the rest (at least 3 months).

use super::{from_json, load_order, parse_id, to_json};
use crate::db::{Callback, CallbackRefusal, DbResult, callback_due};
use chrono::{DateTime, Utc};
use fieldcrew_domain::OrderId;
use rusqlite::{Connection, params};

/// The due check, the repeat check and the insert in one transaction, so
/// a form sent twice can not slip two attempts past either check.
pub fn record(conn: &mut Connection, callback: &Callback) -> DbResult<Result<(), CallbackRefusal>> {
    let tx = conn.transaction()?;
    let Some((_, state, cancelled_at)) = load_order(&tx, callback.order_id)? else {
        return Ok(Err(CallbackRefusal::UnknownOrder));
    };
    if !callback_due(&state, cancelled_at) {
        return Ok(Err(CallbackRefusal::NotDue));
    }
    if !for_orders(&tx, &[callback.order_id])?.iter().any(|earlier| callback.repeats(earlier)) {
        insert(&tx, callback)?;
    }
    tx.commit()?;
    Ok(Ok(()))
}

fn insert(conn: &Connection, callback: &Callback) -> DbResult<()> {
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
    use crate::db::{Callback, CallbackOutcome, CallbackRefusal, Database, Satisfaction, SqliteDatabase};
    use chrono::{DateTime, Duration, TimeZone, Utc};
    use fieldcrew_domain::OrderId;
    use fieldcrew_domain::lifecycle::OrderState;
    use std::path::Path;

    /// An order stored at `path`, restored at `at` if `restored` (the state
    /// a pushed Restored event leaves).
    fn order_at(db: &SqliteDatabase, path: &Path, at: DateTime<Utc>, restored: bool) -> OrderId {
        let mut order = fieldcrew_domain::demo::demo_orders(at).remove(0);
        order.id = OrderId::new();
        db.create_order(&order).unwrap();
        let state = OrderState { restored_at: restored.then_some(at), ..OrderState::default() };
        rusqlite::Connection::open(path)
            .unwrap()
            .execute(
                "UPDATE orders SET state = ?2 WHERE id = ?1",
                rusqlite::params![order.id.to_string(), super::to_json(&state)],
            )
            .unwrap();
        order.id
    }

    fn attempt(order: OrderId, outcome: CallbackOutcome, recorded_at: DateTime<Utc>) -> Callback {
        Callback {
            id: uuid::Uuid::now_v7(),
            order_id: order,
            outcome,
            note: "客户说灯亮了".into(),
            recorded_by: "dispatcher".into(),
            recorded_at,
        }
    }

    #[test]
    fn call_back_attempts_survive_reopening_in_the_order_they_were_made() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db.sqlite3");
        let at = Utc.with_ymd_and_hms(2026, 11, 3, 2, 0, 0).unwrap();
        let (order, attempts) = {
            let db = SqliteDatabase::open(&path).unwrap();
            let order = order_at(&db, &path, at, true);
            let reached = CallbackOutcome::Reached { satisfaction: Satisfaction::FairlySatisfied };
            let attempts = [
                attempt(order, CallbackOutcome::NotReached, at),
                attempt(order, reached, at + Duration::hours(2)),
            ];
            for attempt in attempts.iter().rev() {
                db.record_callback(attempt).unwrap().unwrap();
            }
            (order, attempts)
        };
        let db = SqliteDatabase::open(&path).unwrap();
        assert_eq!(db.callbacks_for(&[order]).unwrap(), attempts.to_vec());
        assert!(db.callbacks_for(&[OrderId::new()]).unwrap().is_empty());
        assert!(db.callbacks_for(&[]).unwrap().is_empty());
    }

    #[test]
    fn an_attempt_is_refused_for_an_unknown_or_unrepaired_order_and_a_repeat_is_stored_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db.sqlite3");
        let db = SqliteDatabase::open(&path).unwrap();
        let at = Utc.with_ymd_and_hms(2026, 11, 3, 2, 0, 0).unwrap();
        let unknown = attempt(OrderId::new(), CallbackOutcome::NotReached, at);
        assert_eq!(db.record_callback(&unknown).unwrap(), Err(CallbackRefusal::UnknownOrder));
        let open = order_at(&db, &path, at, false);
        let early = attempt(open, CallbackOutcome::NotReached, at);
        assert_eq!(db.record_callback(&early).unwrap(), Err(CallbackRefusal::NotDue));
        assert!(db.callbacks_for(&[open]).unwrap().is_empty());

        let restored = order_at(&db, &path, at, true);
        let first = attempt(restored, CallbackOutcome::NotReached, at);
        let resent =
            Callback { id: uuid::Uuid::now_v7(), recorded_at: at + Duration::seconds(1), ..first.clone() };
        let next_call =
            Callback { id: uuid::Uuid::now_v7(), recorded_at: at + Duration::minutes(10), ..first.clone() };
        for callback in [&first, &resent, &next_call] {
            db.record_callback(callback).unwrap().unwrap();
        }
        assert_eq!(db.callbacks_for(&[restored]).unwrap(), vec![first, next_call]);
    }
}
