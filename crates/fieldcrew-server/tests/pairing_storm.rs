//! Load figure for a storm morning (run by hand, ~1 min):
//! `cargo test --release -p fieldcrew-server --test pairing_storm -- --ignored --nocapture`.
//! The `fieldcrew-server` binary in its own process; 1,000 phones pair at
//! once (200 crews of five, each phone from its own address behind the
//! station's reverse proxy, as carriers' addresses would be) while a
//! dispatcher's screen asks `/healthz` every 20 ms. Printed:
//! `/healthz` p50/p99 idle and during the storm and their ratio, the
//! server's peak threads and resident memory, and the pairings' wall time.
//! Never fails on the figures; it fails only if a pairing is refused.
//! On PostgreSQL: `FIELDCREW_DATABASE_URL=$(bash scripts/postgres.sh fc_storm)`
//! (an empty database) before the command.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

mod server_process;
use server_process::{proc_field, serve};

const PHONES: usize = 1_000;
const CREWS: usize = 200;
const PIN: &str = "2468";

/// The storm's crews, stored before the server starts (one PIN hash for
/// all: hashing 200 would take longer than the storm). In the database
/// `FIELDCREW_DATABASE_URL` names (the server process inherits it), else the
/// data dir's SQLite file.
fn seed_crews(data: &Path) {
    let url = std::env::var("FIELDCREW_DATABASE_URL").unwrap_or_default();
    let db = fieldcrew_server::open_database(&url, data).unwrap();
    let pin_hash = fieldcrew_server::auth::hash_secret(PIN);
    for n in 0..CREWS {
        let crew = fieldcrew_server::db::Crew {
            code: format!("STORM-{n}"),
            name: format!("抢修{n}班"),
            pin_hash: pin_hash.clone(),
            members: vec!["李师傅".into()],
        };
        db.save_crew(&crew).unwrap();
    }
}

/// `/healthz` round trips every 20 ms until `stop`, in ms.
async fn watch_health(http: reqwest::Client, base: String, stop: Arc<AtomicBool>) -> Vec<f64> {
    let mut times = Vec::new();
    while !stop.load(Ordering::Relaxed) {
        let started = Instant::now();
        let ok = http.get(format!("{base}/healthz")).send().await.is_ok_and(|r| r.status().is_success());
        assert!(ok, "/healthz failed");
        times.push(started.elapsed().as_secs_f64() * 1000.0);
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    times
}

fn percentile(times: &mut [f64], p: f64) -> f64 {
    times.sort_by(f64::total_cmp);
    times[((times.len() as f64 - 1.0) * p).round() as usize]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "load figure, ~1 min: run by hand"]
async fn a_thousand_phones_pairing_at_once() {
    let data = tempfile::tempdir().unwrap();
    seed_crews(data.path());
    let (listen, mut child) = serve(data.path(), &[("FIELDCREW_TRUSTED_PROXIES", "[\"127.0.0.1\"]")]).await;
    let pid = child.id();
    let base = format!("http://{listen}");
    let http = reqwest::Client::new();

    let stop = Arc::new(AtomicBool::new(false));
    let idle = tokio::spawn(watch_health(http.clone(), base.clone(), stop.clone()));
    tokio::time::sleep(Duration::from_secs(3)).await;
    stop.store(true, Ordering::Relaxed);
    let mut idle = idle.await.unwrap();

    let rss_before_kb = proc_field(pid, "status", "VmRSS:");
    let stop = Arc::new(AtomicBool::new(false));
    let during = tokio::spawn(watch_health(http.clone(), base.clone(), stop.clone()));
    let peaks = {
        let stop = stop.clone();
        tokio::spawn(async move {
            let (mut threads, mut rss) = (0, 0);
            while !stop.load(Ordering::Relaxed) {
                threads = threads.max(proc_field(pid, "status", "Threads:"));
                rss = rss.max(proc_field(pid, "status", "VmRSS:"));
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            (threads, rss)
        })
    };
    let storm = Instant::now();
    let pairings: Vec<_> = (0..PHONES)
        .map(|i| {
            // Each phone its own connection, as phones are.
            let http = reqwest::Client::builder().pool_max_idle_per_host(0).build().unwrap();
            let base = base.clone();
            tokio::spawn(async move {
                let request = serde_json::json!({
                    "crew_code": format!("STORM-{}", i % CREWS),
                    "pin": PIN,
                    "member_name": "李师傅",
                    "device_id": fieldcrew_domain::DeviceId::new(),
                    "device_label": format!("storm {i}"),
                });
                let phone_address = format!("10.{}.{}.{}", i / 65536, (i / 256) % 256, i % 256);
                let response = http
                    .post(format!("{base}/v1/pair"))
                    .header("x-forwarded-for", phone_address)
                    .json(&request)
                    .send()
                    .await
                    .unwrap();
                response.status().as_u16()
            })
        })
        .collect();
    let mut statuses = std::collections::BTreeMap::<u16, usize>::new();
    for pairing in pairings {
        *statuses.entry(pairing.await.unwrap()).or_default() += 1;
    }
    let refused: usize = statuses.iter().filter(|(s, _)| **s != 200).map(|(_, n)| n).sum();
    let storm_s = storm.elapsed().as_secs_f64();
    stop.store(true, Ordering::Relaxed);
    let mut during = during.await.unwrap();
    let (threads, rss_kb) = peaks.await.unwrap();
    tokio::time::sleep(Duration::from_secs(2)).await;
    let rss_after_kb = proc_field(pid, "status", "VmRSS:");
    let _ = child.kill();
    let _ = child.wait();

    let (idle_p50, idle_p99) = (percentile(&mut idle, 0.5), percentile(&mut idle, 0.99));
    let (storm_p50, storm_p99) = (percentile(&mut during, 0.5), percentile(&mut during, 0.99));
    println!("| {PHONES} pairings at once | figure |");
    println!("|---|---|");
    println!("| wall time | {storm_s:.1} s ({:.0} pairings/s) |", PHONES as f64 / storm_s);
    println!("| /healthz idle p50 / p99 | {idle_p50:.1} / {idle_p99:.1} ms ({} samples) |", idle.len());
    println!(
        "| /healthz in the storm p50 / p99 | {storm_p50:.1} / {storm_p99:.1} ms ({} samples) |",
        during.len()
    );
    println!("| p99 storm ÷ idle | {:.1} |", storm_p99 / idle_p99.max(0.001));
    println!("| server peak threads | {threads} |");
    println!(
        "| server RSS before / peak / 2 s after | {:.0} / {:.0} / {:.0} MB |",
        rss_before_kb as f64 / 1024.0,
        rss_kb as f64 / 1024.0,
        rss_after_kb as f64 / 1024.0
    );
    println!("| answers | {statuses:?} |");
    assert_eq!(refused, 0, "every phone of the storm pairs");
}
