//! The real server's resident memory before and after a flood of
//! unauthenticated requests with distinct 1 MB crew codes, usernames and
//! made-up tokens: nothing of them may be kept (it was ~1 MiB a request).
//! Prints the numbers; run with `--nocapture` to see them.

mod support;

use std::time::Duration;
use support::server_process::{ServerProcess, free_address, seed_demo};

/// Requests of each kind in the measured flood.
const FLOOD: usize = 100;
/// Growth allowed: allocator arenas and caches, not the flood's bytes.
const SLACK_KIB: u64 = 8 * 1024;

fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("/proc/<pid>/status");
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).expect("VmRSS line");
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

async fn flood(http: &reqwest::Client, base: &str, round: usize, count: usize) {
    for i in 0..count {
        let mut big = format!("{round}-{i}-");
        big.push_str(&"x".repeat((1 << 20) - big.len()));
        let pair = serde_json::json!({
            "crew_code": big, "pin": "0000", "member_name": "x",
            "device_id": fieldcrew_domain::DeviceId::new(), "device_label": "x"
        });
        let status = http.post(format!("{base}/v1/pair")).json(&pair).send().await.unwrap().status();
        assert_eq!(status, 400);
        let login = serde_json::json!({ "username": big, "password": "x" });
        let status =
            http.post(format!("{base}/v1/dispatcher/login")).json(&login).send().await.unwrap().status();
        assert_eq!(status, 400);
        let status = http
            .get(format!("{base}/v1/changes"))
            .bearer_auth(format!("made-up-{round}-{i}"))
            .send()
            .await
            .unwrap()
            .status();
        assert_eq!(status, 401);
    }
}

#[tokio::test]
async fn a_flood_of_distinct_one_megabyte_crew_codes_leaves_server_memory_where_it_was() {
    let dir = tempfile::tempdir().unwrap();
    seed_demo(dir.path());
    let server = ServerProcess::start(dir.path(), &free_address()).await;
    let http = reqwest::Client::builder().timeout(Duration::from_secs(60)).build().unwrap();
    // Warm the allocator and the connection pool, so the measure is of what
    // the flood keeps rather than of first use.
    flood(&http, &server.base_url, 0, 10).await;
    let before = rss_kib(server.pid());
    flood(&http, &server.base_url, 1, FLOOD).await;
    let after = rss_kib(server.pid());
    println!(
        "server RSS before the flood: {before} KiB, after {FLOOD} × (1 MB crew code, 1 MB username, \
         made-up token): {after} KiB ({:+} KiB)",
        after as i64 - before as i64
    );
    assert!(after <= before + SLACK_KIB, "the server kept {} KiB of the flood", after - before);
}
