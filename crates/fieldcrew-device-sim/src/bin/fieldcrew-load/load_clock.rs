//! The light phones' clock: wall time from the OS, and a boot clock that
//! needs no file read per call (the app's `SystemClock` reads
//! `/proc/uptime` and the boot id each time, which a thousand phones would
//! pay for on the server's cores).

use chrono::{DateTime, Utc};
use fieldcrew_core::clock::DeviceClock;
use std::sync::OnceLock;
use std::time::Instant;

/// Each phone has its own boot, as a thousand real phones would: booted an
/// hour before the generator started.
pub struct LoadClock {
    boot_id: String,
}

const BOOTED_BEFORE_MS: u64 = 3_600_000;

impl LoadClock {
    pub fn new(phone: usize) -> Self {
        Self { boot_id: format!("fieldcrew-load-{}-{phone}", std::process::id()) }
    }
}

impl DeviceClock for LoadClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }

    fn since_boot(&self) -> (u64, String) {
        static START: OnceLock<Instant> = OnceLock::new();
        let elapsed = START.get_or_init(Instant::now).elapsed().as_millis() as u64;
        (BOOTED_BEFORE_MS + elapsed, self.boot_id.clone())
    }
}
