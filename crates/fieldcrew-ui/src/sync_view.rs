//! What the UI knows about syncing: plain data the app binary publishes, so
//! the components never touch the network.

use chrono::{DateTime, Utc};

/// Where syncing stands.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum SyncState {
    /// No server configured: the phone works alone.
    #[default]
    NotConfigured,
    Idle,
    Syncing,
    /// The last attempt failed (no connection); the next starts at
    /// `retry_at` or sooner. An instant, not a number of seconds, so the
    /// bar counts down with the app's ticking clock between updates.
    Offline {
        retry_at: DateTime<Utc>,
    },
    /// The device token was refused: pair again. Unsynced data is kept.
    NeedsPairing,
}

/// A snapshot for the status bar.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SyncView {
    pub state: SyncState,
    pub last_success: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    /// Bytes sent and total of the photo being uploaded.
    pub uploading: Option<(u64, u64)>,
}
