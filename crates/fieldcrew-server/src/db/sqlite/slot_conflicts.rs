//! What each push slot holds, and the items that arrived for a slot that
//! already held something else. Separate tables created at open, so an
//! existing database gains them without altering `received_items`; slots
//! stored before have no identity and keep answering as before.

use crate::db::{DbResult, IncomingItem, Pusher, SlotConflict};
use chrono::{DateTime, Utc};
use fieldcrew_domain::DeviceId;
use rusqlite::{Connection, params};

/// The answer to an item whose slot holds another item. A permanent
/// rejection, which every client already understands: the phone stops
/// resending it, and the server keeps it for a dispatcher to look at.
pub const SLOT_TAKEN: &str = "this device_seq already holds a different item from this device id \
     (is another phone paired under the same id?); kept on the server for review";

pub fn remember(conn: &Connection, device: DeviceId, item: &IncomingItem) -> DbResult<()> {
    conn.prepare_cached("INSERT INTO slot_identities (device_id, device_seq, identity) VALUES (?1, ?2, ?3)")?
        .execute(params![device.to_string(), item.device_seq, item.identity])?;
    Ok(())
}

/// Keeps the conflicting item as evidence (a resend of the same
/// conflicting item is kept once) and returns what was kept.
pub fn keep(
    conn: &Connection,
    pusher: &Pusher,
    item: &IncomingItem,
    held_identity: String,
    at: DateTime<Utc>,
) -> DbResult<SlotConflict> {
    let conflict = SlotConflict {
        device_id: pusher.device_id,
        device_seq: item.device_seq,
        held_identity,
        sent_identity: item.identity.clone(),
        raw_json: item.raw_json.clone(),
        crew_code: pusher.crew_code.clone(),
        token_hash: pusher.token_hash.clone(),
        received_at: at,
    };
    conn.execute(
        "INSERT INTO slot_conflicts (device_id, device_seq, held_identity, sent_identity, raw_item,
             crew_code, token_hash, received_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (device_id, device_seq, sent_identity) DO NOTHING",
        params![
            conflict.device_id.to_string(),
            conflict.device_seq,
            conflict.held_identity,
            conflict.sent_identity,
            conflict.raw_json,
            conflict.crew_code,
            conflict.token_hash,
            conflict.received_at
        ],
    )?;
    Ok(conflict)
}

pub fn of_device(conn: &Connection, device: DeviceId) -> DbResult<Vec<SlotConflict>> {
    let mut stmt = conn.prepare(
        "SELECT device_seq, held_identity, sent_identity, raw_item, crew_code, token_hash, received_at
         FROM slot_conflicts WHERE device_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map(params![device.to_string()], |r| {
        Ok(SlotConflict {
            device_id: device,
            device_seq: r.get(0)?,
            held_identity: r.get(1)?,
            sent_identity: r.get(2)?,
            raw_json: r.get(3)?,
            crew_code: r.get(4)?,
            token_hash: r.get(5)?,
            received_at: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
