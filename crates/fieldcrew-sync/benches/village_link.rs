//! One closed meter-damage order (its events, two photos and the signature
//! PNG) synced by the background sync loop through the link emulator, on
//! the village link profiles: time against the physical minimum (the media
//! bytes at the link's rate plus one round trip), bytes sent up against the
//! media, requests the server answered, and the link's cuts.
//!
//! Prints a table; never fails on the figures.
//!
//! `cargo bench -p fieldcrew-sync --bench village_link` runs the three
//! 64 kbps profiles (about four minutes); `-- --slow` adds 4 kbps / 1 200 ms
//! (about fourteen more); `-- --smoke` (and `cargo test --all-targets`) a
//! tiny fast one. `-- --row=3 --seed=7` runs one 64 kbps row with other cuts.

#[allow(dead_code)]
#[path = "sync/bench_phone.rs"]
mod bench_phone;
#[allow(dead_code)]
#[path = "sync/closed_order.rs"]
mod closed_order;
#[allow(dead_code)]
#[path = "sync/counting_proxy.rs"]
mod counting_proxy;
#[allow(dead_code)]
#[path = "../tests/common/link_emulator.rs"]
mod link_emulator;

use bench_phone::BenchPhone;
use fieldcrew_server::test_support::TestServer;
use fieldcrew_sync::{SyncTrigger, sync_loop};
use link_emulator::{LinkEmulator, LinkProfile};
use std::time::{Duration, Instant};

struct Run {
    name: &'static str,
    profile: LinkProfile,
    photo_bytes: usize,
}

struct Outcome {
    finished: bool,
    elapsed: Duration,
    minimum: Duration,
    payload: u64,
    bytes_up: u64,
    requests: u64,
    /// Answers 4xx: a resume guess past the server's offset is a 409.
    refused: u64,
    cuts: u64,
}

fn runs() -> Vec<Run> {
    let args: Vec<String> = std::env::args().collect();
    let smoke = args.iter().any(|a| a == "--smoke") || !args.iter().any(|a| a == "--bench");
    // `--seed=N` draws other cuts (409 by default, the README's figures).
    let seed = args
        .iter()
        .find_map(|a| a.strip_prefix("--seed="))
        .map_or(409, |s| s.parse().unwrap_or_else(|_| panic!("--seed= takes a whole number, not `{s}`")));
    let village = |bits_per_second, rtt_ms, cut_every| LinkProfile {
        bits_per_second,
        rtt: Duration::from_millis(rtt_ms),
        cut_every,
        seed,
    };
    if smoke {
        return vec![Run {
            name: "smoke: 2 Mbps, 100 ms, a cut every ~20 KB",
            profile: village(2_000_000, 100, Some((10_000, 30_000))),
            photo_bytes: 40_000,
        }];
    }
    // Two photos of 200 000 B and the signature: 409 KB of media.
    let mut runs = vec![
        Run {
            name: "64 kbps, 600 ms RTT, no cuts",
            profile: village(64_000, 600, None),
            photo_bytes: 200_000,
        },
        Run {
            name: "64 kbps, 600 ms, a cut every ~200 KB",
            profile: village(64_000, 600, Some((100_000, 300_000))),
            photo_bytes: 200_000,
        },
        Run {
            name: "64 kbps, 600 ms, a cut every ~50 KB",
            profile: village(64_000, 600, Some((25_000, 75_000))),
            photo_bytes: 200_000,
        },
    ];
    // `--row=N` runs only the Nth 64 kbps row (1: no cuts, 2: ~200 KB, 3: ~50 KB).
    if let Some(row) = args.iter().find_map(|a| a.strip_prefix("--row=")) {
        let row: usize = row.parse().unwrap_or_else(|_| panic!("--row= takes 1, 2 or 3, not `{row}`"));
        runs = runs.into_iter().skip(row.saturating_sub(1)).take(1).collect();
    }
    if args.iter().any(|a| a == "--slow") {
        runs.push(Run {
            name: "4 kbps, 1 200 ms, no cuts",
            profile: village(4_000, 1_200, None),
            photo_bytes: 200_000,
        });
    }
    runs
}

async fn measure(run: &Run) -> Outcome {
    let server = TestServer::start_with(|s| s.rate_limit_per_minute = 1_000_000).await;
    let order = server.create_order(&server.crew_code);
    let mut phone = BenchPhone::paired(&server).await;
    let payload = closed_order::record_closed_order(&mut phone, &order, run.photo_bytes);
    let files: Vec<_> = phone
        .store
        .pending_uploads()
        .expect("pending uploads")
        .into_iter()
        .map(|p| server.state.media_dir().join(p.media.sha256))
        .collect();
    let link = LinkEmulator::start(server.addr, run.profile).await;
    let client = BenchPhone::client(&link.base_url);
    let minimum = run.profile.minimum(payload);
    let requests_before = closed_order::requests_served(&server);
    let refused_before = server.state.metrics.requests.with_label_values(&["4xx"]).get();
    let trigger = SyncTrigger::new();
    let started = Instant::now();
    // Gives up at 20 times the minimum: "never finishes".
    let deadline = started + minimum * 20;
    let watcher = {
        let trigger = trigger.clone();
        tokio::spawn(async move {
            let done = loop {
                if files.iter().all(|f| f.exists()) {
                    break true;
                }
                if Instant::now() > deadline {
                    break false;
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            };
            trigger.shutdown();
            (done, started.elapsed())
        })
    };
    sync_loop(&client, &mut phone.store, trigger).await;
    let (finished, elapsed) = watcher.await.expect("watcher");
    let stats = link.stats();
    Outcome {
        finished,
        elapsed,
        minimum,
        payload,
        bytes_up: stats.bytes_up,
        requests: closed_order::requests_served(&server) - requests_before,
        refused: server.state.metrics.requests.with_label_values(&["4xx"]).get() - refused_before,
        cuts: stats.cuts,
    }
}

fn main() {
    let runtime =
        tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
    runtime.block_on(async {
        println!("| link | fieldcrew | minimum | ratio | bytes up ÷ media | requests (4xx) | cuts |");
        println!("|---|---|---|---|---|---|---|");
        for run in runs() {
            let o = measure(&run).await;
            let time = if o.finished {
                format!("{:.1} s", o.elapsed.as_secs_f64())
            } else {
                format!("not done in {:.0} s", o.elapsed.as_secs_f64())
            };
            let ratio = if o.finished {
                format!("{:.2}", o.elapsed.as_secs_f64() / o.minimum.as_secs_f64())
            } else {
                "∞".into()
            };
            println!(
                "| {} | {time} | {:.1} s | {ratio} | {:.3} ({} B of {} B) | {} ({}) | {} |",
                run.name,
                o.minimum.as_secs_f64(),
                o.bytes_up as f64 / o.payload as f64,
                o.bytes_up,
                o.payload,
                o.requests,
                o.refused,
                o.cuts
            );
        }
    });
}
