//! The crew's daily check from the phone's store to the server through the
//! real sync client: stored once however often it is pushed, its defect
//! photo byte-identical, and the arrivals it covers not flagged.

mod common;

use common::photo::jpeg_like;
use common::{Phone, paired_phone};
use fieldcrew_core::daily_check::{CheckedItem, DailyCheck, ItemOutcome, check_day, new_check_id};
use fieldcrew_core::event::{EventKind, PhotoRef};
use fieldcrew_core::store::{MediaKind, Store};
use fieldcrew_protocol::push::Flag;
use fieldcrew_server::test_support::TestServer;
use fieldcrew_sync::SyncConfig;

/// Every station item ok but the brakes, a defect with a note and `photo`.
fn check_with_defect(phone: &Phone, photo: Option<PhotoRef>) -> DailyCheck {
    let items = phone
        .store
        .daily_check_items()
        .into_iter()
        .map(|item| {
            let defect = item.code == "vehicle_brakes";
            CheckedItem {
                item,
                outcome: if defect { ItemOutcome::Defect } else { ItemOutcome::Ok },
                note: if defect { "刹车偏软,已报修".into() } else { String::new() },
                photos: if defect { photo.clone().into_iter().collect() } else { vec![] },
            }
        })
        .collect();
    let mut evidence = phone.evidence();
    evidence.fix = None;
    DailyCheck {
        id: new_check_id(),
        crew_code: phone.store.pairing().unwrap().unwrap().crew_code,
        checked_by: "李师傅".into(),
        device_id: phone.store.device_id(),
        evidence,
        items,
    }
}

fn today() -> chrono::NaiveDate {
    check_day(chrono::Utc::now())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_check_pushed_twice_is_stored_once_and_its_defect_photo_arrives_byte_identical() {
    let server = TestServer::start().await;
    let (mut phone, client) = paired_phone(&server, SyncConfig::default()).await;
    client.sync_once(&mut phone.store).await.unwrap();
    let bytes = jpeg_like(&mut fastrand::Rng::with_seed(17), 60_000);
    let photo = phone.store.put_media(None, MediaKind::Photo, "image/jpeg", &bytes).unwrap();
    let check = check_with_defect(&phone, Some(PhotoRef { media: photo.id, sha256: photo.sha256.clone() }));
    assert!(phone.store.record_daily_check(&check).unwrap());

    // A copy of the phone before its push: the same device, the same outbox.
    let Phone { dir, store, clock } = phone;
    drop(store);
    let copy = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(copy.path().join("media")).unwrap();
    for sub in ["", "media"] {
        for entry in std::fs::read_dir(dir.path().join(sub)).unwrap() {
            let entry = entry.unwrap();
            if entry.file_type().unwrap().is_file() {
                std::fs::copy(entry.path(), copy.path().join(sub).join(entry.file_name())).unwrap();
            }
        }
    }
    let mut store = Store::open(dir.path()).unwrap();
    let mut twin = Store::open(copy.path()).unwrap();
    let first = client.sync_once(&mut store).await.unwrap();
    assert_eq!((first.items_pushed, first.media_uploaded), (1, 1));
    let second = client.sync_once(&mut twin).await.unwrap();
    assert_eq!(second.items_pushed, 1, "the repeat is acknowledged too");
    assert_eq!(twin.outbox_len().unwrap(), 0);

    let stored = server.db().daily_checks_on(today()).unwrap();
    assert_eq!(stored.len(), 1, "one check, however often pushed");
    let (crew, kept) = &stored[0];
    assert_eq!(crew, &server.crew_code);
    assert_eq!(kept.check, check);
    assert!(kept.time_corrected, "the phone's clock estimate went with the push");
    let defects: Vec<_> = kept.check.defects().collect();
    assert_eq!(defects.len(), 1);
    assert_eq!(defects[0].note, "刹车偏软,已报修");
    assert_eq!(server.media_bytes(photo.id).as_deref(), Some(&bytes[..]), "byte-identical");

    // The dispatcher's API lists it under the crew, the other crew unchecked.
    let day: serde_json::Value = reqwest::Client::new()
        .get(format!("{}/v1/daily-checks?date={}", server.base_url, today()))
        .bearer_auth(server.dispatcher_token())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let crews = day["crews"].as_array().unwrap();
    let mine = crews.iter().find(|c| c["crew_code"] == server.crew_code.as_str()).unwrap();
    let other = crews.iter().find(|c| c["crew_code"] == server.other_crew_code.as_str()).unwrap();
    assert_eq!(mine["checks"].as_array().unwrap().len(), 1);
    assert_eq!(mine["checks"][0]["check"]["checked_by"], "李师傅");
    assert_eq!(other["checks"].as_array().unwrap().len(), 0);
    drop(clock);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_arrival_before_the_days_check_is_flagged_and_one_after_it_is_not() {
    let server = TestServer::start().await;
    let before = server.create_order(&server.crew_code);
    let after = server.create_order(&server.crew_code);
    let (mut phone, client) = paired_phone(&server, SyncConfig::default()).await;
    client.sync_once(&mut phone.store).await.unwrap();

    phone.store.record(before.id, EventKind::Acknowledged, "李师傅", phone.evidence()).unwrap();
    phone.store.record(before.id, EventKind::Arrived, "李师傅", phone.evidence()).unwrap();
    let check = check_with_defect(&phone, None);
    assert!(phone.store.record_daily_check(&check).unwrap());
    phone.store.record(after.id, EventKind::Acknowledged, "李师傅", phone.evidence()).unwrap();
    phone.store.record(after.id, EventKind::Arrived, "李师傅", phone.evidence()).unwrap();
    client.sync_once(&mut phone.store).await.unwrap();

    let arrival_flags = |order| {
        let stored = server.order(order).unwrap();
        let arrival = stored.events.iter().find(|e| matches!(e.event.kind, EventKind::Arrived)).unwrap();
        arrival.flags.clone()
    };
    assert!(arrival_flags(before.id).contains(&Flag::NoDailyCheck), "arrived before the check");
    assert!(!arrival_flags(after.id).contains(&Flag::NoDailyCheck), "arrived after the check");
    // Acknowledging is not starting the repair: never flagged.
    let ack = server
        .order(before.id)
        .unwrap()
        .events
        .into_iter()
        .find(|e| matches!(e.event.kind, EventKind::Acknowledged));
    assert!(!ack.unwrap().flags.contains(&Flag::NoDailyCheck));
}
