//! The tester's day: the server is gone for longer than the old backoff
//! would have reached (it grew to minutes), the crew records a step
//! meanwhile, the server comes back on the same address, and the step must
//! reach it within seconds. The real server binary on loopback, the real
//! sync thread; killing the server closes its port, as a lost network does.
//! During the outage the bar must say offline with an instant of the next
//! try that is never further than the probe cap away.

mod support;

use chrono::Utc;
use fieldcrew_core::Store;
use fieldcrew_core::clock::{DeviceClock, SystemClock};
use fieldcrew_core::event::EventKind;
use fieldcrew_server::demo::DISPATCHER;
use fieldcrew_ui::SyncState;
use fieldcrew_ui::pairing::{PairAttempt, PairOutcome};
use std::time::{Duration, Instant};
use support::server_binary::{ServerProcess, free_address, seed_demo, server_binary};

/// Longer than the old backoff's first four delays together (2+4+8+16 s at
/// most): the old loop would next have waited 16-32 s, then up to 5 minutes.
const OUTAGE: Duration = Duration::from_secs(40);
/// The product requirement, not a benchmark.
const WITHIN: Duration = Duration::from_secs(15);
/// `SyncConfig::probe_cap` (10 s), plus the bar's whole-second rounding.
const PROBE_CAP_SHOWN: chrono::TimeDelta = chrono::TimeDelta::seconds(11);
const PATIENCE: Duration = Duration::from_secs(30);
const MEMBER: &str = "李师傅";

async fn eventually(what: &str, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(start.elapsed() < PATIENCE, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Whether the server holds the event, asked as the dispatcher.
async fn server_has(http: &reqwest::Client, base_url: &str, token: &str, order: &str, event: &str) -> bool {
    let Ok(response) = http.get(format!("{base_url}/v1/orders/{order}")).bearer_auth(token).send().await
    else {
        return false;
    };
    response.status().is_success() && response.text().await.is_ok_and(|body| body.contains(event))
}

async fn dispatcher_token(http: &reqwest::Client, base_url: &str) -> String {
    let answer: serde_json::Value = http
        .post(format!("{base_url}/v1/dispatcher/login"))
        .json(&serde_json::json!({ "username": DISPATCHER.0, "password": DISPATCHER.1 }))
        .send()
        .await
        .unwrap()
        .error_for_status()
        .unwrap()
        .json()
        .await
        .unwrap();
    answer["token"].as_str().unwrap().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_step_recorded_during_a_long_outage_reaches_the_server_within_seconds_of_its_return() {
    let bin = server_binary();
    let data = tempfile::tempdir().unwrap();
    seed_demo(&bin, data.path());
    let listen = free_address();
    let mut server = ServerProcess::start(&bin, data.path(), &listen).await;
    let base_url = server.base_url.clone();

    let dir = tempfile::tempdir().unwrap();
    let mut phone = Store::open(dir.path()).unwrap();
    let sync = fieldcrew_app_sync::start(dir.path().to_path_buf(), Some(base_url.clone()), None);
    let attempt = PairAttempt {
        server: base_url.clone(),
        crew_code: "CREW-1".into(),
        pin: "1234".into(),
        member_name: MEMBER.into(),
    };
    let paired = tokio::time::timeout(PATIENCE, (sync.pair)(attempt)).await.unwrap().unwrap();
    assert!(matches!(paired, PairOutcome::Paired { .. }), "{paired:?}");
    eventually("the first sync", || {
        let view = sync.view.borrow();
        view.state == SyncState::Idle && view.last_success.is_some()
    })
    .await;

    server.kill();
    let down = Instant::now();
    // The crew records a step; the app wakes the sync, which finds no server.
    let (order, event) = phone
        .orders()
        .unwrap()
        .iter()
        .find_map(|row| {
            let note = EventKind::Note { text: "停电期间记录".into() };
            let event = phone.record(row.order.id, note, MEMBER, SystemClock.evidence(None, None)).ok()?;
            Some((row.order.id, event))
        })
        .expect("a demo order takes a note");
    (sync.sync_now)();

    let mut offline_seen = 0;
    let mut furthest = chrono::TimeDelta::zero();
    while down.elapsed() < OUTAGE {
        let state = sync.view.borrow().state.clone();
        if let SyncState::Offline { retry_at } = state {
            offline_seen += 1;
            furthest = furthest.max(retry_at - Utc::now());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(offline_seen > 0, "the bar said offline during the outage");
    assert!(furthest <= PROBE_CAP_SHOWN, "the next try was {furthest} away");
    assert_eq!(phone.outbox_len().unwrap(), 1, "the step waits on the phone");

    let restarted = Instant::now();
    let server = ServerProcess::start(&bin, data.path(), &listen).await;
    let back = Instant::now();
    let http = reqwest::Client::new();
    let token = dispatcher_token(&http, &server.base_url).await;
    let (order, event) = (order.to_string(), event.id.to_string());
    let mut arrived = None;
    // Watch past the requirement so a miss prints how late it was.
    while back.elapsed() < WITHIN * 3 {
        if server_has(&http, &server.base_url, &token, &order, &event).await {
            arrived = Some(back.elapsed());
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let delay = arrived.expect("the step reached the server");
    println!(
        "reconnect: the step reached the server {:.2} s after it answered again \
         (outage {} s; the server took {:.2} s to start)",
        delay.as_secs_f64(),
        OUTAGE.as_secs(),
        back.duration_since(restarted).as_secs_f64()
    );
    assert!(delay <= WITHIN, "the step took {delay:?} after the server returned");
    eventually("the outbox to empty", || phone.outbox_len().unwrap() == 0).await;
    eventually("the bar to say synced", || sync.view.borrow().state == SyncState::Idle).await;
}
