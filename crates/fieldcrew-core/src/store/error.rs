//! Typed errors of the store. A rejected write changes nothing.

use crate::ids::{MediaId, OrderId};
use crate::lifecycle::RuleViolation;
use crate::store::Removal;

/// Opening or reading the store failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("file system: {0}")]
    Io(#[from] std::io::Error),
    #[error("stored data is damaged: {0}")]
    Corrupt(String),
    #[error("the database is at schema version {found}, newer than this app ({supported})")]
    TooNew { found: i64, supported: i64 },
}

/// Recording an event, order or media was refused or failed.
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    #[error("unknown order {0}")]
    UnknownOrder(OrderId),
    #[error("order {0} already exists")]
    DuplicateOrder(OrderId),
    #[error("order {order} is no longer this crew's ({reason:?}): it is read-only")]
    OrderRemoved { order: OrderId, reason: Removal },
    #[error(transparent)]
    Rule(#[from] RuleViolation),
    #[error("`{field}` is {len} characters long; at most {max} are allowed")]
    TextTooLong { field: &'static str, len: usize, max: usize },
    #[error("`{0}` must not be empty")]
    EmptyText(&'static str),
    #[error("unknown media {0}")]
    UnknownMedia(MediaId),
    #[error("media {0} does not have the hash the event names")]
    MediaHashMismatch(MediaId),
    #[error("media of {len} bytes is larger than the limit of {max}")]
    MediaTooLarge { len: usize, max: usize },
    #[error("media must be a non-empty JPEG or PNG, got {0}")]
    UnsupportedMedia(String),
    #[error("the position fix is not a valid position")]
    InvalidFix,
    #[error(transparent)]
    Handover(#[from] crate::handover::HandoverError),
    #[error("unknown handover {0}")]
    UnknownHandover(uuid::Uuid),
    #[error(transparent)]
    DailyCheck(#[from] crate::daily_check::DailyCheckError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<rusqlite::Error> for RecordError {
    fn from(e: rusqlite::Error) -> Self {
        RecordError::Store(StoreError::Sqlite(e))
    }
}

impl From<std::io::Error> for RecordError {
    fn from(e: std::io::Error) -> Self {
        RecordError::Store(StoreError::Io(e))
    }
}
