//! The store's side of syncing: pull pages with their cursor, orders that
//! leave the crew, pairing, clock samples and resumable uploads.

mod common;

use chrono::{Duration, TimeZone, Utc};
use common::*;
use fieldcrew_core::event::EventKind;
use fieldcrew_core::store::{
    ClockReading, KEPT_PER_BOOT, MediaState, Pairing, PulledChange, Removal, SignIn, Store,
};
use fieldcrew_core::{OrderId, RecordError};

fn pairing(crew: &str) -> Pairing {
    Pairing {
        token: format!("token-{crew}"),
        expires_at: Utc.with_ymd_and_hms(2027, 1, 1, 0, 0, 0).unwrap(),
        crew_code: crew.into(),
        crew_name: "抢修一班".into(),
    }
}

#[test]
fn a_pull_page_stores_its_orders_and_its_cursor_together() {
    let (dir, mut store) = open_store();
    assert_eq!(store.pull_cursor().unwrap(), 0);
    let (a, b) = (meter_order(), meter_order());
    store.apply_pull_page(&[PulledChange::Upsert(a.clone()), PulledChange::Upsert(b.clone())], 7).unwrap();
    drop(store);

    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.pull_cursor().unwrap(), 7);
    let mut ids: Vec<OrderId> = store.orders().unwrap().into_iter().map(|r| r.order.id).collect();
    ids.sort();
    let mut expected = vec![a.id, b.id];
    expected.sort();
    assert_eq!(ids, expected);
}

#[test]
fn an_updated_order_from_the_server_keeps_the_crews_own_progress() {
    let (_dir, mut store) = open_store();
    let mut order = meter_order();
    store.apply_pull_page(&[PulledChange::Upsert(order.clone())], 1).unwrap();
    store.record(order.id, EventKind::Arrived, "李师傅", evidence()).unwrap();
    order.fault_description = "表箱冒烟".into();
    store.apply_pull_page(&[PulledChange::Upsert(order.clone())], 2).unwrap();

    let row = store.order(order.id).unwrap().unwrap();
    assert_eq!(row.order.fault_description, "表箱冒烟");
    assert_eq!(row.state.event_count, 1);
    assert_eq!(store.events(order.id).unwrap().len(), 1);
}

#[test]
fn a_removed_order_with_unsynced_events_stays_visible_read_only_until_its_outbox_drains() {
    let (_dir, mut store) = open_store();
    let (kept, idle) = (meter_order(), meter_order());
    store
        .apply_pull_page(&[PulledChange::Upsert(kept.clone()), PulledChange::Upsert(idle.clone())], 1)
        .unwrap();
    store.record(kept.id, EventKind::Arrived, "李师傅", evidence()).unwrap();

    let removals = [
        PulledChange::Removed { order_id: kept.id, reason: Removal::Reassigned },
        PulledChange::Removed { order_id: idle.id, reason: Removal::Cancelled },
    ];
    store.apply_pull_page(&removals, 2).unwrap();

    let listed = store.orders().unwrap();
    assert_eq!(listed.len(), 1, "the order without unsynced items is hidden at once");
    assert_eq!(listed[0].order.id, kept.id);
    assert_eq!(listed[0].removed, Some(Removal::Reassigned));
    assert_eq!(listed[0].unsynced, 1);
    assert!(matches!(
        store.record(kept.id, EventKind::Restored, "李师傅", evidence()),
        Err(RecordError::OrderRemoved { reason: Removal::Reassigned, .. })
    ));
    assert_eq!(store.outbox_len().unwrap(), 1, "the refused event left no trace");

    let seq = store.outbox_pending(10).unwrap()[0].device_seq;
    store.ack_outbox(seq).unwrap();
    assert!(store.orders().unwrap().is_empty());
    assert_eq!(store.events(kept.id).unwrap().len(), 1, "hidden, not deleted");
}

#[test]
fn a_removed_order_with_a_photo_still_to_upload_stays_visible() {
    let (_dir, mut store) = open_store();
    let order = meter_order();
    store.apply_pull_page(&[PulledChange::Upsert(order.clone())], 1).unwrap();
    let photo = photo(&mut store, order.id, 3);
    store
        .apply_pull_page(&[PulledChange::Removed { order_id: order.id, reason: Removal::Cancelled }], 2)
        .unwrap();
    assert_eq!(store.orders().unwrap().len(), 1);
    store.finish_upload(photo.media).unwrap();
    assert!(store.orders().unwrap().is_empty());
}

#[test]
fn an_order_assigned_back_is_editable_again_and_an_unknown_removal_is_ignored() {
    let (_dir, mut store) = open_store();
    let order = meter_order();
    store.apply_pull_page(&[PulledChange::Upsert(order.clone())], 1).unwrap();
    store
        .apply_pull_page(&[PulledChange::Removed { order_id: order.id, reason: Removal::Reassigned }], 2)
        .unwrap();
    store.apply_pull_page(&[PulledChange::Upsert(order.clone())], 3).unwrap();
    assert_eq!(store.order(order.id).unwrap().unwrap().removed, None);
    store.record(order.id, EventKind::Arrived, "李师傅", evidence()).unwrap();

    let stranger = OrderId::new();
    store
        .apply_pull_page(&[PulledChange::Removed { order_id: stranger, reason: Removal::Cancelled }], 4)
        .unwrap();
    assert_eq!(store.order(stranger).unwrap(), None);
    assert_eq!(store.pull_cursor().unwrap(), 4);
}

#[test]
fn signing_out_forgets_the_token_but_keeps_unsynced_work() {
    let (_dir, mut store) = open_store();
    assert_eq!(store.pairing().unwrap(), None);
    store.set_pairing(&pairing("CREW-1")).unwrap();
    let order = meter_order();
    store.apply_pull_page(&[PulledChange::Upsert(order.clone())], 5).unwrap();
    store.record(order.id, EventKind::Arrived, "李师傅", evidence()).unwrap();
    assert_eq!(store.pairing().unwrap(), Some(pairing("CREW-1")));

    store.clear_token().unwrap();
    assert_eq!(store.pairing().unwrap(), None);
    assert_eq!(store.pairing_proof().unwrap(), Some(pairing("CREW-1").token), "kept to pair again");
    assert_eq!(store.outbox_len().unwrap(), 1);
    assert_eq!(store.orders().unwrap().len(), 1);
    assert_eq!(store.pull_cursor().unwrap(), 5);

    store.set_pairing(&pairing("CREW-1")).unwrap();
    assert_eq!(store.pull_cursor().unwrap(), 5, "same crew: continue where the pull was");
    store.set_pairing(&pairing("CREW-2")).unwrap();
    assert_eq!(store.pull_cursor().unwrap(), 0, "another crew's changes start from the beginning");
}

#[test]
fn the_sync_status_keeps_the_last_success_and_clears_the_error_on_success() {
    let (_dir, mut store) = open_store();
    let at = Utc.with_ymd_and_hms(2026, 11, 22, 8, 0, 0).unwrap();
    store.record_sync_success(at).unwrap();
    store.record_sync_error("offline").unwrap();
    let status = store.sync_status().unwrap();
    assert_eq!(status.last_success, Some(at));
    assert_eq!(status.last_error.as_deref(), Some("offline"));
    store.record_sync_success(at + Duration::minutes(1)).unwrap();
    assert_eq!(store.sync_status().unwrap().last_error, None);
}

#[test]
fn clock_samples_are_kept_per_boot_newest_few_oldest_first() {
    let (_dir, mut store) = open_store();
    let t0 = Utc.with_ymd_and_hms(2026, 11, 22, 8, 0, 0).unwrap();
    let sample = |boot: &str, i: u64| ClockReading {
        boot_id: boot.into(),
        sent_mono_ms: i * 1000,
        received_mono_ms: i * 1000 + 300,
        server_received: t0 + Duration::milliseconds(i as i64 * 1000 + 150),
        server_sent: t0 + Duration::milliseconds(i as i64 * 1000 + 151),
    };
    for i in 0..12 {
        store.add_clock_sample(&sample("boot-a", i)).unwrap();
    }
    store.add_clock_sample(&sample("boot-b", 0)).unwrap();

    let kept = store.clock_samples("boot-a").unwrap();
    assert_eq!(kept.len(), KEPT_PER_BOOT);
    assert_eq!(kept, (12 - KEPT_PER_BOOT as u64..12).map(|i| sample("boot-a", i)).collect::<Vec<_>>());
    assert_eq!(store.clock_samples("boot-b").unwrap(), vec![sample("boot-b", 0)]);
    assert!(store.clock_samples("boot-c").unwrap().is_empty());
}

#[test]
fn an_upload_url_and_offset_survive_a_restart_until_the_upload_finishes() {
    let (dir, mut store) = open_store();
    let order = meter_order();
    store.upsert_order(&order).unwrap();
    // Only media on record is uploaded: a damage record and its signature.
    store.record(order.id, EventKind::Arrived, "李师傅", evidence()).unwrap();
    let photo = photo(&mut store, order.id, 1);
    store.record(order.id, damage("外壳破损", true, vec![photo.clone()]), "李师傅", evidence()).unwrap();
    let signed = signature(&mut store, order.id, "外壳破损", true, std::slice::from_ref(&photo));
    let EventKind::CustomerSignature { image: signature, .. } = signed.clone() else { unreachable!() };
    store.record(order.id, signed, "李师傅", evidence()).unwrap();

    let pending = store.pending_uploads().unwrap();
    assert_eq!(pending.iter().map(|p| p.media.id).collect::<Vec<_>>(), vec![photo.media, signature]);
    assert_eq!(pending[0].upload_url, None);

    store.set_upload_url(photo.media, "http://server/v1/uploads/abc").unwrap();
    store.set_upload_offset(photo.media, 512).unwrap();
    drop(store);

    let mut store = Store::open(dir.path()).unwrap();
    let pending = store.pending_uploads().unwrap();
    assert_eq!(pending[0].upload_url.as_deref(), Some("http://server/v1/uploads/abc"));
    assert_eq!(pending[0].offset, 512);
    assert_eq!(pending[0].media.state, MediaState::Uploading);

    store.finish_upload(photo.media).unwrap();
    store.clear_upload_url(signature).unwrap();
    let pending = store.pending_uploads().unwrap();
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0].media.id, signature);
    assert_eq!(store.media(photo.media).unwrap().unwrap().state, MediaState::Uploaded);
}

#[test]
fn the_sign_in_survives_signing_out_so_the_next_pairing_is_prefilled() {
    let (_dir, mut store) = open_store();
    assert_eq!(store.sign_in().unwrap(), None);
    let sign_in = SignIn {
        server: "https://sync.example.cn".into(),
        crew_code: "CREW-1".into(),
        member_name: "李师傅".into(),
    };
    store.set_pairing(&pairing("CREW-1")).unwrap();
    store.set_sign_in(&sign_in).unwrap();
    store.clear_token().unwrap();
    assert_eq!(store.pairing().unwrap(), None);
    assert_eq!(store.sign_in().unwrap(), Some(sign_in));
}

#[test]
fn the_pairing_proof_is_the_current_token_else_the_one_kept_at_sign_out() {
    let (_dir, mut store) = open_store();
    assert_eq!(store.pairing_proof().unwrap(), None, "never paired: nothing to show");
    store.clear_token().unwrap();
    assert_eq!(store.pairing_proof().unwrap(), None, "signing out unpaired keeps nothing");
    store.set_pairing(&pairing("CREW-1")).unwrap();
    assert_eq!(store.pairing_proof().unwrap().as_deref(), Some("token-CREW-1"));
    store.clear_token().unwrap();
    store.clear_token().unwrap();
    assert_eq!(store.pairing_proof().unwrap().as_deref(), Some("token-CREW-1"), "a second sign-out keeps it");
    store.set_pairing(&pairing("CREW-2")).unwrap();
    assert_eq!(store.pairing_proof().unwrap().as_deref(), Some("token-CREW-2"));
}

#[test]
fn a_crew_is_told_once_when_an_order_is_cancelled_or_reassigned_away_and_the_notice_stays_until_read() {
    let (_dir, mut store) = open_store();
    let order = meter_order();
    store.apply_pull_page(&[PulledChange::Upsert(order.clone())], 1).unwrap();
    store.record(order.id, EventKind::Arrived, "李师傅", evidence()).unwrap();
    let never_had = fieldcrew_core::OrderId::new();
    let cancel = PulledChange::Removed { order_id: order.id, reason: Removal::Cancelled };
    store
        .apply_pull_page(
            &[cancel.clone(), PulledChange::Removed { order_id: never_had, reason: Removal::Cancelled }],
            2,
        )
        .unwrap();

    let notices = store.unread_notices().unwrap();
    assert_eq!(notices.len(), 1, "only orders the phone holds: {notices:?}");
    assert_eq!((notices[0].order_id, notices[0].reason), (order.id, Removal::Cancelled));
    assert_eq!(notices[0].number, order.number);
    assert_eq!(notices[0].unsynced, 1, "the arrival not uploaded yet stays and is said so");

    // Reopened after a restart: still unread.
    drop(store);
    let mut store = Store::open(_dir.path()).unwrap();
    assert_eq!(store.unread_notices().unwrap().len(), 1);
    store.mark_notice_read(order.id).unwrap();
    assert!(store.unread_notices().unwrap().is_empty());
    // A replayed pull page says nothing new.
    store.apply_pull_page(&[cancel], 3).unwrap();
    assert!(store.unread_notices().unwrap().is_empty());
    // Reassigned after all (a different removal): told again.
    store
        .apply_pull_page(&[PulledChange::Removed { order_id: order.id, reason: Removal::Reassigned }], 4)
        .unwrap();
    assert_eq!(store.unread_notices().unwrap()[0].reason, Removal::Reassigned);
}
