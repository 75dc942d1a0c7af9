//! How long an order assigned by dispatch takes to be in the phone's store
//! when the phone waits with a long-poll, through the link emulator on the
//! village link (64 kbps each way, 600 ms round trip): from the assignment
//! on the server to the order readable in the phone's store, and that as a
//! multiple of one round trip. Without the long-poll the order waited for
//! the app's next periodic sync (every 120 s: 60 s on average).
//!
//! Prints a table; never fails on the figures.
//! `cargo bench -p fieldcrew-sync --bench order_arrival` (about 40 s);
//! `-- --smoke` (and `cargo test --all-targets`) one fast round.

#[allow(dead_code)]
#[path = "../tests/common/link_emulator.rs"]
mod link_emulator;

use fieldcrew_core::clock::SystemClock;
use fieldcrew_core::store::Store;
use fieldcrew_server::test_support::TestServer;
use fieldcrew_sync::{SyncClient, SyncConfig, SyncTrigger, sync_loop};
use link_emulator::{LinkEmulator, LinkProfile};
use std::sync::Arc;
use std::time::{Duration, Instant};

struct Run {
    name: &'static str,
    profile: LinkProfile,
    rounds: usize,
}

fn runs() -> Vec<Run> {
    let args: Vec<String> = std::env::args().collect();
    let smoke = args.iter().any(|a| a == "--smoke") || !args.iter().any(|a| a == "--bench");
    let link = |bits_per_second, rtt_ms| LinkProfile {
        bits_per_second,
        rtt: Duration::from_millis(rtt_ms),
        cut_every: None,
        seed: 15,
    };
    if smoke {
        return vec![Run { name: "smoke: 2 Mbps, 100 ms", profile: link(2_000_000, 100), rounds: 1 }];
    }
    vec![Run { name: "64 kbps, 600 ms RTT", profile: link(64_000, 600), rounds: 8 }]
}

/// Times from assignment to the order in the store, one per round.
async fn measure(run: &Run) -> Vec<Duration> {
    let server = TestServer::start_with(|s| s.rate_limit_per_minute = 1_000_000).await;
    let dir = tempfile::tempdir().expect("phone dir");
    let mut store = Store::open(dir.path()).expect("phone store");
    let config = SyncConfig {
        idle_interval: Duration::from_secs(600),
        long_poll: Some(Duration::from_secs(50)),
        ..SyncConfig::default()
    };
    let direct = SyncClient::new(&server.base_url, Arc::new(SystemClock), config.clone()).expect("client");
    direct.pair(&mut store, &server.crew_code, &server.pin, "李师傅", "bench phone").await.expect("paired");
    let link = LinkEmulator::start(server.addr, run.profile).await;
    let client = SyncClient::new(&link.base_url, Arc::new(SystemClock), config).expect("client");
    let trigger = SyncTrigger::new();
    let looping = {
        let trigger = trigger.clone();
        tokio::spawn(async move { sync_loop(&client, &mut store, trigger).await })
    };
    let mut times = Vec::new();
    for _ in 0..run.rounds {
        // The pass after the last order is done and the poll held again.
        tokio::time::sleep(run.profile.rtt * 8).await;
        let assigned = Instant::now();
        let order = server.create_order(&server.crew_code);
        let reader = Store::open(dir.path()).expect("second connection");
        while reader.order(order.id).expect("store readable").is_none() {
            assert!(assigned.elapsed() < Duration::from_secs(60), "order not on the phone in 60 s");
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        times.push(assigned.elapsed());
    }
    trigger.shutdown();
    looping.abort();
    times
}

fn main() {
    let runtime =
        tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
    runtime.block_on(async {
        println!(
            "| link | rounds | assignment → in the phone's store (median, min–max) | ÷ one round trip |"
        );
        println!("|---|---|---|---|");
        for run in runs() {
            let mut times = measure(&run).await;
            times.sort();
            let median = times[times.len() / 2];
            let rtt = run.profile.rtt.as_secs_f64();
            println!(
                "| {} | {} | {:.2} s ({:.2}–{:.2} s) | {:.2} ({:.2}–{:.2}) |",
                run.name,
                times.len(),
                median.as_secs_f64(),
                times[0].as_secs_f64(),
                times[times.len() - 1].as_secs_f64(),
                median.as_secs_f64() / rtt,
                times[0].as_secs_f64() / rtt,
                times[times.len() - 1].as_secs_f64() / rtt,
            );
        }
    });
}
