//! Media over tus 1.0: resumable, checksummed per chunk, verified whole, and
//! byte-identical at the end; a stock client (Python tuspy) works too.

mod common;
mod tus_client;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use common::*;
use fieldcrew_core::MediaId;
use fieldcrew_core::hash::sha256_hex;
use fieldcrew_server::test_support::TestServer;
use sha2::{Digest, Sha256};
use tus_client::*;

#[tokio::test]
async fn an_interrupted_upload_resumes_and_the_photo_arrives_byte_identical() {
    let server = TestServer::start().await;
    let device = pair(&server, &server.crew_code, &server.pin).await;
    let bytes = photo_bytes(200_000);
    let sha = sha256_hex(&bytes);
    let id = MediaId::new();
    let created = create(&device, id, &sha, bytes.len()).await;
    assert_eq!(created.status(), 201);
    let location = created.headers()["location"].to_str().unwrap().to_string();
    // Creating again (the first answer was lost) gives the same upload.
    let again = create(&device, id, &sha, bytes.len()).await;
    assert_eq!(again.headers()["location"].to_str().unwrap(), location);

    let chunk = 64 * 1024;
    let first = &bytes[..chunk];
    let sum = STANDARD.encode(Sha256::digest(first));
    assert_eq!(patch(&device, &location, 0, first, Some(sum)).await.status(), 204);
    assert_eq!(server.media_bytes(id), None, "not present until complete");

    // The connection dropped; the phone asks where to go on.
    let mut at = offset(&device, &location).await;
    assert_eq!(at, chunk);
    while at < bytes.len() {
        let end = (at + chunk).min(bytes.len());
        let response = patch(&device, &location, at, &bytes[at..end], None).await;
        assert_eq!(response.status(), 204);
        at = response.headers()["upload-offset"].to_str().unwrap().parse().unwrap();
    }
    assert_eq!(server.media_bytes(id), Some(bytes));
}

#[tokio::test]
async fn a_corrupted_chunk_is_refused_with_460_and_the_offset_stays() {
    let server = TestServer::start().await;
    let device = pair(&server, &server.crew_code, &server.pin).await;
    let bytes = photo_bytes(1000);
    let id = MediaId::new();
    let location = create(&device, id, &sha256_hex(&bytes), bytes.len()).await.headers()["location"]
        .to_str()
        .unwrap()
        .to_string();
    let wrong = STANDARD.encode(Sha256::digest(b"something else"));
    assert_eq!(patch(&device, &location, 0, &bytes, Some(wrong)).await.status(), 460);
    assert_eq!(offset(&device, &location).await, 0);
    assert_eq!(patch(&device, &location, 5, &bytes[5..], None).await.status(), 409, "wrong offset");
}

#[tokio::test]
async fn a_file_that_does_not_match_its_declared_hash_is_never_marked_present() {
    let server = TestServer::start().await;
    let device = pair(&server, &server.crew_code, &server.pin).await;
    let bytes = photo_bytes(1000);
    let id = MediaId::new();
    let declared = sha256_hex(b"another photo");
    let location =
        create(&device, id, &declared, bytes.len()).await.headers()["location"].to_str().unwrap().to_string();
    assert_eq!(patch(&device, &location, 0, &bytes, None).await.status(), 409);
    assert_eq!(server.media_bytes(id), None);
    assert_eq!(offset(&device, &location).await, 0, "the client can start over");
}

#[tokio::test]
async fn creation_checks_version_length_type_and_metadata() {
    let server = TestServer::start_with(|s| s.max_upload_bytes = 10_000).await;
    let device = pair(&server, &server.crew_code, &server.pin).await;
    let sha = sha256_hex(b"x");
    assert_eq!(create(&device, MediaId::new(), &sha, 20_000).await.status(), 413);
    assert_eq!(create(&device, MediaId::new(), "not-a-hash", 10).await.status(), 400);
    let no_version = device
        .http
        .post(format!("{}/v1/uploads", device.base))
        .bearer_auth(&device.token)
        .header("upload-length", "10")
        .send()
        .await
        .unwrap();
    assert_eq!(no_version.status(), 412);
    let heic = device
        .http
        .post(format!("{}/v1/uploads", device.base))
        .bearer_auth(&device.token)
        .header("tus-resumable", "1.0.0")
        .header("upload-length", "10")
        .header(
            "upload-metadata",
            format!(
                "media_id {},sha256 {},mime {},kind {}",
                STANDARD.encode(MediaId::new().to_string()),
                STANDARD.encode(&sha),
                STANDARD.encode("image/heic"),
                STANDARD.encode("photo")
            ),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(heic.status(), 415);
}

#[tokio::test]
async fn an_unfinished_upload_can_be_terminated_but_a_complete_one_is_kept() {
    let server = TestServer::start().await;
    let device = pair(&server, &server.crew_code, &server.pin).await;
    let bytes = photo_bytes(500);
    let unfinished = create(&device, MediaId::new(), &sha256_hex(&bytes), bytes.len()).await;
    let location = unfinished.headers()["location"].to_str().unwrap().to_string();
    assert_eq!(delete(&device, &location).await.status(), 204);

    let id = MediaId::new();
    let complete = create(&device, id, &sha256_hex(&bytes), bytes.len()).await;
    let location = complete.headers()["location"].to_str().unwrap().to_string();
    assert_eq!(patch(&device, &location, 0, &bytes, None).await.status(), 204);
    assert_eq!(delete(&device, &location).await.status(), 409);
    assert_eq!(server.media_bytes(id), Some(bytes));
}

#[tokio::test]
async fn the_stock_python_tus_client_uploads_and_resumes() {
    let server = TestServer::start().await;
    let order = server.create_order(&server.crew_code);
    let device = pair(&server, &server.crew_code, &server.pin).await;
    let bytes = photo_bytes(300_000);
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), &bytes).unwrap();
    let id = MediaId::new();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/tus/tuspy_upload.py");
    let base = server.base_url.clone();
    let token = device.token.clone();
    let path = file.path().to_path_buf();
    let sha = sha256_hex(&bytes);
    let output = tokio::task::spawn_blocking(move || {
        std::process::Command::new("python3")
            .arg(script)
            .args([base, token, path.display().to_string(), id.to_string(), sha, order.id.to_string()])
            .output()
            .expect("python3 runs (scripts/setup.sh installs tuspy)")
    })
    .await
    .unwrap();
    assert!(output.status.success(), "tuspy failed: {}", String::from_utf8_lossy(&output.stderr));
    assert!(String::from_utf8_lossy(&output.stdout).contains("resumed at 131072"));
    assert_eq!(server.media_bytes(id), Some(bytes));
    assert_eq!(server.order(order.id).unwrap().media.len(), 1);
}
