//! The phone lets go of long-settled orders, and only of those: records are
//! kept at least three months, and nothing the server lacks is ever dropped.

mod common;

use chrono::{Duration, Utc};
use common::*;
use fieldcrew_core::event::EventKind;
use fieldcrew_core::store::{KEEP_SETTLED_DAYS, MediaState, PulledChange, Purged, Removal, Store};
use fieldcrew_core::{OrderId, WorkOrder};

/// A meter order with a photo, restored, cleaned up and closed on the phone.
fn closed_order_with_photo(store: &mut Store, seed: u8) -> (WorkOrder, String) {
    let order = meter_order();
    store.apply_pull_page(&[PulledChange::Upsert(order.clone())], 1).unwrap();
    let photo = photo(store, order.id, seed);
    for kind in [
        EventKind::Arrived,
        EventKind::Note { text: "表计完好".into() },
        EventKind::Restored,
        all_ticked(true),
        EventKind::Closed,
    ] {
        store.record(order.id, kind, "李师傅", evidence()).unwrap();
    }
    (order, photo.sha256)
}

/// The server acknowledged every record and photo so far.
fn everything_synced(store: &mut Store, order: OrderId) {
    let last = store.outbox_pending(1000).unwrap().last().map(|i| i.device_seq);
    if let Some(seq) = last {
        store.ack_outbox(seq).unwrap();
    }
    for upload in store.pending_uploads().unwrap() {
        store.set_media_state(upload.media.id, MediaState::Uploaded).unwrap();
    }
    assert_eq!(store.order(order).unwrap().unwrap().unsynced, 0);
}

fn after(days: i64) -> chrono::DateTime<Utc> {
    Utc::now() + Duration::days(days)
}

#[test]
fn a_closed_and_synced_order_leaves_the_phone_after_three_months_with_its_photo() {
    let (dir, mut store) = open_store();
    let (order, sha) = closed_order_with_photo(&mut store, 1);
    everything_synced(&mut store, order.id);
    let open = meter_order();
    store.apply_pull_page(&[PulledChange::Upsert(open.clone())], 2).unwrap();

    assert_eq!(store.purge_settled(after(KEEP_SETTLED_DAYS - 1)).unwrap(), Purged::default());
    assert!(store.order(order.id).unwrap().is_some(), "kept during the three months");

    let purged = store.purge_settled(after(KEEP_SETTLED_DAYS + 1)).unwrap();
    assert_eq!(purged, Purged { orders: 1, media_files: 1 });
    assert!(store.order(order.id).unwrap().is_none());
    assert!(store.events(order.id).unwrap().is_empty());
    assert!(!dir.path().join("media").join(sha).exists());
    assert!(store.order(open.id).unwrap().is_some(), "an open order is never purged");
    store.integrity_check().unwrap();
}

#[test]
fn a_closed_order_the_server_has_not_fully_received_stays_however_old() {
    let (dir, mut store) = open_store();
    let (order, sha) = closed_order_with_photo(&mut store, 2);
    // Records acknowledged, the photo still waiting to upload.
    let last = store.outbox_pending(1000).unwrap().last().unwrap().device_seq;
    store.ack_outbox(last).unwrap();

    assert_eq!(store.purge_settled(after(365)).unwrap(), Purged::default());
    assert!(store.order(order.id).unwrap().is_some());
    assert!(dir.path().join("media").join(&sha).exists());
    assert_eq!(store.outbox_len().unwrap(), 0);
    assert_eq!(store.pending_uploads().unwrap().len(), 1);
}

#[test]
fn an_order_taken_away_from_the_crew_is_purged_once_drained_and_old() {
    let (_dir, mut store) = open_store();
    let order = meter_order();
    store.apply_pull_page(&[PulledChange::Upsert(order.clone())], 1).unwrap();
    store.record(order.id, EventKind::Acknowledged, "李师傅", evidence()).unwrap();
    store
        .apply_pull_page(&[PulledChange::Removed { order_id: order.id, reason: Removal::Reassigned }], 2)
        .unwrap();
    assert_eq!(store.purge_settled(after(KEEP_SETTLED_DAYS + 1)).unwrap().orders, 0, "its event is unsynced");

    everything_synced(&mut store, order.id);
    assert_eq!(store.purge_settled(after(KEEP_SETTLED_DAYS + 1)).unwrap().orders, 1);
}

#[test]
fn a_photo_file_shared_with_a_kept_order_stays() {
    let (dir, mut store) = open_store();
    let (old, sha) = closed_order_with_photo(&mut store, 3);
    everything_synced(&mut store, old.id);
    // The same bytes as evidence on an order still open.
    let open = meter_order();
    store.apply_pull_page(&[PulledChange::Upsert(open.clone())], 2).unwrap();
    let same = photo(&mut store, open.id, 3);
    assert_eq!(same.sha256, sha);

    let purged = store.purge_settled(after(KEEP_SETTLED_DAYS + 1)).unwrap();
    assert_eq!(purged, Purged { orders: 1, media_files: 0 });
    assert_eq!(store.read_media(same.media).unwrap().len(), 1004);
    assert!(dir.path().join("media").join(sha).exists());
}
