//! Planned outages (计划停电): maintenance announced to the public 7 days
//! ahead with its lines, area and times (001 第十条 10; 002: 提前7天). A
//! caller in that area during the window has no fault to repair: the
//! dispatcher can answer from the notice instead of sending a crew.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// Calendar days of public notice a planned outage needs (提前7天).
pub const NOTICE_DAYS: i64 = 7;

/// How much notice an outage had when it was recorded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "notice", rename_all = "snake_case")]
pub enum Notice {
    /// Recorded at least 7 days before it starts.
    Enough,
    /// Recorded later than that: the seeds still allow it for temporary
    /// repairs (临时检修, "应及时通知重要客户"), so it is kept but flagged.
    Short { hours_ahead: i64 },
}

/// Why an outage can not be recorded at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum OutageError {
    #[error("the outage ends before it starts")]
    EndsBeforeStart,
    #[error("the outage has no village or area")]
    NoPlace,
}

/// The notice an outage starting at `starts` gets when recorded at `recorded_at`.
pub fn notice(recorded_at: DateTime<Utc>, starts: DateTime<Utc>) -> Notice {
    let ahead = starts - recorded_at;
    if ahead >= Duration::days(NOTICE_DAYS) {
        Notice::Enough
    } else {
        Notice::Short { hours_ahead: ahead.num_hours() }
    }
}

/// The checks every outage passes before it is stored.
pub fn check(
    area: &str,
    villages: &[String],
    starts: DateTime<Utc>,
    ends: DateTime<Utc>,
) -> Result<(), OutageError> {
    if ends <= starts {
        return Err(OutageError::EndsBeforeStart);
    }
    if area.trim().is_empty() && villages.iter().all(|v| v.trim().is_empty()) {
        return Err(OutageError::NoPlace);
    }
    Ok(())
}

/// Village names as typed: split on commas, 、 and whitespace, blanks dropped.
pub fn split_villages(text: &str) -> Vec<String> {
    text.split(|c: char| c == ',' || c == '，' || c == '、' || c == ';' || c == '；' || c.is_whitespace())
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_string)
        .collect()
}

fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Whether a caller's address lies in the outage's villages or area: the
/// address names one of them ("东湖村二组" is in "东湖村").
pub fn covers_address(area: &str, villages: &[String], address: &str) -> bool {
    let address = squeeze(address);
    if address.is_empty() {
        return false;
    }
    villages
        .iter()
        .map(|v| squeeze(v))
        .chain(std::iter::once(squeeze(area)))
        .any(|place| !place.is_empty() && address.contains(&place))
}

/// Whether an outage touches a crew's area: one of the crew's places (area
/// names or villages, as set on the console) names the outage's area or one
/// of its villages, or lies inside one ("东湖村" touches "东湖村二组", and a
/// crew serving "城关片区" sees an outage announced for "城关片区").
pub fn touches_places(area: &str, villages: &[String], places: &[String]) -> bool {
    let announced: Vec<String> = villages
        .iter()
        .map(|v| squeeze(v))
        .chain(std::iter::once(squeeze(area)))
        .filter(|p| !p.is_empty())
        .collect();
    places
        .iter()
        .map(|p| squeeze(p))
        .filter(|p| !p.is_empty())
        .any(|place| announced.iter().any(|a| a.contains(&place) || place.contains(a.as_str())))
}

/// Whether `at` falls inside the outage window (start and end included).
pub fn in_window(starts: DateTime<Utc>, ends: DateTime<Utc>, at: DateTime<Utc>) -> bool {
    starts <= at && at <= ends
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(hours: i64) -> DateTime<Utc> {
        DateTime::UNIX_EPOCH + Duration::hours(hours)
    }

    #[test]
    fn seven_days_ahead_is_enough_notice_and_less_is_short() {
        assert_eq!(notice(t(0), t(7 * 24)), Notice::Enough);
        assert_eq!(notice(t(0), t(7 * 24 - 1)), Notice::Short { hours_ahead: 167 });
        assert_eq!(notice(t(10), t(5)), Notice::Short { hours_ahead: -5 });
    }

    #[test]
    fn an_outage_must_end_after_it_starts_and_name_a_place() {
        let villages = vec!["东湖村".to_string()];
        assert_eq!(check("", &villages, t(2), t(1)), Err(OutageError::EndsBeforeStart));
        assert_eq!(check(" ", &[" ".into()], t(1), t(2)), Err(OutageError::NoPlace));
        assert_eq!(check("", &villages, t(1), t(2)), Ok(()));
        assert_eq!(check("城关片区", &[], t(1), t(2)), Ok(()));
    }

    #[test]
    fn a_caller_in_one_of_the_villages_is_covered_others_are_not() {
        let villages = split_villages("东湖村、西湖村, 南山村");
        assert_eq!(villages, ["东湖村", "西湖村", "南山村"]);
        assert!(covers_address("10kV东湖线", &villages, "东湖村二组17号"));
        assert!(covers_address("10kV东湖线", &villages, "南 山村 5号"));
        assert!(!covers_address("10kV东湖线", &villages, "北村3号"));
        assert!(!covers_address("", &villages, ""));
        assert!(covers_address("城关镇", &[], "城关镇解放路8号"), "the area alone can match");
    }

    #[test]
    fn an_outage_touches_a_crew_serving_one_of_its_villages_or_its_area() {
        let villages = split_villages("东湖村、西湖村");
        let places = |text: &str| split_villages(text);
        assert!(touches_places("10kV东湖线", &villages, &places("西湖村")));
        assert!(touches_places("城关片区", &[], &places("城关片区 南山村")));
        assert!(touches_places("10kV东湖线", &villages, &places("东湖村二组")));
        assert!(!touches_places("10kV东湖线", &villages, &places("北村、南山村")));
        assert!(!touches_places("10kV东湖线", &villages, &[]), "a crew with no area sees none");
        assert!(!touches_places("", &[], &places("北村")));
    }

    #[test]
    fn the_window_includes_its_ends() {
        assert!(in_window(t(1), t(3), t(1)));
        assert!(in_window(t(1), t(3), t(3)));
        assert!(!in_window(t(1), t(3), t(4)));
        assert!(!in_window(t(1), t(3), t(0)));
    }
}
