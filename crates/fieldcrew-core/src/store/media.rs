//! Photos and signature images: files named by their SHA-256 under the data
//! dir, each with a row. The file is written and fsynced before its row
//! commits, so a row never points at a missing or partial file.

use super::{RecordError, Store, StoreError};
use crate::hash::sha256_hex;
use crate::ids::{MediaId, OrderId};
use rusqlite::{OptionalExtension, Transaction, params};
use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The media folder inside the data dir.
pub const MEDIA_DIR: &str = "media";
const TEMP_PREFIX: &str = ".tmp-";
/// Media types the store accepts.
const ACCEPTED_MIME: &[&str] = &["image/jpeg", "image/png"];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MediaKind {
    Photo,
    Signature,
}

impl MediaKind {
    /// The name used in the database and in upload metadata.
    pub fn as_str(self) -> &'static str {
        match self {
            MediaKind::Photo => "photo",
            MediaKind::Signature => "signature",
        }
    }
}

/// Upload progress of a media file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MediaState {
    Local,
    Uploading,
    Uploaded,
}

impl MediaState {
    fn as_str(self) -> &'static str {
        match self {
            MediaState::Local => "local",
            MediaState::Uploading => "uploading",
            MediaState::Uploaded => "uploaded",
        }
    }
    fn parse(s: &str) -> Self {
        match s {
            "uploading" => MediaState::Uploading,
            "uploaded" => MediaState::Uploaded,
            _ => MediaState::Local,
        }
    }
}

/// A stored media file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MediaRow {
    pub id: MediaId,
    pub sha256: String,
    pub size: u64,
    pub mime: String,
    pub kind: MediaKind,
    pub order_id: Option<OrderId>,
    pub state: MediaState,
}

impl Store {
    /// Stores `bytes` as a new media file and row.
    pub fn put_media(
        &mut self,
        order_id: Option<OrderId>,
        kind: MediaKind,
        mime: &str,
        bytes: &[u8],
    ) -> Result<MediaRow, RecordError> {
        let max = self.thresholds().max_media_bytes;
        if bytes.len() > max {
            return Err(RecordError::MediaTooLarge { len: bytes.len(), max });
        }
        if bytes.is_empty() || !ACCEPTED_MIME.contains(&mime) {
            return Err(RecordError::UnsupportedMedia(format!("{} bytes of `{mime}`", bytes.len())));
        }
        if let Some(id) = order_id
            && self.order(id)?.is_none()
        {
            return Err(RecordError::UnknownOrder(id));
        }
        let sha256 = sha256_hex(bytes);
        write_durably(&self.dir.join(MEDIA_DIR), &sha256, bytes)?;
        let row = MediaRow {
            id: MediaId::new(),
            sha256,
            size: bytes.len() as u64,
            mime: mime.to_string(),
            kind,
            order_id,
            state: MediaState::Local,
        };
        self.conn.execute(
            "INSERT INTO media (id, sha256, size, mime, kind, order_id, state, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'local', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
            params![
                row.id.to_string(),
                row.sha256,
                row.size as i64,
                row.mime,
                kind.as_str(),
                order_id.map(|o| o.to_string())
            ],
        )?;
        Ok(row)
    }

    /// The media row, if any.
    pub fn media(&self, id: MediaId) -> Result<Option<MediaRow>, StoreError> {
        let row: Option<(String, i64, String, String, Option<String>, String)> = self
            .conn
            .query_row(
                "SELECT sha256, size, mime, kind, order_id, state FROM media WHERE id = ?1",
                params![id.to_string()],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
            )
            .optional()?;
        row.map(|(sha256, size, mime, kind, order_id, state)| {
            Ok(MediaRow {
                id,
                sha256,
                size: size as u64,
                mime,
                kind: if kind == "signature" { MediaKind::Signature } else { MediaKind::Photo },
                order_id: order_id
                    .map(|o| o.parse().map_err(|_| StoreError::Corrupt(format!("media {id} order id"))))
                    .transpose()?,
                state: MediaState::parse(&state),
            })
        })
        .transpose()
    }

    /// Where the file with this hash lives.
    pub fn media_path(&self, sha256: &str) -> PathBuf {
        self.dir.join(MEDIA_DIR).join(sha256)
    }

    /// The bytes of a media file, checked against its hash.
    pub fn read_media(&self, id: MediaId) -> Result<Vec<u8>, RecordError> {
        let row = self.media(id)?.ok_or(RecordError::UnknownMedia(id))?;
        let bytes = fs::read(self.media_path(&row.sha256))?;
        if sha256_hex(&bytes) != row.sha256 {
            return Err(RecordError::MediaHashMismatch(id));
        }
        Ok(bytes)
    }

    /// Records upload progress.
    pub fn set_media_state(&mut self, id: MediaId, state: MediaState) -> Result<(), StoreError> {
        self.conn
            .execute("UPDATE media SET state = ?2 WHERE id = ?1", params![id.to_string(), state.as_str()])?;
        Ok(())
    }
}

/// SQL condition on a `media` row: an event of its order names it, so it is
/// evidence on record (not a draft).
/// A daily check's photo is on record once the check names it.
pub(super) const ON_RECORD: &str = "(EXISTS (SELECT 1 FROM events WHERE events.order_id = media.order_id AND instr(events.body, media.id) > 0) OR (media.order_id IS NULL AND EXISTS (SELECT 1 FROM daily_checks WHERE instr(daily_checks.body, media.id) > 0)))";

/// Of `hashes`, those no media row names any more. A file is named by its
/// hash, so another order may hold the same bytes.
pub(super) fn files_no_longer_used(
    tx: &Transaction,
    mut hashes: Vec<String>,
) -> Result<Vec<String>, StoreError> {
    hashes.sort();
    hashes.dedup();
    let mut still_used = tx.prepare("SELECT EXISTS (SELECT 1 FROM media WHERE sha256 = ?1)")?;
    let mut unused = Vec::new();
    for sha in hashes {
        if !still_used.query_row(params![sha], |r| r.get::<_, bool>(0))? {
            unused.push(sha);
        }
    }
    Ok(unused)
}

impl Store {
    /// Deletes media files whose rows are gone; call it after the commit, so
    /// a crash in between leaves an unreferenced file, never a row without
    /// its file. Returns how many were removed.
    pub(super) fn remove_media_files(&self, hashes: Vec<String>) -> Result<usize, StoreError> {
        let mut removed = 0;
        for sha in hashes {
            match fs::remove_file(self.media_path(&sha)) {
                Ok(()) => removed += 1,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(e.into()),
            }
        }
        Ok(removed)
    }
}

/// Writes `bytes` to `dir/name` so that after return the file is complete
/// on disk: temp file, fsync, rename, fsync of the folder.
fn write_durably(dir: &Path, name: &str, bytes: &[u8]) -> std::io::Result<()> {
    let target = dir.join(name);
    if fs::read(&target).is_ok_and(|existing| existing == bytes) {
        return Ok(());
    }
    let temp = dir.join(format!("{TEMP_PREFIX}{}", uuid::Uuid::now_v7()));
    let mut file = File::create(&temp)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    fs::rename(&temp, &target)?;
    File::open(dir)?.sync_all()
}

/// A temp file younger than this may be a photo another connection is
/// writing right now (the UI and the sync thread each open the store).
const TEMP_FILE_GRACE: std::time::Duration = std::time::Duration::from_secs(3600);

/// Removes temp files a killed process left behind; they never had a row.
pub(super) fn remove_stale_temp_files(dir: &Path) -> std::io::Result<()> {
    let now = std::time::SystemTime::now();
    for entry in fs::read_dir(dir.join(MEDIA_DIR))? {
        let entry = entry?;
        if !entry.file_name().to_string_lossy().starts_with(TEMP_PREFIX) {
            continue;
        }
        // Another connection may rename its temp file away meanwhile.
        let modified = match entry.metadata().and_then(|m| m.modified()) {
            Ok(modified) => modified,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e),
        };
        if now.duration_since(modified).is_ok_and(|age| age > TEMP_FILE_GRACE) {
            match fs::remove_file(entry.path()) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
                _ => {}
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, SystemTime};

    fn temp_file(dir: &Path, name: &str, age: Duration) -> std::path::PathBuf {
        let path = dir.join(MEDIA_DIR).join(format!("{TEMP_PREFIX}{name}"));
        let file = File::create(&path).unwrap();
        file.set_modified(SystemTime::now() - age).unwrap();
        path
    }

    #[test]
    fn opening_the_store_keeps_a_photo_another_connection_is_writing_and_removes_old_leftovers() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join(MEDIA_DIR)).unwrap();
        let being_written = temp_file(dir.path(), "now", Duration::from_secs(2));
        let left_by_a_crash = temp_file(dir.path(), "old", Duration::from_secs(2 * 3600));
        super::super::Store::open(dir.path()).unwrap();
        assert!(being_written.exists());
        assert!(!left_by_a_crash.exists());
    }
}
