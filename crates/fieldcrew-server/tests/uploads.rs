//! Media over tus 1.0: resumable, checksummed per chunk, verified whole, and
//! byte-identical at the end; a stock client (Python tuspy) works too.

mod common;
mod tus_client;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use common::*;
use fieldcrew_domain::MediaId;
use fieldcrew_domain::hash::sha256_hex;
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
async fn a_creation_may_carry_the_first_chunk_and_creating_again_keeps_it_and_says_the_offset() {
    let server = TestServer::start().await;
    let device = pair(&server, &server.crew_code, &server.pin).await;
    let bytes = photo_bytes(100_000);
    let sha = sha256_hex(&bytes);
    let id = MediaId::new();
    let created = create_with(&device, id, &sha, bytes.len(), &bytes[..60_000]).await;
    assert_eq!(created.status(), 201);
    assert_eq!(created.headers()["upload-offset"], "60000");
    let location = created.headers()["location"].to_str().unwrap().to_string();
    // The answer was lost; the phone creates again, still carrying the start
    // of the file: the server keeps what it has and says how far it is.
    let again = create_with(&device, id, &sha, bytes.len(), &bytes[..10_000]).await;
    assert_eq!(again.status(), 201);
    assert_eq!(again.headers()["upload-offset"], "60000");
    assert_eq!(again.headers()["location"].to_str().unwrap(), location);
    assert_eq!(patch(&device, &location, 60_000, &bytes[60_000..], None).await.status(), 204);
    assert_eq!(server.media_bytes(id), Some(bytes.clone()));

    // A file small enough for one request is complete on creation.
    let small = photo_bytes(5_000);
    let small_id = MediaId::new();
    let created = create_with(&device, small_id, &sha256_hex(&small), small.len(), &small).await;
    assert_eq!(
        (created.status().as_u16(), created.headers()["upload-offset"].to_str().unwrap()),
        (201, "5000")
    );
    assert_eq!(server.media_bytes(small_id), Some(small));
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

/// Uploads with tuspy, its checksums in `algorithm` (`None`: its default).
async fn upload_with_tuspy(algorithm: Option<&'static str>) {
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
            .args(algorithm)
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

#[tokio::test]
async fn the_stock_python_tus_client_uploads_and_resumes_with_its_default_sha1_checksums() {
    upload_with_tuspy(None).await;
}

#[tokio::test]
async fn the_stock_python_tus_client_uploads_and_resumes_with_sha256_checksums() {
    upload_with_tuspy(Some("sha256")).await;
}

#[tokio::test]
async fn the_server_advertises_and_checks_sha1_and_sha256_chunk_checksums() {
    let server = TestServer::start().await;
    let options = reqwest::Client::new()
        .request(reqwest::Method::OPTIONS, format!("{}/v1/uploads", server.base_url))
        .send()
        .await
        .unwrap();
    assert_eq!(options.headers()["tus-checksum-algorithm"], "sha1,sha256");
    let device = pair(&server, &server.crew_code, &server.pin).await;
    let bytes = photo_bytes(1000);
    let id = MediaId::new();
    let location = create(&device, id, &sha256_hex(&bytes), bytes.len()).await.headers()["location"]
        .to_str()
        .unwrap()
        .to_string();
    let with = |checksum: String| {
        device
            .http
            .patch(format!("{}{location}", device.base))
            .bearer_auth(&device.token)
            .header("tus-resumable", "1.0.0")
            .header("content-type", "application/offset+octet-stream")
            .header("upload-offset", "0")
            .header("upload-checksum", checksum)
            .body(bytes[..500].to_vec())
            .send()
    };
    let wrong_sha1 = STANDARD.encode(sha1::Sha1::digest(b"something else"));
    assert_eq!(with(format!("sha1 {wrong_sha1}")).await.unwrap().status(), 460);
    let md5 = with("md5 AAAA".into()).await.unwrap();
    assert_eq!(md5.status(), 400, "an unsupported algorithm is a 400 (tus checksum extension)");
    let error: serde_json::Value = md5.json().await.unwrap();
    assert!(error["message"].as_str().unwrap().contains("sha1,sha256"), "{error}");
    let sha1 = STANDARD.encode(sha1::Sha1::digest(&bytes[..500]));
    let accepted = with(format!("sha1 {sha1}")).await.unwrap();
    assert_eq!(accepted.status(), 204);
    assert_eq!(accepted.headers()["upload-offset"], "500");
}

/// Status, `error` code and message of a JSON error answer.
async fn json_error(response: reqwest::Response) -> (u16, String, String) {
    let status = response.status().as_u16();
    let body: serde_json::Value = response.json().await.expect("the error is JSON");
    (status, body["error"].as_str().unwrap().into(), body["message"].as_str().unwrap().into())
}

#[tokio::test]
async fn an_empty_or_unreadable_upload_length_is_a_400_and_one_past_the_maximum_a_413() {
    let server = TestServer::start_with(|s| s.max_upload_bytes = 1000).await;
    let device = pair(&server, &server.crew_code, &server.pin).await;
    let (status, code, message) = json_error(create(&device, MediaId::new(), &"a".repeat(64), 0).await).await;
    assert_eq!((status, code.as_str()), (400, "bad_request"));
    assert!(message.contains("at least 1"), "{message}");
    let (status, code, message) =
        json_error(create(&device, MediaId::new(), &"a".repeat(64), 1001).await).await;
    assert_eq!((status, code.as_str()), (413, "too_large"));
    assert!(message.contains("1000 bytes"), "{message}");
    let minus = device
        .http
        .post(format!("{}/v1/uploads", device.base))
        .bearer_auth(&device.token)
        .header("tus-resumable", "1.0.0")
        .header("upload-length", "-5")
        .header("upload-metadata", metadata(MediaId::new(), &"a".repeat(64)))
        .send()
        .await
        .unwrap();
    let (status, _, message) = json_error(minus).await;
    assert_eq!(status, 400);
    assert!(message.contains("non-negative") && message.contains("-5"), "{message}");
}

#[tokio::test]
async fn a_negative_offset_is_called_malformed_and_a_missing_one_missing() {
    let server = TestServer::start().await;
    let device = pair(&server, &server.crew_code, &server.pin).await;
    let bytes = photo_bytes(1000);
    let location =
        create(&device, MediaId::new(), &sha256_hex(&bytes), bytes.len()).await.headers()["location"]
            .to_str()
            .unwrap()
            .to_string();
    let send = |offset: Option<&str>| {
        let mut request = device
            .http
            .patch(format!("{}{location}", device.base))
            .bearer_auth(&device.token)
            .header("tus-resumable", "1.0.0")
            .header("content-type", "application/offset+octet-stream")
            .body(bytes.clone());
        if let Some(offset) = offset {
            request = request.header("upload-offset", offset);
        }
        request.send()
    };
    let (status, _, message) = json_error(send(Some("-1")).await.unwrap()).await;
    assert_eq!(status, 400);
    assert!(message.contains("non-negative") && !message.contains("required"), "{message}");
    let (status, _, message) = json_error(send(None).await.unwrap()).await;
    assert_eq!(status, 400);
    assert!(message.contains("required"), "{message}");
}

#[tokio::test]
async fn a_chunk_over_the_body_limit_is_a_json_413_that_says_the_limit() {
    let server = TestServer::start_with(|s| s.max_body_bytes = 64 * 1024).await;
    let device = pair(&server, &server.crew_code, &server.pin).await;
    let bytes = photo_bytes(100_000);
    let location =
        create(&device, MediaId::new(), &sha256_hex(&bytes), bytes.len()).await.headers()["location"]
            .to_str()
            .unwrap()
            .to_string();
    let (status, code, message) = json_error(patch(&device, &location, 0, &bytes, None).await).await;
    assert_eq!((status, code.as_str()), (413, "too_large"));
    assert!(message.contains("65536 bytes"), "{message}");
}
