//! A load generator: N crew phones without screens syncing with a running
//! server for a bounded time. Each phone pairs once, then loops: record a
//! note on one of its crew's open orders, push, pull, sometimes a small
//! photo by tus, wait a moment (a crew's pace, not a flood). Prints pairing
//! time, push, pull and upload latency (p50/p95/p99), throughput, errors by
//! kind and status, the CPU seconds the server and the generator used and,
//! given the server's pid, its RSS before, after and idle; then checks on the
//! dispatcher API that every accepted note is stored exactly once.
//!
//! `fieldcrew-load --server http://127.0.0.1:8080 --phones 1000 --seconds 300 \
//!     --load-crews 250 --orders-per-crew 4 --server-pid 4242`
//! against `fieldcrew-server serve --demo --load-crews 250`: a province's
//! crews of four, each on its own orders; `--crew CREW-1:1234 --crew
//! CREW-2:5678` instead puts every phone into the demo's two crews (the
//! worst case of one crew's line). `scripts/load.sh` starts a release
//! server and runs it.
//!
//! Two kinds of phone (`--phone`): `light` (the default) speaks the app's
//! wire protocol with the protocol's and domain's types but keeps its state
//! in memory, so the generator's own work stays small beside the server's;
//! `full` runs the app's own SQLite store and sync client per phone, exactly
//! the app's code, at a cost that starves a server on the same cores.

mod crews;
mod full_phone;
mod gzip;
mod light_phone;
mod load_clock;
mod log;
mod photo;
mod proc_stat;

use clap::{Parser, ValueEnum};
use fieldcrew_core::{DeviceId, EventId, OrderId};
use full_phone::FullPhone;
use light_phone::LightPhone;
use log::{PhoneLog, pair_with_retries};
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum PhoneKind {
    /// The wire protocol with state in memory: cheap, measures the server.
    Light,
    /// The app's own SQLite store and sync client per phone.
    Full,
}

#[derive(Parser)]
#[command(about = "N crew phones syncing with a server for a while; latency, throughput, CPU, invariants")]
struct Args {
    #[arg(long)]
    server: String,
    #[arg(long, default_value_t = 100)]
    phones: usize,
    #[arg(long, default_value_t = 60)]
    seconds: u64,
    /// `CODE:PIN`, repeated; phones are spread over the crews in turn.
    #[arg(long = "crew")]
    crews: Vec<String>,
    /// Also the server's N load crews LOAD-001… (`serve --demo --load-crews N`).
    #[arg(long, default_value_t = 0)]
    load_crews: usize,
    /// The load crews' PIN (the server's `demo::LOAD_CREW_PIN`).
    #[arg(long, default_value = "246810")]
    load_crew_pin: String,
    /// Orders the dispatcher creates and assigns to each crew through the
    /// API before pairing (0: the crews' orders already on the server).
    #[arg(long, default_value_t = 0)]
    orders_per_crew: usize,
    /// Mean pause between a phone's cycles, in milliseconds.
    #[arg(long, default_value_t = 2000)]
    pace_ms: u64,
    #[arg(long, value_enum, default_value_t = PhoneKind::Light)]
    phone: PhoneKind,
    /// Worker threads of the generator's runtime.
    #[arg(long, default_value_t = 1)]
    threads: usize,
    /// A light phone uploads a photo on about one cycle in this many (0: never).
    #[arg(long, default_value_t = 20)]
    photo_every: u64,
    /// Size of each photo, KiB (at most 64).
    #[arg(long, default_value_t = 48)]
    photo_kib: usize,
    /// Where full phones keep their stores (a temporary dir by default).
    #[arg(long)]
    data: Option<PathBuf>,
    /// The server's process id, for its memory and CPU time.
    #[arg(long)]
    server_pid: Option<u32>,
    #[arg(long, default_value = "dispatcher")]
    dispatcher: String,
    #[arg(long, default_value = "fieldcrew-demo")]
    dispatcher_password: String,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let runtime =
        tokio::runtime::Builder::new_multi_thread().worker_threads(args.threads.max(1)).enable_all().build();
    let outcome = match runtime {
        Ok(runtime) => runtime.block_on(run(args)),
        Err(e) => Err(format!("runtime: {e}")),
    };
    match outcome {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(message) => {
            eprintln!("fieldcrew-load: {message}");
            ExitCode::from(2)
        }
    }
}

// A run holds a thousand of one kind, moved once into its task: boxing
// either would only add an allocation.
#[allow(clippy::large_enum_variant)]
enum Phone {
    Light(LightPhone),
    Full(FullPhone),
}

/// CPU seconds used so far by the server (if known) and this generator.
struct CpuMark {
    server: Option<f64>,
    generator: Option<f64>,
    at: Instant,
}

impl CpuMark {
    fn now(server_pid: Option<u32>) -> Self {
        CpuMark {
            server: server_pid.and_then(proc_stat::cpu_seconds),
            generator: proc_stat::cpu_seconds(0),
            at: Instant::now(),
        }
    }

    /// "server 212.4 s (70.8% of a core), generator 31.0 s (10.3%)" since `start`.
    fn since(&self, start: &CpuMark) -> String {
        let wall = self.at.duration_since(start.at).as_secs_f64().max(0.001);
        let part = |name: &str, a: Option<f64>, b: Option<f64>| match (a, b) {
            (Some(a), Some(b)) => format!("{name} {:.1} s ({:.0}% of a core)", b - a, (b - a) / wall * 100.0),
            _ => format!("{name} unknown"),
        };
        format!(
            "{}, {} over {wall:.0} s wall, {} cores",
            part("server", start.server, self.server),
            part("generator", start.generator, self.generator),
            std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)
        )
    }
}

async fn run(args: Args) -> Result<bool, String> {
    let temp = tempfile::tempdir().map_err(|e| e.to_string())?;
    let root = args.data.clone().unwrap_or_else(|| temp.path().to_path_buf());
    let server = reqwest::Url::parse(&args.server).map_err(|e| format!("--server: {e}"))?;
    let crews = crews::crews(&args.crews, args.load_crews, &args.load_crew_pin)?;
    let kind = args.phone;
    println!(
        "phones: {} {}, {} generator thread(s)",
        args.phones,
        match kind {
            PhoneKind::Light => "light (the wire protocol, state in memory)",
            PhoneKind::Full => "full (the app's SQLite store and sync client each)",
        },
        args.threads.max(1)
    );
    let rss_before = args.server_pid.map(proc_stat::rss_kib);
    let orders = if args.orders_per_crew > 0 {
        let token = dispatcher_token(&args).await?;
        let (count, took) = crews::create_orders(&server, &token, &crews, args.orders_per_crew).await?;
        format!(
            "{} orders each, {count} created and assigned by the dispatcher API in {:.1} s",
            args.orders_per_crew,
            took.as_secs_f64()
        )
    } else {
        "the orders they already hold".to_string()
    };
    println!("crews: {}; {orders}", crews::layout(&crews, args.phones));

    // Everyone pairs at once, like the morning of a storm.
    let cpu_start = CpuMark::now(args.server_pid);
    let mut pairings = tokio::task::JoinSet::new();
    for n in 0..args.phones {
        let crew = &crews[n % crews.len()];
        let (crew, pin) = (crew.code.clone(), crew.pin.clone());
        let (server, dir, member) = (server.clone(), root.join(format!("phone-{n:04}")), format!("负载{n}"));
        pairings.spawn(async move {
            match kind {
                PhoneKind::Light => {
                    let clock = Arc::new(load_clock::LoadClock::new(n));
                    let device = DeviceId::new();
                    let (mut phone, retries) = pair_with_retries(|| {
                        LightPhone::pair(&server, clock.clone(), device, &crew, &pin, &member)
                    })
                    .await
                    .map_err(|e| format!("phone {n}: {e}"))?;
                    phone.pull().await.map_err(|e| format!("phone {n}: {}", e.key("first pull")))?;
                    Ok::<_, String>((Phone::Light(phone), retries))
                }
                PhoneKind::Full => {
                    let (mut phone, retries) =
                        pair_with_retries(|| FullPhone::pair(server.as_str(), &dir, &crew, &pin, &member))
                            .await
                            .map_err(|e| format!("phone {n}: {e}"))?;
                    full_phone::first_pull(&mut phone).await.map_err(|e| format!("phone {n}: {e}"))?;
                    Ok((Phone::Full(phone), retries))
                }
            }
        });
    }
    let (mut phones, mut refused, mut broken) = (Vec::new(), 0, 0);
    while let Some(joined) = pairings.join_next().await {
        let (phone, retries) = joined.map_err(|e| e.to_string())??;
        phones.push(phone);
        (refused, broken) = (refused + retries.refused, broken + retries.broken);
    }
    let cpu_paired = CpuMark::now(args.server_pid);
    println!(
        "paired {} phones in {:.1} s (asked again: {refused} × 429 too many at once, {broken} × connection broken)",
        phones.len(),
        cpu_paired.at.duration_since(cpu_start.at).as_secs_f64()
    );
    println!("CPU while pairing: {}", cpu_paired.since(&cpu_start));
    let rss_paired = args.server_pid.map(proc_stat::rss_kib);

    let until = Instant::now() + Duration::from_secs(args.seconds);
    let mut runs = tokio::task::JoinSet::new();
    let (photo_every, photo_kib) = (args.photo_every, args.photo_kib);
    for (n, phone) in phones.into_iter().enumerate() {
        let pace = Duration::from_millis(args.pace_ms);
        runs.spawn(async move {
            match phone {
                Phone::Light(phone) => {
                    light_phone::run(phone, until, pace, n as u64, photo_every, photo_kib).await
                }
                Phone::Full(phone) => full_phone::run(phone, until, pace, n as u64).await,
            }
        });
    }
    let mut logs = Vec::new();
    while let Some(joined) = runs.join_next().await {
        logs.push(joined.map_err(|e| e.to_string())?);
    }
    let cpu_end = CpuMark::now(args.server_pid);
    let ran_for = args.seconds as f64;
    let rss_after = args.server_pid.map(proc_stat::rss_kib);
    report(&logs, ran_for);
    println!("CPU while syncing: {}", cpu_end.since(&cpu_paired));
    println!("load average: {}", std::fs::read_to_string("/proc/loadavg").unwrap_or_default().trim());
    if let Some(pid) = args.server_pid {
        tokio::time::sleep(Duration::from_secs(10)).await;
        let idle = proc_stat::rss_kib(pid);
        println!(
            "server RSS: {} MiB before, {} MiB paired, {} MiB after, {} MiB after 10 s idle",
            rss_before.unwrap_or(0) / 1024,
            rss_paired.unwrap_or(0) / 1024,
            rss_after.unwrap_or(0) / 1024,
            idle / 1024
        );
    }
    check(&args, &logs).await
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
    let mut uploads: Vec<Duration> = logs.iter().flat_map(|l| &l.upload).copied().collect();
    uploads.sort();
    if !uploads.is_empty() {
        let bytes: u64 = logs.iter().map(|l| l.uploaded_bytes).sum();
        println!(
            "photos: {} by tus ({:.1} MiB), p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
            uploads.len(),
            bytes as f64 / 1_048_576.0,
            percentile(&uploads, 0.50),
            percentile(&uploads, 0.95),
            percentile(&uploads, 0.99),
            percentile(&uploads, 1.0),
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
    let answered_5xx: u64 = errors.iter().filter(|(k, _)| k.contains("HTTP 5")).map(|(_, n)| n).sum();
    println!("errors: {total} ({answered_5xx} answered with a 5xx status)");
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
    let token = dispatcher_token(args).await?;
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

/// A dispatcher's API token.
async fn dispatcher_token(args: &Args) -> Result<String, String> {
    let login = json_of(
        reqwest::Client::new()
            .post(format!("{}/v1/dispatcher/login", args.server))
            .json(&serde_json::json!({ "username": args.dispatcher, "password": args.dispatcher_password })),
    )
    .await?;
    Ok(login["token"].as_str().ok_or("dispatcher login refused")?.to_string())
}

async fn json_of(request: reqwest::RequestBuilder) -> Result<serde_json::Value, String> {
    let response = request.send().await.map_err(|e| e.to_string())?;
    response.json().await.map_err(|e| e.to_string())
}
