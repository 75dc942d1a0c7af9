//! Load figure for the long-poll (run by hand, ~30 s):
//! `cargo test -p fieldcrew-server --test long_poll_load -- --ignored --nocapture`.
//! The `fieldcrew-server` binary in its own process holds 5,000 idle
//! `GET /v1/changes?wait=60`; printed: resident memory per held request,
//! CPU while they wait, and how long waking all of them takes when an order
//! is assigned to their crew (the worst case: every poll is the same crew).

use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

mod server_process;
use server_process::{command, proc_field, serve};

const HELD: usize = 5_000;

/// User + system CPU of the process, in clock ticks.
fn cpu_ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    let after_name = &stat[stat.rfind(')').unwrap() + 2..];
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap()
}

async fn json(request: reqwest::RequestBuilder) -> serde_json::Value {
    let response = request.send().await.unwrap();
    assert!(response.status().is_success(), "{}", response.status());
    response.json().await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "load figure, ~30 s: run by hand"]
async fn five_thousand_idle_long_polls() {
    let data = tempfile::tempdir().unwrap();
    assert!(command("demo", data.path(), "127.0.0.1:0", &[]).status().unwrap().success());
    let (listen, mut child) = serve(data.path(), &[]).await;
    let pid = child.id();
    let base = format!("http://{listen}");
    let http = reqwest::Client::new();
    let paired = json(http.post(format!("{base}/v1/pair")).json(&serde_json::json!({
        "crew_code": "CREW-1", "pin": "1234", "member_name": "李师傅",
        "device_id": fieldcrew_domain::DeviceId::new(), "device_label": "load"
    })))
    .await;
    let token = paired["token"].as_str().unwrap().to_string();
    let page = json(http.get(format!("{base}/v1/changes")).bearer_auth(&token)).await;
    let cursor = page["cursor"].as_i64().unwrap();
    // The page carried the station's settings: hold with their fingerprint,
    // or the server answers at once to send them.
    let fingerprint = {
        let settings: fieldcrew_protocol::pull::StationSettings =
            serde_json::from_value(page["station"].clone()).unwrap();
        settings.fingerprint()
    };

    tokio::time::sleep(Duration::from_secs(1)).await;
    let rss_before = proc_field(pid, "status", "VmRSS:");
    let request = format!(
        "GET /v1/changes?since={cursor}&station={fingerprint}&wait=60 HTTP/1.1\r\nHost: {listen}\r\nAuthorization: Bearer {token}\r\n\r\n"
    );
    let mut held = Vec::with_capacity(HELD);
    for _ in 0..HELD {
        let mut stream = TcpStream::connect(&listen).await.unwrap();
        stream.write_all(request.as_bytes()).await.unwrap();
        held.push(stream);
    }
    // Every request read, authorised and waiting.
    tokio::time::sleep(Duration::from_secs(5)).await;
    let rss_held = proc_field(pid, "status", "VmRSS:");
    let ticks_per_s = 100.0; // USER_HZ on Linux
    let cpu_start = cpu_ticks(pid);
    tokio::time::sleep(Duration::from_secs(10)).await;
    let idle_cpu = (cpu_ticks(pid) - cpu_start) as f64 / ticks_per_s / 10.0 * 100.0;
    let mut answered_early = 0;
    for stream in &mut held {
        let mut byte = [0u8; 1];
        if let Ok(Ok(n)) = tokio::time::timeout(Duration::from_micros(1), stream.peek(&mut byte)).await
            && n > 0
        {
            answered_early += 1;
        }
    }
    assert_eq!(answered_early, 0, "a held poll answered with nothing new");

    let login = json(http.post(format!("{base}/v1/dispatcher/login")).json(&serde_json::json!({
        "username": "dispatcher", "password": "fieldcrew-demo"
    })))
    .await;
    let dispatcher = login["token"].as_str().unwrap().to_string();
    let assigned = Instant::now();
    let created = http
        .post(format!("{base}/v1/orders"))
        .bearer_auth(&dispatcher)
        .json(&serde_json::json!({
            "reporter_name": "王女士", "reporter_phone": "13900001111",
            "address": {"village_or_street": "柳河村五组", "house_number": "9号"},
            "fault_description": "整户停电", "equipment": "line", "area": {"class": "rural"},
            "crew_code": "CREW-1"
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let mut first = None;
    let waiters: Vec<_> = held
        .into_iter()
        .map(|mut stream| {
            tokio::spawn(async move {
                let mut buf = vec![0u8; 4096];
                let n = stream.read(&mut buf).await.unwrap();
                assert!(buf[..n].starts_with(b"HTTP/1.1 200"), "{}", String::from_utf8_lossy(&buf[..n]));
                Instant::now()
            })
        })
        .collect();
    let mut last = assigned;
    for waiter in waiters {
        let at = waiter.await.unwrap();
        first = Some(first.map_or(at, |f: Instant| f.min(at)));
        last = last.max(at);
    }
    let per_held = (rss_held.saturating_sub(rss_before)) as f64 / HELD as f64;
    println!("held long-polls: {HELD} on one server process (2 cores)");
    println!(
        "server RSS: {rss_before} KiB before, {rss_held} KiB holding them: {per_held:.1} KiB per held request"
    );
    println!("server CPU over 10 s while they wait: {idle_cpu:.2} % of one core");
    println!(
        "order assigned to their crew: first answer after {:?}, all {HELD} after {:?}",
        first.unwrap() - assigned,
        last - assigned
    );
    let _ = child.kill();
    let _ = child.wait();
}
