//! What each push slot holds, and the items that arrived for a slot that
//! already held something else. Separate tables created at open, so an
//! existing database gains them without altering `received_items`; slots
//! stored before have no identity and keep answering as before. A slot's
//! identity is written with the batch's other rows (`push_rows`).

use crate::db::{DbResult, IncomingItem, Pusher, SlotConflict};
use chrono::{DateTime, Utc};
use fieldcrew_domain::DeviceId;
use fieldcrew_sql::{Sql, args};

/// The answer to an item whose slot holds another item. A permanent
/// rejection, which every client already understands: the phone stops
/// resending it, and the server keeps it for a dispatcher to look at.
pub const SLOT_TAKEN: &str = "this device_seq already holds a different item from this device id \
     (is another phone paired under the same id?); kept on the server for review";

/// Keeps the conflicting item as evidence (a resend of the same
/// conflicting item is kept once) and returns what was kept.
pub fn keep(
    sql: &mut dyn Sql,
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
    sql.execute(
        "INSERT INTO slot_conflicts (device_id, device_seq, held_identity, sent_identity, raw_item,
             crew_code, token_hash, received_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (device_id, device_seq, sent_identity) DO NOTHING",
        args![
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

pub fn of_device(sql: &mut dyn Sql, device: DeviceId) -> DbResult<Vec<SlotConflict>> {
    Ok(sql.query_map(
        "SELECT device_seq, held_identity, sent_identity, raw_item, crew_code, token_hash, received_at
         FROM slot_conflicts WHERE device_id = ?1 ORDER BY id",
        args![device.to_string()],
        |row| {
            Ok(SlotConflict {
                device_id: device,
                device_seq: row.get(0)?,
                held_identity: row.get(1)?,
                sent_identity: row.get(2)?,
                raw_json: row.get(3)?,
                crew_code: row.get(4)?,
                token_hash: row.get(5)?,
                received_at: row.get(6)?,
            })
        },
    )?)
}
