//! Resumable upload bookkeeping for media files. The upload URL is stored
//! before the first byte is sent, so after a crash or a dropped connection
//! the client asks the server for the offset instead of starting over.

use super::{MediaRow, Store, StoreError};
use crate::ids::MediaId;
use rusqlite::params;

/// A media file the server refused for good, kept on the phone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RefusedUpload {
    pub media: MediaRow,
    /// The server's status and words, e.g. `415: this is a PNG image ...`.
    pub reason: String,
}

/// A media file the server does not have completely yet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PendingUpload {
    pub media: MediaRow,
    /// Where the upload was created, once it was.
    pub upload_url: Option<String>,
    /// Bytes the server confirmed last time we heard from it.
    pub offset: u64,
}

impl Store {
    /// Every media file on record not yet fully uploaded, oldest first. A
    /// photo not yet saved into a record waits: the crew may still delete it.
    /// One the server refused for good is not tried again.
    pub fn pending_uploads(&self) -> Result<Vec<PendingUpload>, StoreError> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT id, upload_url, upload_offset FROM media
             WHERE state <> 'uploaded' AND refused IS NULL AND {} ORDER BY created_at, id",
            super::media::ON_RECORD
        ))?;
        let rows: Vec<(String, Option<String>, i64)> =
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<Result<_, _>>()?;
        rows.into_iter()
            .map(|(id, upload_url, offset)| {
                let id: MediaId = id.parse().map_err(|_| StoreError::Corrupt(format!("media id `{id}`")))?;
                let media =
                    self.media(id)?.ok_or_else(|| StoreError::Corrupt(format!("media {id} vanished")))?;
                Ok(PendingUpload { media, upload_url, offset: offset as u64 })
            })
            .collect()
    }

    /// Remembers where the upload of `id` lives; it starts at offset 0.
    pub fn set_upload_url(&mut self, id: MediaId, url: &str) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE media SET upload_url = ?2, upload_offset = 0, state = 'uploading' WHERE id = ?1",
            params![id.to_string(), url],
        )?;
        Ok(())
    }

    /// Forgets an upload the server no longer knows, so it is created again.
    pub fn clear_upload_url(&mut self, id: MediaId) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE media SET upload_url = NULL, upload_offset = 0, state = 'local' WHERE id = ?1",
            params![id.to_string()],
        )?;
        Ok(())
    }

    /// Records how many bytes the server confirmed.
    pub fn set_upload_offset(&mut self, id: MediaId, offset: u64) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE media SET upload_offset = ?2 WHERE id = ?1",
            params![id.to_string(), offset as i64],
        )?;
        Ok(())
    }

    /// The server refuses `id` for good: it is not sent again. The file and
    /// its row stay (evidence is never deleted; its order is never purged).
    pub fn refuse_upload(&mut self, id: MediaId, reason: &str) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE media SET refused = ?2, upload_url = NULL, upload_offset = 0, state = 'local'
             WHERE id = ?1 AND state <> 'uploaded'",
            params![id.to_string(), reason],
        )?;
        Ok(())
    }

    /// Puts every refused file back in the upload queue: the crew asks once
    /// the dispatcher removed the cause (assigned the order to the crew, say).
    /// Returns how many.
    pub fn retry_refused_uploads(&mut self) -> Result<usize, StoreError> {
        Ok(self.conn.execute("UPDATE media SET refused = NULL WHERE refused IS NOT NULL", [])?)
    }

    /// The media files the server refused for good, oldest first.
    pub fn refused_uploads(&self) -> Result<Vec<RefusedUpload>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, refused FROM media WHERE refused IS NOT NULL ORDER BY created_at, id")?;
        let rows: Vec<(String, String)> =
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<Result<_, _>>()?;
        rows.into_iter()
            .map(|(id, reason)| {
                let id: MediaId = id.parse().map_err(|_| StoreError::Corrupt(format!("media id `{id}`")))?;
                let media =
                    self.media(id)?.ok_or_else(|| StoreError::Corrupt(format!("media {id} vanished")))?;
                Ok(RefusedUpload { media, reason })
            })
            .collect()
    }

    /// The server has the whole file and checked its hash.
    pub fn finish_upload(&mut self, id: MediaId) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE media SET state = 'uploaded', upload_offset = size WHERE id = ?1",
            params![id.to_string()],
        )?;
        Ok(())
    }
}
