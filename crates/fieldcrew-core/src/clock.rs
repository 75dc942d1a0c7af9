//! Reading the device's clocks for evidence. The wall clock can be wrong or
//! changed by the user; the time since boot cannot, so each event carries
//! both and the server corrects the wall time per boot.

use crate::event::{Evidence, Fix};
use chrono::{DateTime, Utc};
use std::sync::OnceLock;
use std::time::Instant;

/// A source of evidence times. The real one reads the OS; tests use a fixed one.
pub trait DeviceClock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
    /// Milliseconds since boot, and the id of that boot.
    fn since_boot(&self) -> (u64, String);

    /// Evidence for an event recorded now.
    fn evidence(&self, fix: Option<Fix>, gnss_time: Option<DateTime<Utc>>) -> Evidence {
        let (monotonic_ms, boot_id) = self.since_boot();
        Evidence { device_time: self.now(), monotonic_ms, boot_id, gnss_time, fix }
    }
}

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

/// A clock that says what it is told: for tests and replays.
#[derive(Clone, Debug)]
pub struct FixedClock {
    pub now: DateTime<Utc>,
    pub since_boot_ms: u64,
    pub boot_id: String,
}

impl DeviceClock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.now
    }
    fn since_boot(&self) -> (u64, String) {
        (self.since_boot_ms, self.boot_id.clone())
    }
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
