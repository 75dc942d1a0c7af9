//! The device's clocks as evidence needs them (the OS reading lives in the
//! device store crate, `fieldcrew_core::clock::SystemClock`). The wall clock can be wrong or
//! changed by the user; the time since boot cannot, so each event carries
//! both and the server corrects the wall time per boot.

use crate::event::{Evidence, Fix};
use chrono::{DateTime, Utc};

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
