//! A TCP proxy that does one chosen harm to each connection: the phone's
//! view of a 2G link that drops mid-request. One connection carries one
//! request (`connection: close`), so every request gets its own fault.

use super::http_relay::{Request, exchange, read_request, send_cut};
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// Forward the request and the answer.
    Pass,
    /// Close the phone's connection; the server never sees the request.
    DropRequest,
    /// Forward the request, read the server's whole answer, close without it.
    DropResponse,
    /// Send the request to the server twice at once (with several
    /// upstreams, one copy to each of two); answer with a success
    /// if either copy got one (so a replayed seed sees the same answers
    /// whichever copy the server handled first).
    Duplicate,
    /// Wait this long, then pass.
    Delay(Duration),
    /// Forward the head and only this share (per mille) of the body, then
    /// close; a request without a body is cut inside its head.
    Truncate { keep_permille: u32 },
}

impl Fault {
    pub fn name(self) -> &'static str {
        match self {
            Fault::Pass => "pass",
            Fault::DropRequest => "drop request",
            Fault::DropResponse => "drop response",
            Fault::Duplicate => "duplicate",
            Fault::Delay(_) => "delay",
            Fault::Truncate { .. } => "truncate",
        }
    }
}

/// Picks the fault of each request, in the order requests arrive.
pub type Schedule = Box<dyn FnMut(&Request) -> Fault + Send>;

pub struct FaultProxy {
    pub base_url: String,
    counts: Arc<Mutex<BTreeMap<&'static str, usize>>>,
    /// Each request's line (`PATCH /v1/uploads/…`) and the upstream it went to.
    routed: Arc<Mutex<Vec<(String, usize)>>>,
}

impl FaultProxy {
    pub async fn start(upstream: SocketAddr, schedule: Schedule) -> Self {
        Self::start_spread(vec![upstream], schedule, 0).await
    }

    /// Like `start`, but each connection (so each request) goes to one of
    /// `upstreams` at random: several server instances behind one address,
    /// as a load balancer spreads a phone's requests. Seeded.
    pub async fn start_spread(upstreams: Vec<SocketAddr>, schedule: Schedule, seed: u64) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base_url = format!("http://{}", listener.local_addr().unwrap());
        let counts = Arc::new(Mutex::new(BTreeMap::new()));
        let schedule = Arc::new(Mutex::new(schedule));
        let tally = counts.clone();
        let routed = Arc::new(Mutex::new(Vec::new()));
        let route_log = routed.clone();
        let mut pick = fastrand::Rng::with_seed(seed);
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let which = pick.usize(..upstreams.len());
                // A duplicated request's second copy goes to the next
                // upstream: two instances handling the same request at once.
                let upstream = (upstreams[which], which, upstreams[(which + 1) % upstreams.len()]);
                let (schedule, tally, route_log) = (schedule.clone(), tally.clone(), route_log.clone());
                tokio::spawn(async move {
                    let _ = relay(client, upstream, &schedule, &tally, &route_log).await;
                });
            }
        });
        Self { base_url, counts, routed }
    }

    /// Each request's line and the index of the upstream it went to, in
    /// the order they arrived.
    pub fn routed(&self) -> Vec<(String, usize)> {
        self.routed.lock().unwrap().clone()
    }

    /// How many requests got each fault so far, by `Fault::name`.
    pub fn counts(&self) -> BTreeMap<&'static str, usize> {
        self.counts.lock().unwrap().clone()
    }

    pub fn count(&self, fault: &str) -> usize {
        self.counts().get(fault).copied().unwrap_or(0)
    }
}

async fn relay(
    mut client: TcpStream,
    (upstream, which, other): (SocketAddr, usize, SocketAddr),
    schedule: &Mutex<Schedule>,
    tally: &Mutex<BTreeMap<&'static str, usize>>,
    route_log: &Mutex<Vec<(String, usize)>>,
) -> std::io::Result<()> {
    let Some(request) = read_request(&mut client).await? else { return Ok(()) };
    let line = request.head.lines().next().unwrap_or_default().to_owned();
    route_log.lock().unwrap().push((line, which));
    let fault = (schedule.lock().unwrap())(&request);
    *tally.lock().unwrap().entry(fault.name()).or_default() += 1;
    let answer = match fault {
        Fault::Pass => exchange(upstream, &request).await?,
        Fault::Delay(wait) => {
            tokio::time::sleep(wait).await;
            exchange(upstream, &request).await?
        }
        Fault::DropRequest => return Ok(()),
        Fault::DropResponse => {
            exchange(upstream, &request).await?;
            return Ok(());
        }
        Fault::Duplicate => {
            let (first, second) = tokio::join!(exchange(upstream, &request), exchange(other, &request));
            let is_success = |answer: &Vec<u8>| answer.get(9) == Some(&b'2');
            match (first, second) {
                (Ok(first), Ok(second)) if !is_success(&first) && is_success(&second) => second,
                (first, second) => first.or(second)?,
            }
        }
        Fault::Truncate { keep_permille } => {
            let head = request.closing_head().len();
            let keep = match request.body.len() {
                0 => head * keep_permille as usize / 1000,
                body => head + body * keep_permille as usize / 1000,
            };
            return send_cut(upstream, &request, keep).await;
        }
    };
    client.write_all(&answer).await
}
