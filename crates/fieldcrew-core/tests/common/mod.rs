//! Builders shared by the core's integration tests.
#![allow(dead_code)]

use chrono::{DateTime, TimeZone, Utc};
use fieldcrew_core::checklist::{CheckedItem, applicable, standard_items};
use fieldcrew_core::clock::{DeviceClock, FixedClock};
use fieldcrew_core::event::{EventKind, Evidence, Fix, PhotoRef};
use fieldcrew_core::order::{
    Address, AreaClass, Coordinates, EquipmentKind, OrderSource, Priority, WorkOrder,
};
use fieldcrew_core::store::{MediaKind, Store};
use fieldcrew_core::{OrderId, signature::SignedContent};

pub const SITE: Coordinates = Coordinates { lat: 30.5928, lon: 114.3055 };

/// 2026-11-20 (a Friday) 10:00 UTC = 18:00 in China.
pub fn friday_morning_utc() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 20, 10, 0, 0).unwrap()
}

pub fn order(equipment: EquipmentKind, area: AreaClass, reported_at: DateTime<Utc>) -> WorkOrder {
    WorkOrder {
        id: OrderId::new(),
        number: "QX-20261120-0001".into(),
        source: OrderSource::Dispatch,
        reporter_name: "张桂英".into(),
        reporter_phone: "13800001234".into(),
        address: Address { village_or_street: "东湖村三组".into(), house_number: "12号".into() },
        fault_description: "整户停电".into(),
        equipment,
        area,
        reported_at,
        notified_at: Some(reported_at),
        site: Some(SITE),
        assigned_crew: Some("抢修一班".into()),
        priority: Priority::Normal,
    }
}

pub fn meter_order() -> WorkOrder {
    order(EquipmentKind::Meter, AreaClass::Rural, friday_morning_utc())
}

pub fn evidence() -> Evidence {
    FixedClock { now: friday_morning_utc(), since_boot_ms: 123_456, boot_id: "boot-a".into() }
        .evidence(Some(Fix { lat: SITE.lat, lon: SITE.lon, accuracy_m: 8.0, mock: false }), None)
}

pub fn open_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    (dir, store)
}

pub fn all_ticked(meter_touched: bool) -> EventKind {
    EventKind::CleanupCompleted {
        items: applicable(&standard_items(), meter_touched)
            .map(|i| CheckedItem {
                done: true,
                value: i.input.map(|_| "FZ-001".into()),
                ..CheckedItem::open(&i.key)
            })
            .collect(),
    }
}

/// A stored photo with distinct bytes.
pub fn photo(store: &mut Store, order: OrderId, seed: u8) -> PhotoRef {
    let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xE0];
    bytes.extend(std::iter::repeat_n(seed, 1000));
    let row = store.put_media(Some(order), MediaKind::Photo, "image/jpeg", &bytes).unwrap();
    PhotoRef { media: row.id, sha256: row.sha256 }
}

pub fn damage(cause: &str, responsible: bool, photos: Vec<PhotoRef>) -> EventKind {
    EventKind::MeterDamageRecorded {
        cause: cause.into(),
        customer_responsible: responsible,
        photos,
        meter_number: String::new(),
        meter_reading: String::new(),
    }
}

/// A signature event over the given content, with a stored image.
pub fn signature(
    store: &mut Store,
    order: OrderId,
    cause: &str,
    responsible: bool,
    photos: &[PhotoRef],
) -> EventKind {
    let hashes: Vec<&str> = photos.iter().map(|p| p.sha256.as_str()).collect();
    let content = SignedContent {
        order_id: order,
        cause,
        customer_responsible: responsible,
        photo_sha256: hashes,
        meter_number: "",
        meter_reading: "",
    };
    let png = [0x89, b'P', b'N', b'G', 1, 2, 3];
    let image = store.put_media(Some(order), MediaKind::Signature, "image/png", &png).unwrap();
    EventKind::CustomerSignature {
        signer_name: "张桂英".into(),
        strokes_sha256: "0".repeat(64),
        image: image.id,
        image_sha256: image.sha256,
        content_hash: content.content_hash(),
    }
}
