//! A photo the server refuses for good (not a photo, too large, not the
//! crew's order) stays on the phone, is not offered for upload again, does
//! not hold back the other files, and keeps its order from being purged.

mod common;

use chrono::{Duration, Utc};
use common::*;
use fieldcrew_core::event::EventKind;
use fieldcrew_core::store::{KEEP_SETTLED_DAYS, MediaState, PulledChange, Store};

#[test]
fn a_refused_photo_is_kept_with_its_reason_not_retried_and_its_order_never_purged() {
    let (dir, mut store) = open_store();
    let order = meter_order();
    store.apply_pull_page(&[PulledChange::Upsert(order.clone())], 1).unwrap();
    store.record(order.id, EventKind::Arrived, "李师傅", evidence()).unwrap();
    let photo = photo(&mut store, order.id, 3);
    let photos = std::slice::from_ref(&photo);
    store.record(order.id, damage("外壳破损", true, photos.to_vec()), "李师傅", evidence()).unwrap();
    let signed = signature(&mut store, order.id, "外壳破损", true, photos);
    let EventKind::CustomerSignature { image: signature, .. } = signed.clone() else { unreachable!() };
    for kind in [signed, EventKind::Restored, all_ticked(true), EventKind::Closed] {
        store.record(order.id, kind, "李师傅", evidence()).unwrap();
    }
    let last = store.outbox_pending(1000).unwrap().last().map(|i| i.device_seq).unwrap();
    store.ack_outbox(last).unwrap();
    store.set_upload_url(photo.media, "http://server/v1/uploads/abc").unwrap();

    store.refuse_upload(photo.media, "415: the file is a PNG image, not a JPEG").unwrap();
    let pending: Vec<_> = store.pending_uploads().unwrap().into_iter().map(|p| p.media.id).collect();
    assert_eq!(pending, vec![signature], "the signature still goes up, the photo does not");
    drop(store);

    let mut store = Store::open(dir.path()).unwrap();
    let refused = store.refused_uploads().unwrap();
    assert_eq!(refused.len(), 1);
    assert_eq!(refused[0].media.id, photo.media);
    assert_eq!(refused[0].reason, "415: the file is a PNG image, not a JPEG");
    assert!(store.read_media(photo.media).is_ok(), "the file is still on the phone");

    store.set_media_state(signature, MediaState::Uploaded).unwrap();
    let purged = store.purge_settled(Utc::now() + Duration::days(KEEP_SETTLED_DAYS * 4)).unwrap();
    assert_eq!(purged.orders, 0, "an order with evidence the server lacks stays");
    assert!(store.order(order.id).unwrap().is_some());
    assert!(store.read_media(photo.media).is_ok());
}

#[test]
fn refusing_an_uploaded_file_changes_nothing() {
    let (_dir, mut store) = open_store();
    let order = meter_order();
    store.apply_pull_page(&[PulledChange::Upsert(order.clone())], 1).unwrap();
    store.record(order.id, EventKind::Arrived, "李师傅", evidence()).unwrap();
    let photo = photo(&mut store, order.id, 4);
    store.record(order.id, damage("外壳破损", true, vec![photo.clone()]), "李师傅", evidence()).unwrap();
    store.finish_upload(photo.media).unwrap();
    store.refuse_upload(photo.media, "403: not yours").unwrap();
    assert!(store.refused_uploads().unwrap().is_empty());
    assert_eq!(store.media(photo.media).unwrap().unwrap().state, MediaState::Uploaded);
}

#[test]
fn the_crew_can_put_refused_files_back_in_the_queue() {
    let (_dir, mut store) = open_store();
    let order = meter_order();
    store.apply_pull_page(&[PulledChange::Upsert(order.clone())], 1).unwrap();
    store.record(order.id, EventKind::Arrived, "李师傅", evidence()).unwrap();
    let photo = photo(&mut store, order.id, 5);
    store.record(order.id, damage("外壳破损", true, vec![photo.clone()]), "李师傅", evidence()).unwrap();
    store.refuse_upload(photo.media, "403: order of another crew").unwrap();
    assert!(store.pending_uploads().unwrap().is_empty());

    assert_eq!(store.retry_refused_uploads().unwrap(), 1);
    assert!(store.refused_uploads().unwrap().is_empty());
    let pending = store.pending_uploads().unwrap();
    assert_eq!(pending.len(), 1);
    assert_eq!((pending[0].media.id, pending[0].upload_url.clone()), (photo.media, None), "created afresh");
}
