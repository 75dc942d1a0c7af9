//! Storage of call-backs (回访).
//! Call-back attempts are only inserted, never updated or deleted: they are
//! part of the order's record, kept like the rest (at least 3 months).

use super::{from_json, load_order, parse_id, to_json};
use crate::db::{AwaitingCallback, Callback, CallbackRefusal, DbResult, callback_due, settling_callback};
use fieldcrew_domain::OrderId;
use fieldcrew_sql::{Dialect, Sql, args};
use std::collections::HashMap;

/// The due check, the repeat check and the insert in the caller's
/// transaction, so a form sent twice can not slip two attempts past either
/// check.
pub fn record(sql: &mut dyn Sql, callback: &Callback) -> DbResult<Result<(), CallbackRefusal>> {
    if sql.dialect() == Dialect::Postgres {
        // A repeat is "the same form within a few seconds", a window no
        // unique key expresses, so two connections recording for one order
        // take turns here until their transactions end. The second then
        // reads the first's attempt: each statement's own snapshot at READ
        // COMMITTED; at SERIALIZABLE the read-then-insert pair conflicts
        // and the loser is run again. (SQLite has one writer at a time.)
        sql.execute(
            "SELECT pg_advisory_xact_lock(hashtext(?1))",
            args![format!("callbacks {}", callback.order_id)],
        )?;
    }
    let Some((_, state, cancelled_at)) = load_order(sql, callback.order_id)? else {
        return Ok(Err(CallbackRefusal::UnknownOrder));
    };
    if !callback_due(&state, cancelled_at) {
        return Ok(Err(CallbackRefusal::NotDue));
    }
    if !for_orders(sql, &[callback.order_id])?.iter().any(|earlier| callback.repeats(earlier)) {
        insert(sql, callback)?;
    }
    Ok(Ok(()))
}

fn insert(sql: &mut dyn Sql, callback: &Callback) -> DbResult<()> {
    sql.execute(
        "INSERT INTO callbacks (id, order_id, outcome, note, recorded_by, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        args![
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

/// Every attempt for these orders, oldest first.
pub fn for_orders(sql: &mut dyn Sql, orders: &[OrderId]) -> DbResult<Vec<Callback>> {
    let mut out = Vec::new();
    for (list, ids) in super::id_lists::lists(orders) {
        let rows = sql.query(
            &format!(
                "SELECT id, order_id, outcome, note, recorded_by, recorded_at FROM callbacks
                 WHERE order_id IN ({list}) ORDER BY recorded_at, rowid"
            ),
            &ids,
        )?;
        for row in rows {
            out.push(Callback {
                id: parse_id(&row.get::<String>(0)?)?,
                order_id: parse_id(&row.get::<String>(1)?)?,
                outcome: from_json(&row.get::<String>(2)?)?,
                note: row.get(3)?,
                recorded_by: row.get(4)?,
                recorded_at: row.get(5)?,
            });
        }
    }
    // Each chunk comes sorted; a stable sort merges them and keeps the
    // insertion order of attempts stamped with the same time.
    out.sort_by_key(|c| c.recorded_at);
    Ok(out)
}

/// The repaired orders whose customer no attempt has reached yet, with
/// their attempts, read in the caller's transaction, the latest report
/// first. Only the state of every order is read to find them; the orders
/// themselves are loaded by id lists.
pub fn awaiting(sql: &mut dyn Sql) -> DbResult<Vec<AwaitingCallback>> {
    let mut due = Vec::new();
    for row in sql.query("SELECT id, state, cancelled_at FROM orders ORDER BY reported_at DESC", &[])? {
        if callback_due(&from_json(&row.get::<String>(1)?)?, row.get(2)?) {
            due.push(parse_id::<OrderId>(&row.get::<String>(0)?)?);
        }
    }
    let mut attempts: HashMap<OrderId, Vec<Callback>> = HashMap::new();
    for callback in for_orders(sql, &due)? {
        attempts.entry(callback.order_id).or_default().push(callback);
    }
    due.retain(|id| settling_callback(attempts.get(id).into_iter().flatten(), *id).is_none());
    let orders = super::order_sets::load(sql, &due)?;
    Ok(orders
        .into_iter()
        .map(|order| AwaitingCallback {
            attempts: attempts.remove(&order.order.id).unwrap_or_default(),
            order,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use crate::db::{Callback, CallbackOutcome, CallbackRefusal, Database, Satisfaction, SqlDatabase};
    use chrono::{DateTime, Duration, TimeZone, Utc};
    use fieldcrew_domain::OrderId;
    use fieldcrew_domain::lifecycle::OrderState;
    use std::path::Path;

    /// An order stored at `path`, restored at `at` if `restored` (the state
    /// a pushed Restored event leaves).
    fn order_at(db: &SqlDatabase, path: &Path, at: DateTime<Utc>, restored: bool) -> OrderId {
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
            let db = SqlDatabase::open_sqlite(&path).unwrap();
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
        let db = SqlDatabase::open_sqlite(&path).unwrap();
        assert_eq!(db.callbacks_for(&[order]).unwrap(), attempts.to_vec());
        assert!(db.callbacks_for(&[OrderId::new()]).unwrap().is_empty());
        assert!(db.callbacks_for(&[]).unwrap().is_empty());
    }

    #[test]
    fn an_attempt_is_refused_for_an_unknown_or_unrepaired_order_and_a_repeat_is_stored_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db.sqlite3");
        let db = SqlDatabase::open_sqlite(&path).unwrap();
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

    #[test]
    fn a_report_over_many_orders_gets_every_attempt_oldest_first() {
        // 70 orders: a full list of 64 and one of 6, padded; asked for in
        // another order than they were called back.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db.sqlite3");
        let db = SqlDatabase::open_sqlite(&path).unwrap();
        let at = Utc.with_ymd_and_hms(2026, 11, 3, 2, 0, 0).unwrap();
        let mut expected = Vec::new();
        for i in 0..70 {
            let order = order_at(&db, &path, at, true);
            let callback = attempt(order, CallbackOutcome::NotReached, at + Duration::minutes(70 - i));
            db.record_callback(&callback).unwrap().unwrap();
            expected.push(callback);
        }
        let mut ids: Vec<OrderId> = expected.iter().map(|c| c.order_id).collect();
        ids.rotate_left(30);
        expected.reverse();
        assert_eq!(db.callbacks_for(&ids).unwrap(), expected);
        assert_eq!(db.callbacks_for(&ids[..2]).unwrap().len(), 2);
    }
}
