//! A closed order whose records the server holds leaves the phone once it is
//! three months old; it stays on the server, and open orders stay put.

mod common;

use chrono::Duration;
use common::{Phone, SkewedClock};
use fieldcrew_core::checklist::{CheckedItem, applicable, standard_items};
use fieldcrew_core::event::EventKind;
use fieldcrew_core::store::KEEP_SETTLED_DAYS;
use fieldcrew_server::test_support::TestServer;
use fieldcrew_sync::SyncConfig;

fn cleanup_done() -> EventKind {
    EventKind::CleanupCompleted {
        items: applicable(&standard_items(), true)
            .map(|i| CheckedItem {
                done: true,
                value: i.input.map(|_| "FZ-001".into()),
                ..CheckedItem::open(&i.key)
            })
            .collect(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_closed_order_leaves_the_phone_after_three_months_but_stays_on_the_server() {
    let server = TestServer::start().await;
    let (closed, open) = (server.create_order(&server.crew_code), server.create_order(&server.crew_code));
    let mut phone = Phone::new();
    let client = phone.client(&server.base_url, SyncConfig::default());
    client.pair(&mut phone.store, &server.crew_code, &server.pin, "李师傅", "test phone").await.unwrap();
    client.pull(&mut phone.store).await.unwrap();
    for kind in [EventKind::Arrived, EventKind::Restored, cleanup_done(), EventKind::Closed] {
        phone.store.record(closed.id, kind, "李师傅", phone.evidence()).unwrap();
    }
    client.sync_once(&mut phone.store).await.unwrap();
    assert!(phone.store.order(closed.id).unwrap().is_some(), "a freshly closed order stays");

    // The same phone, three months and a day later.
    let later = SkewedClock::new(Duration::days(KEEP_SETTLED_DAYS + 1));
    let client =
        fieldcrew_sync::SyncClient::new(&server.base_url, std::sync::Arc::new(later), SyncConfig::default())
            .unwrap();
    client.sync_once(&mut phone.store).await.unwrap();

    assert!(phone.store.order(closed.id).unwrap().is_none(), "the settled order left the phone");
    assert!(phone.store.order(open.id).unwrap().is_some(), "the open order stays");
    let on_server = server.order(closed.id).unwrap();
    assert_eq!(on_server.events.len(), 4, "the server keeps every record");
}
