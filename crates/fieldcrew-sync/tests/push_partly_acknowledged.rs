//! A server that acknowledges only the first part of each batch (as one
//! that stored part of a batch before it ran out of time may): the phone's
//! next batch starts at the first item not acknowledged, never after the
//! end of the batch it sent, even though it builds that next batch ahead
//! while it waits; every item arrives, in order, none skipped.

mod common;

use common::http_relay::read_request;
use common::paired_phone;
use fieldcrew_core::event::EventKind;
use fieldcrew_protocol::push::{ItemResult, Outcome, PushBatch, PushResponse};
use fieldcrew_server::test_support::TestServer;
use fieldcrew_sync::SyncConfig;
use flate2::read::GzDecoder;
use std::sync::{Arc, Mutex};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpListener;

/// Each batch's `device_seq`s as received; answers acknowledge half of each.
async fn half_acknowledging_server(batches: Arc<Mutex<Vec<Vec<i64>>>>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base_url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        while let Ok((mut phone, _)) = listener.accept().await {
            let batches = batches.clone();
            tokio::spawn(async move {
                while let Ok(Some(request)) = read_request(&mut phone).await {
                    if !request.starts_with("POST") {
                        // A request for a clock sample: any success will do.
                        phone.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n").await.unwrap();
                        continue;
                    }
                    let batch: PushBatch =
                        serde_json::from_reader(GzDecoder::new(&request.body[..])).unwrap();
                    let seqs: Vec<i64> = batch.items.iter().map(|i| i.device_seq).collect();
                    let kept = &seqs[..seqs.len().div_ceil(2)];
                    let answer = serde_json::to_vec(&PushResponse {
                        acked_seq: *kept.last().unwrap(),
                        results: kept
                            .iter()
                            .map(|&device_seq| ItemResult { device_seq, outcome: Outcome::Accepted })
                            .collect(),
                    })
                    .unwrap();
                    batches.lock().unwrap().push(seqs);
                    let head = format!(
                        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
                        answer.len()
                    );
                    phone.write_all(head.as_bytes()).await.unwrap();
                    phone.write_all(&answer).await.unwrap();
                }
            });
        }
    });
    base_url
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_batch_acknowledged_in_part_is_followed_by_its_first_unacknowledged_item() {
    let server = TestServer::start().await;
    let order = server.create_order(&server.crew_code).id;
    let config = SyncConfig { push_batch: 10, ..Default::default() };
    let (mut phone, direct) = paired_phone(&server, config.clone()).await;
    direct.pull(&mut phone.store).await.unwrap();
    for n in 0..40 {
        let evidence = phone.evidence();
        phone.store.record(order, EventKind::Note { text: format!("记录 {n}") }, "李师傅", evidence).unwrap();
    }
    let recorded: Vec<i64> = phone.store.outbox_pending(100).unwrap().iter().map(|i| i.device_seq).collect();
    let batches = Arc::new(Mutex::new(Vec::new()));
    let client = phone.client(&half_acknowledging_server(batches.clone()).await, config);

    let report = client.push(&mut phone.store).await.unwrap();

    assert_eq!(report.items_pushed, 40);
    assert_eq!(phone.store.outbox_len().unwrap(), 0);
    let batches = batches.lock().unwrap();
    let mut next = recorded[0];
    for seqs in batches.iter() {
        assert_eq!(seqs[0], next, "a batch starts at the first unacknowledged item: {batches:?}");
        next = seqs[seqs.len().div_ceil(2) - 1] + 1;
    }
    assert_eq!(next, recorded[recorded.len() - 1] + 1);
}
