//! What the status bar shows, made from the sync client's progress or from
//! the store when the phone is waiting to be paired.

use fieldcrew_core::Store;
use fieldcrew_sync::{SyncPhase, SyncProgress};
use fieldcrew_ui::{SyncState, SyncView};

pub(crate) fn view_of(progress: &SyncProgress) -> SyncView {
    let state = match &progress.phase {
        SyncPhase::Idle => SyncState::Idle,
        SyncPhase::Pushing | SyncPhase::Pulling | SyncPhase::Uploading => SyncState::Syncing,
        SyncPhase::WaitingToRetry { retry_at, .. } => SyncState::Offline { retry_at: *retry_at },
        SyncPhase::NeedsPairing => SyncState::NeedsPairing,
    };
    SyncView {
        state,
        last_success: progress.last_success,
        last_error: progress.last_error.clone(),
        uploading: progress.upload.as_ref().map(|u| (u.sent, u.total)),
    }
}

/// Not paired: the last sync is still worth showing.
pub(crate) fn needs_pairing(store: &Store) -> SyncView {
    let status = store.sync_status().unwrap_or_default();
    SyncView {
        state: SyncState::NeedsPairing,
        last_success: status.last_success,
        last_error: status.last_error,
        uploading: None,
    }
}

/// The sync thread could not start (store or server address unusable).
pub(crate) fn failed(message: String) -> SyncView {
    SyncView { state: SyncState::NeedsPairing, last_error: Some(message), ..SyncView::default() }
}
