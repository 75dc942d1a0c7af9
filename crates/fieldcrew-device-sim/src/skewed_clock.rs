//! A device clock whose wall time is off by a fixed amount, as phones with a
//! wrong clock are. Time since boot is real, so the server can correct it.

use chrono::{DateTime, Utc};
use fieldcrew_core::clock::{DeviceClock, SystemClock};

pub struct SkewedClock {
    skew: chrono::Duration,
}

impl SkewedClock {
    pub fn new(skew: chrono::Duration) -> Self {
        Self { skew }
    }
}

impl DeviceClock for SkewedClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now() + self.skew
    }

    fn since_boot(&self) -> (u64, String) {
        SystemClock.since_boot()
    }
}
