//! Photos the server refuses for good (another crew's order 403, too large
//! 413, not a JPEG 415, a damaged JPEG 422) are marked refused on the phone,
//! kept, and never sent again (until the crew asks), and the photo behind
//! them still goes up. A full disk on the server (507) is not a refusal: the
//! photo goes up later.

mod common;

use common::paired_phone;
use common::photo::jpeg_like;
use fieldcrew_core::store::PulledChange;
use fieldcrew_server::test_support::TestServer;
use fieldcrew_sync::SyncConfig;
use std::process::Command;

const MAX_UPLOAD: u64 = 100_000;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn photos_refused_for_good_stay_on_the_phone_are_not_retried_and_do_not_hold_back_the_next() {
    let server = TestServer::start_with(|s| s.max_upload_bytes = MAX_UPLOAD).await;
    let orders: Vec<_> = (0..5).map(|_| server.create_order(&server.crew_code)).collect();
    let strangers = server.create_order(&server.other_crew_code);
    let (mut phone, client) = paired_phone(&server, SyncConfig::default()).await;
    client.sync_once(&mut phone.store).await.unwrap();
    // The phone holds the other crew's order (a stale assignment, say).
    let cursor = phone.store.pull_cursor().unwrap();
    phone.store.apply_pull_page(&[PulledChange::Upsert(strangers.clone())], cursor).unwrap();

    let mut rng = fastrand::Rng::with_seed(13);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend(std::iter::repeat_n(7u8, 3_000));
    let mut damaged = vec![0xFF, 0xD8, 0xFF, 0xE0];
    damaged.extend((0..3_000).map(|_| rng.u8(..)));
    let refused = [
        (phone.photo_on_record(strangers.id, &jpeg_like(&mut rng, 20_000)), "403"),
        (phone.photo_on_record(orders[0].id, &jpeg_like(&mut rng, MAX_UPLOAD as usize + 1)), "413"),
        (phone.photo_on_record(orders[1].id, &png), "415"),
        (phone.photo_on_record(orders[2].id, &damaged), "422"),
    ];
    let good = jpeg_like(&mut rng, 30_000);
    let good_photo = phone.photo_on_record(orders[3].id, &good);

    let report = client.sync_once(&mut phone.store).await.unwrap();
    assert_eq!(report.media_uploaded, 1, "the good photo went up behind the refused ones");
    assert_eq!(server.media_bytes(good_photo.id), Some(good));
    assert_eq!(report.upload_failures.len(), 4);
    let marked = phone.store.refused_uploads().unwrap();
    assert_eq!(marked.len(), 4);
    for (photo, status) in &refused {
        let mark = marked.iter().find(|m| m.media.id == photo.id).expect("marked refused");
        assert!(mark.reason.starts_with(status), "{status}: {}", mark.reason);
        assert!(phone.store.read_media(photo.id).is_ok(), "kept on the phone");
        assert_eq!(server.media_bytes(photo.id), None);
    }
    assert!(phone.store.pending_uploads().unwrap().is_empty());

    // The next passes send none of them again.
    let bytes_before = server.state.metrics.upload_bytes.get();
    for _ in 0..2 {
        let report = client.sync_once(&mut phone.store).await.unwrap();
        assert!(report.upload_failures.is_empty(), "{:?}", report.upload_failures);
    }
    assert_eq!(server.state.metrics.upload_bytes.get(), bytes_before);

    // The dispatcher gives the other crew's order to this crew, and the crew
    // sends the refused files again: that photo goes up, the rest are
    // refused again.
    server.reassign(strangers.id, &server.crew_code);
    assert_eq!(phone.store.retry_refused_uploads().unwrap(), 4);
    let report = client.sync_once(&mut phone.store).await.unwrap();
    assert_eq!(report.media_uploaded, 1);
    let (once_strangers, _) = &refused[0];
    assert!(server.media_bytes(once_strangers.id).is_some());
    assert_eq!(phone.store.refused_uploads().unwrap().len(), 3);
}

/// Unmounts however the test ends (lazily: the server may hold files).
struct Mounted(std::path::PathBuf);

impl Drop for Mounted {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_photo_the_full_server_could_not_take_is_not_refused_and_goes_up_once_there_is_room() {
    let server = TestServer::start().await;
    let order = server.create_order(&server.crew_code);
    let (mut phone, client) = paired_phone(&server, SyncConfig::default()).await;
    client.sync_once(&mut phone.store).await.unwrap();
    let uploads = server.state.uploads_dir();
    std::fs::create_dir_all(&uploads).unwrap();
    let full = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=16k", "tmpfs"])
        .arg(&uploads)
        .status()
        .is_ok_and(|s| s.success());
    if !full {
        eprintln!("skipped: cannot mount a tmpfs here (not root?)");
        return;
    }
    let mounted = Mounted(uploads);
    let bytes = jpeg_like(&mut fastrand::Rng::with_seed(7), 60_000);
    let photo = phone.photo_on_record(order.id, &bytes);

    let failed = client.sync_once(&mut phone.store).await.expect_err("the server's disk is full");
    assert!(failed.to_string().contains("507"), "{failed}");
    assert!(phone.store.refused_uploads().unwrap().is_empty(), "a full disk is not a refusal");
    assert_eq!(phone.store.pending_uploads().unwrap().len(), 1);

    drop(mounted);
    let report = client.sync_once(&mut phone.store).await.unwrap();
    assert_eq!(report.media_uploaded, 1);
    assert_eq!(server.media_bytes(photo.id), Some(bytes));
}

/// A media id the server already holds from another phone (a restored
/// backup, a copied store): creating it answers 409 every time, so asking
/// again every pass would only spend a village link on the same answer.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_photo_whose_id_another_phone_holds_is_marked_refused_kept_and_not_sent_every_pass() {
    use base64::Engine;
    use base64::engine::general_purpose::STANDARD;
    let server = TestServer::start().await;
    let order = server.create_order(&server.crew_code);
    let (mut phone, client) = paired_phone(&server, SyncConfig::default()).await;
    client.sync_once(&mut phone.store).await.unwrap();
    let mut rng = fastrand::Rng::with_seed(17);
    let photo = phone.photo_on_record(order.id, &jpeg_like(&mut rng, 20_000));

    // Another phone of the crew created an upload under the same id first.
    let (other, _) = paired_phone(&server, SyncConfig::default()).await;
    let token = other.store.pairing().unwrap().unwrap().token;
    let metadata = [
        ("media_id", photo.id.to_string()),
        ("sha256", "0".repeat(64)),
        ("order_id", order.id.to_string()),
        ("mime", "image/jpeg".to_string()),
        ("kind", "photo".to_string()),
    ]
    .iter()
    .map(|(k, v)| format!("{k} {}", STANDARD.encode(v)))
    .collect::<Vec<_>>()
    .join(",");
    let created = reqwest::Client::new()
        .post(format!("{}/v1/uploads", server.base_url))
        .bearer_auth(token)
        .header("Tus-Resumable", "1.0.0")
        .header("Upload-Length", "30000")
        .header("Upload-Metadata", metadata)
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);

    let report = client.sync_once(&mut phone.store).await.unwrap();
    assert_eq!(report.upload_failures.len(), 1, "{:?}", report.upload_failures);
    let marked = phone.store.refused_uploads().unwrap();
    assert_eq!(marked.len(), 1);
    assert!(marked[0].reason.starts_with("409"), "{}", marked[0].reason);
    assert!(phone.store.read_media(photo.id).is_ok(), "kept on the phone");
    for _ in 0..2 {
        let report = client.sync_once(&mut phone.store).await.unwrap();
        assert!(report.upload_failures.is_empty(), "asked again: {:?}", report.upload_failures);
    }
}
