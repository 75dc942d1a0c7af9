//! The OS clocks: the one I/O reading of time on the phone.

use chrono::{DateTime, Utc};
use fieldcrew_domain::clock::DeviceClock;
use std::sync::OnceLock;
use std::time::Instant;

/// The OS clocks. On Linux and Android, `/proc/uptime` is CLOCK_BOOTTIME (it
/// keeps counting in deep sleep) and `boot_id` names the boot. Elsewhere the
/// process start stands in for the boot, with a per-process id, so the
/// server still never mixes readings from different epochs.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl DeviceClock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }

    fn since_boot(&self) -> (u64, String) {
        if let (Some(ms), Some(id)) = (proc_uptime_ms(), proc_boot_id()) {
            return (ms, id);
        }
        static START: OnceLock<(Instant, String)> = OnceLock::new();
        let (start, id) = START.get_or_init(|| (Instant::now(), format!("process-{}", uuid::Uuid::now_v7())));
        (start.elapsed().as_millis() as u64, id.clone())
    }
}

fn proc_uptime_ms() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/uptime").ok()?;
    let seconds: f64 = text.split_whitespace().next()?.parse().ok()?;
    Some((seconds * 1000.0) as u64)
}

fn proc_boot_id() -> Option<String> {
    let id = std::fs::read_to_string("/proc/sys/kernel/random/boot_id").ok()?;
    Some(id.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_system_clock_gives_a_boot_id_and_a_time_since_boot_that_does_not_go_back() {
        let clock = SystemClock;
        let (a, boot_a) = clock.since_boot();
        let (b, boot_b) = clock.since_boot();
        assert!(!boot_a.is_empty());
        assert_eq!(boot_a, boot_b);
        assert!(b >= a);
    }
}
