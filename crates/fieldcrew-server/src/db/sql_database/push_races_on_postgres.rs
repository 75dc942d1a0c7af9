//! Pushes in different lines racing on a real PostgreSQL, where a push runs
//! at READ COMMITTED behind its crew's lock: what the line does not order
//! must be kept by row locks and unique keys. Each push, on its first run,
//! waits after its reads and writes for the other to have made its own
//! (for at most a second): both are open together before either commits.
//! Skipped, saying so, without FIELDCREW_TEST_DATABASE_URL.

use super::{insert_order, load_order, push, record_change};
use crate::db::backend::postgres::scratch_backend as open;
use crate::db::backend::{Backend, run, run_in_line};
use crate::db::{AppliedPush, DbResult, IncomingItem, Pusher};
use chrono::Utc;
use fieldcrew_domain::clock::{DeviceClock, FixedClock};
use fieldcrew_domain::event::EventKind;
use fieldcrew_domain::{DeviceId, FieldEvent, OrderId, Thresholds, WorkOrder};
use fieldcrew_protocol::push::{PushBody, PushItem};
use fieldcrew_sql::args;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::Duration;

fn notes(device: DeviceId, order: OrderId, seqs: std::ops::Range<i64>) -> Vec<IncomingItem> {
    seqs.map(|seq| {
        let clock = FixedClock { now: Utc::now(), since_boot_ms: 60_000, boot_id: "boot-1".into() };
        let kind = EventKind::Note { text: format!("第{seq}条") };
        let event = FieldEvent::seal(order, kind, clock.evidence(None, None), "李师傅".into(), device, None);
        let body = PushBody::Event { event };
        let raw_json = serde_json::to_string(&PushItem { device_seq: seq, body: body.clone() }).unwrap();
        let body = Ok(body);
        let identity = crate::slot_identity::slot_identity(&body, &raw_json);
        IncomingItem { device_seq: seq, body, identity, raw_json }
    })
    .collect()
}

/// Two pushes, each in its pusher's crew line, held open together on
/// their first run; their answers.
fn push_together(backend: &dyn Backend, pushes: [(&Pusher, &[IncomingItem]); 2]) -> Vec<AppliedPush> {
    let (ready_0, wait_0) = channel::<()>();
    let (ready_1, wait_1) = channel::<()>();
    let meets: [(Sender<()>, Receiver<()>); 2] = [(ready_0, wait_1), (ready_1, wait_0)];
    let thresholds = Thresholds::default();
    std::thread::scope(|scope| {
        let running: Vec<_> = pushes
            .into_iter()
            .zip(meets)
            .map(|((pusher, items), (ready, wait))| {
                let thresholds = &thresholds;
                scope.spawn(move || -> DbResult<AppliedPush> {
                    let mut first = true;
                    run_in_line(backend, &pusher.crew_code, |sql| {
                        let applied = push::apply(sql, pusher, items, &[], thresholds)?;
                        if std::mem::take(&mut first) {
                            let _ = ready.send(());
                            let _ = wait.recv_timeout(Duration::from_secs(1));
                        }
                        Ok(applied)
                    })
                })
            })
            .collect();
        running.into_iter().map(|r| r.join().unwrap().unwrap()).collect()
    })
}

/// A handed-over order: both crews hold it and push onto it at once. Each
/// batch reads the order's state and writes it back advanced; unlocked,
/// the later write would lose the earlier one's events from the state.
#[test]
fn two_crews_pushing_onto_one_handed_over_order_at_once_both_count_on_postgres() {
    let Some((_db, backend)) = open() else { return };
    let mut order: WorkOrder = fieldcrew_domain::demo::demo_orders(Utc::now()).remove(0);
    order.id = OrderId::new();
    order.assigned_crew = Some("CREW-A".into());
    run(&backend, |sql| {
        insert_order(sql, &order)?;
        record_change(sql, "CREW-B", order.id, None)
    })
    .unwrap();
    let crew = |code: &str| Pusher {
        crew_code: code.into(),
        device_id: DeviceId::new(),
        token_hash: "ab".repeat(32),
    };
    let (a, b) = (crew("CREW-A"), crew("CREW-B"));
    let rounds = 3;
    for round in 0..rounds {
        let seqs = round * 4 + 1..round * 4 + 5;
        let (from_a, from_b) =
            (notes(a.device_id, order.id, seqs.clone()), notes(b.device_id, order.id, seqs));
        push_together(&backend, [(&a, &from_a), (&b, &from_b)]);
    }
    let (_, state, _) = run(&backend, |sql| load_order(sql, order.id)).unwrap().expect("the order is stored");
    assert_eq!(
        state.event_count,
        2 * 4 * rounds as u64,
        "every note of both crews counts in the order's state"
    );
}

/// One device's batch arriving twice at once under two crews (the phone was
/// paired again to another crew while its first push was still being
/// stored): stored once, and both answered the same.
#[test]
fn a_batch_racing_itself_under_two_crews_is_stored_once_and_answered_the_same_on_postgres() {
    let Some((_db, backend)) = open() else { return };
    let device = DeviceId::new();
    let first = Pusher { crew_code: "CREW-A".into(), device_id: device, token_hash: "ab".repeat(32) };
    let again = Pusher { crew_code: "CREW-B".into(), ..first.clone() };
    let items = notes(device, OrderId::new(), 1..6);
    let answers = push_together(&backend, [(&first, &items), (&again, &items)]);
    assert_eq!(answers[0].response.results, answers[1].response.results);
    let (events, slots): (i64, i64) = run(&backend, |sql| {
        let row = sql.query_one(
            "SELECT (SELECT COUNT(*) FROM events WHERE device_id = ?1),
                    (SELECT COUNT(*) FROM received_items WHERE device_id = ?1)",
            args![device.to_string()],
        )?;
        Ok((row.get(0)?, row.get(1)?))
    })
    .unwrap();
    assert_eq!((events, slots), (5, 5), "every item stored once");
}
