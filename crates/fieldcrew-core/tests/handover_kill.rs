//! A child process writes shift handovers and acknowledges them in a loop,
//! each write twice (a double tap), and is killed with SIGKILL at random
//! moments. After each kill the store opens and passes its integrity check,
//! and every handover and acknowledgment the child reported as committed is
//! queued for the server exactly once.

#[path = "common/killed_child.rs"]
mod killed_child;

use chrono::Utc;
use fieldcrew_core::handover::{Handover, HandoverAck, OpenProblem};
use fieldcrew_core::store::{OutboxKind, Store};
use std::collections::HashMap;
use std::io::Write;
use uuid::Uuid;

const CHILD_DIR_ENV: &str = "FIELDCREW_HANDOVER_CHILD_DIR";
const KILLS: usize = 20;

#[test]
fn killed_mid_write_every_reported_handover_and_acknowledgment_is_queued_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut reported: Vec<(String, Uuid)> = Vec::new();
    for round in 0..KILLS {
        let lines = killed_child::run_and_kill("handover_child", CHILD_DIR_ENV, dir.path(), 20..300);
        for line in lines {
            // The test harness prints its own lines too.
            if let Some((kind @ ("handover" | "ack"), id)) = line.split_once(' ') {
                reported.push((kind.to_string(), id.parse().unwrap()));
            }
        }

        let store =
            Store::open(dir.path()).unwrap_or_else(|e| panic!("round {round}: store does not open: {e}"));
        store.integrity_check().unwrap_or_else(|e| panic!("round {round}: {e}"));
        // Keyed by (is an acknowledgment, handover id).
        let mut queued: HashMap<(bool, Uuid), usize> = HashMap::new();
        for item in store.outbox_pending(1_000_000).unwrap() {
            let id = match item.kind {
                OutboxKind::Handover => serde_json::from_str::<Handover>(&item.payload).unwrap().id,
                OutboxKind::HandoverAck => {
                    serde_json::from_str::<HandoverAck>(&item.payload).unwrap().handover_id
                }
                _ => continue,
            };
            *queued.entry((item.kind == OutboxKind::HandoverAck, id)).or_default() += 1;
        }
        for (kind, id) in &reported {
            assert_eq!(queued.get(&(kind == "ack", *id)), Some(&1), "round {round}: {kind} {id}");
        }
        assert!(queued.values().all(|n| *n == 1), "round {round}: a record queued twice");
    }
    eprintln!("{} handover records reported over {KILLS} kills", reported.len());
    assert!(reported.len() > KILLS, "the child committed only {} records", reported.len());
}

/// The child side: runs only when the parent sets the data dir.
#[test]
#[ignore = "run by killed_mid_write_every_reported_handover_and_acknowledgment_is_queued_once"]
fn handover_child() {
    let Some(dir) = std::env::var_os(CHILD_DIR_ENV) else { return };
    let mut store = Store::open(&dir).unwrap();
    let mut out = std::io::stdout().lock();
    loop {
        let handover = Handover {
            id: Uuid::now_v7(),
            crew_code: "CREW-1".into(),
            written_by: "张伟".into(),
            written_at: Utc::now(),
            summary: "夜班处理故障2起".into(),
            problems: vec![OpenProblem {
                id: Uuid::now_v7(),
                text: "拉线松动待紧固".into(),
                order_id: None,
                order_number: None,
                equipment: Some("3号杆".into()),
            }],
            closed: vec![],
        };
        store.write_handover(&handover).unwrap();
        store.write_handover(&handover).unwrap();
        writeln!(out, "handover {}", handover.id).unwrap();
        let ack = HandoverAck {
            handover_id: handover.id,
            acknowledged_by: "李强".into(),
            acknowledged_at: Utc::now(),
        };
        store.acknowledge_handover(&ack).unwrap();
        store.acknowledge_handover(&ack).unwrap();
        writeln!(out, "ack {}", handover.id).unwrap();
    }
}
