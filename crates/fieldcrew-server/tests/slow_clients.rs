//! A client that trickles its headers, or sends half of them and stops, is
//! cut off after the header-read timeout; connections beyond the cap wait
//! for a free slot instead of each holding server resources.

use fieldcrew_server::test_support::TestServer;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Far longer than any timeout set here: only a hung test waits this long.
const GUARD: Duration = Duration::from_secs(60);

/// Everything the server sends until it closes the connection.
async fn read_until_closed(stream: &mut TcpStream) -> Vec<u8> {
    let mut received = Vec::new();
    tokio::time::timeout(GUARD, stream.read_to_end(&mut received))
        .await
        .expect("the server closed the connection")
        .ok();
    received
}

#[tokio::test]
async fn a_connection_that_sends_half_a_header_and_stops_is_closed() {
    let server = TestServer::start_with(|s| s.header_read_timeout_ms = 300).await;
    let mut stalled = TcpStream::connect(server.addr).await.unwrap();
    stalled.write_all(b"GET /healthz HTTP/1.1\r\nHost: fieldcrew\r\nX-Slow: ").await.unwrap();
    let received = read_until_closed(&mut stalled).await;
    let text = String::from_utf8_lossy(&received);
    assert!(!text.contains("200 OK"), "never answered as if complete: {text}");

    let mut silent = TcpStream::connect(server.addr).await.unwrap();
    read_until_closed(&mut silent).await;

    let healthy = reqwest::get(format!("{}/healthz", server.base_url)).await.unwrap();
    assert_eq!(healthy.status(), 200, "the server goes on serving");
}

#[tokio::test]
async fn a_request_past_the_connection_cap_waits_for_a_free_slot() {
    let server = TestServer::start_with(|s| {
        s.max_connections = 1;
        s.header_read_timeout_ms = 120_000;
    })
    .await;
    let mut holder = TcpStream::connect(server.addr).await.unwrap();
    holder.write_all(b"GET /healthz HTTP/1.1\r\nHost: fieldcrew\r\n").await.unwrap();
    // Let the server take the first connection into its only slot.
    tokio::time::sleep(Duration::from_millis(200)).await;

    let mut waiting = TcpStream::connect(server.addr).await.unwrap();
    waiting
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: fieldcrew\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut first = [0u8; 1];
    let early = tokio::time::timeout(Duration::from_millis(500), waiting.read(&mut first)).await;
    assert!(early.is_err(), "not served while the only slot is taken");

    drop(holder);
    let answer = read_until_closed(&mut waiting).await;
    assert!(String::from_utf8_lossy(&answer).starts_with("HTTP/1.1 200"), "served once the slot is free");
}
