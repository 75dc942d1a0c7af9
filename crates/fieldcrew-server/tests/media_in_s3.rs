//! Media in an S3 bucket (`media_url = "s3://…"`) against a real
//! S3-compatible store, SeaweedFS on loopback: a phone's photo, sent over
//! tus by the real sync client, lands in the bucket byte-identical (read
//! back through object_store, not the server) and the console and the
//! dispatcher API serve it from there. With the store unreachable the
//! finishing PATCH answers 503 and nothing is lost: the whole file waits
//! in the upload, which completes once the store is back. Wrong keys
//! answer 500 media_store_failed, the file kept likewise; the check at
//! start tells wrong keys, a missing bucket and a store that is down apart.

mod common;
mod console_client;
mod seaweedfs;
mod tus_client;

use common::{dispatcher_token, pair};
use console_client::Console;
use fieldcrew_core::clock::{DeviceClock, SystemClock};
use fieldcrew_core::event::{EventKind, Fix, PhotoRef};
use fieldcrew_core::store::{MediaKind, Store};
use fieldcrew_domain::MediaId;
use fieldcrew_domain::hash::sha256_hex;
use fieldcrew_protocol::error::ErrorBody;
use fieldcrew_server::media_store::MediaStoreError;
use fieldcrew_server::test_support::TestServer;
use fieldcrew_sync::{SyncClient, SyncConfig};
use object_store::ObjectStore;
use object_store::path::Path as ObjectPath;
use seaweedfs::link::Link;
use std::sync::Arc;
use std::time::Instant;
use tus_client::{create, offset, patch, photo_bytes};

async fn in_bucket(bucket: &object_store::aws::AmazonS3, sha256: &str) -> Option<Vec<u8>> {
    match bucket.get(&ObjectPath::from(sha256)).await {
        Ok(found) => Some(found.bytes().await.unwrap().to_vec()),
        Err(object_store::Error::NotFound { .. }) => None,
        Err(e) => panic!("the bucket did not answer: {e}"),
    }
}

fn files_in(dir: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|entries| entries.map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_phones_photo_is_kept_in_the_s3_bucket_and_survives_the_store_being_down_at_the_finish() {
    let Some(s3) = seaweedfs::start_or_skip() else { return };
    let link = Link::to(&s3.endpoint).await;
    let server = TestServer::start_with(|settings| {
        settings.media_url = format!("s3://{}", seaweedfs::BUCKET);
        settings.media_s3 = s3.settings_at(&link.endpoint);
    })
    .await;
    let bucket = s3.bucket();
    server.state.media.check().await.expect("the store answers and lets the server in");

    // A phone records a completion photo offline and syncs: several PATCHes.
    let order = server.create_order(&server.crew_code);
    let phone_dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(phone_dir.path()).unwrap();
    let config = SyncConfig { chunk_size: 64 * 1024, ..SyncConfig::default() };
    let client = SyncClient::new(&server.base_url, Arc::new(SystemClock), config).unwrap();
    client.pair(&mut store, &server.crew_code, &server.pin, "李师傅", "test phone").await.unwrap();
    client.sync_once(&mut store).await.unwrap();
    let bytes = photo_bytes(300_000);
    let photo = store.put_media(Some(order.id), MediaKind::Photo, "image/jpeg", &bytes).unwrap();
    let fix = Fix { lat: 30.5928, lon: 114.3055, accuracy_m: 8.0, mock: false };
    let completion =
        EventKind::CompletionPhoto { photo: PhotoRef { media: photo.id, sha256: photo.sha256.clone() } };
    for kind in [EventKind::Arrived, EventKind::Restored, completion] {
        store.record(order.id, kind, "李师傅", SystemClock.evidence(Some(fix), None)).unwrap();
    }
    let started = Instant::now();
    let report = client.sync_once(&mut store).await.unwrap();
    assert_eq!(report.media_uploaded, 1);
    println!("photo of {} bytes synced into S3 in {} ms", bytes.len(), started.elapsed().as_millis());

    // In the bucket under its sha256, byte for byte; nothing left on the server's disk.
    assert_eq!(in_bucket(&bucket, &photo.sha256).await.as_deref(), Some(&bytes[..]), "byte-identical in S3");
    assert!(files_in(&server.state.media_dir()).is_empty(), "no local copy: {:?}", server.state.media_dir());
    assert!(files_in(&server.state.uploads_dir()).is_empty(), "the part file went once complete");

    // The console's photo view and the dispatcher API serve it from there.
    let console = Console::signed_in(&server).await;
    let viewed = console.get(&format!("/console/media/{}", photo.id)).await;
    assert_eq!(viewed.status(), 200);
    assert_eq!(viewed.bytes().await.unwrap().as_ref(), &bytes[..], "the console shows the same bytes");
    let token = dispatcher_token(&server).await;
    let http = reqwest::Client::new();
    let downloaded = http
        .get(format!("{}/v1/media/{}", server.base_url, photo.id))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(downloaded.status(), 200);
    assert_eq!(downloaded.headers()["content-type"], "image/jpeg");
    assert_eq!(downloaded.bytes().await.unwrap().as_ref(), &bytes[..], "the API gives the same bytes");
    assert_eq!(server.media_bytes(photo.id).as_deref(), Some(&bytes[..]));

    // The store goes down as a second photo's last chunk arrives.
    let device = pair(&server, &server.crew_code, &server.pin).await;
    let second = photo_bytes(200_000);
    let (id, sha) = (MediaId::new(), sha256_hex(&second));
    let location = format!("/v1/uploads/{id}");
    assert_eq!(create(&device, id, &sha, second.len()).await.status(), 201);
    assert_eq!(patch(&device, &location, 0, &second[..150_000], None).await.status(), 204);
    link.cut();
    let down = server.state.media.check().await;
    assert!(matches!(down, Err(MediaStoreError::Unavailable(_))), "{down:?}");
    let started = Instant::now();
    let refused = patch(&device, &location, 150_000, &second[150_000..], None).await;
    let refused_in = started.elapsed();
    assert_eq!(refused.status(), 503, "S3 down is the store's outage, said so");
    assert_eq!(refused.headers()["retry-after"], "30");
    let body: ErrorBody = refused.json().await.unwrap();
    assert_eq!(body.error, "media_store_unavailable");
    assert!(body.message.contains("kept"), "{}", body.message);
    println!("the finishing PATCH with S3 down answered 503 in {} ms", refused_in.as_millis());
    assert!(refused_in.as_secs() < 15, "the phone is not held for minutes: {refused_in:?}");
    let part = std::fs::read(server.state.uploads_dir().join(format!("{id}.part"))).unwrap();
    assert_eq!(part, second, "the whole file waits on the server's disk");
    assert_eq!(offset(&device, &location).await, 150_000, "the upload reads as not finished");
    assert_eq!(
        http.get(format!("{}/v1/media/{}", server.base_url, photo.id))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap()
            .status(),
        503,
        "a download while S3 is down is a 503 too"
    );

    let console_view = console.get(&format!("/console/media/{}", photo.id)).await;
    assert_eq!(console_view.status(), 503);
    let said = console_view.text().await.unwrap();
    assert!(said.contains("照片存储暂时无法访问") && said.contains("照片没有丢失"), "{said}");

    // Back up: the phone's next HEAD finishes it, no byte sent again.
    link.restore();
    assert_eq!(offset(&device, &location).await, second.len());
    assert_eq!(in_bucket(&bucket, &sha).await.as_deref(), Some(&second[..]), "byte-identical in S3");
    assert_eq!(server.media_bytes(id).as_deref(), Some(&second[..]));
    assert!(files_in(&server.state.uploads_dir()).is_empty());
}

#[tokio::test]
async fn wrong_s3_keys_or_a_missing_bucket_answer_500_media_store_failed_and_keep_the_file() {
    let Some(s3) = seaweedfs::start_or_skip() else { return };
    let server = TestServer::start_with(|settings| {
        settings.media_url = format!("s3://{}", seaweedfs::BUCKET);
        settings.media_s3 = object_store_keys_wrong(s3.settings());
    })
    .await;
    let refused = server.state.media.check().await;
    assert!(
        matches!(&refused, Err(MediaStoreError::Failed(why)) if why.contains("credentials")),
        "{refused:?}"
    );
    let device = pair(&server, &server.crew_code, &server.pin).await;
    let bytes = photo_bytes(50_000);
    let (id, sha) = (MediaId::new(), sha256_hex(&bytes));
    let location = format!("/v1/uploads/{id}");
    assert_eq!(create(&device, id, &sha, bytes.len()).await.status(), 201);
    let refused = patch(&device, &location, 0, &bytes, None).await;
    let status = refused.status();
    let text = refused.text().await.unwrap();
    assert_eq!(status, 500);
    let body: ErrorBody = serde_json::from_str(&text).unwrap();
    assert_eq!(body.error, "media_store_failed");
    assert!(body.message.contains("media settings"), "{}", body.message);
    assert_eq!(std::fs::read(server.state.uploads_dir().join(format!("{id}.part"))).unwrap(), bytes);
    assert_eq!(in_bucket(&s3.bucket(), &sha).await, None, "refused: nothing in the bucket");

    // A bucket that does not exist (a typo in media_url) is the operator's
    // to fix too, not an outage.
    let settings = fieldcrew_server::Settings {
        media_url: "s3://no-such-bucket".into(),
        media_s3: s3.settings(),
        ..fieldcrew_server::Settings::default()
    };
    let store = fieldcrew_server::media_store::MediaStore::open(&settings).unwrap();
    let missing = store.check().await;
    assert!(
        matches!(&missing, Err(MediaStoreError::Failed(why)) if why.contains("no such bucket")),
        "{missing:?}"
    );
    let put = store.put(&sha, bytes).await;
    assert!(matches!(put, Err(MediaStoreError::Failed(_))), "{put:?}");
}

fn object_store_keys_wrong(
    mut settings: fieldcrew_server::media_store::S3Settings,
) -> fieldcrew_server::media_store::S3Settings {
    settings.secret_access_key = "not-the-secret".into();
    settings
}
