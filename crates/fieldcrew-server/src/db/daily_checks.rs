//! The crews' daily checks (每日出车前检查) as the server keeps them.

use chrono::{DateTime, NaiveDate, Utc};
use fieldcrew_domain::daily_check::DailyCheck;
use fieldcrew_protocol::clock::BootEpoch;
use serde::{Deserialize, Serialize};

/// A check as pushed, with the time the server worked out for it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct StoredDailyCheck {
    #[schema(value_type = Object)]
    pub check: DailyCheck,
    /// Device time corrected by its boot's clock estimate, or the device
    /// time when none was known (`time_corrected` false).
    pub checked_at: DateTime<Utc>,
    pub time_corrected: bool,
    /// The day (UTC+8) the check counts for.
    #[schema(value_type = String, format = Date)]
    pub day: NaiveDate,
    pub received_at: DateTime<Utc>,
}

/// How far past its arrival a check may claim to have been made: clock
/// estimates are good to seconds; a later claim is a wrong epoch.
const FUTURE_TOLERANCE: chrono::Duration = chrono::Duration::minutes(2);

/// The check's time in server terms, as an event's is corrected.
pub fn corrected_time(
    check: &DailyCheck,
    boot_epochs: &[BootEpoch],
    received_at: DateTime<Utc>,
) -> (DateTime<Utc>, bool) {
    boot_epochs
        .iter()
        .find(|e| e.boot_id == check.evidence.boot_id)
        .and_then(|e| e.correct(check.evidence.monotonic_ms))
        .filter(|at| *at <= received_at + FUTURE_TOLERANCE)
        .map(|at| (at, true))
        .unwrap_or((check.evidence.device_time, false))
}
