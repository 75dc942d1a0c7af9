//! A PATCH whose connection breaks part-way keeps the bytes that arrived
//! (tus 1.0 lets the server keep them): the phone resumes from there instead
//! of sending the whole chunk again, so a link that cuts more often than a
//! chunk takes still gets the photo through.

mod common;
mod tus_client;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use common::*;
use fieldcrew_domain::MediaId;
use fieldcrew_domain::hash::sha256_hex;
use fieldcrew_server::test_support::TestServer;
use sha2::{Digest, Sha256};
use std::time::Duration;
use tokio::io::AsyncWriteExt;
use tus_client::*;

/// Sends a PATCH of `chunk` at `offset` over a raw TCP connection, with its
/// full Content-Length and per-chunk checksum, but only its first `keep`
/// bytes, then closes the connection.
async fn patch_cut_after(
    server: &TestServer,
    device: &Device,
    location: &str,
    offset: usize,
    chunk: &[u8],
    keep: usize,
) {
    let mut stream = tokio::net::TcpStream::connect(server.addr).await.unwrap();
    let head = format!(
        "PATCH {location} HTTP/1.1\r\nhost: {}\r\nauthorization: Bearer {}\r\ntus-resumable: 1.0.0\r\n\
         content-type: application/offset+octet-stream\r\nupload-offset: {offset}\r\n\
         upload-checksum: sha256 {}\r\ncontent-length: {}\r\n\r\n",
        server.addr,
        device.token,
        STANDARD.encode(Sha256::digest(chunk)),
        chunk.len(),
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(&chunk[..keep]).await.unwrap();
    stream.flush().await.unwrap();
    stream.shutdown().await.unwrap();
    drop(stream);
}

/// Like `patch_cut_after`, but the connection stays open and silent: a link
/// that died without closing it. The stream is returned so it lives on.
async fn patch_stalled_after(
    server: &TestServer,
    device: &Device,
    location: &str,
    chunk: &[u8],
    keep: usize,
) -> tokio::net::TcpStream {
    let mut stream = tokio::net::TcpStream::connect(server.addr).await.unwrap();
    let head = format!(
        "PATCH {location} HTTP/1.1\r\nhost: {}\r\nauthorization: Bearer {}\r\ntus-resumable: 1.0.0\r\n\
         content-type: application/offset+octet-stream\r\nupload-offset: 0\r\ncontent-length: {}\r\n\r\n",
        server.addr,
        device.token,
        chunk.len(),
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(&chunk[..keep]).await.unwrap();
    stream.flush().await.unwrap();
    stream
}

/// The server's offset once it has dealt with the broken request.
async fn offset_settled_at(device: &Device, location: &str, expected: usize) -> usize {
    let mut at = offset(device, location).await;
    for _ in 0..100 {
        if at == expected {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
        at = offset(device, location).await;
    }
    at
}

#[tokio::test]
async fn a_chunk_cut_off_part_way_keeps_what_arrived_and_the_photo_still_arrives_byte_identical() {
    let server = TestServer::start().await;
    let device = pair(&server, &server.crew_code, &server.pin).await;
    let bytes = photo_bytes(150_000);
    let id = MediaId::new();
    let location = create(&device, id, &sha256_hex(&bytes), bytes.len()).await.headers()["location"]
        .to_str()
        .unwrap()
        .to_string();

    // The first 64 KiB chunk breaks off after 20 000 bytes: those stay.
    patch_cut_after(&server, &device, &location, 0, &bytes[..65_536], 20_000).await;
    assert_eq!(offset_settled_at(&device, &location, 20_000).await, 20_000);
    // The next one, from there, breaks off after 30 001 more.
    patch_cut_after(&server, &device, &location, 20_000, &bytes[20_000..85_536], 30_001).await;
    assert_eq!(offset_settled_at(&device, &location, 50_001).await, 50_001);
    assert_eq!(server.media_bytes(id), None, "not present until complete");

    // The rest goes up whole, with its checksum checked as before.
    let rest = &bytes[50_001..];
    let response = patch(&device, &location, 50_001, rest, Some(STANDARD.encode(Sha256::digest(rest)))).await;
    assert_eq!(response.status(), 204);
    assert_eq!(server.media_bytes(id), Some(bytes));
    assert_eq!(server.state.metrics.upload_bytes.get(), 150_000, "no byte was counted twice");
}

#[tokio::test]
async fn a_cut_off_prefix_of_the_wrong_bytes_is_caught_by_the_whole_file_hash() {
    let server = TestServer::start().await;
    let device = pair(&server, &server.crew_code, &server.pin).await;
    let bytes = photo_bytes(40_000);
    let id = MediaId::new();
    let location = create(&device, id, &sha256_hex(&bytes), bytes.len()).await.headers()["location"]
        .to_str()
        .unwrap()
        .to_string();
    let mut wrong = bytes.clone();
    wrong[100] ^= 0xff;
    patch_cut_after(&server, &device, &location, 0, &wrong, 10_000).await;
    assert_eq!(offset_settled_at(&device, &location, 10_000).await, 10_000);
    let response = patch(&device, &location, 10_000, &bytes[10_000..], None).await;
    assert_eq!(response.status(), 409, "the whole file does not match its sha256");
    assert_eq!(server.media_bytes(id), None);
    assert_eq!(offset(&device, &location).await, 0, "the phone starts over");
    assert_eq!(patch(&device, &location, 0, &bytes, None).await.status(), 204);
    assert_eq!(server.media_bytes(id), Some(bytes));
}

#[tokio::test]
async fn after_a_link_dies_silently_the_phones_next_request_resumes_at_once_with_what_arrived() {
    let server = TestServer::start().await;
    let device = pair(&server, &server.crew_code, &server.pin).await;
    let bytes = photo_bytes(60_000);
    let id = MediaId::new();
    let location = create(&device, id, &sha256_hex(&bytes), bytes.len()).await.headers()["location"]
        .to_str()
        .unwrap()
        .to_string();
    let _silent = patch_stalled_after(&server, &device, &location, &bytes, 25_000).await;
    // Let the server read what was sent before the phone gives up on it.
    tokio::time::sleep(Duration::from_millis(300)).await;

    // The phone's next request takes over from the stalled one instead of
    // waiting behind it until the server's 30 s body timeout.
    let asked = std::time::Instant::now();
    let at =
        tokio::time::timeout(Duration::from_secs(10), offset(&device, &location)).await.expect("answered");
    let waited = asked.elapsed();
    println!("HEAD after a silent cut answered in {waited:?} at offset {at}");
    assert_eq!(at, 25_000, "the bytes that arrived count");
    assert!(waited < Duration::from_secs(10));

    let response = patch(&device, &location, 25_000, &bytes[25_000..], None).await;
    assert_eq!(response.status(), 204);
    assert_eq!(server.media_bytes(id), Some(bytes));
    assert_eq!(server.state.metrics.upload_bytes.get(), 60_000, "no byte was sent twice");
}
