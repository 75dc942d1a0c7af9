//! SQLite storage of the crews' daily checks: one row per check id, so a
//! repeated push stores it once.

use super::{from_json, to_json};
use crate::db::{DbResult, StoredDailyCheck};
use chrono::{DateTime, NaiveDate, Utc};
use fieldcrew_domain::daily_check::check_day;
use rusqlite::{Connection, params};

/// Stores the check under the pushing crew; `false` when its id is stored already.
pub fn insert(conn: &Connection, crew: &str, stored: &StoredDailyCheck) -> DbResult<bool> {
    let added = conn.execute(
        "INSERT OR IGNORE INTO daily_checks (id, crew_code, day, checked_ms, body) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
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
pub fn checked_before(conn: &Connection, crew: &str, at: DateTime<Utc>) -> DbResult<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM daily_checks WHERE crew_code = ?1 AND day = ?2 AND checked_ms <= ?3)",
        )?
        .query_row(params![crew, check_day(at).to_string(), at.timestamp_millis()], |r| r.get(0))?)
}

/// Every check counting for `day`, by crew and time.
pub fn on_day(conn: &Connection, day: NaiveDate) -> DbResult<Vec<(String, StoredDailyCheck)>> {
    let mut stmt = conn
        .prepare("SELECT crew_code, body FROM daily_checks WHERE day = ?1 ORDER BY crew_code, checked_ms")?;
    let rows =
        stmt.query_map(params![day.to_string()], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    rows.map(|row| {
        let (crew, body) = row?;
        Ok((crew, from_json(&body)?))
    })
    .collect()
}
