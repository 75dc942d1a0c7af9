//! Close-out and planned outages end to end on loopback: a real phone store
//! and the real sync client against the real server. Materials recorded
//! offline reach the server once and show in the order API, the order page
//! and the report CSV; a completion photo on an order that is no meter job
//! arrives byte-identical; a planned outage reaches the phones of the crew
//! whose area it touches, not another's, and leaves when it is cancelled.

mod common;
mod console_client;

use chrono::{Duration, Utc};
use common::dispatcher_token;
use console_client::Console;
use fieldcrew_core::clock::{DeviceClock, SystemClock};
use fieldcrew_core::close_out::{MaterialUse, default_materials};
use fieldcrew_core::event::{EventKind, Evidence, Fix, PhotoRef};
use fieldcrew_core::order::EquipmentKind;
use fieldcrew_core::store::{MediaKind, Store};
use fieldcrew_server::db::PlannedOutage;
use fieldcrew_server::test_support::TestServer;
use fieldcrew_sync::{SyncClient, SyncConfig};
use serde_json::Value;
use std::sync::Arc;

struct Phone {
    _dir: tempfile::TempDir,
    store: Store,
    client: SyncClient,
}

impl Phone {
    async fn paired(server: &TestServer, crew: &str, pin: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        let client = SyncClient::new(&server.base_url, Arc::new(SystemClock), SyncConfig::default()).unwrap();
        client.pair(&mut store, crew, pin, "李师傅", "test phone").await.unwrap();
        Self { _dir: dir, store, client }
    }

    async fn sync(&mut self) {
        self.client.sync_once(&mut self.store).await.unwrap();
    }

    fn evidence(&self) -> Evidence {
        SystemClock.evidence(Some(Fix { lat: 30.5928, lon: 114.3055, accuracy_m: 8.0, mock: false }), None)
    }

    fn record(&mut self, order: fieldcrew_core::OrderId, kind: EventKind) {
        let evidence = self.evidence();
        self.store.record(order, kind, "李师傅", evidence).unwrap();
    }
}

/// A JPEG header, bytes that differ per call, and EOI: the server checks the
/// header of a finished photo and reads no further.
fn photo_bytes() -> Vec<u8> {
    let mut bytes = vec![
        0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x00, 0x08, 0x00, 0x08, 0x01, 0x01, 0x11, 0x00, 0xFF, 0xDA,
        0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00,
    ];
    bytes.extend((0..40_000).map(|i| (i * 7 % 251) as u8));
    bytes.extend([0xFF, 0xD9]);
    bytes
}

fn outage(area: &str, villages: &[&str]) -> PlannedOutage {
    let now = Utc::now();
    PlannedOutage {
        id: uuid::Uuid::now_v7(),
        area: area.into(),
        villages: villages.iter().map(|v| v.to_string()).collect(),
        starts_at: now + Duration::hours(2),
        ends_at: now + Duration::hours(6),
        reason: "10kV线路检修".into(),
        recorded_by: "dispatcher".into(),
        recorded_at: now,
        notice: fieldcrew_core::planned_outage::Notice::Short { hours_ahead: 2 },
        cancelled_at: None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn materials_and_a_completion_photo_recorded_offline_reach_the_server_once() {
    let server = TestServer::start().await;
    // A line fault: no meter touched, so no damage photos; the completion photo is its only one.
    let template = server.create_order(&server.other_crew_code);
    let order = fieldcrew_core::order::WorkOrder {
        id: fieldcrew_core::OrderId::new(),
        number: "T-LINE-1".into(),
        equipment: EquipmentKind::Line,
        assigned_crew: Some(server.crew_code.clone()),
        ..template
    };
    assert!(server.db().create_order(&order).unwrap());
    let mut phone = Phone::paired(&server, &server.crew_code, &server.pin).await;
    phone.sync().await;
    let list = phone.store.close_out_settings().materials;
    assert_eq!(list, default_materials(), "the station's list came down with the settings");

    // Offline: arrive, restore, count the materials, photograph the work.
    phone.record(order.id, EventKind::Arrived);
    phone.record(order.id, EventKind::Restored);
    let fuse = list.iter().find(|m| m.code == "RS").unwrap();
    let wire = list.iter().find(|m| m.code == "JHX").unwrap();
    let first = vec![MaterialUse::of(fuse, 3), MaterialUse::of(wire, 15)];
    phone.record(order.id, EventKind::MaterialsUsed { items: first });
    // A correction: two fuses, not three. The latest record counts.
    let items = vec![MaterialUse::of(fuse, 2), MaterialUse::of(wire, 15)];
    phone.record(order.id, EventKind::MaterialsUsed { items: items.clone() });
    let bytes = photo_bytes();
    let photo = phone.store.put_media(Some(order.id), MediaKind::Photo, "image/jpeg", &bytes).unwrap();
    let photo_ref = PhotoRef { media: photo.id, sha256: photo.sha256.clone() };
    phone.record(order.id, EventKind::CompletionPhoto { photo: photo_ref });

    phone.sync().await;
    phone.sync().await; // a second pass sends nothing again

    let events = server.order_events(order.id);
    let materials_events =
        events.iter().filter(|e| matches!(e.kind, EventKind::MaterialsUsed { .. })).count();
    let photo_events = events.iter().filter(|e| matches!(e.kind, EventKind::CompletionPhoto { .. })).count();
    assert_eq!((materials_events, photo_events), (2, 1), "each record once");
    assert_eq!(server.media_bytes(photo.id).as_deref(), Some(&bytes[..]), "the photo arrived byte-identical");

    // The order API: the state holds the latest materials and the photo's hash.
    let token = dispatcher_token(&server).await;
    let api: Value = reqwest::Client::new()
        .get(format!("{}/v1/orders/{}", server.base_url, order.id))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let state = &api["state"];
    assert_eq!(state["materials"], serde_json::to_value(&items).unwrap(), "{api}");
    assert_eq!(state["completion_photos"], serde_json::json!([photo.sha256]));

    // The console's order page and the report CSV.
    let console = Console::signed_in(&server).await;
    let page = console.page(&format!("/console/orders/{}", order.id)).await;
    assert!(page.contains("材料使用") && page.contains("熔丝") && page.contains("2 只"), "{page}");
    assert!(page.contains(&format!("/console/media/{}", photo.id)), "the completion photo is shown");
    assert!(!page.contains("no-completion-photo"));
    let month = Utc::now().format("%Y-%m").to_string();
    let csv = console.page(&format!("/console/reports.csv?month={month}")).await;
    assert!(csv.contains("材料使用"), "{csv}");
    assert!(csv.contains("熔丝 2只; 接户线 15米"), "the order's row names its materials: {csv}");
    assert!(csv.contains("材料用量合计"), "{csv}");
    assert!(csv.lines().any(|l| l.starts_with("RS,熔丝,2,只,1")), "totals per material: {csv}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restored_without_a_completion_photo_is_shown_on_the_order_page() {
    let server = TestServer::start().await;
    let order = server.create_order(&server.crew_code);
    let mut phone = Phone::paired(&server, &server.crew_code, &server.pin).await;
    phone.sync().await;
    phone.record(order.id, EventKind::Arrived);
    phone.record(order.id, EventKind::Restored);
    phone.sync().await;
    let page = Console::signed_in(&server).await.page(&format!("/console/orders/{}", order.id)).await;
    assert!(page.contains("no-completion-photo") && page.contains("未拍完工照片"), "{page}");
    assert!(page.contains("未记录材料"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_planned_outage_reaches_the_phones_of_its_area_only_and_leaves_when_cancelled() {
    let server = TestServer::start().await;
    let db = server.db();
    db.set_crew_area(&server.crew_code, &["东湖村".into(), "城关片区".into()]).unwrap();
    db.set_crew_area(&server.other_crew_code, &["北村".into()]).unwrap();
    let ours = outage("10kV东湖线", &["东湖村", "西湖村"]);
    let theirs = outage("10kV北山线", &["北村"]);
    db.save_planned_outage(&ours).unwrap();
    db.save_planned_outage(&theirs).unwrap();

    let mut phone = Phone::paired(&server, &server.crew_code, &server.pin).await;
    let mut other = Phone::paired(&server, &server.other_crew_code, &server.other_pin).await;
    phone.sync().await;
    other.sync().await;
    let held: Vec<String> = phone.store.planned_outages().unwrap().into_iter().map(|o| o.id).collect();
    assert_eq!(held, [ours.id.to_string()], "ours only");
    let kept = &phone.store.planned_outages().unwrap()[0];
    assert_eq!((kept.area.as_str(), kept.reason.as_str()), ("10kV东湖线", "10kV线路检修"));
    assert_eq!(kept.villages, ["东湖村", "西湖村"]);
    let held: Vec<String> = other.store.planned_outages().unwrap().into_iter().map(|o| o.id).collect();
    assert_eq!(held, [theirs.id.to_string()]);

    // Kept offline: the store reopened holds it.
    let reopened = Store::open(phone._dir.path()).unwrap();
    assert_eq!(reopened.planned_outages().unwrap().len(), 1);
    drop(reopened);

    // Cancelled on the console: the next pull leaves the phone without it.
    let console = Console::signed_in(&server).await;
    let csrf = console.csrf().await;
    let response = console.post(&format!("/console/outages/{}/cancel", ours.id), &[("csrf", &csrf)]).await;
    assert_eq!(response.status(), 303, "redirected back to the list");
    phone.sync().await;
    assert!(phone.store.planned_outages().unwrap().is_empty(), "the cancelled outage left the phone");
    let page = console.page("/console/outages").await;
    assert!(page.contains("outage-cancelled"), "kept on the console, marked cancelled");
}
