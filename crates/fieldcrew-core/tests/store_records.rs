//! What the device store promises: events chained and queued atomically,
//! media durable and addressed by hash, bad input refused without a trace.

mod common;

use common::*;
use fieldcrew_core::event::{EventKind, Fix};
use fieldcrew_core::store::{MediaKind, OutboxKind, StoreError};
use fieldcrew_core::{OrderId, RecordError, Store};

#[test]
fn a_recorded_event_is_chained_stored_and_queued_for_the_server() {
    let (_dir, mut store) = open_store();
    let order = meter_order();
    store.upsert_order(&order).unwrap();
    let arrived = store.record(order.id, EventKind::Arrived, "李师傅", evidence()).unwrap();
    let report = store
        .record(order.id, EventKind::SiteReport { text: "表箱烧黑".into() }, "李师傅", evidence())
        .unwrap();

    assert_eq!(arrived.prev_hash, None);
    assert_eq!(report.prev_hash.as_deref(), Some(arrived.hash.as_str()));
    assert_eq!(store.events(order.id).unwrap(), vec![arrived.clone(), report.clone()]);
    assert_eq!(store.verify_chain(order.id).unwrap(), Ok(()));

    let queued = store.outbox_pending(10).unwrap();
    assert_eq!(queued.len(), 2);
    assert_eq!(queued[0].kind, OutboxKind::Event);
    assert_eq!(queued[0].event_id, Some(arrived.id));
    assert!(queued[0].device_seq < queued[1].device_seq);
    assert_eq!(store.order(order.id).unwrap().unwrap().unsynced, 2);
}

#[test]
fn acknowledged_items_leave_the_outbox_and_the_order_shows_synced() {
    let (_dir, mut store) = open_store();
    let order = meter_order();
    store.upsert_order(&order).unwrap();
    store.record(order.id, EventKind::Arrived, "李师傅", evidence()).unwrap();
    store.record(order.id, EventKind::Restored, "李师傅", evidence()).unwrap();
    let first = store.outbox_pending(10).unwrap()[0].device_seq;
    store.ack_outbox(first).unwrap();
    assert_eq!(store.outbox_len().unwrap(), 1);
    store.ack_outbox(first + 1).unwrap();
    assert_eq!(store.order(order.id).unwrap().unwrap().unsynced, 0);
}

#[test]
fn a_field_created_order_is_queued_with_its_own_id() {
    let (_dir, mut store) = open_store();
    let mut order = meter_order();
    order.source = fieldcrew_core::order::OrderSource::Field;
    store.create_field_order(&order).unwrap();
    let queued = store.outbox_pending(10).unwrap();
    assert_eq!(queued.len(), 1);
    assert_eq!(queued[0].kind, OutboxKind::Order);
    assert!(queued[0].payload.contains(&order.id.to_string()));
    assert!(matches!(store.create_field_order(&order), Err(RecordError::DuplicateOrder(_))));
    assert_eq!(store.outbox_len().unwrap(), 1);
}

#[test]
fn an_update_from_dispatch_keeps_the_crews_progress() {
    let (_dir, mut store) = open_store();
    let mut order = meter_order();
    store.upsert_order(&order).unwrap();
    store.record(order.id, EventKind::Arrived, "李师傅", evidence()).unwrap();
    order.fault_description = "整户停电，表箱冒烟".into();
    store.upsert_order(&order).unwrap();
    let row = store.order(order.id).unwrap().unwrap();
    assert_eq!(row.order.fault_description, "整户停电，表箱冒烟");
    assert!(row.state.arrived_at.is_some());
}

#[test]
fn an_event_for_an_unknown_order_is_refused_and_changes_nothing() {
    let (_dir, mut store) = open_store();
    let unknown = OrderId::new();
    assert!(matches!(
        store.record(unknown, EventKind::Arrived, "李师傅", evidence()),
        Err(RecordError::UnknownOrder(id)) if id == unknown
    ));
    assert_eq!(store.outbox_len().unwrap(), 0);
}

#[test]
fn oversize_text_is_refused_and_changes_nothing() {
    let (_dir, mut store) = open_store();
    let order = meter_order();
    store.upsert_order(&order).unwrap();
    store.record(order.id, EventKind::Arrived, "李师傅", evidence()).unwrap();
    let before = store.events(order.id).unwrap();
    let huge = "电".repeat(store.thresholds().max_text_chars + 1);
    assert!(matches!(
        store.record(order.id, EventKind::SiteReport { text: huge }, "李师傅", evidence()),
        Err(RecordError::TextTooLong { field: "text", .. })
    ));
    assert_eq!(store.events(order.id).unwrap(), before);
    assert_eq!(store.outbox_len().unwrap(), 1);
}

#[test]
fn an_impossible_position_or_empty_author_is_refused() {
    let (_dir, mut store) = open_store();
    let order = meter_order();
    store.upsert_order(&order).unwrap();
    let mut bad = evidence();
    bad.fix = Some(Fix { lat: 95.0, lon: 0.0, accuracy_m: 5.0, mock: false });
    assert!(matches!(
        store.record(order.id, EventKind::Arrived, "李师傅", bad),
        Err(RecordError::InvalidFix)
    ));
    let mut nan = evidence();
    nan.fix = Some(Fix { lat: 30.0, lon: 114.0, accuracy_m: f64::NAN, mock: false });
    assert!(matches!(
        store.record(order.id, EventKind::Arrived, "李师傅", nan),
        Err(RecordError::InvalidFix)
    ));
    assert!(matches!(
        store.record(order.id, EventKind::Arrived, " ", evidence()),
        Err(RecordError::EmptyText(_))
    ));
    assert!(store.events(order.id).unwrap().is_empty());
}

#[test]
fn a_damage_record_naming_a_missing_or_different_photo_is_refused() {
    let (_dir, mut store) = open_store();
    let order = meter_order();
    store.upsert_order(&order).unwrap();
    store.record(order.id, EventKind::Arrived, "李师傅", evidence()).unwrap();
    let mut real = photo(&mut store, order.id, 9);
    let mut forged = real.clone();
    forged.sha256 = "a".repeat(64);
    assert!(matches!(
        store.record(order.id, damage("外壳破损", true, vec![forged]), "李师傅", evidence()),
        Err(RecordError::MediaHashMismatch(_))
    ));
    real.media = fieldcrew_core::MediaId::new();
    assert!(matches!(
        store.record(order.id, damage("外壳破损", true, vec![real]), "李师傅", evidence()),
        Err(RecordError::UnknownMedia(_))
    ));
}

#[test]
fn a_photo_taken_for_one_order_is_refused_as_evidence_for_another() {
    let (_dir, mut store) = open_store();
    let first = meter_order();
    let second = meter_order();
    store.upsert_order(&first).unwrap();
    store.upsert_order(&second).unwrap();
    store.record(second.id, EventKind::Arrived, "李师傅", evidence()).unwrap();
    let other_orders_photo = photo(&mut store, first.id, 4);
    assert!(matches!(
        store.record(second.id, damage("外壳破损", true, vec![other_orders_photo]), "李师傅", evidence()),
        Err(RecordError::MediaHashMismatch(_))
    ));
}

#[test]
fn a_photo_is_stored_under_its_hash_and_reads_back_byte_identical() {
    let (_dir, mut store) = open_store();
    let order = meter_order();
    store.upsert_order(&order).unwrap();
    let bytes: Vec<u8> = (0..50_000u32).map(|i| (i * 31 % 251) as u8).collect();
    let row = store.put_media(Some(order.id), MediaKind::Photo, "image/jpeg", &bytes).unwrap();
    assert_eq!(row.sha256, fieldcrew_core::hash::sha256_hex(&bytes));
    assert_eq!(std::fs::read(store.media_path(&row.sha256)).unwrap(), bytes);
    assert_eq!(store.read_media(row.id).unwrap(), bytes);
    assert_eq!(store.media(row.id).unwrap().unwrap().size, 50_000);
}

#[test]
fn a_media_file_changed_on_disk_is_detected_on_read() {
    let (_dir, mut store) = open_store();
    let row = store.put_media(None, MediaKind::Photo, "image/jpeg", b"\xFF\xD8original").unwrap();
    std::fs::write(store.media_path(&row.sha256), b"\xFF\xD8tampered").unwrap();
    assert!(matches!(store.read_media(row.id), Err(RecordError::MediaHashMismatch(_))));
}

#[test]
fn empty_oversize_or_foreign_media_is_refused_and_nothing_is_written() {
    let (dir, mut store) = open_store();
    let max = store.thresholds().max_media_bytes;
    assert!(matches!(
        store.put_media(None, MediaKind::Photo, "image/jpeg", &[]),
        Err(RecordError::UnsupportedMedia(_))
    ));
    assert!(matches!(
        store.put_media(None, MediaKind::Photo, "image/heic", b"ftypheic"),
        Err(RecordError::UnsupportedMedia(_))
    ));
    assert!(matches!(
        store.put_media(None, MediaKind::Photo, "image/jpeg", &vec![1u8; max + 1]),
        Err(RecordError::MediaTooLarge { .. })
    ));
    assert!(matches!(
        store.put_media(Some(OrderId::new()), MediaKind::Photo, "image/jpeg", b"\xFF\xD8x"),
        Err(RecordError::UnknownOrder(_))
    ));
    assert_eq!(std::fs::read_dir(dir.path().join("media")).unwrap().count(), 0);
}

#[test]
fn reopening_the_store_keeps_device_id_orders_and_schema() {
    let dir = tempfile::tempdir().unwrap();
    let order = meter_order();
    let device = {
        let mut store = Store::open(dir.path()).unwrap();
        store.upsert_order(&order).unwrap();
        store.record(order.id, EventKind::Arrived, "李师傅", evidence()).unwrap();
        store.device_id()
    };
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.device_id(), device);
    assert_eq!(store.schema_version().unwrap(), fieldcrew_core::store::CURRENT_VERSION);
    assert_eq!(store.orders().unwrap().len(), 1);
    store.integrity_check().unwrap();
}

#[test]
fn a_database_from_a_newer_app_is_refused_not_damaged() {
    let dir = tempfile::tempdir().unwrap();
    drop(Store::open(dir.path()).unwrap());
    let conn = rusqlite::Connection::open(dir.path().join("fieldcrew.sqlite3")).unwrap();
    conn.pragma_update(None, "user_version", 99).unwrap();
    drop(conn);
    assert!(matches!(Store::open(dir.path()), Err(StoreError::TooNew { found: 99, .. })));
}

#[test]
fn an_edited_event_in_the_file_breaks_the_chain() {
    let (dir, mut store) = open_store();
    let order = meter_order();
    store.upsert_order(&order).unwrap();
    store.record(order.id, EventKind::Arrived, "李师傅", evidence()).unwrap();
    store.record(order.id, EventKind::Restored, "李师傅", evidence()).unwrap();
    let conn = rusqlite::Connection::open(dir.path().join("fieldcrew.sqlite3")).unwrap();
    conn.execute("UPDATE events SET body = replace(body, '李师傅', '王师傅') WHERE seq = 0", []).unwrap();
    assert!(store.verify_chain(order.id).unwrap().is_err());
}

#[test]
fn a_photo_deleted_before_saving_is_gone_and_never_uploaded_but_a_recorded_one_stays() {
    let (dir, mut store) = open_store();
    let order = meter_order();
    store.upsert_order(&order).unwrap();
    let discarded = photo(&mut store, order.id, 1);
    let kept = photo(&mut store, order.id, 2);
    store.record(order.id, EventKind::Arrived, "李师傅", evidence()).unwrap();
    store.record(order.id, damage("外壳破损", true, vec![kept.clone()]), "李师傅", evidence()).unwrap();

    assert!(store.discard_draft_media(discarded.media).unwrap());
    assert!(store.media(discarded.media).unwrap().is_none());
    assert!(!dir.path().join("media").join(&discarded.sha256).exists());
    let uploads: Vec<_> = store.pending_uploads().unwrap().into_iter().map(|u| u.media.id).collect();
    assert_eq!(uploads, vec![kept.media]);

    assert!(!store.discard_draft_media(kept.media).unwrap(), "evidence on record is never deleted");
    assert_eq!(store.read_media(kept.media).unwrap().len(), 1004);
}
