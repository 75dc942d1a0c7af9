//! Pushes of different crews at the same moment on a real PostgreSQL: they
//! touch different orders, devices and events, so neither should have to be
//! run again. Event ids grow with time (UUIDv7); looked up through the
//! primary key's B-tree, every push predicate-locked the page every other
//! push inserted into, and one of any two overlapping pushes was cancelled
//! (migration V4's hash index is the fix). Skipped, saying so, without
//! FIELDCREW_TEST_DATABASE_URL (scripts/postgres.sh prints one).

use super::{insert_order, push, record_change};
use crate::db::backend::postgres::scratch_backend as open;
use crate::db::backend::run;
use crate::db::{IncomingItem, Pusher};
use chrono::Utc;
use fieldcrew_domain::clock::{DeviceClock, FixedClock};
use fieldcrew_domain::event::EventKind;
use fieldcrew_domain::{DeviceId, FieldEvent, OrderId, Thresholds, WorkOrder};
use fieldcrew_protocol::push::{PushBody, PushItem};
use fieldcrew_sql::args;
use std::sync::mpsc;
use std::time::Duration;

/// Pairs of pushes made to overlap.
const PAIRS: usize = 3;
/// Events stored before, so the hash index has grown past a few buckets
/// (two new ids then rarely share one) and the B-tree has many leaves.
const STORED_BEFORE: i64 = 50_000;
/// Slots of other phones between the two phones of a pair, as on a server
/// with many phones: their slot rows sit on index pages of their own.
const SLOTS_BETWEEN: i64 = 2_000;

fn note(device: DeviceId, order: OrderId, seq: i64) -> IncomingItem {
    let clock = FixedClock { now: Utc::now(), since_boot_ms: 60_000, boot_id: "boot-1".into() };
    let event = FieldEvent::seal(
        order,
        EventKind::Note { text: format!("第{seq}条 note") },
        clock.evidence(None, None),
        "李师傅".into(),
        device,
        None,
    );
    let body = PushBody::Event { event };
    let raw_json = serde_json::to_string(&PushItem { device_seq: seq, body: body.clone() }).unwrap();
    let body = Ok(body);
    let identity = crate::slot_identity::slot_identity(&body, &raw_json);
    IncomingItem { device_seq: seq, body, identity, raw_json }
}

/// Slots of other phones whose ids sort just after `device`'s.
fn slots_after(backend: &dyn crate::db::backend::Backend, device: DeviceId) {
    let (device, now) = (device.to_string(), Utc::now());
    run(backend, |sql| {
        sql.execute(
            "INSERT INTO received_items (device_id, device_seq, outcome, received_at)
             SELECT ?1 || LPAD(CAST(n AS TEXT), 6, '0'), 1, '{}', ?3
             FROM generate_series(1, CAST(?2 AS BIGINT)) AS n",
            args![device, SLOTS_BETWEEN, now],
        )?;
        sql.execute(
            "INSERT INTO slot_identities (device_id, device_seq, identity)
             SELECT ?1 || LPAD(CAST(n AS TEXT), 6, '0'), 1, 'x'
             FROM generate_series(1, CAST(?2 AS BIGINT)) AS n",
            args![device, SLOTS_BETWEEN],
        )?;
        Ok(())
    })
    .unwrap();
}

/// One crew with one phone and one order it holds, stored and committed.
fn crew_with_order(backend: &dyn crate::db::backend::Backend, n: usize) -> (Pusher, OrderId) {
    let mut order: WorkOrder = fieldcrew_domain::demo::demo_orders(Utc::now()).remove(0);
    order.id = OrderId::new();
    let crew = format!("OVERLAP-{n}");
    order.assigned_crew = Some(crew.clone());
    run(backend, |sql| {
        insert_order(sql, &order)?;
        record_change(sql, &crew, order.id, None)
    })
    .unwrap();
    (Pusher { crew_code: crew, device_id: DeviceId::new(), token_hash: format!("{n:064}") }, order.id)
}

#[test]
fn pushes_of_two_crews_at_the_same_moment_are_not_run_again_on_postgres() {
    let Some((_db, postgres)) = open() else { return };
    let backend: &dyn crate::db::backend::Backend = &postgres;
    // Earlier events of another device (text ids below any UUIDv7 of now).
    run(backend, |sql| {
        sql.execute(
            "INSERT INTO events (id, order_id, device_id, device_seq, body, corrected_time,
                 time_corrected, flags, received_at)
             SELECT '0000' || LPAD(CAST(n AS TEXT), 8, '0'), 'old-order', 'old-device', n, '{}',
                 ?2, FALSE, '[]', ?2
             FROM generate_series(1, CAST(?1 AS BIGINT)) AS n",
            args![STORED_BEFORE, Utc::now()],
        )?;
        Ok(())
    })
    .unwrap();
    let thresholds = Thresholds::default();
    for pair in 0..PAIRS {
        let first = crew_with_order(backend, 2 * pair);
        slots_after(backend, first.0.device_id);
        let crews = [first, crew_with_order(backend, 2 * pair + 1)];
        // Each push, on its first run, waits after its reads and writes
        // until the other has made its own: both transactions are open
        // together, as under load, before either commits.
        let (ready_0, wait_0) = mpsc::channel::<()>();
        let (ready_1, wait_1) = mpsc::channel::<()>();
        let meets = [(ready_0, wait_1), (ready_1, wait_0)];
        std::thread::scope(|scope| {
            for ((pusher, order), (ready, wait)) in crews.iter().zip(meets) {
                let items = vec![note(pusher.device_id, *order, 1)];
                let thresholds = &thresholds;
                scope.spawn(move || {
                    let mut first = true;
                    let applied = run(backend, |sql| {
                        let applied = push::apply(sql, pusher, &items, &[], thresholds)?;
                        if std::mem::take(&mut first) {
                            let _ = ready.send(());
                            let _ = wait.recv_timeout(Duration::from_secs(5));
                        }
                        Ok(applied)
                    })
                    .unwrap();
                    assert_eq!(applied.response.acked_seq, 1, "{}'s note is stored", pusher.crew_code);
                });
            }
        });
    }
    let stored: i64 = run(backend, |sql| {
        Ok(sql.query_value::<i64>("SELECT COUNT(*) FROM events WHERE device_id <> 'old-device'", &[])?)
    })
    .unwrap();
    assert_eq!(stored, 2 * PAIRS as i64, "every note once");
    // One shared hash bucket in a pair may still meet (about 1 in 150
    // here); a B-tree page every push writes to meets in every pair.
    let reruns = postgres.reruns();
    assert!(reruns <= 1, "{reruns} of {PAIRS} overlapping pairs lost a serialization race and ran again");
}
