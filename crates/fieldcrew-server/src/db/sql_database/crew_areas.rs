//! The places each crew serves (area names or villages): which planned
//! outages its phones are sent. Its own table, so crews stored before it
//! existed simply have none.

use super::{from_json, to_json};
use crate::db::DbResult;
use fieldcrew_sql::{Row, Sql, args};

pub fn get(sql: &mut dyn Sql, crew: &str) -> DbResult<Vec<String>> {
    from_rows(&sql.query(GET, args![crew])?)
}

/// A crew's places, the crew as `?1`.
pub const GET: &str = "SELECT places FROM crew_areas WHERE crew_code = ?1";

/// The places from the rows of [`GET`]: none when the crew has no row.
pub fn from_rows(rows: &[Row]) -> DbResult<Vec<String>> {
    match rows.first() {
        Some(row) => from_json(&row.get::<String>(0)?),
        None => Ok(Vec::new()),
    }
}

pub fn set(sql: &mut dyn Sql, crew: &str, places: &[String]) -> DbResult<()> {
    sql.execute(
        "INSERT INTO crew_areas (crew_code, places) VALUES (?1, ?2)
         ON CONFLICT (crew_code) DO UPDATE SET places = excluded.places",
        args![crew, to_json(&places)],
    )?;
    Ok(())
}
