//! A loopback TCP relay that behaves like a village mobile link: a shared
//! bandwidth each way, a round-trip time (a new connection costs one more,
//! its handshake), and, by a seeded schedule, cuts: after a random amount
//! of data every open connection is reset at once, mid-request or not, as
//! when the phone loses the cell. Byte-level, so it knows nothing of HTTP.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, watch};
use tokio::time::Instant;

#[derive(Clone, Copy, Debug)]
pub struct LinkProfile {
    /// Bits per second, each way.
    pub bits_per_second: u64,
    pub rtt: Duration,
    /// Bytes (both ways together) between cuts, drawn uniformly from this
    /// range; `None`: the link never breaks.
    pub cut_every: Option<(u64, u64)>,
    pub seed: u64,
}

impl LinkProfile {
    pub fn bytes_per_second(&self) -> f64 {
        self.bits_per_second as f64 / 8.0
    }

    /// The least time `payload` bytes take up this link: the bytes at its
    /// rate plus one round trip.
    pub fn minimum(&self, payload: u64) -> Duration {
        Duration::from_secs_f64(payload as f64 / self.bytes_per_second()) + self.rtt
    }
}

/// What the link carried.
#[derive(Clone, Copy, Debug, Default)]
pub struct LinkStats {
    pub bytes_up: u64,
    pub bytes_down: u64,
    pub cuts: u64,
    pub connections: u64,
}

struct Shared {
    profile: LinkProfile,
    /// When each direction (0 up, 1 down) is free to send its next byte.
    next_free: [Mutex<Instant>; 2],
    /// Bytes left before the next cut, and its generator.
    until_cut: Mutex<(u64, fastrand::Rng)>,
    /// Bumped by each cut; every connection watches it.
    generation: watch::Sender<u64>,
    bytes: [AtomicU64; 2],
    cuts: AtomicU64,
    connections: AtomicU64,
    /// What reached the server, in order: `METHOD /path` per request (with
    /// ` overlap` when it asked for `fieldcrew-overlap`), and `cut`.
    log: Mutex<Vec<String>>,
}

impl Shared {
    fn draw(rng: &mut fastrand::Rng, profile: &LinkProfile) -> u64 {
        match profile.cut_every {
            Some((lo, hi)) => rng.u64(lo..=hi),
            None => u64::MAX,
        }
    }

    /// `n` bytes want to cross: how many may before the link breaks, and
    /// whether it breaks after them.
    fn take(&self, n: u64) -> (u64, bool) {
        let mut guard = self.until_cut.lock().unwrap();
        let (left, rng) = &mut *guard;
        if n < *left {
            *left -= n;
            return (n, false);
        }
        let allowed = *left;
        *left = Self::draw(rng, &self.profile);
        (allowed, true)
    }

    /// Reserves the direction's wire for `n` bytes; the instant they have
    /// all left the sender.
    fn transmit(&self, direction: usize, n: usize) -> Instant {
        let mut next_free = self.next_free[direction].lock().unwrap();
        let start = (*next_free).max(Instant::now());
        *next_free = start + Duration::from_secs_f64(n as f64 / self.profile.bytes_per_second());
        *next_free
    }
}

pub struct LinkEmulator {
    pub base_url: String,
    shared: Arc<Shared>,
}

impl LinkEmulator {
    pub async fn start(upstream: SocketAddr, profile: LinkProfile) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base_url = format!("http://{}", listener.local_addr().unwrap());
        let mut rng = fastrand::Rng::with_seed(profile.seed);
        let first = Shared::draw(&mut rng, &profile);
        let shared = Arc::new(Shared {
            profile,
            next_free: [Mutex::new(Instant::now()), Mutex::new(Instant::now())],
            until_cut: Mutex::new((first, rng)),
            generation: watch::channel(0).0,
            bytes: [AtomicU64::new(0), AtomicU64::new(0)],
            cuts: AtomicU64::new(0),
            connections: AtomicU64::new(0),
            log: Mutex::new(Vec::new()),
        });
        let link = shared.clone();
        tokio::spawn(async move {
            while let Ok((phone, _)) = listener.accept().await {
                let link = link.clone();
                tokio::spawn(async move {
                    let _ = connection(phone, upstream, link).await;
                });
            }
        });
        Self { base_url, shared }
    }

    pub fn stats(&self) -> LinkStats {
        LinkStats {
            bytes_up: self.shared.bytes[0].load(Ordering::SeqCst),
            bytes_down: self.shared.bytes[1].load(Ordering::SeqCst),
            cuts: self.shared.cuts.load(Ordering::SeqCst),
            connections: self.shared.connections.load(Ordering::SeqCst),
        }
    }

    /// The requests whose heads reached the server and the cuts, in order.
    pub fn log(&self) -> Vec<String> {
        self.shared.log.lock().unwrap().clone()
    }
}

/// Finds the request heads in one connection's bytes towards the server.
#[derive(Default)]
struct Sniffer {
    head: Vec<u8>,
    body_left: usize,
}

impl Sniffer {
    fn feed(&mut self, mut bytes: &[u8], log: &Mutex<Vec<String>>) {
        while !bytes.is_empty() {
            if self.body_left > 0 {
                let n = self.body_left.min(bytes.len());
                self.body_left -= n;
                bytes = &bytes[n..];
                continue;
            }
            self.head.push(bytes[0]);
            bytes = &bytes[1..];
            if !self.head.ends_with(b"\r\n\r\n") {
                continue;
            }
            let head = String::from_utf8_lossy(&self.head).to_ascii_lowercase();
            let header = |name: &str| {
                head.split("\r\n").find_map(|l| l.strip_prefix(name)).map(|v| v.trim().to_string())
            };
            self.body_left = header("content-length:").and_then(|v| v.parse().ok()).unwrap_or(0);
            let line: Vec<&str> = head.split(' ').take(2).collect();
            let overlap =
                if header("fieldcrew-resume-overlap:").as_deref() == Some("1") { " overlap" } else { "" };
            log.lock().unwrap().push(format!(
                "{} {}{overlap}",
                line[0].to_uppercase(),
                line.get(1).unwrap_or(&"")
            ));
            self.head.clear();
        }
    }
}

async fn connection(phone: TcpStream, upstream: SocketAddr, link: Arc<Shared>) -> std::io::Result<()> {
    link.connections.fetch_add(1, Ordering::SeqCst);
    let mut cut = link.generation.subscribe();
    // The handshake: one round trip before the first byte can go.
    tokio::time::sleep(link.profile.rtt).await;
    let server = TcpStream::connect(upstream).await?;
    let _ = phone.set_nodelay(true);
    let _ = server.set_nodelay(true);
    let (phone_read, phone_write) = phone.into_split();
    let (server_read, server_write) = server.into_split();
    let up = direction(phone_read, server_write, link.clone(), 0);
    let down = direction(server_read, phone_write, link.clone(), 1);
    tokio::select! {
        (up, down) = async { tokio::join!(up, down) } => {
            // Both sides closed in the ordinary way.
            let _ = (up, down);
        }
        _ = cut.changed() => {
            // Dropping the halves closes both sockets mid-stream.
        }
    }
    Ok(())
}

/// Carries one direction: pieces leave at the link's rate and arrive half
/// a round trip later; a cut resets every connection after the bytes that
/// made it.
async fn direction(mut from: OwnedReadHalf, mut to: OwnedWriteHalf, link: Arc<Shared>, dir: usize) {
    // The reader takes bytes only as fast as the wire sends them, so the
    // sender is held back by the link's rate; the queue holds what is in
    // flight (half a round trip's worth).
    let (queue, mut arrivals) = mpsc::unbounded_channel::<(Instant, Vec<u8>)>();
    let one_way = link.profile.rtt / 2;
    let reader_link = link.clone();
    let reader = async move {
        let mut buffer = vec![0u8; 512];
        loop {
            let n = match from.read(&mut buffer).await {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            let sent = reader_link.transmit(dir, n);
            tokio::time::sleep_until(sent).await;
            if queue.send((sent + one_way, buffer[..n].to_vec())).is_err() {
                break;
            }
        }
    };
    let writer = async move {
        let mut sniffer = Sniffer::default();
        while let Some((arrival, piece)) = arrivals.recv().await {
            tokio::time::sleep_until(arrival).await;
            let (allowed, breaks) = link.take(piece.len() as u64);
            if to.write_all(&piece[..allowed as usize]).await.is_err() {
                break;
            }
            if dir == 0 {
                sniffer.feed(&piece[..allowed as usize], &link.log);
            }
            link.bytes[dir].fetch_add(allowed, Ordering::SeqCst);
            if breaks {
                link.log.lock().unwrap().push("cut".into());
                link.cuts.fetch_add(1, Ordering::SeqCst);
                link.generation.send_modify(|g| *g += 1);
                return;
            }
        }
        let _ = to.shutdown().await;
    };
    tokio::join!(reader, writer);
}
