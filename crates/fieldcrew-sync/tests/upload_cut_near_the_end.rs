//! A photo upload cut at 90 % resends at most one chunk: the server's byte
//! counter ends at no more than the file size plus one 64 KiB chunk.

mod common;

use common::fault_proxy::{Fault, FaultProxy};
use common::http_relay::Request;
use common::paired_phone;
use common::photo::jpeg_like;
use fieldcrew_server::test_support::TestServer;
use fieldcrew_sync::SyncConfig;

const CHUNK: usize = fieldcrew_protocol::tus::DEFAULT_CHUNK;
/// Ten chunks: the last one starts at exactly 90 %.
const SIZE: usize = 10 * CHUNK;
const CUT_AT: u64 = (SIZE * 9 / 10) as u64;

/// The PATCH starting at 90 % gets `fault`, once; everything else passes.
fn cut_once_at_ninety_percent(fault: Fault) -> Box<dyn FnMut(&Request) -> Fault + Send> {
    let mut done = false;
    Box::new(move |request| {
        let offset = request.header("upload-offset").and_then(|v| v.parse::<u64>().ok());
        if request.starts_with("PATCH ") && offset == Some(CUT_AT) && !done {
            done = true;
            return fault;
        }
        Fault::Pass
    })
}

async fn upload_through(fault: Fault) {
    let server = TestServer::start().await;
    let order = server.create_order(&server.crew_code);
    let (mut phone, direct) = paired_phone(&server, SyncConfig::default()).await;
    direct.sync_once(&mut phone.store).await.unwrap();
    let bytes = jpeg_like(&mut fastrand::Rng::with_seed(90), SIZE);
    let photo = phone.photo_on_record(order.id, &bytes);

    let proxy = FaultProxy::start(server.addr, cut_once_at_ninety_percent(fault)).await;
    let client = phone.client(&proxy.base_url, SyncConfig::default());
    assert!(client.sync_once(&mut phone.store).await.is_err(), "the cut reached the phone");
    assert_eq!(proxy.count(fault.name()), 1);
    client.sync_once(&mut phone.store).await.unwrap();

    assert_eq!(server.media_bytes(photo.id), Some(bytes));
    assert!(phone.store.pending_uploads().unwrap().is_empty());
    let received = server.state.metrics.upload_bytes.get();
    assert!(received >= SIZE as u64, "{received} bytes received");
    assert!(received <= (SIZE + CHUNK) as u64, "{received} bytes received for a {SIZE}-byte photo");
    let metrics = reqwest::Client::new()
        .get(format!("{}/metrics", server.base_url))
        .bearer_auth(server.dispatcher_token())
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.lines().any(|l| l == format!("fieldcrew_upload_bytes_total {received}")),
        "/metrics agrees with the counter"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_chunk_cut_off_at_ninety_percent_is_the_only_one_sent_again() {
    upload_through(Fault::Truncate { keep_permille: 500 }).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_last_chunk_whose_answer_is_lost_at_ninety_percent_is_not_sent_again_in_full() {
    upload_through(Fault::DropResponse).await;
}
