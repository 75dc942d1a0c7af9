//! Photos taken but never put on record: the crew deleted one before saving
//! the damage record, or a signature image was rendered for a record the
//! rules refused. Such bytes must not travel to the server.

use super::media;
use super::{Store, StoreError};
use crate::ids::MediaId;
use rusqlite::{OptionalExtension, params};

impl Store {
    /// Forgets a photo or signature image that no recorded event names, and
    /// its file unless other media holds the same bytes. Returns `false`, and
    /// keeps it, when it is on record (evidence is never deleted) or unknown.
    pub fn discard_draft_media(&mut self, id: MediaId) -> Result<bool, StoreError> {
        let tx = self.conn.transaction()?;
        let unrecorded = format!("SELECT sha256 FROM media WHERE id = ?1 AND NOT {}", media::ON_RECORD);
        let Some(sha) =
            tx.query_row(&unrecorded, params![id.to_string()], |r| r.get::<_, String>(0)).optional()?
        else {
            return Ok(false);
        };
        tx.execute("DELETE FROM media WHERE id = ?1", params![id.to_string()])?;
        let unused = media::files_no_longer_used(&tx, vec![sha])?;
        tx.commit()?;
        self.remove_media_files(unused)?;
        Ok(true)
    }
}
