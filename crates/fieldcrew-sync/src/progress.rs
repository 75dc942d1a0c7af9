//! What the UI shows while syncing, published through a `watch` channel.

use chrono::{DateTime, Utc};
use fieldcrew_core::{MediaId, OrderId};
use std::time::Duration;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum SyncPhase {
    #[default]
    Idle,
    Pushing,
    Pulling,
    Uploading,
    /// The last attempt failed; the next starts after `retry_in`, at
    /// `retry_at` on this device's wall clock (what the status bar counts
    /// down to), or sooner when woken. `unreachable`: the server could not
    /// be reached, and the next attempt is a cheap probe (`GET /healthz`)
    /// that starts a pass once it is answered; otherwise the server answered
    /// with a failure and the next attempt is a pass after a longer backoff.
    WaitingToRetry {
        failures: u32,
        retry_in: Duration,
        retry_at: DateTime<Utc>,
        unreachable: bool,
    },
    /// The token is missing, revoked or expired: the user must pair again.
    NeedsPairing,
}

/// Upload progress of one photo or signature.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UploadProgress {
    pub media_id: MediaId,
    pub order_id: Option<OrderId>,
    pub sent: u64,
    pub total: u64,
}

/// Counters are for the current (or last) attempt.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SyncProgress {
    pub phase: SyncPhase,
    pub items_pushed: u64,
    pub pages_pulled: u64,
    pub bytes_uploaded: u64,
    pub upload: Option<UploadProgress>,
    pub last_success: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
}
