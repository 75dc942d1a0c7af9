//! The phone lets go of long-settled orders, and only of those: records are
//! kept at least three months, and nothing the server lacks is ever dropped.

mod common;

use chrono::{Duration, Utc};
use common::*;
use fieldcrew_core::event::EventKind;
use fieldcrew_core::store::{KEEP_SETTLED_DAYS, MediaState, PulledChange, Purged, Removal, Store};
use fieldcrew_core::{OrderId, WorkOrder};

/// A meter order with a signed damage record and its photo, restored,
/// cleaned up and closed on the phone.
fn closed_order_with_photo(store: &mut Store, seed: u8) -> (WorkOrder, String) {
    let order = meter_order();
    store.apply_pull_page(&[PulledChange::Upsert(order.clone())], 1).unwrap();
    store.record(order.id, EventKind::Arrived, "李师傅", evidence()).unwrap();
    let photo = photo(store, order.id, seed);
    let photos = std::slice::from_ref(&photo);
    store.record(order.id, damage("外壳破损", true, photos.to_vec()), "李师傅", evidence()).unwrap();
    let signed = signature(store, order.id, "外壳破损", true, photos);
    for kind in [signed, EventKind::Restored, all_ticked(true), EventKind::Closed] {
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
    assert_eq!(purged, Purged { orders: 1, media_files: 2 }, "the photo and the signature image");
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
    assert_eq!(store.pending_uploads().unwrap().len(), 2, "the photo and the signature image");
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
    assert_eq!(purged, Purged { orders: 1, media_files: 1 }, "only the signature image goes");
    assert_eq!(store.read_media(same.media).unwrap().len(), 1004);
    assert!(dir.path().join("media").join(sha).exists());
}

#[test]
fn an_order_with_a_record_the_server_refused_stays_on_the_phone() {
    let (_dir, mut store) = open_store();
    let (refused, _) = closed_order_with_photo(&mut store, 4);
    let (stored, _) = closed_order_with_photo(&mut store, 5);
    let items = store.outbox_pending(1000).unwrap();
    let refused_seq = items.iter().find(|i| i.order_id == Some(refused.id)).unwrap().device_seq;
    // The server answered one record "rejected permanently" (e.g. an app
    // newer than the server): that record exists only on this phone.
    store
        .ack_outbox_with_refusals(items.last().unwrap().device_seq, &[(refused_seq, "unreadable item")])
        .unwrap();
    everything_synced(&mut store, stored.id);
    assert_eq!(store.refused_count().unwrap(), 1);

    let purged = store.purge_settled(after(KEEP_SETTLED_DAYS + 1)).unwrap();
    assert_eq!(purged.orders, 1, "only the order the server fully holds leaves");
    assert!(store.order(stored.id).unwrap().is_none());
    assert!(store.order(refused.id).unwrap().is_some());
    assert_eq!(store.refused_count().unwrap(), 1, "the refused record is still here");
}

#[test]
fn a_purged_order_replayed_by_a_later_pull_does_not_come_back() {
    let (_dir, mut store) = open_store();
    let (order, _) = closed_order_with_photo(&mut store, 6);
    everything_synced(&mut store, order.id);
    assert_eq!(store.purge_settled(after(KEEP_SETTLED_DAYS + 1)).unwrap().orders, 1);

    // Pairing with another crew and back replays the crew's history from 0.
    store.apply_pull_page(&[PulledChange::Upsert(order.clone())], 1).unwrap();
    assert!(store.order(order.id).unwrap().is_none());
    store.integrity_check().unwrap();
}
