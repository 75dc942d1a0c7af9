//! The phone waits for orders with a long-poll between syncs: an assigned
//! order is in its store about a round trip later, and a record made while
//! the poll is held still goes up at once.

mod common;

use common::Phone;
use common::drop_proxy::DropProxy;
use fieldcrew_core::event::EventKind;
use fieldcrew_core::store::Store;
use fieldcrew_server::test_support::TestServer;
use fieldcrew_sync::{SyncConfig, SyncTrigger, sync_loop};
use std::path::Path;
use std::time::{Duration, Instant};

fn waiting_config() -> SyncConfig {
    SyncConfig {
        idle_interval: Duration::from_secs(600),
        long_poll: Some(Duration::from_secs(30)),
        ..SyncConfig::default()
    }
}

/// Starts the phone's sync loop on its own task; the test reads and writes
/// the store through a second connection, as the app's UI does.
async fn phone_syncing(server: &TestServer) -> (tempfile::TempDir, SyncTrigger) {
    let Phone { dir, mut store, clock } = Phone::new();
    let client = fieldcrew_sync::SyncClient::new(&server.base_url, clock, waiting_config()).unwrap();
    client.pair(&mut store, &server.crew_code, &server.pin, "李师傅", "test phone").await.unwrap();
    let trigger = SyncTrigger::new();
    let loop_trigger = trigger.clone();
    tokio::spawn(async move { sync_loop(&client, &mut store, loop_trigger).await });
    (dir, trigger)
}

async fn until(what: &str, limit: Duration, mut done: impl FnMut() -> bool) -> Duration {
    let started = Instant::now();
    while !done() {
        assert!(started.elapsed() < limit, "{what}: not within {limit:?}");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    started.elapsed()
}

fn holds(dir: &Path, order: fieldcrew_core::OrderId) -> bool {
    Store::open(dir).unwrap().order(order).unwrap().is_some()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_order_assigned_while_the_phone_waits_is_in_its_store_within_a_second() {
    let server = TestServer::start().await;
    let first = server.create_order(&server.crew_code);
    let (dir, trigger) = phone_syncing(&server).await;
    until("first pass", Duration::from_secs(10), || holds(dir.path(), first.id)).await;
    // Let the loop settle into its held long-poll.
    tokio::time::sleep(Duration::from_millis(500)).await;

    let assigned = Instant::now();
    let order = server.create_order(&server.crew_code);
    until("assigned order on the phone", Duration::from_secs(5), || holds(dir.path(), order.id)).await;
    println!("assignment to order in the phone's store on loopback: {:?}", assigned.elapsed());
    trigger.shutdown();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_record_made_while_the_poll_is_held_reaches_the_server_at_once() {
    let server = TestServer::start().await;
    let order = server.create_order(&server.crew_code);
    let (dir, trigger) = phone_syncing(&server).await;
    until("first pass", Duration::from_secs(10), || holds(dir.path(), order.id)).await;
    tokio::time::sleep(Duration::from_millis(500)).await;

    let phone = Phone::new();
    let mut ui_store = Store::open(dir.path()).unwrap();
    ui_store.record(order.id, EventKind::Acknowledged, "李师傅", phone.evidence()).unwrap();
    // What the app does after every record.
    trigger.sync_now();
    let took =
        until("record on the server", Duration::from_secs(5), || !server.order_events(order.id).is_empty())
            .await;
    println!("record made during a held 30 s poll reached the server after {took:?}");
    trigger.shutdown();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cut_long_poll_is_followed_by_a_pass_and_a_new_poll_not_a_backoff() {
    let server = TestServer::start().await;
    let first = server.create_order(&server.crew_code);
    // The 1st GET /v1/changes is the first pass's pull; the 2nd, the first
    // long-poll (held 2 s), is answered by the server and then cut before
    // the phone hears it.
    let proxy = DropProxy::start(server.addr, "GET /v1/changes", 1).await;
    let Phone { dir, mut store, clock } = Phone::new();
    let direct = fieldcrew_sync::SyncClient::new(&server.base_url, clock.clone(), waiting_config()).unwrap();
    direct.pair(&mut store, &server.crew_code, &server.pin, "李师傅", "test phone").await.unwrap();
    let config = SyncConfig {
        probe_base: Duration::from_millis(300),
        long_poll: Some(Duration::from_secs(2)),
        ..waiting_config()
    };
    let client = fieldcrew_sync::SyncClient::new(&proxy.base_url, clock, config).unwrap();
    let mut progress = client.progress();
    let backed_off = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let seen_backoff = backed_off.clone();
    tokio::spawn(async move {
        while progress.changed().await.is_ok() {
            if matches!(progress.borrow_and_update().phase, fieldcrew_sync::SyncPhase::WaitingToRetry { .. })
            {
                seen_backoff.store(true, std::sync::atomic::Ordering::SeqCst);
            }
        }
    });
    let trigger = SyncTrigger::new();
    let loop_trigger = trigger.clone();
    tokio::spawn(async move { sync_loop(&client, &mut store, loop_trigger).await });
    until("first pass", Duration::from_secs(10), || holds(dir.path(), first.id)).await;
    until("the long-poll cut", Duration::from_secs(10), || {
        proxy.dropped.load(std::sync::atomic::Ordering::SeqCst) == 1
    })
    .await;

    // After the cut: a short pause, a pass, and a new held poll; an order
    // assigned now still arrives in seconds (a backoff would take minutes).
    let assigned = std::time::Instant::now();
    let order = server.create_order(&server.crew_code);
    until("order after a cut poll", Duration::from_secs(5), || holds(dir.path(), order.id)).await;
    println!("order on the phone {:?} after the assignment that followed a cut poll", assigned.elapsed());
    assert!(
        !backed_off.load(std::sync::atomic::Ordering::SeqCst),
        "the cut poll was taken for a failed pass"
    );
    trigger.shutdown();
}
