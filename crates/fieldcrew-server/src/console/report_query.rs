//! Which days a report page or CSV asks for, and loading its report: the
//! orders reported in the range with their events, their call-backs, and
//! the same limits and calendar the board uses, all read in one
//! transaction (`Database::report_data`).

use crate::db::Complaint;
use crate::error::ApiError;
use crate::report::{self, DateRange, RangeError, Report};
use crate::state::AppState;
use chrono::{NaiveDate, Utc};
use serde::Deserialize;

/// `?month=2026-11`, or `?from=2026-11-01&to=2026-11-30`; neither means
/// the current month in China.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct ReportQuery {
    #[serde(default)]
    month: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
}

#[derive(Debug, PartialEq, Eq)]
pub enum QueryError {
    BadDate,
    Range(RangeError),
}

impl ReportQuery {
    pub fn range(&self) -> Result<DateRange, QueryError> {
        let day =
            |text: &str| NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| QueryError::BadDate);
        match (self.month.trim(), self.from.trim(), self.to.trim()) {
            ("", "", "") => Ok(DateRange::month_of(Utc::now())),
            (month, "", "") => DateRange::parse_month(month).ok_or(QueryError::BadDate),
            (_, from, to) => DateRange::new(day(from)?, day(to)?).map_err(QueryError::Range),
        }
    }
}

/// `from=…&to=…` for links to the same range.
pub fn range_query(range: &DateRange) -> String {
    format!("from={}&to={}", range.from, range.to)
}

/// The report of `range` and the complaints received in it, from one read
/// transaction: the figures and the order lines are one moment's state.
pub async fn load(state: &AppState, range: DateRange) -> Result<(Report, Vec<Complaint>), ApiError> {
    let limits = state.settings.thresholds.clone();
    let data = state.db(move |db| db.report_data(range.start(), range.end())).await?;
    let report =
        report::compute(&data.orders, &data.callbacks, range, Utc::now(), &limits, &limits.working_calendar);
    Ok((report, data.complaints))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(month: &str, from: &str, to: &str) -> ReportQuery {
        ReportQuery { month: month.into(), from: from.into(), to: to.into() }
    }

    #[test]
    fn a_month_a_date_range_or_the_current_month() {
        assert_eq!(query("2026-11", "", "").range(), Ok(DateRange::parse_month("2026-11").unwrap()));
        let range = query("", "2026-11-03", "2026-11-20").range().unwrap();
        assert_eq!(range.label(), "2026-11-03_2026-11-20");
        assert_eq!(query("", "", "").range(), Ok(DateRange::month_of(Utc::now())));
    }

    #[test]
    fn malformed_or_half_given_dates_are_refused() {
        assert_eq!(query("11/2026", "", "").range(), Err(QueryError::BadDate));
        assert_eq!(query("", "2026-11-03", "").range(), Err(QueryError::BadDate));
        assert_eq!(query("", "2026-11-31", "2026-12-01").range(), Err(QueryError::BadDate));
        assert_eq!(
            query("", "2026-11-20", "2026-11-03").range(),
            Err(QueryError::Range(RangeError::Reversed))
        );
    }
}
