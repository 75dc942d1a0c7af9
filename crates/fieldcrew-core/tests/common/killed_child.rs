//! A writer killed at a random moment: this test binary runs one of its
//! own ignored tests as a child process, which writes to the store in
//! `dir` and prints a line per write it saw committed, and SIGKILLs it.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

/// Runs the ignored test `child_test` with `dir_env` = `dir`, kills it
/// (SIGKILL) after `after_ms` (a random number of milliseconds in that
/// range), and answers the lines it printed whole: a line cut by the kill
/// was never reported.
pub fn run_and_kill(
    child_test: &str,
    dir_env: &str,
    dir: &Path,
    after_ms: std::ops::Range<u64>,
) -> Vec<String> {
    let me = std::env::current_exe().unwrap();
    let mut child = Command::new(&me)
        .args(["--exact", child_test, "--ignored", "--nocapture", "--test-threads=1"])
        .env(dir_env, dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut lines = Vec::new();
        let mut reader = BufReader::new(stdout);
        let mut buf = Vec::new();
        while reader.read_until(b'\n', &mut buf).unwrap_or(0) > 0 {
            if let Some(line) = buf.strip_suffix(b"\n") {
                lines.push(String::from_utf8_lossy(line).trim().to_string());
            }
            buf.clear();
        }
        lines
    });
    std::thread::sleep(Duration::from_millis(fastrand::u64(after_ms)));
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();
    reader.join().unwrap()
}
