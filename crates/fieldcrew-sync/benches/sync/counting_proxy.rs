//! A TCP proxy between the phone and the server that counts every byte in
//! each direction: the HTTP bytes on the wire (no TCP/IP headers, no TLS).

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::net::{TcpListener, TcpStream};

pub struct CountingProxy {
    pub base_url: String,
    to_server: Arc<AtomicU64>,
    to_phone: Arc<AtomicU64>,
}

/// Bytes seen since the last `take`.
#[derive(Clone, Copy, Debug, Default)]
pub struct WireBytes {
    pub up: u64,
    pub down: u64,
}

impl WireBytes {
    pub fn total(self) -> u64 {
        self.up + self.down
    }
}

impl CountingProxy {
    pub async fn start(upstream: SocketAddr) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind the proxy");
        let base_url = format!("http://{}", listener.local_addr().expect("proxy address"));
        let to_server = Arc::new(AtomicU64::new(0));
        let to_phone = Arc::new(AtomicU64::new(0));
        let (up, down) = (to_server.clone(), to_phone.clone());
        tokio::spawn(async move {
            while let Ok((phone, _)) = listener.accept().await {
                let (up, down) = (up.clone(), down.clone());
                tokio::spawn(async move {
                    let _ = relay(phone, upstream, up, down).await;
                });
            }
        });
        Self { base_url, to_server, to_phone }
    }

    /// The bytes counted so far, and the counters back to zero.
    pub fn take(&self) -> WireBytes {
        WireBytes {
            up: self.to_server.swap(0, Ordering::SeqCst),
            down: self.to_phone.swap(0, Ordering::SeqCst),
        }
    }
}

async fn relay(
    phone: TcpStream,
    upstream: SocketAddr,
    up: Arc<AtomicU64>,
    down: Arc<AtomicU64>,
) -> std::io::Result<()> {
    let server = TcpStream::connect(upstream).await?;
    phone.set_nodelay(true)?;
    server.set_nodelay(true)?;
    let (phone_read, phone_write) = phone.into_split();
    let (server_read, server_write) = server.into_split();
    let (a, b) = tokio::join!(pump(phone_read, server_write, &up), pump(server_read, phone_write, &down));
    a.and(b)
}

/// Copies until end of stream, counting; then closes the other side's write half.
async fn pump(mut from: OwnedReadHalf, mut to: OwnedWriteHalf, counted: &AtomicU64) -> std::io::Result<()> {
    let mut buffer = vec![0u8; 64 * 1024];
    loop {
        let n = from.read(&mut buffer).await?;
        if n == 0 {
            return to.shutdown().await;
        }
        counted.fetch_add(n as u64, Ordering::SeqCst);
        to.write_all(&buffer[..n]).await?;
    }
}
