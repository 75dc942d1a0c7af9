//! A photo upload cut off midway resumes where the server stopped.

mod common;

use common::drop_proxy::DropProxy;
use common::paired_phone;
use fieldcrew_server::test_support::TestServer;
use fieldcrew_sync::SyncConfig;

const CHUNK: usize = 16 * 1024;

fn photo_bytes() -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xE0];
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
async fn an_interrupted_photo_upload_resumes_and_arrives_byte_identical() {
    let mut server = TestServer::start().await;
    let order = server.create_order(&server.crew_code);
    let config = SyncConfig { chunk_size: CHUNK, ..Default::default() };
    let (mut phone, direct) = paired_phone(&server, config.clone()).await;
    direct.sync_once(&mut phone.store).await.unwrap();
    let bytes = photo_bytes();
    let photo = phone.photo_on_record(order.id, &bytes);

    // The third chunk reaches the server, its answer does not reach the phone.
    let proxy = DropProxy::start(server.addr, "PATCH ", 2).await;
    let client = phone.client(&proxy.base_url, config);
    assert!(client.sync_once(&mut phone.store).await.is_err());
    let pending = phone.store.pending_uploads().unwrap();
    assert_eq!(pending.len(), 1);
    assert!(pending[0].upload_url.is_some(), "the upload URL was stored before sending");
    assert_eq!(pending[0].offset, 2 * CHUNK as u64);
    assert_eq!(server.media_bytes(photo.id), None);

    server.restart().await; // and the server went down meanwhile
    let report = client.sync_once(&mut phone.store).await.unwrap();
    assert_eq!(report.media_uploaded, 1);
    assert_eq!(report.bytes_uploaded, (bytes.len() - 3 * CHUNK) as u64, "resumed, not restarted");
    assert_eq!(server.media_bytes(photo.id), Some(bytes));
    assert!(phone.store.pending_uploads().unwrap().is_empty());
}
