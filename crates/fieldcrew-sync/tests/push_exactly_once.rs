//! Evidence reaches the server exactly once, whatever happens to answers.

mod common;

use common::drop_proxy::DropProxy;
use common::{Phone, paired_phone};
use fieldcrew_core::event::EventKind;
use fieldcrew_core::store::Store;
use fieldcrew_server::test_support::TestServer;
use fieldcrew_sync::{SyncConfig, SyncError};
use std::collections::HashSet;
use std::sync::atomic::Ordering;

fn assert_unique_events(server: &TestServer, order: fieldcrew_core::OrderId, expected: usize) {
    let events = server.order_events(order);
    let ids: HashSet<_> = events.iter().map(|e| e.id).collect();
    assert_eq!(events.len(), expected, "stored events");
    assert_eq!(ids.len(), expected, "no event stored twice");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pushing_the_same_outbox_twice_stores_each_event_once() {
    let server = TestServer::start().await;
    let order = server.create_order(&server.crew_code);
    let (mut phone, client) = paired_phone(&server, SyncConfig::default()).await;
    client.pull(&mut phone.store).await.unwrap();
    phone.store.record(order.id, EventKind::Arrived, "李师傅", phone.evidence()).unwrap();
    phone
        .store
        .record(order.id, EventKind::SiteReport { text: "表箱烧黑".into() }, "李师傅", phone.evidence())
        .unwrap();

    // A copy of the phone as it was before the push: same device, same outbox.
    let Phone { dir, store, clock } = phone;
    drop(store);
    let copy = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), copy.path().join(entry.file_name())).unwrap();
        }
    }
    let mut store = Store::open(dir.path()).unwrap();
    let mut twin = Store::open(copy.path()).unwrap();
    assert_eq!(twin.device_id(), store.device_id());

    let first = client.sync_once(&mut store).await.unwrap();
    assert_eq!(first.items_pushed, 2);
    let second = client.sync_once(&mut twin).await.unwrap();
    assert_eq!(second.items_pushed, 2, "the repeat is acknowledged too");
    assert_eq!(twin.outbox_len().unwrap(), 0);
    assert_unique_events(&server, order.id, 2);
    drop(clock);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_push_whose_answer_is_lost_is_retried_and_stored_once() {
    let server = TestServer::start().await;
    let order = server.create_order(&server.crew_code);
    let (mut phone, direct) = paired_phone(&server, SyncConfig::default()).await;
    direct.pull(&mut phone.store).await.unwrap();
    phone.store.record(order.id, EventKind::Arrived, "李师傅", phone.evidence()).unwrap();
    for _ in 0..2 {
        phone
            .store
            .record(order.id, EventKind::SiteReport { text: "检查中".into() }, "李师傅", phone.evidence())
            .unwrap();
    }

    let proxy = DropProxy::start(server.addr, "POST /v1/push", 0).await;
    let client = phone.client(&proxy.base_url, SyncConfig::default());
    let lost = client.sync_once(&mut phone.store).await;
    assert!(
        matches!(lost, Err(SyncError::ConnectionLost(_) | SyncError::Offline(_))),
        "the phone saw the connection drop: {lost:?}"
    );
    assert_eq!(proxy.dropped.load(Ordering::SeqCst), 1);
    assert_unique_events(&server, order.id, 3); // the server did store them
    assert_eq!(phone.store.outbox_len().unwrap(), 3, "but the phone can not know");

    let retry = client.sync_once(&mut phone.store).await.unwrap();
    assert_eq!(retry.items_pushed, 3);
    assert_eq!(phone.store.outbox_len().unwrap(), 0);
    assert_unique_events(&server, order.id, 3);
}
