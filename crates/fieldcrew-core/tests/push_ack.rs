//! A pushed batch's answer is written in one transaction: the items the
//! server acknowledged leave the outbox, refusals are remembered, and the
//! answer's clock sample is kept, all or nothing, and all after a restart.

mod common;

use chrono::{TimeZone, Utc};
use common::*;
use fieldcrew_core::event::EventKind;
use fieldcrew_core::store::{ClockReading, Store};

#[test]
fn an_acknowledged_batch_leaves_the_outbox_with_its_clock_sample_kept() {
    let (dir, mut store) = open_store();
    let order = meter_order();
    store.upsert_order(&order).unwrap();
    for kind in [EventKind::Acknowledged, EventKind::Departed, EventKind::Arrived] {
        store.record(order.id, kind, "李师傅", evidence()).unwrap();
    }
    let pending = store.outbox_pending(10).unwrap();
    assert_eq!(pending.len(), 3);
    let t0 = Utc.with_ymd_and_hms(2026, 12, 7, 8, 0, 0).unwrap();
    let sample = ClockReading {
        boot_id: "boot-push".into(),
        sent_mono_ms: 5_000,
        received_mono_ms: 5_040,
        server_received: t0,
        server_sent: t0 + chrono::Duration::milliseconds(3),
    };
    // The server took the first two and refused the second for good.
    let (first, second) = (pending[0].device_seq, pending[1].device_seq);
    store.ack_push(second, &[(second, "unreadable item")], Some(&sample)).unwrap();
    drop(store);

    let store = Store::open(dir.path()).unwrap();
    let left = store.outbox_pending(10).unwrap();
    assert_eq!(left.iter().map(|i| i.device_seq).collect::<Vec<_>>(), vec![pending[2].device_seq]);
    assert!(left.iter().all(|i| i.device_seq != first));
    assert_eq!(store.refused_count().unwrap(), 1);
    assert_eq!(store.clock_samples("boot-push").unwrap(), vec![sample]);
}
