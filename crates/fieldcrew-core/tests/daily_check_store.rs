//! The crew's daily check on the real device store: recorded offline in one
//! transaction with its outbox row, kept across reopening, once per id.

mod common;

use chrono::{TimeZone, Utc};
use common::open_store;
use fieldcrew_core::clock::{DeviceClock, FixedClock};
use fieldcrew_core::daily_check::{
    CheckedItem, DailyCheck, DailyCheckError, ItemOutcome, check_day, default_items,
};
use fieldcrew_core::event::PhotoRef;
use fieldcrew_core::store::{MediaKind, OutboxKind, RecordError, Store};

/// 08:12 in Beijing on Monday 7 December 2026.
fn morning() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 7, 0, 12, 0).unwrap()
}

fn check(store: &Store, brakes_photo: Option<PhotoRef>) -> DailyCheck {
    let evidence =
        FixedClock { now: morning(), since_boot_ms: 5_000, boot_id: "boot-a".into() }.evidence(None, None);
    let items = default_items()
        .into_iter()
        .map(|item| {
            if item.code == "vehicle_brakes" {
                CheckedItem {
                    item,
                    outcome: ItemOutcome::Defect,
                    note: "刹车偏软".into(),
                    photos: brakes_photo.clone().into_iter().collect(),
                }
            } else {
                CheckedItem { item, outcome: ItemOutcome::Ok, note: String::new(), photos: vec![] }
            }
        })
        .collect();
    DailyCheck {
        id: uuid::Uuid::now_v7(),
        crew_code: "CREW-1".into(),
        checked_by: "王师傅".into(),
        device_id: store.device_id(),
        evidence,
        items,
    }
}

fn jpeg(seed: u8) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xE0];
    bytes.extend(std::iter::repeat_n(seed, 2000));
    bytes
}

#[test]
fn a_check_recorded_offline_is_there_with_its_outbox_row_after_reopening() {
    let (dir, mut store) = open_store();
    let photo = store.put_media(None, MediaKind::Photo, "image/jpeg", &jpeg(7)).unwrap();
    assert!(store.pending_uploads().unwrap().is_empty(), "a photo on no record waits");
    let recorded = check(&store, Some(PhotoRef { media: photo.id, sha256: photo.sha256.clone() }));
    assert!(store.record_daily_check(&recorded).unwrap());
    drop(store);

    let store = Store::open(dir.path()).unwrap();
    let day = check_day(morning());
    assert_eq!(store.daily_check_on(day).unwrap().as_ref(), Some(&recorded));
    assert_eq!(store.daily_check_on(day.pred_opt().unwrap()).unwrap(), None);
    let outbox = store.outbox_pending(10).unwrap();
    assert_eq!(outbox.len(), 1);
    assert_eq!(outbox[0].kind, OutboxKind::DailyCheck);
    assert_eq!(outbox[0].order_id, None);
    let pending: Vec<_> = store.pending_uploads().unwrap().into_iter().map(|p| p.media.id).collect();
    assert_eq!(pending, vec![photo.id], "the defect's photo goes up once the check names it");
    store.integrity_check().unwrap();
}

#[test]
fn submitting_the_same_check_twice_records_it_once() {
    let (_dir, mut store) = open_store();
    let recorded = check(&store, None);
    assert!(store.record_daily_check(&recorded).unwrap());
    assert!(!store.record_daily_check(&recorded).unwrap(), "the second tap records nothing");
    assert_eq!(store.outbox_len().unwrap(), 1);
}

#[test]
fn a_defect_without_a_note_or_a_missing_item_is_refused_and_nothing_is_kept() {
    let (_dir, mut store) = open_store();
    let mut no_note = check(&store, None);
    no_note.items.iter_mut().find(|i| i.outcome == ItemOutcome::Defect).unwrap().note = " ".into();
    assert!(matches!(
        store.record_daily_check(&no_note),
        Err(RecordError::DailyCheck(DailyCheckError::DefectWithoutNote(code))) if code == "vehicle_brakes"
    ));
    let mut short = check(&store, None);
    short.items.retain(|i| i.item.code != "vehicle_fuel");
    assert!(matches!(
        store.record_daily_check(&short),
        Err(RecordError::DailyCheck(DailyCheckError::Unanswered(code))) if code == "vehicle_fuel"
    ));
    assert_eq!(store.outbox_len().unwrap(), 0);
    assert_eq!(store.daily_check_on(check_day(morning())).unwrap(), None);
}

#[test]
fn a_photo_of_an_order_can_not_be_passed_off_as_the_checks() {
    let (_dir, mut store) = open_store();
    let order = common::meter_order();
    store.upsert_order(&order).unwrap();
    let site = store.put_media(Some(order.id), MediaKind::Photo, "image/jpeg", &jpeg(3)).unwrap();
    let borrowed = check(&store, Some(PhotoRef { media: site.id, sha256: site.sha256 }));
    assert!(
        matches!(store.record_daily_check(&borrowed), Err(RecordError::MediaHashMismatch(id)) if id == site.id)
    );
    assert_eq!(store.outbox_len().unwrap(), 0);
}

#[test]
fn the_station_list_from_the_server_is_the_list_the_phone_checks() {
    let (_dir, mut store) = open_store();
    assert_eq!(store.daily_check_items(), default_items(), "before any pull: the standard list");
    let mut station = store.station_settings();
    station.daily_check.retain(|i| i.code.starts_with("vehicle_"));
    store.set_station(&station).unwrap();
    let codes: Vec<_> = store.daily_check_items().into_iter().map(|i| i.code).collect();
    assert_eq!(codes, ["vehicle_fuel", "vehicle_lights", "vehicle_tyres", "vehicle_brakes"]);
    // The full list answers a shorter station list too: every station item is there.
    assert!(store.record_daily_check(&check(&store, None)).unwrap());
}

#[test]
fn the_stations_list_is_kept_as_sent_so_the_settings_fingerprint_matches_the_servers() {
    let (_dir, mut store) = open_store();
    for items in [vec![], default_items()[..3].to_vec()] {
        let mut station = store.station_settings();
        station.daily_check = items;
        store.set_station(&station).unwrap();
        assert_eq!(store.station_settings().fingerprint(), station.fingerprint(), "an idle pull stays idle");
    }
}

#[test]
fn a_second_check_all_ok_the_same_day_does_not_hide_the_first_ones_defect() {
    let (_dir, mut store) = open_store();
    let first = check(&store, None);
    assert!(store.record_daily_check(&first).unwrap());
    let mut again = check(&store, None);
    again.evidence.device_time += chrono::Duration::hours(2);
    for item in &mut again.items {
        item.outcome = ItemOutcome::Ok;
        item.note.clear();
    }
    assert!(store.record_daily_check(&again).unwrap());
    let day = check_day(morning());
    let today = store.daily_checks_on(day).unwrap();
    assert_eq!(today, vec![first.clone(), again.clone()], "both, oldest first");
    assert_eq!(today.iter().map(|c| c.defects().count()).sum::<usize>(), 1, "the brakes stay on record");
    assert_eq!(store.daily_check_on(day).unwrap(), Some(again), "the latest is the second");
}
