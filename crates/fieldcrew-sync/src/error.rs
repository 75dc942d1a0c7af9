//! Why a sync attempt stopped. Everything except `NeedsPairing` is worth
//! retrying later; nothing is lost either way, the outbox and media stay.

use fieldcrew_core::MediaId;
use fieldcrew_core::store::StoreError;
use fieldcrew_protocol::error::ErrorBody;

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("no connection to the server: {0}")]
    Offline(String),
    #[error("the connection broke during the request: {0}")]
    ConnectionLost(String),
    #[error("the server did not answer in time")]
    Timeout,
    /// No token, or the server revoked or expired it: pair again. Retrying
    /// does not help, so the sync loop stops on it.
    #[error("the phone needs pairing with a crew")]
    NeedsPairing,
    #[error("the crew code or PIN was not accepted: {}", .0.message)]
    PairingRefused(ErrorBody),
    #[error("the server refused the request ({status}): {}", .body.message)]
    Rejected { status: u16, body: ErrorBody },
    #[error("the server failed ({status}): {message}")]
    ServerFault { status: u16, message: String },
    #[error("the server answered something unexpected: {0}")]
    Protocol(String),
    #[error("media {media_id} can not be read on the phone: {reason}")]
    LocalMedia { media_id: MediaId, reason: String },
    #[error("device store: {0}")]
    Store(#[from] StoreError),
}

impl SyncError {
    /// Whether the sync loop should stop and ask the user to pair.
    pub fn needs_pairing(&self) -> bool {
        matches!(self, SyncError::NeedsPairing)
    }

    pub(crate) fn from_transport(e: reqwest::Error) -> Self {
        if e.is_timeout() {
            SyncError::Timeout
        } else if e.is_connect() {
            SyncError::Offline(e.to_string())
        } else if e.is_decode() {
            SyncError::Protocol(e.to_string())
        } else {
            SyncError::ConnectionLost(e.to_string())
        }
    }
}
