//! Clock correction, NTP-style, anchored on time since boot.
//!
//! Each request is one sample: the client's monotonic reading when it sent
//! and when it got the answer, and the server's receive and send instants.
//! The lowest-delay sample of the last few gives the server time of the
//! boot's monotonic zero (the boot epoch). An event's corrected time is then
//! `boot epoch + its monotonic reading`, which holds even if the user changed
//! the wall clock during the boot.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// How many recent samples the estimate looks at.
pub const WINDOW: usize = 8;

/// One request/response exchange.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ClockSample {
    pub boot_id: String,
    /// Client monotonic ms when the request left.
    pub sent_mono_ms: u64,
    /// Client monotonic ms when the response arrived.
    pub received_mono_ms: u64,
    pub server_received: DateTime<Utc>,
    pub server_sent: DateTime<Utc>,
}

impl ClockSample {
    /// Network round trip, without the server's own processing time.
    pub fn delay_ms(&self) -> i64 {
        let round_trip = self.received_mono_ms as i64 - self.sent_mono_ms as i64;
        let server = (self.server_sent - self.server_received).num_milliseconds();
        (round_trip - server).max(0)
    }

    /// Server time of this boot's monotonic zero, assuming symmetric paths.
    pub fn boot_epoch(&self) -> DateTime<Utc> {
        let server_mid = self.server_received + (self.server_sent - self.server_received) / 2;
        // Microseconds keep the half-millisecond of an odd round trip.
        let client_mid_us = (self.sent_mono_ms + self.received_mono_ms) as i64 * 500;
        server_mid - Duration::microseconds(client_mid_us)
    }
}

/// The client's best estimate of a boot's epoch, sent with each push.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct BootEpoch {
    pub boot_id: String,
    pub epoch: DateTime<Utc>,
    /// Delay of the sample it came from: the error is at most half of it.
    pub delay_ms: i64,
}

impl BootEpoch {
    /// The corrected (server) time of a monotonic reading in this boot;
    /// `None` when the reading is beyond any representable time (a
    /// corrupt or hostile value must not panic the server).
    pub fn correct(&self, monotonic_ms: u64) -> Option<DateTime<Utc>> {
        let since_epoch = Duration::try_milliseconds(i64::try_from(monotonic_ms).ok()?)?;
        self.epoch.checked_add_signed(since_epoch)
    }
}

/// The estimate for `boot_id` from the last `WINDOW` of its samples (given
/// oldest first): the one with the lowest delay.
pub fn estimate(samples: &[ClockSample], boot_id: &str) -> Option<BootEpoch> {
    let mine: Vec<&ClockSample> = samples.iter().filter(|s| s.boot_id == boot_id).collect();
    let recent = &mine[mine.len().saturating_sub(WINDOW)..];
    recent.iter().min_by_key(|s| s.delay_ms()).map(|best| BootEpoch {
        boot_id: boot_id.to_string(),
        epoch: best.boot_epoch(),
        delay_ms: best.delay_ms(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(ms: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 22, 8, 0, 0).unwrap() + Duration::milliseconds(ms)
    }

    /// A device booted at server time t(0); the path takes `up` and `down` ms.
    fn sample(at_mono: u64, up: u64, down: u64) -> ClockSample {
        ClockSample {
            boot_id: "boot".into(),
            sent_mono_ms: at_mono,
            received_mono_ms: at_mono + up + 5 + down,
            server_received: t((at_mono + up) as i64),
            server_sent: t((at_mono + up + 5) as i64),
        }
    }

    #[test]
    fn a_symmetric_sample_recovers_the_boot_epoch_exactly() {
        let s = sample(10_000, 300, 300);
        assert_eq!(s.delay_ms(), 600);
        assert_eq!(s.boot_epoch(), t(0));
    }

    #[test]
    fn the_lowest_delay_sample_wins_and_bounds_the_error() {
        let samples = vec![sample(1_000, 2_000, 100), sample(5_000, 80, 120), sample(9_000, 900, 3_000)];
        let best = estimate(&samples, "boot").unwrap();
        assert_eq!(best.delay_ms, 200);
        assert!((best.epoch - t(0)).num_milliseconds().abs() <= best.delay_ms / 2);
        assert_eq!(best.correct(60_000), Some(best.epoch + Duration::seconds(60)));
        assert_eq!(best.correct(u64::MAX), None, "an impossible reading is refused, not a panic");
    }

    #[test]
    fn only_the_last_eight_samples_of_the_same_boot_count() {
        let mut samples = vec![sample(0, 1, 1)]; // old and excellent, but out of the window
        samples.extend((1..=8).map(|i| sample(i * 1_000, 200, 200)));
        samples.push(ClockSample { boot_id: "other".into(), ..sample(20_000, 0, 0) });
        assert_eq!(estimate(&samples, "boot").unwrap().delay_ms, 400);
        assert_eq!(estimate(&samples, "never-synced"), None);
    }
}
