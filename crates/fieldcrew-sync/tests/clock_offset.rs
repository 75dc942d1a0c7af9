//! A phone whose clock is wrong still reports when things really happened.

mod common;

use chrono::{Duration, Utc};
use common::{Phone, SkewedClock};
use fieldcrew_core::event::EventKind;
use fieldcrew_server::test_support::TestServer;
use fieldcrew_sync::SyncConfig;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn events_from_a_clock_two_hours_wrong_get_server_time() {
    let server = TestServer::start().await;
    let order = server.create_order(&server.crew_code);
    let mut phone = Phone::with_clock(SkewedClock::new(Duration::hours(-2)));
    let client = phone.client(&server.base_url, SyncConfig::default());
    client.pair(&mut phone.store, &server.crew_code, &server.pin, "李师傅", "test phone").await.unwrap();
    client.pull(&mut phone.store).await.unwrap();

    let really_at = Utc::now();
    let event = phone.store.record(order.id, EventKind::Arrived, "李师傅", phone.evidence()).unwrap();
    assert!((really_at - event.evidence.device_time).num_minutes() >= 119, "the phone's clock is wrong");
    client.sync_once(&mut phone.store).await.unwrap();

    let stored = server.order(order.id).unwrap().events;
    assert_eq!(stored.len(), 1);
    assert!(stored[0].time_corrected);
    let error = (stored[0].corrected_time - really_at).num_seconds().abs();
    assert!(error < 60, "corrected time is {error} s from the real time");
}
