//! A whole meter-damage order through the app's own actions on a real
//! device store: a real JPEG becomes a stamped photo, the customer signs for
//! exactly that, and the order closes; an edit afterwards voids the signature.

use chrono::Utc;
use fieldcrew_core::checklist::{CheckedItem, applicable, standard_items};
use fieldcrew_core::clock::SystemClock;
use fieldcrew_core::event::EventKind;
use fieldcrew_core::{Fix, Store, WorkOrder, demo};
use fieldcrew_media::{Stroke, StrokePoint};
use fieldcrew_ui::Lang;
use fieldcrew_ui::evidence::{Recorder, photos_on_record};
use fieldcrew_ui::location::Located;

fn camera_jpeg() -> Vec<u8> {
    camera_jpeg_sized(640, 480)
}

fn camera_jpeg_sized(w: u16, h: u16) -> Vec<u8> {
    let pixels: Vec<u8> = (0..u32::from(w) * u32::from(h))
        .flat_map(|i| {
            let (x, y) = (i % u32::from(w), i / u32::from(w));
            [(x % 256) as u8, (y % 256) as u8, ((x + y) % 256) as u8]
        })
        .collect();
    let mut out = Vec::new();
    jpeg_encoder::Encoder::new(&mut out, 90).encode(&pixels, w, h, jpeg_encoder::ColorType::Rgb).unwrap();
    out
}

fn strokes() -> Vec<Stroke> {
    let points =
        (0..20).map(|i| StrokePoint { x: 0.1 + i as f32 * 0.04, y: 0.5, t_ms: i * 16, pressure: None });
    vec![Stroke { points: points.collect() }]
}

fn cleanup() -> EventKind {
    EventKind::CleanupCompleted {
        items: applicable(&standard_items(), true)
            .map(|i| CheckedItem {
                done: true,
                value: i.input.map(|_| "FZ-2026-0042".into()),
                ..CheckedItem::open(&i.key)
            })
            .collect(),
    }
}

/// A phone's store holding one demo meter order, and the app's recorder.
fn crew_phone_with_a_meter_order() -> (tempfile::TempDir, Store, WorkOrder, Recorder<'static>) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let order = demo::demo_orders(Utc::now()).remove(0);
    store.upsert_order(&order).unwrap();
    let recorder = Recorder { member: "李师傅", clock: &SystemClock, strings: Lang::ZhCn.strings() };
    (dir, store, order, recorder)
}

#[test]
fn a_customer_caused_meter_damage_order_closes_with_photo_and_signature() {
    let (_dir, mut store, order, r) = crew_phone_with_a_meter_order();
    let site = order.site.unwrap();
    let fix = Some(Located {
        fix: Fix { lat: site.lat, lon: site.lon, accuracy_m: 6.0, mock: false },
        at: Utc::now(),
    });

    r.record(&mut store, order.id, EventKind::Arrived, fix).unwrap();
    let (photo, view) = r.add_photo(&mut store, order.id, &camera_jpeg(), fix).unwrap();
    assert!(view.data_url.starts_with("data:image/jpeg;base64,"));
    let stored = store.read_media(photo.media).unwrap();
    assert_eq!(&stored[..2], &[0xFF, 0xD8], "the stored photo is a JPEG");
    assert_ne!(stored, camera_jpeg(), "the stored photo is the stamped one, not the camera's bytes");

    let damage = EventKind::MeterDamageRecorded {
        cause: "表箱被撬".into(),
        customer_responsible: true,
        photos: vec![photo],
        meter_number: String::new(),
        meter_reading: String::new(),
    };
    r.record(&mut store, order.id, damage, fix).unwrap();
    assert_eq!(photos_on_record(&store, order.id).len(), 1, "the customer sees the photo");
    r.sign(&mut store, order.id, "张桂英", &strokes(), fix).unwrap();
    r.record(&mut store, order.id, EventKind::Restored, fix).unwrap();
    r.record(&mut store, order.id, cleanup(), fix).unwrap();
    r.record(&mut store, order.id, EventKind::Closed, fix).unwrap();

    let row = store.order(order.id).unwrap().unwrap();
    assert!(row.state.closed_at.is_some());
    assert!(row.state.signature_is_current(order.id));
    assert_eq!(store.verify_chain(order.id).unwrap(), Ok(()));
}

#[test]
fn editing_the_cause_after_signing_blocks_closing_until_the_customer_signs_again() {
    let (_dir, mut store, order, r) = crew_phone_with_a_meter_order();
    r.record(&mut store, order.id, EventKind::Arrived, None).unwrap();
    let (photo, _) = r.add_photo(&mut store, order.id, &camera_jpeg(), None).unwrap();
    let damage = |cause: &str| EventKind::MeterDamageRecorded {
        cause: cause.into(),
        customer_responsible: true,
        photos: vec![photo.clone()],
        meter_number: String::new(),
        meter_reading: String::new(),
    };
    r.record(&mut store, order.id, damage("表箱被撬"), None).unwrap();
    r.sign(&mut store, order.id, "张桂英", &strokes(), None).unwrap();
    r.record(&mut store, order.id, damage("表箱被撬，表计烧毁"), None).unwrap();
    r.record(&mut store, order.id, EventKind::Restored, None).unwrap();
    r.record(&mut store, order.id, cleanup(), None).unwrap();
    let refused = r.record(&mut store, order.id, EventKind::Closed, None).unwrap_err();
    assert_eq!(refused, "原因或照片已修改，需客户重新签字");
}

#[test]
fn an_unusable_photo_is_refused_in_plain_words_and_nothing_is_stored() {
    let (dir, mut store, order, r) = crew_phone_with_a_meter_order();
    let mut truncated = camera_jpeg();
    truncated.truncate(truncated.len() / 3);
    for bad in [Vec::new(), b"not an image".to_vec(), truncated] {
        let error = r.add_photo(&mut store, order.id, &bad, None).unwrap_err();
        assert!(error.starts_with("照片无法使用"), "{error}");
    }
    assert_eq!(std::fs::read_dir(dir.path().join("media")).unwrap().count(), 0);
}

#[test]
fn signing_with_no_ink_is_refused() {
    let (_dir, mut store, order, r) = crew_phone_with_a_meter_order();
    r.record(&mut store, order.id, EventKind::Arrived, None).unwrap();
    let (photo, _) = r.add_photo(&mut store, order.id, &camera_jpeg(), None).unwrap();
    let damage = EventKind::MeterDamageRecorded {
        cause: "进水".into(),
        customer_responsible: true,
        photos: vec![photo],
        meter_number: String::new(),
        meter_reading: String::new(),
    };
    r.record(&mut store, order.id, damage, None).unwrap();
    let error = r.sign(&mut store, order.id, "张桂英", &[], None).unwrap_err();
    assert!(error.starts_with("签字无法保存"), "{error}");
    assert!(!store.order(order.id).unwrap().unwrap().state.signature_is_current(order.id));
}

#[test]
fn photos_deleted_before_saving_and_the_image_of_a_refused_signature_never_reach_the_upload_queue() {
    let (dir, mut store, order, r) = crew_phone_with_a_meter_order();
    r.record(&mut store, order.id, EventKind::Arrived, None).unwrap();
    let (deleted, _) = r.add_photo(&mut store, order.id, &camera_jpeg(), None).unwrap();
    let (kept, _) = r.add_photo(&mut store, order.id, &camera_jpeg_sized(480, 640), None).unwrap();
    r.discard_photo(&mut store, &deleted).unwrap();
    let damage = EventKind::MeterDamageRecorded {
        cause: "外力撞击".into(),
        customer_responsible: true,
        photos: vec![kept.clone()],
        meter_number: String::new(),
        meter_reading: String::new(),
    };
    r.record(&mut store, order.id, damage, None).unwrap();
    // The order is taken away before the customer signs: the record is refused.
    let removed = fieldcrew_core::store::PulledChange::Removed {
        order_id: order.id,
        reason: fieldcrew_core::store::Removal::Reassigned,
    };
    store.apply_pull_page(&[removed], 1).unwrap();
    assert!(r.sign(&mut store, order.id, "周国华", &strokes(), None).is_err());

    let queued: Vec<_> = store.pending_uploads().unwrap().into_iter().map(|u| u.media.id).collect();
    assert_eq!(queued, vec![kept.media], "only the photo on record is uploaded");
    assert!(!dir.path().join("media").join(&deleted.sha256).exists());
}

#[test]
fn a_crew_arriving_late_gives_the_reason_and_it_stays_on_the_order_and_goes_to_the_server() {
    use fieldcrew_core::event::LateStep;
    use fieldcrew_core::late::unexplained_late_steps;
    use fieldcrew_core::sla::WorkCalendar;
    let (_dir, mut store, mut order, r) = crew_phone_with_a_meter_order();
    order.area = fieldcrew_core::order::AreaClass::Urban;
    order.reported_at = Utc::now() - chrono::Duration::hours(3);
    store.upsert_order(&order).unwrap();
    let unexplained = |store: &Store| {
        let row = store.order(order.id).unwrap().unwrap();
        unexplained_late_steps(&row.order, &row.state, &store.thresholds(), &WorkCalendar::default())
    };

    r.record(&mut store, order.id, EventKind::Arrived, None).unwrap();
    assert_eq!(unexplained(&store), vec![LateStep::Arrived]);
    let before_restoring =
        EventKind::DelayExplained { step: LateStep::Restored, reason: "天气恶劣".into() };
    assert_eq!(
        r.record(&mut store, order.id, before_restoring, None).unwrap_err(),
        "该步骤还未记录，不能说明超时原因"
    );
    let queued = store.outbox_len().unwrap();

    let reason = EventKind::DelayExplained { step: LateStep::Arrived, reason: "交通受阻".into() };
    r.record(&mut store, order.id, reason, None).unwrap();
    assert!(unexplained(&store).is_empty());
    let row = store.order(order.id).unwrap().unwrap();
    assert_eq!(row.state.late_reason(LateStep::Arrived), Some("交通受阻"));
    assert_eq!(store.outbox_len().unwrap(), queued + 1, "the reason is pushed like any event");
}

#[test]
fn an_arrival_keeps_when_its_fix_was_taken_so_its_age_is_on_record() {
    let (_dir, mut store, order, r) = crew_phone_with_a_meter_order();
    let site = order.site.unwrap();
    let taken = Utc::now() - chrono::Duration::seconds(4);
    let position =
        Located { fix: Fix { lat: site.lat, lon: site.lon, accuracy_m: 5.0, mock: false }, at: taken };
    let arrived = r.record(&mut store, order.id, EventKind::Arrived, Some(position)).unwrap();
    assert_eq!(arrived.evidence.gnss_time, Some(taken));
    let age = (arrived.evidence.device_time - taken).num_seconds();
    assert!((4..10).contains(&age), "fix age {age} s");
    let restored = r.record(&mut store, order.id, EventKind::Restored, None).unwrap();
    assert_eq!(
        (restored.evidence.fix, restored.evidence.gnss_time),
        (None, None),
        "no position is stored as none"
    );
}
