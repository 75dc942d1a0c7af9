//! The daily check on the real server: its day is the calendar day in
//! UTC+8, an arrival is judged against the checks of its own day, and the
//! dispatcher's API refuses a date it can not read.

mod common;

use chrono::{DateTime, TimeZone, Utc};
use common::*;
use fieldcrew_domain::clock::{DeviceClock, FixedClock};
use fieldcrew_domain::daily_check::{CheckedItem, DailyCheck, ItemOutcome, default_items, new_check_id};
use fieldcrew_domain::event::EventKind;
use fieldcrew_domain::{FieldEvent, OrderId};
use fieldcrew_protocol::push::{Flag, Outcome, PushBody, PushItem};
use fieldcrew_server::test_support::TestServer;

/// A Beijing wall-clock time as UTC.
fn beijing(d: u32, h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, d, h, m, 0).unwrap() - chrono::Duration::hours(8)
}

fn all_ok(device: &Device, at: DateTime<Utc>) -> DailyCheck {
    DailyCheck {
        id: new_check_id(),
        crew_code: "CREW-1".into(),
        checked_by: "李师傅".into(),
        device_id: device.id,
        evidence: FixedClock { now: at, since_boot_ms: 1_000, boot_id: "boot-1".into() }.evidence(None, None),
        items: default_items()
            .into_iter()
            .map(|item| CheckedItem { item, outcome: ItemOutcome::Ok, note: String::new(), photos: vec![] })
            .collect(),
    }
}

/// An arrival on `order` recorded at `at` by the device's (uncorrected) clock.
fn arrival(device: &Device, order: OrderId, at: DateTime<Utc>) -> FieldEvent {
    let clock = FixedClock { now: at, since_boot_ms: 2_000, boot_id: "boot-1".into() };
    FieldEvent::seal(order, EventKind::Arrived, clock.evidence(None, None), "李师傅".into(), device.id, None)
}

fn flags(outcome: &Outcome) -> Vec<Flag> {
    match outcome {
        Outcome::AcceptedWithFlags { flags } => flags.clone(),
        Outcome::Accepted => vec![],
        other => panic!("not stored: {other:?}"),
    }
}

#[tokio::test]
async fn a_check_at_half_past_eleven_at_night_covers_that_day_and_not_the_next_morning() {
    let server = TestServer::start().await;
    let late_same_day = server.create_order(&server.crew_code);
    let next_morning = server.create_order(&server.crew_code);
    let device = pair(&server, &server.crew_code, &server.pin).await;
    let check = all_ok(&device, beijing(7, 23, 30));
    let response = device
        .push(vec![
            PushItem { device_seq: 1, body: PushBody::DailyCheck { check: check.clone() } },
            item(2, &arrival(&device, late_same_day.id, beijing(7, 23, 45))),
            item(3, &arrival(&device, next_morning.id, beijing(8, 0, 10))),
        ])
        .await;
    assert!(!flags(&response.results[1].outcome).contains(&Flag::NoDailyCheck), "23:45, same day");
    assert!(flags(&response.results[2].outcome).contains(&Flag::NoDailyCheck), "00:10 next day");

    let day = |d| chrono::NaiveDate::from_ymd_opt(2026, 12, d).unwrap();
    let on_the_7th = server.db().daily_checks_on(day(7)).unwrap();
    assert_eq!(on_the_7th.len(), 1);
    assert_eq!(on_the_7th[0].1.day, day(7));
    assert!(server.db().daily_checks_on(day(8)).unwrap().is_empty());
}

#[tokio::test]
async fn an_arrival_recorded_before_the_check_of_the_same_day_is_still_flagged() {
    let server = TestServer::start().await;
    let order = server.create_order(&server.crew_code);
    let device = pair(&server, &server.crew_code, &server.pin).await;
    let response = device
        .push(vec![
            PushItem {
                device_seq: 1,
                body: PushBody::DailyCheck { check: all_ok(&device, beijing(7, 9, 0)) },
            },
            item(2, &arrival(&device, order.id, beijing(7, 8, 40))),
        ])
        .await;
    assert!(flags(&response.results[1].outcome).contains(&Flag::NoDailyCheck));
}

#[tokio::test]
async fn another_crews_check_does_not_cover_this_crew() {
    let server = TestServer::start().await;
    let order = server.create_order(&server.crew_code);
    let mine = pair(&server, &server.crew_code, &server.pin).await;
    let theirs = pair(&server, &server.other_crew_code, &server.other_pin).await;
    theirs
        .push(vec![PushItem {
            device_seq: 1,
            body: PushBody::DailyCheck { check: all_ok(&theirs, beijing(7, 7, 0)) },
        }])
        .await;
    let response = mine.push(vec![item(1, &arrival(&mine, order.id, beijing(7, 9, 0)))]).await;
    assert!(flags(&response.results[0].outcome).contains(&Flag::NoDailyCheck));
}

#[tokio::test]
async fn a_check_with_a_defect_and_no_note_or_from_another_device_is_refused_for_good() {
    let server = TestServer::start().await;
    let device = pair(&server, &server.crew_code, &server.pin).await;
    let mut no_note = all_ok(&device, beijing(7, 8, 0));
    no_note.items[0].outcome = ItemOutcome::Defect;
    let mut foreign = all_ok(&device, beijing(7, 8, 0));
    foreign.device_id = fieldcrew_domain::DeviceId::new();
    let response = device
        .push(vec![
            PushItem { device_seq: 1, body: PushBody::DailyCheck { check: no_note } },
            PushItem { device_seq: 2, body: PushBody::DailyCheck { check: foreign } },
        ])
        .await;
    assert!(response.results.iter().all(|r| matches!(r.outcome, Outcome::RejectedPermanently { .. })));
    let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
    assert!(server.db().daily_checks_on(day).unwrap().is_empty());
}

#[tokio::test]
async fn the_api_takes_a_date_in_utc_plus_8_refuses_an_unreadable_one_and_is_for_dispatchers() {
    let server = TestServer::start().await;
    let device = pair(&server, &server.crew_code, &server.pin).await;
    device
        .push(vec![PushItem {
            device_seq: 1,
            body: PushBody::DailyCheck { check: all_ok(&device, beijing(7, 23, 30)) },
        }])
        .await;
    let http = reqwest::Client::new();
    let token = server.dispatcher_token();
    let get = |query: &str| {
        http.get(format!("{}/v1/daily-checks{query}", server.base_url)).bearer_auth(&token).send()
    };
    let day: serde_json::Value = get("?date=2026-12-07").await.unwrap().json().await.unwrap();
    let mine = day["crews"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["crew_code"] == server.crew_code.as_str())
        .unwrap();
    assert_eq!(mine["checks"][0]["day"], "2026-12-07");
    let next: serde_json::Value = get("?date=2026-12-08").await.unwrap().json().await.unwrap();
    assert!(next["crews"].as_array().unwrap().iter().all(|c| c["checks"].as_array().unwrap().is_empty()));
    assert_eq!(get("?date=7.12.2026").await.unwrap().status(), 400);
    assert_eq!(device.get("/v1/daily-checks").await.status(), 403, "a crew's token is not a dispatcher's");
    let anonymous = http.get(format!("{}/v1/daily-checks", server.base_url)).send().await.unwrap();
    assert_eq!(anonymous.status(), 401, "no token, no checks");
    let doc: serde_json::Value =
        http.get(format!("{}/openapi.json", server.base_url)).send().await.unwrap().json().await.unwrap();
    assert!(doc["paths"]["/v1/daily-checks"]["get"].is_object(), "in the OpenAPI document");
}

#[tokio::test]
async fn the_stations_own_items_from_its_settings_file_reach_the_phone_in_the_pull() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("fieldcrew.toml");
    std::fs::write(
        &file,
        r#"
[[daily_check.items]]
code = "ladder"
group = "tools"
zh = "绝缘梯"
en = "Insulated ladder"

[[daily_check.items]]
code = "vehicle_winch"
group = "vehicle"
zh = "绞盘"
en = "Winch"
"#,
    )
    .unwrap();
    let loaded = fieldcrew_server::settings::Settings::load(Some(&file)).unwrap();
    let codes: Vec<_> = loaded.daily_check.items.iter().map(|i| i.code.as_str()).collect();
    assert_eq!(codes, ["ladder", "vehicle_winch"], "the file's list replaces the default one");

    let items = loaded.daily_check.items.clone();
    let server = TestServer::start_with(move |s| s.daily_check.items = items).await;
    let device = pair(&server, &server.crew_code, &server.pin).await;
    let page: fieldcrew_protocol::pull::PullPage =
        device.get("/v1/changes?since=0").await.json().await.unwrap();
    let station = page.station.expect("the first pull carries the station's settings");
    assert_eq!(station.daily_check, loaded.daily_check.items);
}
