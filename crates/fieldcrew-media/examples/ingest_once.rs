//! Ingests of one camera file from disk (`ingest_photo_file`, the route
//! the memory target is set for), for scripts/bench_pillow.py --classes:
//! one at start, then one more per line read from stdin, so the caller can
//! alternate them with Pillow's under the same load. Prints one JSON line
//! per ingest: wall and CPU ms, the resident memory just before it and the
//! process's peak after it (KiB; for the first ingest, its peak above the
//! baseline), the decode route and the output. With OUTPUT, the first
//! ingest's photo is written there (the bench's SSIM column).
//!
//! `cargo run --release -p fieldcrew-media --example ingest_once -- FILE [OUTPUT]`

use chrono::{TimeZone, Utc};
use fieldcrew_media::{IngestConfig, Stamp, ingest_photo_file_timed};
use std::time::Instant;

fn main() {
    let path = std::env::args_os().nth(1).expect("usage: ingest_once FILE [OUTPUT]");
    let output = std::env::args_os().nth(2);
    let stamp = Stamp {
        order_no: "GD2026112200017".into(),
        taken_at: Utc.with_ymd_and_hms(2026, 11, 22, 7, 4, 5).single().unwrap_or_default(),
        fix: None,
        crew: "A3".into(),
    };
    let config = IngestConfig::default();
    if !once(path.as_ref(), &stamp, &config, output.as_deref().map(std::path::Path::new)) {
        std::process::exit(1);
    }
    for _ in std::io::stdin().lines().map_while(Result::ok) {
        once(path.as_ref(), &stamp, &config, None);
    }
}

fn once(
    path: &std::path::Path,
    stamp: &Stamp,
    config: &IngestConfig,
    output: Option<&std::path::Path>,
) -> bool {
    let baseline_kib = status_kib("VmRSS:");
    let (started, cpu) = (Instant::now(), cpu_ms());
    let result = ingest_photo_file_timed(path, stamp, config);
    let (wall_ms, cpu_ms) = (started.elapsed().as_secs_f64() * 1e3, cpu_ms() - cpu);
    let peak_kib = status_kib("VmHWM:");
    match result {
        Ok((photo, laps)) => {
            if let Some(output) = output
                && let Err(e) = std::fs::write(output, &photo.bytes)
            {
                println!("{{\"error\":{:?}}}", format!("{}: {e}", output.display()));
                return false;
            }
            println!(
                "{{\"wall_ms\":{wall_ms:.2},\"cpu_ms\":{cpu_ms:.2},\"baseline_kib\":{baseline_kib},\"peak_kib\":{peak_kib},\"route\":\"{}\",\"width\":{},\"height\":{},\"out_bytes\":{}}}",
                laps.route.map_or("none", |route| route.name()),
                photo.width,
                photo.height,
                photo.bytes.len()
            )
        }
        Err(e) => {
            println!("{{\"error\":{:?}}}", e.to_string());
            return false;
        }
    }
    true
}

/// A figure from /proc/self/status in KiB: VmRSS (now) or VmHWM (peak).
/// Not getrusage's ru_maxrss: Linux carries that over exec from the parent
/// (a Python driver holding a decoded 12 MP photo), VmHWM starts afresh.
fn status_kib(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            let line = status.lines().find(|line| line.starts_with(field))?;
            line.split_whitespace().nth(1)?.parse().ok()
        })
        .unwrap_or(0)
}

fn usage() -> libc::rusage {
    // SAFETY: getrusage only writes the struct it is given; zeroed is a valid rusage.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    usage
}

/// CPU time of the whole process, every thread, in ms.
fn cpu_ms() -> f64 {
    let usage = usage();
    let ms = |t: libc::timeval| t.tv_sec as f64 * 1e3 + t.tv_usec as f64 / 1e3;
    ms(usage.ru_utime) + ms(usage.ru_stime)
}
