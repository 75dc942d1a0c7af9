//! Pairing the same phone again keeps working now that the server binds a
//! device id to the phone that paired it: the phone shows its current token,
//! or the one kept at sign-out, and its queue goes up exactly once.

mod common;

use common::{Phone, paired_phone};
use fieldcrew_core::event::EventKind;
use fieldcrew_server::pairing_lineage::PairingVia;
use fieldcrew_server::test_support::TestServer;
use fieldcrew_sync::{SyncConfig, SyncError};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_out_and_in_again_on_the_same_phone_sends_the_unsynced_event_exactly_once() {
    let server = TestServer::start().await;
    let order = server.create_order(&server.crew_code);
    let (mut phone, client) = paired_phone(&server, SyncConfig::default()).await;
    client.sync_once(&mut phone.store).await.unwrap();
    let event = phone.store.record(order.id, EventKind::Arrived, "李师傅", phone.evidence()).unwrap();

    phone.store.clear_token().unwrap();
    assert!(matches!(client.sync_once(&mut phone.store).await, Err(SyncError::NeedsPairing)));
    client.pair(&mut phone.store, &server.crew_code, &server.pin, "李师傅", "test phone").await.unwrap();
    client.sync_once(&mut phone.store).await.unwrap();
    client.sync_once(&mut phone.store).await.unwrap();

    assert_eq!(server.order_events(order.id), vec![event]);
    let device = phone.store.device_id();
    assert!(server.db().slot_conflicts(device).unwrap().is_empty());
    let vias: Vec<_> = server.db().device_pairings(device).unwrap().into_iter().map(|p| p.via).collect();
    assert_eq!(vias, vec![PairingVia::First, PairingVia::Token]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_phone_pairs_with_another_crew_signed_in_or_signed_out() {
    let server = TestServer::start().await;
    let (mut phone, client) = paired_phone(&server, SyncConfig::default()).await;
    client
        .pair(&mut phone.store, &server.other_crew_code, &server.other_pin, "李师傅", "test phone")
        .await
        .unwrap();
    phone.store.clear_token().unwrap();
    client.pair(&mut phone.store, &server.crew_code, &server.pin, "李师傅", "test phone").await.unwrap();
    client.sync_once(&mut phone.store).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_token_cleared_as_the_app_does_still_lets_the_phone_pair_again() {
    // Tokens that expire as they are handed out.
    let server = TestServer::start_with(|s| s.device_token_days = 0).await;
    let mut phone = Phone::new();
    let client = phone.client(&server.base_url, SyncConfig::default());
    client.pair(&mut phone.store, &server.crew_code, &server.pin, "李师傅", "test phone").await.unwrap();
    assert!(matches!(client.sync_once(&mut phone.store).await, Err(SyncError::NeedsPairing)));
    phone.store.clear_token().unwrap(); // what the app's sync thread does on NeedsPairing
    client.pair(&mut phone.store, &server.crew_code, &server.pin, "李师傅", "test phone").await.unwrap();
    let vias: Vec<_> =
        server.db().device_pairings(phone.store.device_id()).unwrap().into_iter().map(|p| p.via).collect();
    assert_eq!(vias, vec![PairingVia::First, PairingVia::Token], "the expired token proved the phone");
}
