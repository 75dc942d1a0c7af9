//! `fieldcrew-overlap`: after a cut the phone sends its next PATCH at once
//! from an offset it can vouch for, without a `HEAD`; when that is below
//! the server's offset, the server checks the bytes it already holds
//! against the body's first ones, skips them and appends the rest. Plain
//! tus clients (no `Fieldcrew-Resume-Overlap` header) keep exact tus
//! semantics: 409 on any other offset. Every 409 names the offset.

mod common;
mod tus_client;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use common::*;
use fieldcrew_domain::MediaId;
use fieldcrew_domain::hash::sha256_hex;
use fieldcrew_server::test_support::TestServer;
use reqwest::Response;
use sha2::{Digest, Sha256};
use tus_client::*;

/// A PATCH of `chunk` at `offset` with its checksum, asking for the
/// overlap extension.
async fn patch_overlapping(device: &Device, location: &str, offset: usize, chunk: &[u8]) -> Response {
    device
        .http
        .patch(format!("{}{location}", device.base))
        .bearer_auth(&device.token)
        .header("tus-resumable", "1.0.0")
        .header("content-type", "application/offset+octet-stream")
        .header("upload-offset", offset.to_string())
        .header("upload-checksum", format!("sha256 {}", STANDARD.encode(Sha256::digest(chunk))))
        .header("fieldcrew-resume-overlap", "1")
        .body(chunk.to_vec())
        .send()
        .await
        .unwrap()
}

fn offset_named(response: &Response) -> usize {
    response.headers()["upload-offset"].to_str().unwrap().parse().unwrap()
}

/// A photo's upload with its first `first` bytes stored.
async fn upload_with(server: &TestServer, device: &Device, bytes: &[u8], first: usize) -> (MediaId, String) {
    let id = MediaId::new();
    let created = create_with(device, id, &sha256_hex(bytes), bytes.len(), &bytes[..first]).await;
    assert_eq!(created.status(), 201);
    assert_eq!(offset_named(&created), first);
    assert_eq!(server.state.metrics.upload_bytes.get() as usize, first);
    (id, created.headers()["location"].to_str().unwrap().to_string())
}

#[tokio::test]
async fn a_patch_overlapping_what_the_server_holds_appends_only_the_new_bytes() {
    let server = TestServer::start().await;
    let device = pair(&server, &server.crew_code, &server.pin).await;
    let bytes = photo_bytes(90_000);
    let (id, location) = upload_with(&server, &device, &bytes, 30_000).await;

    // The phone guessed 26 000 had arrived; 4 000 of its body are already there.
    let response = patch_overlapping(&device, &location, 26_000, &bytes[26_000..60_000]).await;
    assert_eq!(response.status(), 204);
    assert_eq!(offset_named(&response), 60_000);
    assert_eq!(server.state.metrics.upload_bytes.get(), 60_000, "the overlap is not stored again");

    // A body wholly inside what is stored changes nothing and names the offset.
    let inside = patch_overlapping(&device, &location, 50_000, &bytes[50_000..55_000]).await;
    assert_eq!((inside.status().as_u16(), offset_named(&inside)), (204, 60_000));

    let last = patch_overlapping(&device, &location, 59_000, &bytes[59_000..]).await;
    assert_eq!((last.status().as_u16(), offset_named(&last)), (204, 90_000));
    assert_eq!(server.media_bytes(id), Some(bytes), "byte-identical");
    assert_eq!(server.state.metrics.upload_bytes.get(), 90_000);
}

#[tokio::test]
async fn without_the_header_a_patch_below_the_offset_is_still_a_409_naming_the_offset() {
    let server = TestServer::start().await;
    let device = pair(&server, &server.crew_code, &server.pin).await;
    let bytes = photo_bytes(50_000);
    let (id, location) = upload_with(&server, &device, &bytes, 20_000).await;

    let plain = patch(&device, &location, 10_000, &bytes[10_000..30_000], None).await;
    assert_eq!(plain.status(), 409, "plain tus: only the upload's offset is accepted");
    assert_eq!(offset_named(&plain), 20_000, "the 409 says where to go on");
    assert_eq!(offset(&device, &location).await, 20_000);
    assert_eq!(server.state.metrics.upload_bytes.get(), 20_000);
    assert_eq!(server.media_bytes(id), None);
}

#[tokio::test]
async fn a_guess_above_the_servers_offset_is_a_409_naming_the_offset_and_stores_nothing() {
    let server = TestServer::start().await;
    let device = pair(&server, &server.crew_code, &server.pin).await;
    let bytes = photo_bytes(50_000);
    let (id, location) = upload_with(&server, &device, &bytes, 20_000).await;

    let too_far = patch_overlapping(&device, &location, 24_000, &bytes[24_000..40_000]).await;
    assert_eq!(too_far.status(), 409);
    assert_eq!(offset_named(&too_far), 20_000);
    assert_eq!(offset(&device, &location).await, 20_000, "no gap, nothing stored");

    let rest = patch(&device, &location, 20_000, &bytes[20_000..], None).await;
    assert_eq!(rest.status(), 204);
    assert_eq!(server.media_bytes(id), Some(bytes));
}

#[tokio::test]
async fn overlap_bytes_that_differ_from_the_stored_ones_are_refused_and_nothing_changes() {
    let server = TestServer::start().await;
    let device = pair(&server, &server.crew_code, &server.pin).await;
    let bytes = photo_bytes(60_000);
    let (id, location) = upload_with(&server, &device, &bytes, 30_000).await;

    // Another file's bytes in the overlap (its own checksum is right).
    let mut other = bytes[25_000..45_000].to_vec();
    other[1_000] ^= 0x55;
    let refused = patch_overlapping(&device, &location, 25_000, &other).await;
    assert_eq!(refused.status(), 409);
    assert_eq!(offset_named(&refused), 30_000);
    let body: serde_json::Value = refused.json().await.unwrap();
    assert!(body["message"].as_str().unwrap().contains("differ"), "{body}");
    assert_eq!(offset(&device, &location).await, 30_000);
    assert_eq!(server.state.metrics.upload_bytes.get(), 30_000, "the new bytes were not kept either");

    // A difference past the overlap is the chunk checksum's business.
    let rest = patch_overlapping(&device, &location, 25_000, &bytes[25_000..]).await;
    assert_eq!((rest.status().as_u16(), offset_named(&rest)), (204, 60_000));
    assert_eq!(server.media_bytes(id), Some(bytes), "the stored bytes were never touched");
}

#[tokio::test]
async fn the_server_names_the_extension_in_options_and_on_its_upload_answers() {
    let server = TestServer::start().await;
    let device = pair(&server, &server.crew_code, &server.pin).await;
    let options = device.http.request(reqwest::Method::OPTIONS, format!("{}/v1/uploads", device.base));
    let options = options.send().await.unwrap();
    let extensions = options.headers()["tus-extension"].to_str().unwrap().to_string();
    assert!(extensions.split(',').any(|e| e == "fieldcrew-overlap"), "{extensions}");

    let bytes = photo_bytes(20_000);
    let (_, location) = upload_with(&server, &device, &bytes, 5_000).await;
    let answer = head(&device, &location).await;
    assert_eq!(answer.headers()["fieldcrew-resume-overlap"], "1");
}
