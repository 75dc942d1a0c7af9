//! Issue 13, item 7, from the phone: the server dies right after moving a
//! finished photo into its media folder, before saving it complete. After
//! the restart the phone's next pass asks how far the upload got, hears
//! "complete", and sends no byte of it again.

mod common;

use common::paired_phone;
use common::photo::jpeg_like;
use fieldcrew_server::test_support::{TestServer, crash_after_media_move};
use fieldcrew_sync::SyncConfig;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_photo_whose_server_died_on_finishing_it_is_not_sent_again_after_the_restart() {
    let mut server = TestServer::start().await;
    let order = server.create_order(&server.crew_code);
    let config = SyncConfig { chunk_size: 16 * 1024, ..Default::default() };
    let (mut phone, client) = paired_phone(&server, config).await;
    client.sync_once(&mut phone.store).await.unwrap();
    let bytes = jpeg_like(&mut fastrand::Rng::with_seed(11), 70_000);
    let photo = phone.photo_on_record(order.id, &bytes);

    crash_after_media_move(photo.id);
    let failed = client.sync_once(&mut phone.store).await.expect_err("the server died on the last chunk");
    assert!(failed.to_string().contains("500"), "{failed}");
    assert_eq!(phone.store.pending_uploads().unwrap().len(), 1, "the phone does not know it arrived");

    server.restart().await;
    let report = client.sync_once(&mut phone.store).await.unwrap();
    assert_eq!(report.media_uploaded, 1);
    assert_eq!(report.bytes_uploaded, 0, "the phone sent nothing again");
    assert_eq!(server.state.metrics.upload_bytes.get(), 0, "the server received nothing again");
    assert_eq!(server.media_bytes(photo.id), Some(bytes));
    assert!(phone.store.pending_uploads().unwrap().is_empty());
}
