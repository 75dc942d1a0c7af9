//! Orders that leave the crew while the phone still holds their evidence.

mod common;

use common::paired_phone;
use fieldcrew_core::RecordError;
use fieldcrew_core::event::EventKind;
use fieldcrew_core::store::Removal;
use fieldcrew_server::test_support::TestServer;
use fieldcrew_sync::{LoopExit, SyncConfig, SyncError, SyncTrigger, sync_loop};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reassigned_order_with_unsynced_events_stays_read_only_until_they_are_pushed() {
    let server = TestServer::start().await;
    let (moved, cancelled) = (server.create_order(&server.crew_code), server.create_order(&server.crew_code));
    let (mut phone, client) = paired_phone(&server, SyncConfig::default()).await;
    client.sync_once(&mut phone.store).await.unwrap();

    // Offline: the crew records; meanwhile dispatch moves one order and cancels the other.
    phone.store.record(moved.id, EventKind::Arrived, "李师傅", phone.evidence()).unwrap();
    server.reassign(moved.id, &server.other_crew_code);
    server.cancel(cancelled.id);

    client.pull(&mut phone.store).await.unwrap();
    let listed = phone.store.orders().unwrap();
    assert_eq!(listed.len(), 1, "the cancelled order had nothing unsynced: hidden");
    assert_eq!(listed[0].order.id, moved.id);
    assert_eq!(listed[0].removed, Some(Removal::Reassigned));
    assert_eq!(listed[0].unsynced, 1);
    assert!(matches!(
        phone.store.record(moved.id, EventKind::Restored, "李师傅", phone.evidence()),
        Err(RecordError::OrderRemoved { .. })
    ));

    client.sync_once(&mut phone.store).await.unwrap();
    assert!(phone.store.orders().unwrap().is_empty(), "drained: hidden");
    assert_eq!(server.order_events(moved.id).len(), 1, "the evidence reached the server");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_revoked_token_stops_the_loop_asking_for_pairing_and_keeps_the_data() {
    let server = TestServer::start().await;
    let order = server.create_order(&server.crew_code);
    let (mut phone, client) = paired_phone(&server, SyncConfig::default()).await;
    client.pull(&mut phone.store).await.unwrap();
    phone.store.record(order.id, EventKind::Arrived, "李师傅", phone.evidence()).unwrap();
    // A dispatcher's revoke (a made-up token would no longer do: the server
    // keeps the id for the phone whose token is still live).
    server.db().revoke_device(phone.store.device_id(), chrono::Utc::now()).unwrap();

    assert!(matches!(client.sync_once(&mut phone.store).await, Err(SyncError::NeedsPairing)));
    assert_eq!(sync_loop(&client, &mut phone.store, SyncTrigger::new()).await, LoopExit::NeedsPairing);
    assert_eq!(phone.store.outbox_len().unwrap(), 1);

    client.pair(&mut phone.store, &server.crew_code, &server.pin, "李师傅", "test phone").await.unwrap();
    client.sync_once(&mut phone.store).await.unwrap();
    assert_eq!(server.order_events(order.id).len(), 1);
}
