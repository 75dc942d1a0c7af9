//! The phone waits for orders with a long-poll between syncs: an assigned
//! order is in its store about a round trip later, and a record made while
//! the poll is held still goes up at once.

mod common;

use common::Phone;
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
