//! Storage of the crews' daily checks: one row per check id, so a
//! repeated push stores it once.

use super::{from_json, to_json};
use crate::db::{DbResult, StoredDailyCheck};
use chrono::{DateTime, NaiveDate, Utc};
use fieldcrew_domain::daily_check::check_day;
use fieldcrew_sql::{Sql, args};
use std::collections::HashMap;

/// Stores the check under the pushing crew; `false` when its id is stored already.
pub fn insert(sql: &mut dyn Sql, crew: &str, stored: &StoredDailyCheck) -> DbResult<bool> {
    let added = sql.execute(
        "INSERT INTO daily_checks (id, crew_code, day, checked_ms, body) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (id) DO NOTHING",
        args![
            stored.check.id.to_string(),
            crew,
            stored.day.to_string(),
            stored.checked_at.timestamp_millis(),
            to_json(stored)
        ],
    )?;
    Ok(added == 1)
}

/// Whether `crew` recorded a check on the UTC+8 day of `at`, at or before `at`.
#[cfg(test)]
pub fn checked_before(sql: &mut dyn Sql, crew: &str, at: DateTime<Utc>) -> DbResult<bool> {
    checked_before_in(sql, crew, at, &mut HashMap::new())
}

/// `checked_before`, keeping the crew's first check of each day asked in
/// `first_checks`: a push batch asks once per day (its arrivals are mostly
/// on one), not once per arrival. The caller forgets them when it stores a
/// check.
pub fn checked_before_in(
    sql: &mut dyn Sql,
    crew: &str,
    at: DateTime<Utc>,
    first_checks: &mut HashMap<String, Option<i64>>,
) -> DbResult<bool> {
    let day = check_day(at).to_string();
    let first = match first_checks.get(&day) {
        Some(first) => *first,
        None => {
            let first: Option<i64> = sql.query_value(
                "SELECT MIN(checked_ms) FROM daily_checks WHERE crew_code = ?1 AND day = ?2",
                args![crew, day],
            )?;
            first_checks.insert(day, first);
            first
        }
    };
    Ok(first.is_some_and(|ms| ms <= at.timestamp_millis()))
}

/// Every check counting for `day`, by crew and time.
pub fn on_day(sql: &mut dyn Sql, day: NaiveDate) -> DbResult<Vec<(String, StoredDailyCheck)>> {
    let rows = sql.query(
        "SELECT crew_code, body FROM daily_checks WHERE day = ?1 ORDER BY crew_code, checked_ms",
        args![day.to_string()],
    )?;
    rows.iter().map(|row| Ok((row.get(0)?, from_json(&row.get::<String>(1)?)?))).collect()
}
