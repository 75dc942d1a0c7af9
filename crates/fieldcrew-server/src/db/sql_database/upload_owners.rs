//! Which device created each tus upload. Only that device may ask for its
//! offset, send chunks or terminate it: the crew token alone would let any
//! paired phone (or anyone holding a crew PIN) write into another phone's
//! photo. A separate table, so an existing database gains it at open
//! without altering `media`.

use crate::db::DbResult;
use fieldcrew_domain::{DeviceId, MediaId};
use fieldcrew_sql::{Sql, args};

/// Whether `device` owns the upload. An upload created before owners were
/// recorded has none and goes to the first device that asks for it (its
/// id is random and only its own phone knows it while it is unfinished).
pub fn claim(sql: &mut dyn Sql, media: MediaId, device: DeviceId) -> DbResult<bool> {
    sql.execute(
        "INSERT INTO upload_owners (media_id, device_id) VALUES (?1, ?2) ON CONFLICT (media_id) DO NOTHING",
        args![media.to_string(), device.to_string()],
    )?;
    let owner: String =
        sql.query_value("SELECT device_id FROM upload_owners WHERE media_id = ?1", args![media.to_string()])?;
    Ok(owner == device.to_string())
}

/// Forgets the owner of a terminated upload, so its id starts afresh.
pub fn release(sql: &mut dyn Sql, media: MediaId) -> DbResult<()> {
    sql.execute("DELETE FROM upload_owners WHERE media_id = ?1", args![media.to_string()])?;
    Ok(())
}
