//! The places each crew serves (area names or villages): which planned
//! outages its phones are sent. Its own table, so crews stored before it
//! existed simply have none.

use super::{from_json, to_json};
use crate::db::DbResult;
use fieldcrew_sql::{Sql, args};

pub fn get(sql: &mut dyn Sql, crew: &str) -> DbResult<Vec<String>> {
    let row = sql.query_opt("SELECT places FROM crew_areas WHERE crew_code = ?1", args![crew])?;
    match row {
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
