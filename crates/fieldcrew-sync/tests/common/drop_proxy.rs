//! A TCP proxy in front of the server that forwards one chosen request in
//! full and then closes the phone's connection before the answer: the
//! server did the work, the phone never heard about it.

use super::http_relay::{Request, exchange, read_request};
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};

pub struct DropProxy {
    pub base_url: String,
    /// How many requests were forwarded and then cut off.
    pub dropped: Arc<AtomicUsize>,
}

impl DropProxy {
    /// Proxies to `upstream` (host:port). The `skip + 1`-th request whose
    /// request line starts with `prefix` (e.g. `POST /v1/push`) is dropped.
    pub async fn start(upstream: SocketAddr, prefix: &'static str, skip: usize) -> Self {
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

async fn relay(
    mut client: TcpStream,
    upstream: SocketAddr,
    prefix: &str,
    skip: usize,
    seen: &AtomicUsize,
    dropped: &AtomicUsize,
) -> std::io::Result<()> {
    let Some(request): Option<Request> = read_request(&mut client).await? else { return Ok(()) };
    let matches = request.starts_with(prefix) && seen.fetch_add(1, Ordering::SeqCst) == skip;
    // Wait for the whole answer either way: the server has done the work.
    let answer = exchange(upstream, &request).await?;
    if matches {
        dropped.fetch_add(1, Ordering::SeqCst);
        return Ok(());
    }
    client.write_all(&answer).await
}
