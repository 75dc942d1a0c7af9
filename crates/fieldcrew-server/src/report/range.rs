//! The days a report covers: whole calendar days in China time (UTC+8),
//! `from` and `to` both included, as a supervisor would say "1 to 30 November".

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use fieldcrew_domain::sla::{china_time, to_local};

/// Years a report may name: a mistyped or hostile year (`+262142`) is
/// refused before any date arithmetic is done with it.
pub const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

/// Longest range one report may cover: a year and a bit, so a mistyped year
/// does not make the server read every order it keeps.
pub const MAX_DAYS: i64 = 400;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateRange {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RangeError {
    #[error("the start date comes after the end date")]
    Reversed,
    #[error("a report covers at most {MAX_DAYS} days")]
    TooLong,
    #[error("reports cover the years 2000 to 2100")]
    YearOutOfRange,
}

impl DateRange {
    pub fn new(from: NaiveDate, to: NaiveDate) -> Result<Self, RangeError> {
        if !YEARS.contains(&from.year()) || !YEARS.contains(&to.year()) {
            return Err(RangeError::YearOutOfRange);
        }
        if from > to {
            return Err(RangeError::Reversed);
        }
        if (to - from).num_days() >= MAX_DAYS {
            return Err(RangeError::TooLong);
        }
        Ok(Self { from, to })
    }

    /// The calendar month `year-month`; `None` for a month that does not exist.
    pub fn month(year: i32, month: u32) -> Option<Self> {
        let from = NaiveDate::from_ymd_opt(year, month, 1)?;
        let next = if month == 12 {
            NaiveDate::from_ymd_opt(year + 1, 1, 1)?
        } else {
            NaiveDate::from_ymd_opt(year, month + 1, 1)?
        };
        Some(Self { from, to: next - Duration::days(1) })
    }

    /// The month `t` falls in, in China time.
    pub fn month_of(t: DateTime<Utc>) -> Self {
        let local = to_local(t);
        Self::month(local.year(), local.month()).expect("a real date's month exists")
    }

    /// `2026-11` as a month picker sends it; `None` also for a year outside `YEARS`.
    pub fn parse_month(text: &str) -> Option<Self> {
        let (year, month) = text.trim().split_once('-')?;
        let year = year.parse().ok().filter(|y| YEARS.contains(y))?;
        Self::month(year, month.parse().ok()?)
    }

    /// The first instant covered.
    pub fn start(&self) -> DateTime<Utc> {
        local_midnight(self.from)
    }

    /// The first instant after the range (excluded).
    pub fn end(&self) -> DateTime<Utc> {
        self.to.succ_opt().map_or(DateTime::<Utc>::MAX_UTC, local_midnight)
    }

    pub fn contains(&self, t: DateTime<Utc>) -> bool {
        self.start() <= t && t < self.end()
    }

    /// `(year, month)` when the range is exactly one calendar month.
    pub fn whole_month(&self) -> Option<(i32, u32)> {
        let month = Self::month(self.from.year(), self.from.month())?;
        (month == *self).then(|| (self.from.year(), self.from.month()))
    }

    /// `2026-11` for a month, `2026-11-03_2026-11-20` otherwise: names the
    /// CSV file so a month's export sorts by name.
    pub fn label(&self) -> String {
        match self.whole_month() {
            Some((year, month)) => format!("{year}-{month:02}"),
            None => format!("{}_{}", self.from, self.to),
        }
    }
}

/// Midnight in China. `new` keeps dates within `YEARS`; at chrono's outer
/// limits (a range built by hand) this saturates instead of panicking.
fn local_midnight(day: NaiveDate) -> DateTime<Utc> {
    match china_time().from_local_datetime(&day.and_time(NaiveTime::MIN)).single() {
        Some(midnight) => midnight.with_timezone(&Utc),
        None if day.year() < 0 => DateTime::<Utc>::MIN_UTC,
        None => DateTime::<Utc>::MAX_UTC,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_month_runs_from_midnight_china_time_on_the_first_to_midnight_after_the_last_day() {
        let november = DateRange::parse_month("2026-11").unwrap();
        assert_eq!((november.from, november.to), (day(2026, 11, 1), day(2026, 11, 30)));
        assert_eq!(november.start(), Utc.with_ymd_and_hms(2026, 10, 31, 16, 0, 0).unwrap());
        assert_eq!(november.end(), Utc.with_ymd_and_hms(2026, 11, 30, 16, 0, 0).unwrap());
        assert!(november.contains(november.start()));
        assert!(!november.contains(november.end()));
        assert!(november.contains(november.end() - Duration::seconds(1)));
        assert_eq!(DateRange::parse_month("2026-12").unwrap().to, day(2026, 12, 31));
        assert_eq!(DateRange::parse_month("2028-02").unwrap().to, day(2028, 2, 29));
        assert_eq!(DateRange::parse_month("2026-13"), None);
        assert_eq!(DateRange::parse_month("november"), None);
    }

    #[test]
    fn the_current_month_is_the_month_in_china() {
        // 30 Nov 17:00 UTC is already 1 December in China.
        let t = Utc.with_ymd_and_hms(2026, 11, 30, 17, 0, 0).unwrap();
        assert_eq!(DateRange::month_of(t), DateRange::parse_month("2026-12").unwrap());
    }

    #[test]
    fn labels_name_a_month_or_both_ends() {
        assert_eq!(DateRange::parse_month("2026-11").unwrap().label(), "2026-11");
        let range = DateRange::new(day(2026, 11, 3), day(2026, 11, 20)).unwrap();
        assert_eq!(range.label(), "2026-11-03_2026-11-20");
        assert_eq!(DateRange::new(day(2026, 11, 3), day(2026, 11, 3)).unwrap().whole_month(), None);
    }

    #[test]
    fn years_outside_2000_to_2100_are_refused_before_any_date_arithmetic() {
        let last = NaiveDate::MAX;
        assert_eq!(DateRange::new(last, last), Err(RangeError::YearOutOfRange));
        assert_eq!(DateRange::new(day(1999, 12, 31), day(2000, 1, 1)), Err(RangeError::YearOutOfRange));
        assert_eq!(DateRange::new(day(2100, 12, 30), day(2101, 1, 1)), Err(RangeError::YearOutOfRange));
        assert!(DateRange::new(day(2100, 12, 31), day(2100, 12, 31)).is_ok());
        assert_eq!(DateRange::parse_month("262142-12"), None);
        assert_eq!(DateRange::parse_month("1999-12"), None);
        // A range built by hand at chrono's limit saturates instead of panicking.
        let edge = DateRange { from: last, to: last };
        assert_eq!(edge.end(), DateTime::<Utc>::MAX_UTC);
        assert!(!edge.contains(Utc::now()));
    }

    #[test]
    fn reversed_or_overlong_ranges_are_refused() {
        assert_eq!(DateRange::new(day(2026, 11, 2), day(2026, 11, 1)), Err(RangeError::Reversed));
        assert_eq!(DateRange::new(day(2025, 1, 1), day(2026, 12, 31)), Err(RangeError::TooLong));
    }
}
