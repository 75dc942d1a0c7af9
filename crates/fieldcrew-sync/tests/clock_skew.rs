//! Phones whose wall clock is a day or seven minutes off: the server's
//! corrected time of each event, and the order's arrival and restoration
//! times the board judges, are within 2 s of when it really happened.
//! Time since boot runs true; only the wall clock is wrong.

mod common;

use chrono::{DateTime, Duration, Utc};
use common::{Phone, SkewedClock};
use fieldcrew_core::event::EventKind;
use fieldcrew_server::test_support::TestServer;
use fieldcrew_sync::SyncConfig;

const TOLERANCE_MS: i64 = 2_000;

/// Records three events on a phone whose wall clock is off by `skew`, syncs,
/// and checks the corrected time of each against when it really happened.
async fn assert_corrected_to_true_time(skew: Duration) {
    let server = TestServer::start().await;
    let order = server.create_order(&server.crew_code);
    let mut phone = Phone::with_clock(SkewedClock::new(skew));
    let client = phone.client(&server.base_url, SyncConfig::default());
    client.pair(&mut phone.store, &server.crew_code, &server.pin, "李师傅", "test phone").await.unwrap();
    client.pull(&mut phone.store).await.unwrap();

    let mut really_at = Vec::new();
    let kinds = [EventKind::Arrived, EventKind::SiteReport { text: "表箱烧黑".into() }, EventKind::Restored];
    for kind in kinds {
        let before = Utc::now();
        let event = phone.store.record(order.id, kind, "李师傅", phone.evidence()).unwrap();
        let after = Utc::now();
        really_at.push((event.id, before + (after - before) / 2));
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    }
    client.sync_once(&mut phone.store).await.unwrap();

    let on_server = server.order(order.id).unwrap();
    // The promise clocks the board judges run on corrected times too.
    let (arrived_at, restored_at) =
        (on_server.state.arrived_at.unwrap(), on_server.state.restored_at.unwrap());
    assert!(
        (arrived_at - really_at[0].1).num_milliseconds().abs() <= TOLERANCE_MS,
        "skew {skew}: arrival clock"
    );
    assert!(
        (restored_at - really_at[2].1).num_milliseconds().abs() <= TOLERANCE_MS,
        "skew {skew}: restore clock"
    );
    let stored = on_server.events;
    assert_eq!(stored.len(), really_at.len());
    for (event, (id, true_time)) in stored.iter().zip(&really_at) {
        assert_eq!(event.event.id, *id);
        let off_by = |t: DateTime<Utc>| (t - *true_time).num_milliseconds().abs();
        assert!(off_by(event.event.evidence.device_time) >= skew.num_milliseconds().abs() - TOLERANCE_MS);
        assert!(event.time_corrected, "skew {skew}: no clock correction");
        let error = off_by(event.corrected_time);
        assert!(error <= TOLERANCE_MS, "skew {skew}: corrected time {error} ms from the true time");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_clock_one_day_fast_is_corrected_to_within_two_seconds() {
    assert_corrected_to_true_time(Duration::days(1)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_clock_one_day_slow_is_corrected_to_within_two_seconds() {
    assert_corrected_to_true_time(Duration::days(-1)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_clock_seven_minutes_fast_is_corrected_to_within_two_seconds() {
    assert_corrected_to_true_time(Duration::minutes(7)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_clock_seven_minutes_slow_is_corrected_to_within_two_seconds() {
    assert_corrected_to_true_time(Duration::minutes(-7)).await;
}
