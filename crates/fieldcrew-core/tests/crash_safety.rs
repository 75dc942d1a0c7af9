//! A child process records orders, events and photos in a loop and is
//! killed with SIGKILL at random moments, 50 times. After each kill the store
//! must open, pass `PRAGMA integrity_check`, hold every write the child had
//! reported as committed, and every hash chain must verify.

mod common;
#[path = "common/killed_child.rs"]
mod killed_child;

use common::*;
use fieldcrew_core::event::EventKind;
use fieldcrew_core::store::MediaKind;
use fieldcrew_core::{EventId, MediaId, OrderId, Store};
use std::io::Write;

const CHILD_DIR_ENV: &str = "FIELDCREW_CRASH_CHILD_DIR";
const KILLS: usize = 50;

/// A write the child reported after its commit returned.
enum Committed {
    Event(OrderId, EventId),
    Media(MediaId, String),
}

fn parse(line: &str) -> Option<Committed> {
    let mut parts = line.split_whitespace();
    match parts.next()? {
        "event" => Some(Committed::Event(parts.next()?.parse().ok()?, parts.next()?.parse().ok()?)),
        "media" => Some(Committed::Media(parts.next()?.parse().ok()?, parts.next()?.to_string())),
        _ => None,
    }
}

#[test]
fn killed_mid_write_the_store_keeps_every_committed_record() {
    let dir = tempfile::tempdir().unwrap();
    let mut reported = Vec::new();
    for round in 0..KILLS {
        let lines = killed_child::run_and_kill("crash_child", CHILD_DIR_ENV, dir.path(), 20..300);
        reported.extend(lines.iter().filter_map(|l| parse(l)));

        let store =
            Store::open(dir.path()).unwrap_or_else(|e| panic!("round {round}: store does not open: {e}"));
        store.integrity_check().unwrap_or_else(|e| panic!("round {round}: {e}"));
        for write in &reported {
            match write {
                Committed::Event(order, event) => {
                    let events = store.events(*order).unwrap();
                    assert!(events.iter().any(|e| e.id == *event), "round {round}: event {event} lost");
                }
                Committed::Media(id, sha256) => {
                    assert_eq!(store.media(*id).unwrap().expect("media row lost").sha256, *sha256);
                    store.read_media(*id).unwrap_or_else(|e| panic!("round {round}: media {id}: {e}"));
                }
            }
        }
        for row in store.orders().unwrap() {
            assert_eq!(store.verify_chain(row.order.id).unwrap(), Ok(()), "round {round}");
            // Every event has its outbox row: the two commit together.
            assert_eq!(row.unsynced as u64, row.state.event_count, "round {round}");
        }
    }
    let events = reported.iter().filter(|w| matches!(w, Committed::Event(..))).count();
    assert!(events > KILLS, "the child committed only {events} events: the test exercised too little");
}

/// The child side: runs only when the parent sets the data dir.
#[test]
#[ignore = "run by killed_mid_write_the_store_keeps_every_committed_record"]
fn crash_child() {
    let Some(dir) = std::env::var_os(CHILD_DIR_ENV) else { return };
    let mut store = Store::open(&dir).unwrap();
    let mut out = std::io::stdout().lock();
    loop {
        let order = meter_order();
        store.upsert_order(&order).unwrap();
        let arrived = store.record(order.id, EventKind::Arrived, "李师傅", evidence()).unwrap();
        writeln!(out, "event {} {}", order.id, arrived.id).unwrap();
        for i in 0..20u32 {
            if i % 5 == 4 {
                let bytes: Vec<u8> = (0..64 * 1024).map(|_| fastrand::u8(..)).collect();
                let row = store.put_media(Some(order.id), MediaKind::Photo, "image/jpeg", &bytes).unwrap();
                writeln!(out, "media {} {}", row.id, row.sha256).unwrap();
            }
            let kind = EventKind::SiteReport { text: format!("现场情况第{i}次报告") };
            let event = store.record(order.id, kind, "李师傅", evidence()).unwrap();
            writeln!(out, "event {} {}", order.id, event.id).unwrap();
        }
    }
}
