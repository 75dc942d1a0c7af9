//! A TCP proxy in front of the server that forwards one chosen request in
//! full and then closes the phone's connection before the answer: the
//! server did the work, the phone never heard about it.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

pub struct DropProxy {
    pub base_url: String,
    /// How many requests were forwarded and then cut off.
    pub dropped: Arc<AtomicUsize>,
}

impl DropProxy {
    /// Proxies to `upstream` (host:port). The `skip + 1`-th request whose
    /// request line starts with `prefix` (e.g. `POST /v1/push`) is dropped.
    pub async fn start(upstream: std::net::SocketAddr, prefix: &'static str, skip: usize) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base_url = format!("http://{}", listener.local_addr().unwrap());
        let seen = Arc::new(AtomicUsize::new(0));
        let dropped = Arc::new(AtomicUsize::new(0));
        let counter = dropped.clone();
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let (seen, dropped) = (seen.clone(), counter.clone());
                tokio::spawn(async move {
                    let _ = relay(client, upstream, prefix, skip, &seen, &dropped).await;
                });
            }
        });
        Self { base_url, dropped }
    }
}

/// One connection carries one request: `connection: close` is added, so
/// every request is seen here first.
async fn relay(
    mut client: TcpStream,
    upstream: std::net::SocketAddr,
    prefix: &str,
    skip: usize,
    seen: &AtomicUsize,
    dropped: &AtomicUsize,
) -> std::io::Result<()> {
    let mut buffer = Vec::new();
    let head_end = loop {
        let mut chunk = [0u8; 8192];
        let n = client.read(&mut chunk).await?;
        if n == 0 {
            return Ok(());
        }
        buffer.extend_from_slice(&chunk[..n]);
        if let Some(pos) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break pos + 4;
        }
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).to_string();
    let body_start = buffer[head_end..].to_vec();
    let mut new_head: String = head
        .trim_end_matches("\r\n")
        .split("\r\n")
        .filter(|line| !line.to_ascii_lowercase().starts_with("connection:"))
        .map(|line| format!("{line}\r\n"))
        .collect();
    new_head.push_str("connection: close\r\n\r\n");

    let mut server = TcpStream::connect(upstream).await?;
    let matches = head.starts_with(prefix) && seen.fetch_add(1, Ordering::SeqCst) == skip;
    if !matches {
        server.write_all(new_head.as_bytes()).await?;
        server.write_all(&body_start).await?;
        tokio::io::copy_bidirectional(&mut client, &mut server).await?;
        return Ok(());
    }
    let length: usize = head
        .split("\r\n")
        .find_map(|l| {
            l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().parse().unwrap())
        })
        .unwrap_or(0);
    let mut body = body_start;
    while body.len() < length {
        let mut chunk = vec![0u8; length - body.len()];
        let n = client.read(&mut chunk).await?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    server.write_all(new_head.as_bytes()).await?;
    server.write_all(&body).await?;
    // Wait for the whole answer: the server has done the work.
    let mut answer = Vec::new();
    server.read_to_end(&mut answer).await?;
    dropped.fetch_add(1, Ordering::SeqCst);
    drop(client);
    Ok(())
}
