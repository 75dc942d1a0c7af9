//! The `fieldcrew-server` binary as a child process on a fixed address and
//! data dir, so it can be killed with SIGKILL and started again over the
//! same data.
#![allow(dead_code)] // each test binary uses its own part

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_fieldcrew-server");

pub struct ServerProcess {
    pub base_url: String,
    listen: String,
    data_dir: PathBuf,
    /// Settings beyond the data dir and address (`FIELDCREW_DATABASE_URL`…).
    env: Vec<(String, String)>,
    child: Arc<Mutex<Child>>,
}

fn command(subcommand: &str, data_dir: &Path, listen: &str, env: &[(String, String)]) -> Command {
    let mut command = Command::new(BIN);
    command
        .arg(subcommand)
        .envs(env.iter().map(|(k, v)| (k, v)))
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

/// `fieldcrew-server demo`: the demo accounts (and orders) into `data_dir`.
pub fn seed_demo(data_dir: &Path) {
    seed_demo_with(data_dir, &[]);
}

/// `seed_demo` with more settings in the environment.
pub fn seed_demo_with(data_dir: &Path, env: &[(String, String)]) {
    let status = command("demo", data_dir, "127.0.0.1:0", env).status().unwrap();
    assert!(status.success(), "fieldcrew-server demo failed: {status}");
}

impl ServerProcess {
    /// `fieldcrew-server serve`, once it answers `/healthz`.
    pub async fn start(data_dir: &Path, listen: &str) -> Self {
        Self::start_with(data_dir, listen, &[]).await
    }

    /// `start` with more settings in the environment.
    pub async fn start_with(data_dir: &Path, listen: &str, env: &[(String, String)]) -> Self {
        let child = command("serve", data_dir, listen, env).spawn().unwrap();
        let server = Self {
            base_url: format!("http://{listen}"),
            listen: listen.to_string(),
            data_dir: data_dir.to_path_buf(),
            env: env.to_vec(),
            child: Arc::new(Mutex::new(child)),
        };
        server.wait_until_ready().await;
        server
    }

    /// Polls every 20 ms against a deadline rather than a number of tries, so
    /// a loaded machine (slow connects, a slow start) gets the full minute.
    async fn wait_until_ready(&self) {
        let url = format!("{}/healthz", self.base_url);
        let client = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            if client.get(&url).send().await.is_ok_and(|r| r.status().is_success()) {
                return;
            }
            assert!(self.child.lock().unwrap().try_wait().unwrap().is_none(), "the server exited");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        panic!("fieldcrew-server did not answer on {}", self.listen);
    }

    /// Kills the server with SIGKILL after `delay`, from another task.
    pub fn kill_after(&self, delay: Duration) -> tokio::task::JoinHandle<()> {
        let child = self.child.clone();
        tokio::spawn(async move {
            tokio::time::sleep(delay).await;
            let mut child = child.lock().unwrap();
            child.kill().unwrap(); // SIGKILL on Unix
            child.wait().unwrap();
        })
    }

    /// The server's process id (to read its memory from /proc).
    pub fn pid(&self) -> u32 {
        self.child.lock().unwrap().id()
    }

    /// A new server process over the same data dir and address.
    pub async fn restart(self) -> Self {
        Self::start_with(&self.data_dir, &self.listen, &self.env).await
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let mut child = self.child.lock().unwrap_or_else(|p| p.into_inner());
        let _ = child.kill();
        let _ = child.wait();
    }
}
