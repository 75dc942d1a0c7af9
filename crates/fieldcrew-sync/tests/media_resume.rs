//! A photo upload cut off midway resumes where the server stopped, at once.

mod common;

use common::drop_proxy::DropProxy;
use common::paired_phone;
use fieldcrew_server::test_support::TestServer;
use fieldcrew_sync::SyncConfig;

const CHUNK: usize = 16 * 1024;

fn photo_bytes() -> Vec<u8> {
    // A JPEG's header (the server checks it), then scrambled scan data.
    let mut bytes = common::photo::JPEG_HEADER.to_vec();
    let mut seed = 0x2545_F491_u32;
    bytes.extend((0..5 * CHUNK + 1234).map(|_| {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        seed as u8
    }));
    bytes
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_photo_upload_whose_answer_is_lost_goes_on_from_the_server_s_offset_in_the_same_pass() {
    let server = TestServer::start().await;
    let order = server.create_order(&server.crew_code);
    let config = SyncConfig { chunk_size: CHUNK, ..Default::default() };
    let (mut phone, direct) = paired_phone(&server, config.clone()).await;
    direct.sync_once(&mut phone.store).await.unwrap();
    let bytes = photo_bytes();
    let photo = phone.photo_on_record(order.id, &bytes);

    // The creation carries the first chunk; the second PATCH reaches the
    // server, its answer does not reach the phone: it asks the server how
    // far it got and goes on from there in the same pass, without sending
    // the chunk again.
    let proxy = DropProxy::start(server.addr, "PATCH ", 1).await;
    let client = phone.client(&proxy.base_url, config.clone());
    let report = client.sync_once(&mut phone.store).await.unwrap();
    assert_eq!(proxy.dropped.load(std::sync::atomic::Ordering::SeqCst), 1);
    assert_eq!(report.media_uploaded, 1);
    assert_eq!(server.state.metrics.upload_bytes.get(), bytes.len() as u64, "no chunk stored twice");
    assert_eq!(server.media_bytes(photo.id), Some(bytes.clone()));
    assert!(phone.store.pending_uploads().unwrap().is_empty());
}
