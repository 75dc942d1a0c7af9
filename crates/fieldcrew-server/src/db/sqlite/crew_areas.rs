//! The places each crew serves (area names or villages): which planned
//! outages its phones are sent. Its own table, so crews stored before it
//! existed simply have none.

use super::{from_json, to_json};
use crate::db::DbResult;
use rusqlite::{Connection, OptionalExtension, params};

pub fn get(conn: &Connection, crew: &str) -> DbResult<Vec<String>> {
    let places: Option<String> = conn
        .query_row("SELECT places FROM crew_areas WHERE crew_code = ?1", params![crew], |r| r.get(0))
        .optional()?;
    places.map_or(Ok(Vec::new()), |json| from_json(&json))
}

pub fn set(conn: &Connection, crew: &str, places: &[String]) -> DbResult<()> {
    conn.execute(
        "INSERT INTO crew_areas (crew_code, places) VALUES (?1, ?2)
         ON CONFLICT (crew_code) DO UPDATE SET places = excluded.places",
        params![crew, to_json(&places)],
    )?;
    Ok(())
}
