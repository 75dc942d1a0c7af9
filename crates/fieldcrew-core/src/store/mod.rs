//! The device store: one SQLite file plus content-addressed media files.
//!
//! Durability: WAL with `synchronous=FULL`, so a transaction that returned
//! is on disk before the caller is told (WAL+NORMAL may lose the last commits
//! on power loss, which is not acceptable for evidence). Every write that
//! belongs together (event + derived state + outbox row) is one transaction.

mod arrivals;
mod clock_samples;
mod daily_checks;
mod drafts;
mod error;
mod handovers;
mod media;
mod notices;
mod orders;
mod outbox;
mod planned_outages;
mod pull;
mod record;
mod retention;
mod schema;
mod sign_in;
mod sync_state;
mod uploads;

pub use arrivals::{AlertReason, OrderAlert, PendingReceipt};
pub use clock_samples::{ClockReading, KEPT_PER_BOOT};
pub use error::{RecordError, StoreError};
pub use handovers::HandoverRow;
pub use media::{MediaKind, MediaRow, MediaState};
pub use notices::OrderNotice;
pub use orders::OrderRow;
pub use outbox::{OutboxItem, OutboxKind};
pub use planned_outages::{CrewOutage, on_today};
pub use pull::{PulledChange, Removal};
pub use retention::{KEEP_SETTLED_DAYS, Purged};
pub use schema::CURRENT_VERSION;
pub use sign_in::SignIn;
pub use sync_state::{Pairing, SyncStatus};
pub use uploads::{PendingUpload, RefusedUpload};

use crate::checklist::{self, ChecklistItem};
use crate::config::Thresholds;
use crate::ids::DeviceId;
use rusqlite::{Connection, OptionalExtension, params};
use std::path::{Path, PathBuf};

/// The file name of the database inside the data dir.
pub const DB_FILE: &str = "fieldcrew.sqlite3";

/// An open device store.
pub struct Store {
    conn: Connection,
    dir: PathBuf,
    device_id: DeviceId,
    thresholds: Thresholds,
    checklist: Vec<ChecklistItem>,
}

impl Store {
    /// Opens (creating if needed) the store in `dir`, migrating it to the
    /// current schema.
    pub fn open(dir: impl AsRef<Path>) -> Result<Self, StoreError> {
        let dir = dir.as_ref().to_path_buf();
        std::fs::create_dir_all(dir.join(media::MEDIA_DIR))?;
        media::remove_stale_temp_files(&dir)?;
        let mut conn = Connection::open(dir.join(DB_FILE))?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        schema::migrate(&mut conn)?;
        let device_id = ensure_device_id(&conn)?;
        Ok(Self {
            conn,
            dir,
            device_id,
            thresholds: Thresholds::default(),
            checklist: checklist::standard_items(),
        })
    }

    /// Replaces the thresholds (from settings or the server).
    pub fn with_thresholds(mut self, thresholds: Thresholds) -> Self {
        self.thresholds = thresholds;
        self
    }

    /// Replaces the cleanup checklist definition.
    pub fn with_checklist(mut self, items: Vec<ChecklistItem>) -> Self {
        self.checklist = items;
        self
    }

    /// This installation's id, created on first open.
    pub fn device_id(&self) -> DeviceId {
        self.device_id
    }

    /// The station's thresholds as the server last sent them, else the ones
    /// this store was opened with. Read from the file, so the sync thread's
    /// update reaches the screens' store at once.
    pub fn thresholds(&self) -> Thresholds {
        sync_state::station_thresholds(&self.conn).ok().flatten().unwrap_or_else(|| self.thresholds.clone())
    }

    pub fn checklist(&self) -> &[ChecklistItem] {
        &self.checklist
    }

    /// The directory holding the database and the media files.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The schema version the file is at.
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        Ok(self.conn.pragma_query_value(None, "user_version", |r| r.get(0))?)
    }

    /// SQLite's own consistency check; `Ok(())` when it answers "ok".
    pub fn integrity_check(&self) -> Result<(), StoreError> {
        let answer: String = self.conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        if answer == "ok" { Ok(()) } else { Err(StoreError::Corrupt(answer)) }
    }
}

fn ensure_device_id(conn: &Connection) -> Result<DeviceId, StoreError> {
    let existing: Option<String> =
        conn.query_row("SELECT value FROM device WHERE key = 'device_id'", [], |r| r.get(0)).optional()?;
    if let Some(id) = existing {
        return id.parse().map_err(|_| StoreError::Corrupt(format!("device id `{id}`")));
    }
    let id = DeviceId::new();
    conn.execute("INSERT INTO device (key, value) VALUES ('device_id', ?1)", params![id.to_string()])?;
    Ok(id)
}
