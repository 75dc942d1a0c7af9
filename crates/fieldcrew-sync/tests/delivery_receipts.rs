//! The dispatcher learns that an order reached the crew's phone (已送达)
//! and that the crew opened it (已查看), once each, whatever the retries.

mod common;

use common::paired_phone;
use fieldcrew_protocol::receipts::{Receipt, ReceiptBatch, ReceiptStage, ReceiptsStored};
use fieldcrew_server::test_support::TestServer;
use fieldcrew_sync::SyncConfig;
use serde_json::Value;

async fn order_json(server: &TestServer, id: fieldcrew_core::OrderId) -> Value {
    reqwest::Client::new()
        .get(format!("{}/v1/orders/{id}", server.base_url))
        .bearer_auth(server.dispatcher_token())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn delivered_after_the_pull_seen_after_opening_and_both_kept_once() {
    let server = TestServer::start().await;
    let order = server.create_order(&server.crew_code);
    let (mut phone, client) = paired_phone(&server, SyncConfig::default()).await;
    assert!(order_json(&server, order.id).await["receipts"].as_array().unwrap().is_empty());

    client.sync_once(&mut phone.store).await.unwrap();
    let receipts = server.db().receipts_for(&[order.id]).unwrap();
    assert_eq!(receipts.len(), 1, "{receipts:?}");
    assert_eq!(receipts[0].stage, ReceiptStage::Delivered);
    assert_eq!(receipts[0].device_id, phone.store.device_id());
    let view = order_json(&server, order.id).await;
    assert!(view["receipts"][0]["delivered_at"].is_string(), "{view}");
    assert!(view["receipts"][0]["seen_at"].is_null());

    phone.store.mark_order_seen(order.id, phone.clock.as_ref()).unwrap();
    phone.store.mark_order_seen(order.id, phone.clock.as_ref()).unwrap();
    client.sync_once(&mut phone.store).await.unwrap();
    let view = order_json(&server, order.id).await;
    let (delivered, seen) = (&view["receipts"][0]["delivered_at"], &view["receipts"][0]["seen_at"]);
    assert!(seen.is_string(), "{view}");
    assert!(seen.as_str() >= delivered.as_str());
    let listed: Value = reqwest::Client::new()
        .get(format!("{}/v1/orders", server.base_url))
        .bearer_auth(server.dispatcher_token())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(&listed[0]["seen_at"], seen);
    assert_eq!(&listed[0]["delivered_at"], delivered);

    // A pass whose answer was lost sends the same receipts again; a later
    // pull of the same order queues nothing new.
    client.sync_once(&mut phone.store).await.unwrap();
    assert!(phone.store.pending_receipts(10).unwrap().is_empty());
    assert_eq!(server.db().receipts_for(&[order.id]).unwrap().len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_resent_receipt_keeps_the_first_time_and_another_crews_order_is_not_marked() {
    let server = TestServer::start().await;
    let ours = server.create_order(&server.crew_code);
    let theirs = server.create_order(&server.other_crew_code);
    let (mut phone, client) = paired_phone(&server, SyncConfig::default()).await;
    client.sync_once(&mut phone.store).await.unwrap();
    let first = server.db().receipts_for(&[ours.id]).unwrap()[0].at;

    let token = phone.store.pairing().unwrap().unwrap().token;
    let later = chrono::Utc::now();
    let resend = |order_id| ReceiptBatch {
        boot_epochs: vec![],
        receipts: vec![Receipt {
            order_id,
            stage: ReceiptStage::Delivered,
            device_time: later,
            monotonic_ms: 1,
            boot_id: "another-boot".into(),
        }],
    };
    for order in [ours.id, theirs.id] {
        let answer: ReceiptsStored = reqwest::Client::new()
            .post(format!("{}/v1/receipts", server.base_url))
            .bearer_auth(&token)
            .json(&resend(order))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(answer.stored, 0, "nothing new for {order}");
    }
    assert_eq!(server.db().receipts_for(&[ours.id]).unwrap()[0].at, first);
    assert!(server.db().receipts_for(&[theirs.id]).unwrap().is_empty());
}
