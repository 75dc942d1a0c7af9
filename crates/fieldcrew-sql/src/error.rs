//! Storage errors that name no backend: callers decide by kind (a full
//! disk answers 507, a lost serialization race is tried again), and the
//! backend's own message travels as text.

#[derive(Debug, thiserror::Error)]
pub enum SqlError {
    /// The disk or the tablespace is full: nothing was stored.
    #[error("storage is full: {0}")]
    Full(String),
    /// Another transaction's writes made this one's reads stale; running it
    /// again from the start is safe (nothing of it was kept).
    #[error("transaction lost a race with another: {0}")]
    Conflict(String),
    /// A stored value is not what its column should hold.
    #[error("stored data is damaged: {0}")]
    Corrupt(String),
    /// Anything else the backend said.
    #[error("database: {0}")]
    Backend(String),
}

pub type SqlResult<T> = Result<T, SqlError>;
