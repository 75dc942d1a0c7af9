//! The outcome of one successful sync pass.

use fieldcrew_core::MediaId;

/// An outbox item the server will never take; it is acknowledged (dropped
/// from the outbox) and named here so the UI can tell the crew.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RejectedItem {
    pub device_seq: i64,
    pub reason: String,
}

/// A media file that could not be uploaded this pass for a reason retrying
/// soon will not fix (damaged on the phone, refused by the server). The
/// other files still went up. One the server refused for good (not a photo,
/// too large, not the crew's order) is marked refused on the phone and not
/// tried again; any other is tried again next pass.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UploadFailure {
    pub media_id: MediaId,
    pub reason: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SyncReport {
    /// Outbox items the server acknowledged.
    pub items_pushed: u64,
    pub rejected: Vec<RejectedItem>,
    /// Items accepted with flags for the dispatcher (far from site, ...).
    pub flagged: u64,
    pub pages_pulled: u64,
    pub changes_pulled: u64,
    pub media_uploaded: u64,
    pub bytes_uploaded: u64,
    pub upload_failures: Vec<UploadFailure>,
}
