//! The `fieldcrew-server` binary in its own process, for the load figures
//! run by hand: started on a free loopback port over a data dir, and read
//! through /proc.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_fieldcrew-server");

/// `fieldcrew-server <subcommand>` over `data`, listening on `listen`, with
/// budgets and connection caps lifted for load and quiet logs. `extra`:
/// further `FIELDCREW_*` settings.
pub fn command(subcommand: &str, data: &Path, listen: &str, extra: &[(&str, &str)]) -> Command {
    let mut command = Command::new(BIN);
    command
        .arg(subcommand)
        .env("FIELDCREW_DATA_DIR", data)
        .env("FIELDCREW_LISTEN", listen)
        .env("FIELDCREW_RATE_LIMIT_PER_MINUTE", "1000000")
        .env("FIELDCREW_MAX_CONNECTIONS", "6000")
        .env("RUST_LOG", "warn")
        .envs(extra.iter().copied())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

/// A free loopback address.
fn free_listen_addr() -> String {
    let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    probe.local_addr().unwrap().to_string()
}

/// Starts `serve` and waits for `/healthz`; its address and the child.
pub async fn serve(data: &Path, extra: &[(&str, &str)]) -> (String, Child) {
    let listen = free_listen_addr();
    let child = command("serve", data, &listen, extra).spawn().unwrap();
    let base = format!("http://{listen}");
    let http = reqwest::Client::new();
    let started = Instant::now();
    while http.get(format!("{base}/healthz")).send().await.is_err() {
        assert!(started.elapsed() < Duration::from_secs(60), "server did not start");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    (listen, child)
}

/// A number from `/proc/<pid>/<file>`'s line starting with `key`
/// (`status`, `VmRSS:` in kB; `Threads:`).
pub fn proc_field(pid: u32, file: &str, key: &str) -> u64 {
    let text = std::fs::read_to_string(format!("/proc/{pid}/{file}")).unwrap();
    let line = text.lines().find(|l| l.starts_with(key)).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}
