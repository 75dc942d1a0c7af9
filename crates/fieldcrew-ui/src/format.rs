//! Small formatting helpers shared by the screens.

use chrono::{DateTime, Duration, Utc};
use fieldcrew_core::sla::to_local;

/// A countdown as `H:MM:SS` (hours may exceed 24), sign dropped.
pub fn countdown(remaining: Duration) -> String {
    let total = remaining.num_seconds().unsigned_abs();
    format!("{}:{:02}:{:02}", total / 3600, total % 3600 / 60, total % 60)
}

/// A UTC instant as China local time, month-day hour:minute.
pub fn local_short(t: DateTime<Utc>) -> String {
    to_local(t).format("%m-%d %H:%M").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countdowns_read_as_hours_minutes_seconds() {
        assert_eq!(countdown(Duration::seconds(59)), "0:00:59");
        assert_eq!(countdown(Duration::minutes(-5)), "0:05:00");
        assert_eq!(countdown(Duration::hours(52) + Duration::minutes(3)), "52:03:00");
    }

    #[test]
    fn local_times_are_shown_in_china_time() {
        let t = DateTime::parse_from_rfc3339("2026-11-22T16:30:00Z").unwrap().with_timezone(&Utc);
        assert_eq!(local_short(t), "11-23 00:30");
    }
}
