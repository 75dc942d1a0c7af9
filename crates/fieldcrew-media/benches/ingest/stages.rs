//! Where fieldcrew's ingest time goes: the median wall time of each stage
//! over several in-process runs of the file route, plus the process CPU time,
//! which also counts the decoder's worker thread and the hashing thread.

use super::{median, stamp};
use fieldcrew_media::{IngestConfig, ingest_photo_file_timed};
use std::path::Path;
use std::time::{Duration, Instant};

pub fn print_breakdown(input: &Path, runs: usize) {
    let mut names: Vec<&'static str> = Vec::new();
    let mut per_stage: Vec<Vec<f64>> = Vec::new();
    let (mut walls, mut cpus) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        let (wall_start, cpu_start) = (Instant::now(), cpu_time());
        let (_, laps) = ingest_photo_file_timed(input, &stamp(), &IngestConfig::default()).unwrap();
        walls.push(ms(wall_start.elapsed()));
        cpus.push(ms(cpu_time() - cpu_start));
        for (name, took) in laps.stages {
            let at = names.iter().position(|n| *n == name).unwrap_or_else(|| {
                names.push(name);
                per_stage.push(Vec::new());
                names.len() - 1
            });
            per_stage[at].push(ms(took));
        }
    }
    println!("\nfieldcrew ingest_photo_file by stage (wall ms, median of {runs}):");
    for (name, times) in names.iter().zip(per_stage) {
        println!("  {name:<30} {:6.1}", median(times.into_iter()));
    }
    println!("  {:<30} {:6.1}", "total wall", median(walls.into_iter()));
    println!("  {:<30} {:6.1}", "total CPU (all threads)", median(cpus.into_iter()));
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

/// CPU time of the whole process, every thread included (ended ones too).
pub fn cpu_time() -> Duration {
    let mut now = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `now` is a valid timespec to write into.
    unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut now) };
    Duration::new(now.tv_sec as u64, now.tv_nsec as u32)
}
