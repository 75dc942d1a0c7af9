//! The pairing chain of each device id: which token was let in how, and
//! from which earlier token. A separate table created at open; ids paired
//! before it existed are judged by their tokens alone.

use crate::db::{DbError, DbResult, DevicePairing};
use crate::pairing_lineage::{PairingVia, TokenState};
use chrono::{DateTime, Utc};
use fieldcrew_domain::DeviceId;
use rusqlite::{Connection, params};

/// Every token ever handed to the device id.
pub fn tokens_of(conn: &Connection, device: DeviceId) -> DbResult<Vec<TokenState>> {
    let mut stmt =
        conn.prepare("SELECT token_hash, revoked_at, expires_at FROM tokens WHERE device_id = ?1")?;
    let rows = stmt.query_map(params![device.to_string()], |r| {
        Ok(TokenState {
            token_hash: r.get(0)?,
            revoked: r.get::<_, Option<DateTime<Utc>>>(1)?.is_some(),
            expires_at: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn record(conn: &Connection, link: &DevicePairing) -> DbResult<()> {
    conn.execute(
        "INSERT INTO device_pairings (token_hash, device_id, crew_code, parent_token_hash, via, paired_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            link.token_hash,
            link.device_id.to_string(),
            link.crew_code,
            link.parent_token_hash,
            link.via.as_str(),
            link.paired_at
        ],
    )?;
    Ok(())
}

pub fn of_device(conn: &Connection, device: DeviceId) -> DbResult<Vec<DevicePairing>> {
    let mut stmt = conn.prepare(
        "SELECT token_hash, crew_code, parent_token_hash, via, paired_at FROM device_pairings
         WHERE device_id = ?1 ORDER BY paired_at, rowid",
    )?;
    let rows = stmt.query_map(params![device.to_string()], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<String>>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, DateTime<Utc>>(4)?,
        ))
    })?;
    rows.map(|row| {
        let (token_hash, crew_code, parent_token_hash, via, paired_at) = row?;
        let via = PairingVia::parse(&via).ok_or_else(|| DbError::Corrupt(format!("pairing via `{via}`")))?;
        Ok(DevicePairing { token_hash, device_id: device, crew_code, parent_token_hash, via, paired_at })
    })
    .collect()
}
