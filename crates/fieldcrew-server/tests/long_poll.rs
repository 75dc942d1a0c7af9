//! `GET /v1/changes?wait=S`: a phone waiting for orders hears of one as
//! soon as dispatch assigns it, not at its next periodic sync.

mod common;

use common::*;
use fieldcrew_protocol::pull::{OrderChange, PullPage};
use fieldcrew_server::test_support::TestServer;
use std::time::{Duration, Instant};

async fn cursor_now(device: &Device) -> (i64, String) {
    let page: PullPage = device.get("/v1/changes").await.json().await.unwrap();
    let station = page.station.map(|s| s.fingerprint()).unwrap_or_default();
    (page.cursor, station)
}

async fn poll(device: &Device, since: i64, station: &str, wait: u64) -> (PullPage, Duration) {
    let started = Instant::now();
    let response = device.get(&format!("/v1/changes?since={since}&station={station}&wait={wait}")).await;
    assert_eq!(response.status(), 200);
    (response.json().await.unwrap(), started.elapsed())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_held_poll_answers_as_soon_as_an_order_is_assigned_to_the_crew() {
    let server = TestServer::start().await;
    let device = pair(&server, &server.crew_code, &server.pin).await;
    let (since, station) = cursor_now(&device).await;
    let held = tokio::spawn(async move { poll(&device, since, &station, 30).await });
    tokio::time::sleep(Duration::from_millis(300)).await;
    let assigned = Instant::now();
    let order = server.create_order(&server.crew_code);
    let (page, _) = held.await.unwrap();
    let latency = assigned.elapsed();
    println!("assignment to long-poll answer on loopback: {latency:?}");
    assert!(latency < Duration::from_secs(5), "answered after {latency:?}");
    assert!(matches!(&page.changes[..], [OrderChange::Upsert { order: o }] if o.id == order.id));
    assert!(page.cursor > since);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_poll_behind_the_feed_answers_at_once_and_an_idle_one_at_its_deadline() {
    let server = TestServer::start().await;
    server.create_order(&server.crew_code);
    let device = pair(&server, &server.crew_code, &server.pin).await;
    let (page, took) = poll(&device, 0, "", 30).await;
    assert_eq!(page.changes.len(), 1);
    assert!(took < Duration::from_secs(2), "had news, yet held {took:?}");

    let station = page.station.unwrap().fingerprint();
    let (page, took) = poll(&device, page.cursor, &station, 1).await;
    assert!(page.changes.is_empty());
    assert!(took >= Duration::from_millis(900) && took < Duration::from_secs(3), "held {took:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_crews_order_does_not_wake_the_poll() {
    let server = TestServer::start().await;
    let device = pair(&server, &server.crew_code, &server.pin).await;
    let (since, station) = cursor_now(&device).await;
    let held = tokio::spawn(async move { poll(&device, since, &station, 2).await });
    tokio::time::sleep(Duration::from_millis(200)).await;
    server.create_order(&server.other_crew_code);
    let (page, took) = held.await.unwrap();
    assert!(page.changes.is_empty());
    assert!(took >= Duration::from_millis(1900), "woken early, after {took:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancellation_and_a_reassignment_wake_the_poll_too() {
    let server = TestServer::start().await;
    let (moved, cancelled) = (server.create_order(&server.crew_code), server.create_order(&server.crew_code));
    let device = pair(&server, &server.crew_code, &server.pin).await;
    let (since, station) = cursor_now(&device).await;
    let device = std::sync::Arc::new(device);
    for (order, change) in [(moved.id, "reassign"), (cancelled.id, "cancel")] {
        let (since, station) =
            if change == "reassign" { (since, station.clone()) } else { cursor_now(&device).await };
        let waiting = device.clone();
        let held = tokio::spawn(async move { poll(&waiting, since, &station, 30).await });
        tokio::time::sleep(Duration::from_millis(200)).await;
        if change == "reassign" {
            server.reassign(order, &server.other_crew_code);
        } else {
            server.cancel(order);
        }
        let (page, took) = held.await.unwrap();
        assert!(took < Duration::from_secs(5), "{change}: held {took:?}");
        assert!(
            matches!(&page.changes[..], [OrderChange::Removed { order_id, .. }] if *order_id == order),
            "{change}: {:?}",
            page.changes
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wait_longer_than_the_servers_limit_is_cut_to_it() {
    let server = TestServer::start_with(|s| s.long_poll_max_wait_s = 1).await;
    let device = pair(&server, &server.crew_code, &server.pin).await;
    let (since, station) = cursor_now(&device).await;
    let (page, took) = poll(&device, since, &station, 3600).await;
    assert!(page.changes.is_empty());
    assert!(took < Duration::from_secs(3), "held {took:?} past the 1 s limit");
}
