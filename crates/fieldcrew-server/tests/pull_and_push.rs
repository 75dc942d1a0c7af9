//! Orders down and evidence up through the real API on loopback.

mod common;

use common::*;
use fieldcrew_domain::RuleViolation;
use fieldcrew_domain::event::EventKind;
use fieldcrew_protocol::clock::BootEpoch;
use fieldcrew_protocol::pull::{OrderChange, PullPage, RemovalReason};
use fieldcrew_protocol::push::{BrokenRule, Flag, Outcome, PushBody, PushItem};
use fieldcrew_server::test_support::TestServer;

/// A time as both backends keep it: PostgreSQL's TIMESTAMPTZ holds
/// microseconds, SQLite's text every digit.
fn micros(t: chrono::DateTime<chrono::Utc>) -> chrono::DateTime<chrono::Utc> {
    chrono::SubsecRound::trunc_subsecs(t, 6)
}

async fn pull_all(device: &Device, limit: u32) -> (Vec<OrderChange>, Vec<PullPage>) {
    let mut cursor = 0;
    let mut pages = Vec::new();
    let mut changes = Vec::new();
    loop {
        let page: PullPage =
            device.get(&format!("/v1/changes?since={cursor}&limit={limit}")).await.json().await.unwrap();
        cursor = page.cursor;
        changes.extend(page.changes.clone());
        let more = page.has_more;
        pages.push(page);
        if !more {
            return (changes, pages);
        }
    }
}

#[tokio::test]
async fn paging_returns_every_order_once_at_every_page_boundary() {
    const PAGE: u32 = 5;
    for count in [0usize, 1, 5, 10, 11] {
        let server = TestServer::start().await;
        let created: Vec<_> = (0..count).map(|_| server.create_order(&server.crew_code).id).collect();
        let device = pair(&server, &server.crew_code, &server.pin).await;
        let (changes, pages) = pull_all(&device, PAGE).await;
        let pulled: Vec<_> = changes
            .iter()
            .map(|c| match c {
                OrderChange::Upsert { order } => order.id,
                other => panic!("unexpected {other:?}"),
            })
            .collect();
        assert_eq!(pulled, created, "{count} orders");
        // The server looks one row ahead, so an exact multiple needs no empty extra page.
        let expected_pages = count.div_ceil(PAGE as usize).max(1);
        assert_eq!(pages.len(), expected_pages, "{count} orders");
        assert!(!pages.last().unwrap().has_more);
        assert!(pages.iter().all(|p| p.changes.len() <= PAGE as usize));
    }
}

#[tokio::test]
async fn reassigned_and_cancelled_orders_arrive_as_removals() {
    let server = TestServer::start().await;
    let moved = server.create_order(&server.crew_code);
    let cancelled = server.create_order(&server.crew_code);
    let device = pair(&server, &server.crew_code, &server.pin).await;
    let (_, pages) = pull_all(&device, 50).await;
    let cursor = pages.last().unwrap().cursor;
    server.reassign(moved.id, &server.other_crew_code);
    server.cancel(cancelled.id);
    let page: PullPage = device.get(&format!("/v1/changes?since={cursor}")).await.json().await.unwrap();
    assert_eq!(
        page.changes,
        vec![
            OrderChange::Removed { order_id: moved.id, reason: RemovalReason::Reassigned },
            OrderChange::Removed { order_id: cancelled.id, reason: RemovalReason::Cancelled },
        ]
    );
    let other = pair(&server, &server.other_crew_code, &server.other_pin).await;
    let (theirs, _) = pull_all(&other, 50).await;
    assert!(matches!(&theirs[..], [OrderChange::Upsert { order }] if order.id == moved.id));
}

#[tokio::test]
async fn the_same_push_twice_stores_each_event_once_with_the_same_answer() {
    let server = TestServer::start().await;
    let order = server.create_order(&server.crew_code);
    let device = pair(&server, &server.crew_code, &server.pin).await;
    let arrived = device.event(order.id, EventKind::Arrived, None);
    let report = device.event(order.id, EventKind::SiteReport { text: "表箱烧黑".into() }, Some(&arrived));
    let items = vec![item(1, &arrived), item(2, &report)];
    let first = device.push(items.clone()).await;
    let second = device.push(items).await;
    assert_eq!(first, second);
    assert_eq!(first.acked_seq, 2);
    assert_eq!(server.order_events(order.id), vec![arrived, report]);
}

#[tokio::test]
async fn rule_breaks_chain_breaks_and_cancelled_orders_are_kept_and_flagged() {
    let server = TestServer::start().await;
    let order = server.create_order(&server.crew_code);
    let device = pair(&server, &server.crew_code, &server.pin).await;
    let restored_first = device.event(order.id, EventKind::Restored, None);
    let unlinked = device.event(order.id, EventKind::Arrived, None);
    server.cancel(order.id);
    let response = device.push(vec![item(1, &restored_first), item(2, &unlinked)]).await;
    let flags = |i: usize| match &response.results[i].outcome {
        Outcome::AcceptedWithFlags { flags } => flags.clone(),
        other => panic!("{other:?}"),
    };
    // The rule travels as a code, for the console to render in its reader's language.
    assert!(flags(0).contains(&Flag::RuleViolation(BrokenRule::Rule(RuleViolation::NotArrived))));
    assert!(flags(0).contains(&Flag::OrderCancelled));
    assert!(flags(1).contains(&Flag::ChainBroken));
    assert_eq!(server.order_events(order.id).len(), 2, "events from the field are always kept");
}

#[tokio::test]
async fn an_unreadable_item_is_rejected_for_good_but_does_not_block_the_queue() {
    let server = TestServer::start().await;
    let order = server.create_order(&server.crew_code);
    let device = pair(&server, &server.crew_code, &server.pin).await;
    let arrived = device.event(order.id, EventKind::Arrived, None);
    let body = serde_json::json!({
        "device_id": device.id,
        "boot_epochs": [],
        "items": [
            { "device_seq": 1, "kind": "event", "event": { "nonsense": true } },
            { "device_seq": 2, "kind": "event", "event": arrived },
        ]
    });
    let response: fieldcrew_protocol::push::PushResponse = device
        .http
        .post(format!("{}/v1/push", server.base_url))
        .bearer_auth(&device.token)
        .json(&body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(response.acked_seq, 2);
    assert!(matches!(response.results[0].outcome, Outcome::RejectedPermanently { .. }));
    assert_eq!(server.order_events(order.id), vec![arrived]);
}

#[tokio::test]
async fn event_times_are_corrected_by_the_boot_epoch_and_flagged_without_one() {
    let server = TestServer::start().await;
    let order = server.create_order(&server.crew_code);
    let device = pair(&server, &server.crew_code, &server.pin).await;
    // The phone's wall clock is two hours fast; its boot started at `epoch`.
    let mut arrived = device.event(order.id, EventKind::Arrived, None);
    let epoch = chrono::Utc::now() - chrono::Duration::minutes(30);
    arrived.evidence.device_time = chrono::Utc::now() + chrono::Duration::hours(2);
    arrived.evidence.monotonic_ms = 25 * 60 * 1000;
    arrived.hash = arrived.compute_hash();
    let epochs = vec![BootEpoch { boot_id: "boot-1".into(), epoch, delay_ms: 120 }];
    device.push_with_epochs(epochs, vec![item(1, &arrived)]).await;
    let stored = server.order(order.id).unwrap().events.remove(0);
    assert!(stored.time_corrected);
    assert_eq!(micros(stored.corrected_time), micros(epoch + chrono::Duration::minutes(25)));
    assert_eq!(stored.event.evidence.device_time, arrived.evidence.device_time, "raw time kept");

    let report = device.event(order.id, EventKind::SiteReport { text: "无对时".into() }, Some(&arrived));
    let response = device.push(vec![item(2, &report)]).await;
    assert!(
        matches!(&response.results[0].outcome, Outcome::AcceptedWithFlags { flags } if flags.contains(&Flag::ClockUncorrected))
    );
}

#[tokio::test]
async fn a_field_created_order_arrives_by_push_with_its_own_id() {
    let server = TestServer::start().await;
    let device = pair(&server, &server.crew_code, &server.pin).await;
    let mut order = server.create_order(&server.crew_code);
    order.id = fieldcrew_domain::OrderId::new();
    order.source = fieldcrew_domain::order::OrderSource::Field;
    let response =
        device.push(vec![PushItem { device_seq: 1, body: PushBody::Order { order: order.clone() } }]).await;
    assert_eq!(response.results[0].outcome, Outcome::Accepted);
    let stored = server.order(order.id).unwrap();
    assert_eq!(stored.order.source, fieldcrew_domain::order::OrderSource::Field);
    assert_eq!(stored.order.assigned_crew.as_deref(), Some(server.crew_code.as_str()));
}

#[tokio::test]
async fn a_boot_epoch_that_would_put_an_event_in_the_future_or_beyond_any_date_is_not_trusted() {
    let server = TestServer::start().await;
    let order = server.create_order(&server.crew_code);
    let device = pair(&server, &server.crew_code, &server.pin).await;
    let arrived = device.event(order.id, EventKind::Arrived, None);
    let mut report =
        device.event(order.id, EventKind::SiteReport { text: "表箱烧黑".into() }, Some(&arrived));
    report.evidence.monotonic_ms = i64::MAX as u64;
    report.hash = report.compute_hash();
    // A forged epoch: arrival "happens" an hour after the push reaches the server.
    let epoch = chrono::Utc::now() + chrono::Duration::hours(1);
    let epochs = vec![BootEpoch { boot_id: "boot-1".into(), epoch, delay_ms: 50 }];
    // Answered 200: an impossible reading is flagged, not a server error.
    device.push_with_epochs(epochs, vec![item(1, &arrived), item(2, &report)]).await;
    let stored = server.order(order.id).unwrap();
    for event in &stored.events {
        assert!(!event.time_corrected);
        assert!(event.flags.contains(&Flag::ClockUncorrected));
        assert_eq!(
            micros(event.corrected_time),
            micros(event.event.evidence.device_time),
            "the phone's own time is kept"
        );
    }
    assert_eq!(stored.state.arrived_at, Some(arrived.evidence.device_time));
}

#[tokio::test]
async fn a_boot_epoch_that_would_put_an_arrival_before_the_order_was_reported_is_not_trusted() {
    let server = TestServer::start().await;
    let order = server.create_order(&server.crew_code);
    let device = pair(&server, &server.crew_code, &server.pin).await;
    let arrived = device.event(order.id, EventKind::Arrived, None);
    // A forged epoch three hours back: the arrival would look 2.9 h early.
    let epoch = chrono::Utc::now() - chrono::Duration::hours(3);
    let epochs = vec![BootEpoch { boot_id: "boot-1".into(), epoch, delay_ms: 50 }];
    let response = device.push_with_epochs(epochs, vec![item(1, &arrived)]).await;
    assert!(
        matches!(&response.results[0].outcome, Outcome::AcceptedWithFlags { flags } if flags.contains(&Flag::ClockUncorrected)),
        "{:?}",
        response.results[0].outcome
    );
    let stored = server.order(order.id).unwrap();
    assert!(!stored.events[0].time_corrected);
    assert_eq!(
        micros(stored.events[0].corrected_time),
        micros(arrived.evidence.device_time),
        "the phone's own time is kept"
    );
    assert_eq!(stored.state.arrived_at, Some(arrived.evidence.device_time));
}

#[tokio::test]
async fn a_boot_epoch_that_would_put_a_step_before_the_phone_was_paired_is_not_trusted() {
    let server = TestServer::start().await;
    // An order reported two days ago, worked by a phone paired just now.
    let mut order = server.create_order(&server.crew_code);
    order.id = fieldcrew_domain::OrderId::new();
    order.reported_at = chrono::Utc::now() - chrono::Duration::days(2);
    assert!(server.db().create_order(&order).unwrap());
    let device = pair(&server, &server.crew_code, &server.pin).await;
    let acknowledged = device.event(order.id, EventKind::Acknowledged, None);
    let epoch = chrono::Utc::now() - chrono::Duration::days(1);
    let epochs = vec![BootEpoch { boot_id: "boot-1".into(), epoch, delay_ms: 50 }];
    device.push_with_epochs(epochs, vec![item(1, &acknowledged)]).await;
    let stored = server.order(order.id).unwrap();
    assert!(!stored.events[0].time_corrected, "a day before the phone was paired");
    assert!(stored.events[0].flags.contains(&Flag::ClockUncorrected));
}

/// Bytes of the first pull page on the wire, asking for `encoding`.
async fn pull_page_bytes(server: &TestServer, token: &str, encoding: &str) -> (Option<String>, usize) {
    let http = reqwest::Client::builder().no_gzip().build().unwrap();
    let response = http
        .get(format!("{}/v1/changes?since=0&limit=50", server.base_url))
        .bearer_auth(token)
        .header("accept-encoding", encoding)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let used = response.headers().get("content-encoding").map(|v| v.to_str().unwrap().to_string());
    (used, response.bytes().await.unwrap().len())
}

#[tokio::test]
async fn a_page_of_orders_crosses_a_slow_link_in_gzip_when_the_phone_asks() {
    let server = TestServer::start().await;
    for _ in 0..50 {
        server.create_order(&server.crew_code);
    }
    let device = pair(&server, &server.crew_code, &server.pin).await;
    let (plain_encoding, plain) = pull_page_bytes(&server, &device.token, "identity").await;
    let (encoding, gzipped) = pull_page_bytes(&server, &device.token, "gzip").await;
    println!(
        "a page of 50 orders: {plain} B plain, {gzipped} B gzip (ratio {:.2})",
        gzipped as f64 / plain as f64
    );
    assert_eq!(plain_encoding, None);
    assert_eq!(encoding.as_deref(), Some("gzip"));
    assert!(gzipped * 3 < plain, "{gzipped} B gzip vs {plain} B plain");
}
