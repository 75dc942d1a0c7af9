//! The pairing chain of each device id: which token was let in how, and
//! from which earlier token. A separate table created at open; ids paired
//! before it existed are judged by their tokens alone.

use crate::db::{DbError, DbResult, DevicePairing};
use crate::pairing_lineage::{PairingVia, TokenState};
use chrono::{DateTime, Utc};
use fieldcrew_domain::DeviceId;
use fieldcrew_sql::{Sql, args};

/// Every token ever handed to the device id.
pub fn tokens_of(sql: &mut dyn Sql, device: DeviceId) -> DbResult<Vec<TokenState>> {
    Ok(sql.query_map(
        "SELECT token_hash, revoked_at, expires_at FROM tokens WHERE device_id = ?1",
        args![device.to_string()],
        |row| {
            Ok(TokenState {
                token_hash: row.get(0)?,
                revoked: row.get::<Option<DateTime<Utc>>>(1)?.is_some(),
                expires_at: row.get(2)?,
            })
        },
    )?)
}

pub fn record(sql: &mut dyn Sql, link: &DevicePairing) -> DbResult<()> {
    sql.execute(
        "INSERT INTO device_pairings (token_hash, device_id, crew_code, parent_token_hash, via, paired_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        args![
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

pub fn of_device(sql: &mut dyn Sql, device: DeviceId) -> DbResult<Vec<DevicePairing>> {
    let rows = sql.query(
        "SELECT token_hash, crew_code, parent_token_hash, via, paired_at FROM device_pairings
         WHERE device_id = ?1 ORDER BY paired_at, rowid",
        args![device.to_string()],
    )?;
    rows.iter()
        .map(|row| {
            let via: String = row.get(3)?;
            let via =
                PairingVia::parse(&via).ok_or_else(|| DbError::Corrupt(format!("pairing via `{via}`")))?;
            Ok(DevicePairing {
                token_hash: row.get(0)?,
                device_id: device,
                crew_code: row.get(1)?,
                parent_token_hash: row.get(2)?,
                via,
                paired_at: row.get(4)?,
            })
        })
        .collect()
}
