//! A load generator: N crew phones without screens, each with the app's
//! own device store and sync client, syncing with a running server for a
//! bounded time. Each phone pairs once, then loops: record a note on one of
//! its crew's open orders, push, pull, wait a moment (a crew's pace, not a
//! flood). Prints pairing time, push and pull latency (p50/p95/p99),
//! throughput, errors and, given the server's pid, its RSS before, after and
//! idle; then checks on the dispatcher API that every accepted note is
//! stored exactly once.
//!
//! `fieldcrew-load --server http://127.0.0.1:8080 --phones 200 --seconds 60 \
//!     --crew CREW-1:1234 --crew CREW-2:5678 --server-pid 4242`
//! (`scripts/load.sh` starts a release server and runs it). Photos are not
//! part of the mix: their upload path has its own benchmarks.

use clap::Parser;
use fieldcrew_core::clock::{DeviceClock, SystemClock};
use fieldcrew_core::event::EventKind;
use fieldcrew_core::store::Store;
use fieldcrew_core::{EventId, OrderId};
use fieldcrew_sync::{SyncClient, SyncConfig, SyncError};
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

#[derive(Parser)]
#[command(about = "N crew phones syncing with a server for a while; latency, throughput, invariants")]
struct Args {
    #[arg(long)]
    server: String,
    #[arg(long, default_value_t = 100)]
    phones: usize,
    #[arg(long, default_value_t = 60)]
    seconds: u64,
    /// `CODE:PIN`, repeated; phones are spread over the crews in turn.
    #[arg(long = "crew", required = true)]
    crews: Vec<String>,
    /// Mean pause between a phone's cycles, in milliseconds.
    #[arg(long, default_value_t = 2000)]
    pace_ms: u64,
    /// Where the phones keep their stores (a temporary dir by default).
    #[arg(long)]
    data: Option<PathBuf>,
    /// The server's process id, for its memory.
    #[arg(long)]
    server_pid: Option<u32>,
    #[arg(long, default_value = "dispatcher")]
    dispatcher: String,
    #[arg(long, default_value = "fieldcrew-demo")]
    dispatcher_password: String,
}

/// What one phone did.
#[derive(Default)]
struct PhoneLog {
    push: Vec<Duration>,
    pull: Vec<Duration>,
    /// Notes recorded, by order.
    recorded: Vec<(OrderId, EventId)>,
    rejected: u64,
    errors: HashMap<String, u64>,
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> ExitCode {
    let args = Args::parse();
    match run(args).await {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(message) => {
            eprintln!("fieldcrew-load: {message}");
            ExitCode::from(2)
        }
    }
}

async fn run(args: Args) -> Result<bool, String> {
    let temp = tempfile::tempdir().map_err(|e| e.to_string())?;
    let root = args.data.clone().unwrap_or_else(|| temp.path().to_path_buf());
    let crews: Vec<(String, String)> = args
        .crews
        .iter()
        .map(|c| c.split_once(':').map(|(a, b)| (a.to_string(), b.to_string())))
        .collect::<Option<_>>()
        .ok_or("--crew is CODE:PIN")?;
    let rss_before = args.server_pid.map(rss_kib);

    // Everyone pairs at once, like the morning of a storm.
    let started = Instant::now();
    let mut pairings = tokio::task::JoinSet::new();
    for n in 0..args.phones {
        let (crew, pin) = crews[n % crews.len()].clone();
        let (server, dir) = (args.server.clone(), root.join(format!("phone-{n:04}")));
        pairings.spawn(async move { pair(&server, dir, &crew, &pin, n).await });
    }
    let (mut phones, mut refused, mut broken) = (Vec::new(), 0, 0);
    while let Some(joined) = pairings.join_next().await {
        let (phone, retries) = joined.map_err(|e| e.to_string())??;
        phones.push(phone);
        (refused, broken) = (refused + retries.refused, broken + retries.broken);
    }
    let paired_in = started.elapsed();
    println!(
        "paired {} phones in {:.1} s (asked again: {refused} × 429 too many at once, {broken} × connection broken)",
        phones.len(),
        paired_in.as_secs_f64()
    );

    let until = Instant::now() + Duration::from_secs(args.seconds);
    let mut runs = tokio::task::JoinSet::new();
    for (n, phone) in phones.into_iter().enumerate() {
        let pace = Duration::from_millis(args.pace_ms);
        runs.spawn(async move { cycle(phone, until, pace, n as u64).await });
    }
    let mut logs = Vec::new();
    while let Some(joined) = runs.join_next().await {
        logs.push(joined.map_err(|e| e.to_string())?);
    }
    let ran_for = args.seconds as f64;
    let rss_after = args.server_pid.map(rss_kib);
    report(&logs, ran_for);
    if let Some(pid) = args.server_pid {
        tokio::time::sleep(Duration::from_secs(10)).await;
        let idle = rss_kib(pid);
        println!(
            "server RSS: {} MiB before, {} MiB after, {} MiB after 10 s idle",
            rss_before.unwrap_or(0) / 1024,
            rss_after.unwrap_or(0) / 1024,
            idle / 1024
        );
    }
    check(&args, &logs).await
}

/// How often a phone had to ask again before it was paired.
#[derive(Default)]
struct PairRetries {
    refused: u32,
    broken: u32,
}

async fn pair(
    server: &str,
    dir: PathBuf,
    crew: &str,
    pin: &str,
    n: usize,
) -> Result<((Store, SyncClient), PairRetries), String> {
    let mut store = Store::open(&dir).map_err(|e| e.to_string())?;
    let client =
        SyncClient::new(server, Arc::new(SystemClock), SyncConfig::default()).map_err(|e| e.to_string())?;
    let member = format!("负载{n}");
    // Phones behind one address (a carrier's NAT, this machine) share the
    // server's guessing budget while their checks wait for the hasher: a
    // refused pairing is asked again, as the pairing screen lets a crew do.
    let mut retries = PairRetries::default();
    loop {
        match client.pair(&mut store, crew, pin, &member, "fieldcrew-load").await {
            Ok(_) => break,
            Err(SyncError::Rejected { status: 429, .. }) if retries.refused < 120 => {
                retries.refused += 1;
                tokio::time::sleep(Duration::from_millis(500 + fastrand::u64(..1000))).await;
            }
            // A connection dropped under the storm: a phone tries again
            // too; counted in the report.
            Err(e) if e.is_unreachable() && retries.broken < 120 => {
                retries.broken += 1;
                tokio::time::sleep(Duration::from_millis(500 + fastrand::u64(..1000))).await;
            }
            Err(e) => return Err(format!("phone {n} pairing: {e}")),
        }
    }
    client.pull(&mut store).await.map_err(|e| format!("phone {n} first pull: {e}"))?;
    Ok(((store, client), retries))
}

/// One phone's life until `until`.
async fn cycle(
    (mut store, client): (Store, SyncClient),
    until: Instant,
    pace: Duration,
    seed: u64,
) -> PhoneLog {
    let mut log = PhoneLog::default();
    let mut rng = fastrand::Rng::with_seed(seed);
    // Spread the phones' first cycles over one pace.
    tokio::time::sleep(pace.mul_f64(rng.f64())).await;
    while Instant::now() < until {
        let open: Vec<OrderId> = store
            .orders()
            .unwrap_or_default()
            .into_iter()
            .filter(|row| row.removed.is_none() && row.state.closed_at.is_none())
            .map(|row| row.order.id)
            .collect();
        if let Some(&order) = open.get(rng.usize(..open.len().max(1))) {
            let note = EventKind::Note { text: format!("负载测试 {}", log.recorded.len() + 1) };
            match store.record(order, note, "负载", SystemClock.evidence(None, None)) {
                Ok(event) => log.recorded.push((order, event.id)),
                Err(e) => *log.errors.entry(format!("record: {e}")).or_default() += 1,
            }
        }
        let at = Instant::now();
        match client.push(&mut store).await {
            Ok(report) => {
                log.push.push(at.elapsed());
                log.rejected += report.rejected.len() as u64;
            }
            Err(e) => *log.errors.entry(format!("push: {e}")).or_default() += 1,
        }
        let at = Instant::now();
        match client.pull(&mut store).await {
            Ok(_) => log.pull.push(at.elapsed()),
            Err(e) => *log.errors.entry(format!("pull: {e}")).or_default() += 1,
        }
        // A crew's pace: 0.5–1.5 × the mean pause.
        tokio::time::sleep(pace.mul_f64(0.5 + rng.f64())).await;
    }
    // What is still in the outbox goes up before the check.
    if let Err(e) = client.push(&mut store).await {
        *log.errors.entry(format!("last push: {e}")).or_default() += 1;
    }
    log
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

fn report(logs: &[PhoneLog], seconds: f64) {
    for (name, pick) in [("push", 0), ("pull", 1)] {
        let mut all: Vec<Duration> =
            logs.iter().flat_map(|l| if pick == 0 { &l.push } else { &l.pull }).copied().collect();
        all.sort();
        println!(
            "{name}: {} requests, {:.1}/s, p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
            all.len(),
            all.len() as f64 / seconds,
            percentile(&all, 0.50),
            percentile(&all, 0.95),
            percentile(&all, 0.99),
            percentile(&all, 1.0),
        );
    }
    let notes: usize = logs.iter().map(|l| l.recorded.len()).sum();
    println!("notes recorded: {notes} ({:.1}/s)", notes as f64 / seconds);
    let mut errors: HashMap<&str, u64> = HashMap::new();
    for log in logs {
        for (kind, n) in &log.errors {
            *errors.entry(kind.as_str()).or_default() += n;
        }
    }
    let total: u64 = errors.values().sum();
    println!("errors: {total}");
    let mut kinds: Vec<_> = errors.into_iter().collect();
    kinds.sort_by_key(|k| std::cmp::Reverse(k.1));
    for (kind, n) in kinds.into_iter().take(10) {
        println!("  {n} × {kind}");
    }
}

/// Every note the server accepted is on its order exactly once; rejected
/// ones are absent.
async fn check(args: &Args, logs: &[PhoneLog]) -> Result<bool, String> {
    let http = reqwest::Client::new();
    let login = json_of(
        http.post(format!("{}/v1/dispatcher/login", args.server))
            .json(&serde_json::json!({ "username": args.dispatcher, "password": args.dispatcher_password })),
    )
    .await?;
    let token = login["token"].as_str().ok_or("dispatcher login refused")?.to_string();
    let recorded: HashSet<(OrderId, EventId)> =
        logs.iter().flat_map(|l| l.recorded.iter().copied()).collect();
    let orders: HashSet<OrderId> = recorded.iter().map(|(o, _)| *o).collect();
    let mut on_server: HashMap<EventId, u32> = HashMap::new();
    for order in &orders {
        let body =
            json_of(http.get(format!("{}/v1/orders/{order}", args.server)).bearer_auth(&token)).await?;
        for event in body["events"].as_array().into_iter().flatten() {
            if let Some(id) = event["event"]["id"].as_str().and_then(|s| s.parse().ok()) {
                *on_server.entry(id).or_default() += 1;
            }
        }
    }
    let duplicated = recorded.iter().filter(|(_, id)| on_server.get(id).copied().unwrap_or(0) > 1).count();
    let missing = recorded.iter().filter(|(_, id)| !on_server.contains_key(id)).count() as u64;
    let rejected: u64 = logs.iter().map(|l| l.rejected).sum();
    println!(
        "invariants: {} notes, {} stored once, {duplicated} duplicated, {missing} absent ({rejected} rejected by the rules)",
        recorded.len(),
        recorded.len() - duplicated - missing as usize,
    );
    Ok(duplicated == 0 && missing == rejected)
}

async fn json_of(request: reqwest::RequestBuilder) -> Result<serde_json::Value, String> {
    let response = request.send().await.map_err(|e| e.to_string())?;
    response.json().await.map_err(|e| e.to_string())
}

fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|text| {
            text.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}
