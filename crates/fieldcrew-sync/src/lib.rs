//! fieldcrew sync client: pushes the outbox, pulls order changes and uploads
//! media with tus, against the fieldcrew server. No UI.
//!
//! The store is a single SQLite connection (`Send`, not `Sync`), so every
//! sync function takes `&mut Store`: run them on one task (the sync task
//! opens its own `Store` on the app's data dir; SQLite's WAL lets the UI's
//! connection write meanwhile).

mod backoff;
mod client;
mod clock_samples;
mod config;
mod error;
mod gzip;
mod link;
mod long_poll;
mod pair;
mod progress;
mod pull;
mod push;
mod push_batch;
mod receipts;
mod report;
mod resume_guess;
mod sync_loop;
mod tus;
mod upload;
mod upload_patch;
mod warm;

pub use backoff::Backoff;
pub use client::SyncClient;
pub use config::SyncConfig;
pub use error::SyncError;
pub use progress::{SyncPhase, SyncProgress, UploadProgress};
pub use report::{RejectedItem, SyncReport, UploadFailure};
pub use sync_loop::{LoopExit, SyncTrigger, sync_loop};
