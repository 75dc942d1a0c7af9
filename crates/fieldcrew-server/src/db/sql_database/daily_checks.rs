//! Storage of the crews' daily checks: one row per check id, so a
//! repeated push stores it once.

use super::{from_json, to_json};
use crate::db::{DbResult, StoredDailyCheck};
use chrono::{DateTime, NaiveDate, Utc};
use fieldcrew_domain::daily_check::check_day;
use fieldcrew_sql::{Sql, args};

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
pub fn checked_before(sql: &mut dyn Sql, crew: &str, at: DateTime<Utc>) -> DbResult<bool> {
    Ok(sql.query_value(
        "SELECT EXISTS (SELECT 1 FROM daily_checks WHERE crew_code = ?1 AND day = ?2 AND checked_ms <= ?3)",
        args![crew, check_day(at).to_string(), at.timestamp_millis()],
    )?)
}

/// Every check counting for `day`, by crew and time.
pub fn on_day(sql: &mut dyn Sql, day: NaiveDate) -> DbResult<Vec<(String, StoredDailyCheck)>> {
    let rows = sql.query(
        "SELECT crew_code, body FROM daily_checks WHERE day = ?1 ORDER BY crew_code, checked_ms",
        args![day.to_string()],
    )?;
    rows.iter().map(|row| Ok((row.get(0)?, from_json(&row.get::<String>(1)?)?))).collect()
}
