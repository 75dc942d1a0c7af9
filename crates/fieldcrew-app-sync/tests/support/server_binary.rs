//! The real `fieldcrew-server` binary as a child process on a fixed loopback
//! address and data dir, so it can be killed and started again where the
//! phone expects it. A dev-dependency builds the server's library only, so
//! the binary is built here (`cargo build`, nothing to do when it is fresh).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// `target/<profile>/fieldcrew-server`, next to this test's `deps/` folder.
fn built_binary() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let profile_dir = exe.parent().and_then(Path::parent).expect("tests run from target/<profile>/deps");
    profile_dir.join(format!("fieldcrew-server{}", std::env::consts::EXE_SUFFIX))
}

/// The server binary, built (or found fresh) for this test's profile. If the
/// build fails (someone is mid-edit in the server) an existing binary will
/// do: these tests need pairing, push and /healthz, which it has.
pub fn server_binary() -> PathBuf {
    let bin = built_binary();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut build = Command::new(cargo);
    build.args(["build", "--quiet", "-p", "fieldcrew-server", "--bin", "fieldcrew-server"]);
    if bin.parent().is_some_and(|p| p.ends_with("release")) {
        build.arg("--release");
    }
    let built = build.status().is_ok_and(|s| s.success());
    assert!(bin.exists(), "no fieldcrew-server binary at {} (build ok: {built})", bin.display());
    if !built {
        eprintln!("building fieldcrew-server failed; using the existing {}", bin.display());
    }
    bin
}

fn command(bin: &Path, subcommand: &str, data_dir: &Path, listen: &str) -> Command {
    let mut command = Command::new(bin);
    command
        .arg(subcommand)
        .env("FIELDCREW_DATA_DIR", data_dir)
        .env("FIELDCREW_LISTEN", listen)
        .env("FIELDCREW_RATE_LIMIT_PER_MINUTE", "1000000")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

/// A loopback address that was free a moment ago.
pub fn free_address() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().to_string()
}

/// `fieldcrew-server demo`: crews CREW-1 (PIN 1234) and CREW-2 with orders,
/// and the demo dispatcher.
pub fn seed_demo(bin: &Path, data_dir: &Path) {
    let status = command(bin, "demo", data_dir, "127.0.0.1:0").status().unwrap();
    assert!(status.success(), "fieldcrew-server demo failed: {status}");
}

pub struct ServerProcess {
    pub base_url: String,
    child: Child,
}

impl ServerProcess {
    /// `fieldcrew-server serve`, once it answers `/healthz`.
    pub async fn start(bin: &Path, data_dir: &Path, listen: &str) -> Self {
        let child = command(bin, "serve", data_dir, listen).spawn().unwrap();
        let mut server = Self { base_url: format!("http://{listen}"), child };
        server.wait_until_ready().await;
        server
    }

    /// Polls every 20 ms against a deadline, so a loaded machine gets a minute.
    async fn wait_until_ready(&mut self) {
        let url = format!("{}/healthz", self.base_url);
        let client = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            if client.get(&url).send().await.is_ok_and(|r| r.status().is_success()) {
                return;
            }
            assert!(self.child.try_wait().unwrap().is_none(), "the server exited");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        panic!("fieldcrew-server did not answer on {}", self.base_url);
    }

    /// SIGKILL: the port closes at once, as when the network goes.
    pub fn kill(&mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
