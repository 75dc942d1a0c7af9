//! How long a month's report takes to read, the way the console read it
//! until the id-list reads (an own transaction per order, six statements
//! each) against `report_orders::report` (one transaction, six statements
//! per 64 orders), on SQLite and, given FIELDCREW_TEST_DATABASE_URL, on
//! PostgreSQL. Ignored (it fills 3,000 orders); run with
//! `cargo test -p fieldcrew-server --lib --release -- --ignored report_timing --nocapture`.

use super::{SqlDatabase, callbacks, order_sets, report_orders};
use crate::db::backend::postgres::PostgresBackend;
use crate::db::backend::postgres::scratch::ScratchDatabase;
use crate::db::{
    Callback, CallbackOutcome, Database, DbResult, IncomingItem, Pusher, Satisfaction, ServerOrder,
};
use chrono::{DateTime, Duration, TimeZone, Utc};
use fieldcrew_domain::clock::{DeviceClock, FixedClock};
use fieldcrew_domain::event::{EventKind, Fix};
use fieldcrew_domain::{DeviceId, FieldEvent, OrderId, Thresholds};
use fieldcrew_protocol::push::{PushBody, PushItem};
use fieldcrew_sql::{Dialect, Row, Sql, SqlResult, Value};
use std::time::Instant;

const ORDERS: i64 = 3_000;

/// Counts the statements a transaction runs (each a round trip on PostgreSQL).
struct Counting<'a> {
    inner: &'a mut dyn Sql,
    statements: &'a mut usize,
}

impl Sql for Counting<'_> {
    fn dialect(&self) -> Dialect {
        self.inner.dialect()
    }
    fn execute(&mut self, sql: &str, args: &[Value]) -> SqlResult<u64> {
        *self.statements += 1;
        self.inner.execute(sql, args)
    }
    fn query(&mut self, sql: &str, args: &[Value]) -> SqlResult<Vec<Row>> {
        *self.statements += 1;
        self.inner.query(sql, args)
    }
}

fn event(
    device: DeviceId,
    order: OrderId,
    kind: EventKind,
    prev: Option<&FieldEvent>,
    at: DateTime<Utc>,
) -> FieldEvent {
    let clock = FixedClock { now: at, since_boot_ms: 60_000, boot_id: "boot-1".into() };
    let fix = Fix { lat: 30.5928, lon: 114.3055, accuracy_m: 10.0, mock: false };
    let evidence = clock.evidence(Some(fix), None);
    FieldEvent::seal(order, kind, evidence, "李师傅".into(), device, prev.map(|p| p.hash.clone()))
}

/// 3,000 orders over November, each acknowledged, departed, arrived and
/// restored by its crew (pushed 100 events a batch), and two in three
/// called back.
fn fill(db: &dyn Database, month: DateTime<Utc>) {
    let device = DeviceId::new();
    let pusher = Pusher { crew_code: "CREW-1".into(), device_id: device, token_hash: "ab".repeat(32) };
    let mut items = Vec::new();
    let mut restored = Vec::new();
    let mut seq = 0;
    for i in 0..ORDERS {
        let mut order = fieldcrew_domain::demo::demo_orders(month).remove(0);
        order.id = OrderId::new();
        order.number = format!("R{i:05}");
        order.assigned_crew = Some("CREW-1".into());
        order.reported_at = month + Duration::minutes(i * 14);
        order.notified_at = Some(order.reported_at + Duration::minutes(1));
        db.create_order(&order).unwrap();
        let mut chain: Vec<FieldEvent> = Vec::new();
        for (step, kind) in
            [EventKind::Acknowledged, EventKind::Departed, EventKind::Arrived, EventKind::Restored]
                .into_iter()
                .enumerate()
        {
            let at = order.reported_at + Duration::minutes(5 + 20 * step as i64);
            chain.push(event(device, order.id, kind, chain.last(), at));
        }
        for e in chain {
            seq += 1;
            let body = PushBody::Event { event: e };
            let raw_json = serde_json::to_string(&PushItem { device_seq: seq, body: body.clone() }).unwrap();
            let body = Ok(body);
            let identity = crate::slot_identity::slot_identity(&body, &raw_json);
            items.push(IncomingItem { device_seq: seq, body, identity, raw_json });
        }
        restored.push((order.id, order.reported_at + Duration::hours(3)));
        if items.len() >= 100 {
            db.apply_push(&pusher, &items, &[], &Thresholds::default()).unwrap();
            items.clear();
        }
    }
    if !items.is_empty() {
        db.apply_push(&pusher, &items, &[], &Thresholds::default()).unwrap();
    }
    for (i, (order, at)) in restored.into_iter().enumerate() {
        if i % 3 == 2 {
            continue;
        }
        let outcome = if i % 3 == 0 {
            CallbackOutcome::Reached { satisfaction: Satisfaction::Satisfied }
        } else {
            CallbackOutcome::NotReached
        };
        let callback = Callback {
            id: uuid::Uuid::now_v7(),
            order_id: order,
            outcome,
            note: "回访".into(),
            recorded_by: "王调度".into(),
            recorded_at: at,
        };
        db.record_callback(&callback).unwrap().unwrap();
    }
}

/// The orders and call-backs of the month, and the statements it took.
type Read = (Vec<ServerOrder>, Vec<Callback>, usize);

/// As the console read a report before: the ids, the call-backs, then
/// each order in its own transaction.
fn per_order(db: &SqlDatabase, from: DateTime<Utc>, to: DateTime<Utc>) -> DbResult<Read> {
    let mut statements = 0;
    let (ids, callbacks) = db.with_tx(|sql| {
        let mut sql = Counting { inner: sql, statements: &mut statements };
        let ids = report_orders::reported_between(&mut sql, from, to)?;
        let callbacks = callbacks::for_orders(&mut sql, &ids)?;
        Ok((ids, callbacks))
    })?;
    let mut orders = Vec::new();
    for id in ids {
        orders.extend(db.with_tx(|sql| {
            let mut sql = Counting { inner: sql, statements: &mut statements };
            order_sets::load(&mut sql, &[id])
        })?);
    }
    Ok((orders, callbacks, statements))
}

fn one_read(db: &SqlDatabase, from: DateTime<Utc>, to: DateTime<Utc>) -> DbResult<Read> {
    let mut statements = 0;
    let data = db.with_tx(|sql| {
        let mut sql = Counting { inner: sql, statements: &mut statements };
        report_orders::report(&mut sql, from, to)
    })?;
    Ok((data.orders, data.callbacks, statements))
}

fn measure(backend: &str, db: &SqlDatabase) {
    let month = Utc.with_ymd_and_hms(2026, 10, 31, 16, 0, 0).unwrap(); // 1 November, UTC+8
    let filling = Instant::now();
    fill(db, month);
    let filled = filling.elapsed();
    let (from, to) = (month, month + Duration::days(30));
    let mut best = [f64::MAX; 2];
    let mut counts = [0; 2];
    for _ in 0..3 {
        let start = Instant::now();
        let before = per_order(db, from, to).unwrap();
        best[0] = best[0].min(start.elapsed().as_secs_f64());
        let start = Instant::now();
        let after = one_read(db, from, to).unwrap();
        best[1] = best[1].min(start.elapsed().as_secs_f64());
        assert_eq!(after.0.len() as i64, ORDERS);
        assert!(after.0 == before.0 && after.1 == before.1, "both reads see the same report");
        assert_eq!(after.1.len() as i64, ORDERS * 2 / 3);
        counts = [before.2, after.2];
    }
    println!(
        "report of {ORDERS} orders ({} events, {} call-backs) on {backend} (filled in {:.1} s): \
         per order {:.0} ms in {} statements and {ORDERS}+1 transactions; \
         by id lists {:.0} ms in {} statements and 1 transaction; {:.1}x",
        ORDERS * 4,
        ORDERS * 2 / 3,
        filled.as_secs_f64(),
        best[0] * 1e3,
        counts[0],
        best[1] * 1e3,
        counts[1],
        best[0] / best[1],
    );
}

#[test]
#[ignore = "fills 3,000 orders; prints the timings (run with --ignored --nocapture)"]
fn report_timing_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    measure("SQLite", &SqlDatabase::open_sqlite(&dir.path().join("db.sqlite3")).unwrap());
}

#[test]
#[ignore = "fills 3,000 orders on PostgreSQL; prints the timings (run with --ignored --nocapture)"]
fn report_timing_on_postgres() {
    let Some(scratch) = ScratchDatabase::create() else {
        eprintln!("skipped: FIELDCREW_TEST_DATABASE_URL is not set (scripts/postgres.sh prints one)");
        return;
    };
    let db = SqlDatabase::with_backend(Box::new(PostgresBackend::open(&scratch.url).unwrap()));
    measure("PostgreSQL", &db);
}
