//! The push path and the change feed on a real PostgreSQL, through the
//! same functions the SQLite file uses: what PostgreSQL reads back as its
//! own types, and the order in which concurrent change rows become
//! visible. Skipped, saying so, without FIELDCREW_TEST_DATABASE_URL
//! (scripts/postgres.sh prints one).

use super::{load_order, push, record_change, slot_conflicts};
use crate::db::backend::postgres::scratch_backend as open;
use crate::db::backend::{run, run_in_line};
use crate::db::{IncomingItem, Pusher, SlotConflict};
use chrono::{SubsecRound, Utc};
use fieldcrew_domain::clock::{DeviceClock, FixedClock};
use fieldcrew_domain::event::{EventKind, Fix};
use fieldcrew_domain::{DeviceId, FieldEvent, OrderId, Thresholds, WorkOrder};
use fieldcrew_protocol::push::{Flag, Outcome, PushBody, PushItem};
use fieldcrew_sql::args;
use std::time::{Duration, Instant};

/// An item as the push handler reads it off the wire.
fn incoming(device_seq: i64, body: Result<PushBody, String>) -> IncomingItem {
    let raw_json = match &body {
        Ok(body) => serde_json::to_string(&PushItem { device_seq, body: body.clone() }).unwrap(),
        Err(_) => format!(r#"{{"device_seq":{device_seq},"body":"?"}}"#),
    };
    let identity = crate::slot_identity::slot_identity(&body, &raw_json);
    IncomingItem { device_seq, body, identity, raw_json }
}

fn event(device: DeviceId, order: OrderId, kind: EventKind, prev: Option<&FieldEvent>) -> FieldEvent {
    let clock = FixedClock { now: Utc::now(), since_boot_ms: 60_000, boot_id: "boot-1".into() };
    let fix = Fix { lat: 30.5928, lon: 114.3055, accuracy_m: 10.0, mock: false };
    FieldEvent::seal(
        order,
        kind,
        clock.evidence(Some(fix), None),
        "李师傅".into(),
        device,
        prev.map(|p| p.hash.clone()),
    )
}

fn field_order() -> WorkOrder {
    let mut order = fieldcrew_domain::demo::demo_orders(Utc::now()).remove(0);
    order.id = OrderId::new();
    order.assigned_crew = None;
    order
}

fn refused(outcome: &Outcome) -> bool {
    matches!(outcome, Outcome::RejectedPermanently { .. })
}

#[test]
fn a_push_batch_is_stored_once_and_answered_the_same_again_on_postgres() {
    let Some((_db, backend)) = open() else { return };
    let device = DeviceId::new();
    let pusher = Pusher { crew_code: "CREW-1".into(), device_id: device, token_hash: "ab".repeat(32) };
    let order = field_order();
    let acknowledged = event(device, order.id, EventKind::Acknowledged, None);
    let arrived = event(device, order.id, EventKind::Arrived, Some(&acknowledged));
    let items = vec![
        incoming(1, Ok(PushBody::Order { order: order.clone() })),
        incoming(2, Ok(PushBody::Event { event: acknowledged.clone() })),
        incoming(3, Ok(PushBody::Event { event: arrived.clone() })),
        incoming(4, Err("unreadable item: expected a body".into())),
    ];
    let thresholds = Thresholds::default();
    let first = run(&backend, |sql| push::apply(sql, &pusher, &items, &[], &thresholds)).unwrap();
    let outcomes: Vec<_> = first.response.results.iter().map(|r| &r.outcome).collect();
    assert_eq!(outcomes.iter().map(|o| refused(o)).collect::<Vec<_>>(), [false, false, false, true]);
    // No day's check before the arrival: flagged, never refused.
    assert!(
        matches!(outcomes[2], Outcome::AcceptedWithFlags { flags } if flags.contains(&Flag::NoDailyCheck))
    );
    assert_eq!(first.response.acked_seq, 4);

    // The same batch again (its answer was lost): the same answers, nothing stored twice.
    let again = run(&backend, |sql| push::apply(sql, &pusher, &items, &[], &thresholds)).unwrap();
    assert_eq!(again.response.results, first.response.results);
    let (stored, state) = run(&backend, |sql| {
        let (stored, state, _) = load_order(sql, order.id)?.expect("the field order is stored");
        Ok((stored, state))
    })
    .unwrap();
    assert_eq!(stored.assigned_crew.as_deref(), Some("CREW-1"));
    assert_eq!(state.event_count, 2, "both events count, once");
    assert_eq!(state.last_hash.as_deref(), Some(arrived.hash.as_str()));
    let (events, changes): (i64, i64) = run(&backend, |sql| {
        let row = sql.query_one(
            "SELECT (SELECT COUNT(*) FROM events WHERE order_id = ?1),
                    (SELECT COUNT(*) FROM order_changes WHERE order_id = ?1)",
            args![order.id.to_string()],
        )?;
        Ok((row.get(0)?, row.get(1)?))
    })
    .unwrap();
    assert_eq!((events, changes), (2, 1));

    // Another item for a taken slot is kept for review and refused.
    let note = event(device, order.id, EventKind::Note { text: "换了一部手机".into() }, Some(&arrived));
    let other = vec![incoming(2, Ok(PushBody::Event { event: note }))];
    let conflict = run(&backend, |sql| push::apply(sql, &pusher, &other, &[], &thresholds)).unwrap();
    assert!(refused(&conflict.response.results[0].outcome));
    let kept = run(&backend, |sql| slot_conflicts::of_device(sql, device)).unwrap();
    // TIMESTAMPTZ keeps microseconds (the SQLite file's text keeps nanoseconds).
    let answered: Vec<_> = conflict
        .conflicts
        .iter()
        .map(|c| SlotConflict { received_at: c.received_at.trunc_subsecs(6), ..c.clone() })
        .collect();
    assert_eq!(kept, answered);
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].held_identity, items[1].identity);
}

/// Phones read `order_changes.seq` as a cursor: a row must never become
/// visible before a row with a smaller seq that is still to commit, or a
/// phone that read the larger one would never see the smaller.
#[test]
fn change_rows_become_visible_in_seq_order_on_postgres() {
    let Some((_db, backend)) = open() else { return };
    let (first_order, second_order) = (OrderId::new(), OrderId::new());
    let (recorded, wait_recorded) = std::sync::mpsc::channel();
    std::thread::scope(|scope| {
        let backend = &backend;
        // Takes the smaller seq, then holds its transaction open.
        let slow = scope.spawn(move || {
            run(backend, |sql| {
                record_change(sql, "CREW-1", first_order, None)?;
                let _ = recorded.send(());
                std::thread::sleep(Duration::from_millis(1500));
                Ok(())
            })
        });
        wait_recorded.recv().unwrap();
        let fast = scope.spawn(move || run(backend, |sql| record_change(sql, "CREW-1", second_order, None)));
        // Until the slow one commits, the fast one waits for the lock
        // rather than committing the larger seq first.
        let deadline = Instant::now() + Duration::from_secs(1);
        let mut waiting = false;
        while !waiting && Instant::now() < deadline {
            waiting = run(backend, |sql| {
                Ok(sql.query_value::<bool>(
                    "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted)",
                    &[],
                )?)
            })
            .unwrap();
            std::thread::sleep(Duration::from_millis(20));
        }
        let visible =
            run(backend, |sql| Ok(sql.query_value::<i64>("SELECT COUNT(*) FROM order_changes", &[])?))
                .unwrap();
        assert_eq!(visible, 0, "no change row is visible while the smaller seq is uncommitted");
        assert!(waiting, "the second writer waits for the first");
        slow.join().unwrap().unwrap();
        fast.join().unwrap().unwrap();
    });
    let rows = run(&backend, |sql| {
        Ok(sql
            .query_map("SELECT order_id FROM order_changes ORDER BY seq", &[], |row| row.get::<String>(0))?)
    })
    .unwrap();
    assert_eq!(rows, [first_order.to_string(), second_order.to_string()]);
}

/// A crew's phones pushing notes onto one order at once: each push waits
/// for the one ahead instead of losing a serialization race and running
/// again, and every note is stored once.
#[test]
fn a_crew_s_phones_pushing_onto_one_order_at_once_wait_in_line_on_postgres() {
    let Some((_db, backend)) = open() else { return };
    let thresholds = Thresholds::default();
    let order = field_order();
    let first =
        Pusher { crew_code: "CREW-1".into(), device_id: DeviceId::new(), token_hash: "ab".repeat(32) };
    let created = vec![incoming(1, Ok(PushBody::Order { order: order.clone() }))];
    run(&backend, |sql| push::apply(sql, &first, &created, &[], &thresholds)).unwrap();

    let (phones, batches, notes) = (6, 8, 5);
    std::thread::scope(|s| {
        for _ in 0..phones {
            let (backend, order, thresholds) = (&backend, &order, &thresholds);
            s.spawn(move || {
                let device = DeviceId::new();
                let pusher =
                    Pusher { crew_code: "CREW-1".into(), device_id: device, token_hash: "cd".repeat(32) };
                let mut last: Option<FieldEvent> = None;
                for batch in 0..batches {
                    let items: Vec<_> = (0..notes)
                        .map(|n| {
                            let kind = EventKind::Note { text: format!("第{batch}批第{n}条") };
                            let note = event(device, order.id, kind, last.as_ref());
                            last = Some(note.clone());
                            incoming((batch * notes + n + 1) as i64, Ok(PushBody::Event { event: note }))
                        })
                        .collect();
                    let pushed = run_in_line(backend, "CREW-1", |sql| {
                        push::apply(sql, &pusher, &items, &[], thresholds)
                    })
                    .unwrap();
                    assert!(pushed.response.results.iter().all(|r| !refused(&r.outcome)));
                }
            });
        }
    });
    let stored: i64 = run(&backend, |sql| {
        Ok(sql.query_value("SELECT COUNT(*) FROM events WHERE order_id = ?1", args![order.id.to_string()])?)
    })
    .unwrap();
    assert_eq!(stored, (phones * batches * notes) as i64, "every note once");
    assert_eq!(backend.reruns(), 0, "no push lost a race and ran again");
}
