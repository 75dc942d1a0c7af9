//! The HTTP/1.1 plumbing the test proxies share: read one whole request
//! from the phone, rewrite it to `connection: close`, and exchange it with
//! the server on a fresh connection.

use std::net::SocketAddr;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// One request as the phone sent it, body complete.
pub struct Request {
    /// Request line and headers, ending in the blank line.
    pub head: String,
    pub body: Vec<u8>,
}

impl Request {
    /// e.g. `PATCH /v1/uploads/…`.
    pub fn starts_with(&self, prefix: &str) -> bool {
        self.head.starts_with(prefix)
    }

    /// A header's value, case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.head.split("\r\n").skip(1).find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.trim().eq_ignore_ascii_case(name).then_some(value.trim())
        })
    }

    /// The head with `connection: close`, so one connection carries one request.
    pub fn closing_head(&self) -> String {
        let mut head: String = self
            .head
            .trim_end_matches("\r\n")
            .split("\r\n")
            .filter(|line| !line.to_ascii_lowercase().starts_with("connection:"))
            .map(|line| format!("{line}\r\n"))
            .collect();
        head.push_str("connection: close\r\n\r\n");
        head
    }

    /// The whole request as sent upstream.
    pub fn bytes(&self) -> Vec<u8> {
        let mut bytes = self.closing_head().into_bytes();
        bytes.extend_from_slice(&self.body);
        bytes
    }
}

/// Reads one request; `None` when the phone closed without sending one.
pub async fn read_request(client: &mut TcpStream) -> std::io::Result<Option<Request>> {
    let mut buffer = Vec::new();
    let head_end = loop {
        let mut chunk = [0u8; 8192];
        let n = client.read(&mut chunk).await?;
        if n == 0 {
            return Ok(None);
        }
        buffer.extend_from_slice(&chunk[..n]);
        if let Some(pos) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break pos + 4;
        }
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).to_string();
    let mut request = Request { head, body: buffer[head_end..].to_vec() };
    let length: usize = request.header("content-length").and_then(|v| v.parse().ok()).unwrap_or(0);
    while request.body.len() < length {
        let mut chunk = vec![0u8; length - request.body.len()];
        let n = client.read(&mut chunk).await?;
        if n == 0 {
            return Ok(None);
        }
        request.body.extend_from_slice(&chunk[..n]);
    }
    Ok(Some(request))
}

/// Sends the request to the server and reads its whole answer.
pub async fn exchange(upstream: SocketAddr, request: &Request) -> std::io::Result<Vec<u8>> {
    let mut server = TcpStream::connect(upstream).await?;
    server.write_all(&request.bytes()).await?;
    let mut answer = Vec::new();
    server.read_to_end(&mut answer).await?;
    Ok(answer)
}

/// Sends only the first `keep` bytes of the request, then closes.
pub async fn send_cut(upstream: SocketAddr, request: &Request, keep: usize) -> std::io::Result<()> {
    let mut server = TcpStream::connect(upstream).await?;
    let bytes = request.bytes();
    server.write_all(&bytes[..keep.min(bytes.len())]).await?;
    server.shutdown().await
}
