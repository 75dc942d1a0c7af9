//! A photo upload cut at 90 % sends nothing twice and finishes in the same
//! pass: the server keeps what reached it of a cut chunk (or all of a chunk
//! whose answer was lost), the phone asks how far it got and goes on.

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
    // Chunks pinned at 64 KiB, so one starts at exactly 90 %.
    let config = SyncConfig { min_chunk: CHUNK, max_chunk: CHUNK, ..Default::default() };
    let (mut phone, direct) = paired_phone(&server, config.clone()).await;
    direct.sync_once(&mut phone.store).await.unwrap();
    let bytes = jpeg_like(&mut fastrand::Rng::with_seed(90), SIZE);
    let photo = phone.photo_on_record(order.id, &bytes);

    let proxy = FaultProxy::start(server.addr, cut_once_at_ninety_percent(fault)).await;
    let client = phone.client(&proxy.base_url, config);
    client.sync_once(&mut phone.store).await.unwrap();
    assert_eq!(proxy.count(fault.name()), 1, "the cut happened");

    assert_eq!(server.media_bytes(photo.id), Some(bytes));
    assert!(phone.store.pending_uploads().unwrap().is_empty());
    let received = server.state.metrics.upload_bytes.get();
    assert_eq!(received, SIZE as u64, "{received} bytes stored for a {SIZE}-byte photo");
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
async fn a_chunk_cut_off_at_ninety_percent_is_resumed_where_it_broke_off() {
    upload_through(Fault::Truncate { keep_permille: 500 }).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_last_chunk_whose_answer_is_lost_at_ninety_percent_is_not_sent_again_in_full() {
    upload_through(Fault::DropResponse).await;
}
