//! The media store's failures, sorted by what the caller can do about them.

/// Why the media store could not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum MediaStoreError {
    /// A remote store did not answer, or answered with a fault (S3 down,
    /// the network between): worth trying again shortly.
    #[error("the media store can not be reached: {0}")]
    Unavailable(String),
    /// The local disk under a folder store is full.
    #[error("the media store's disk is full")]
    Full,
    /// Refused credentials, a missing bucket, a disk that will not write:
    /// trying again will not help until the operator acts.
    #[error("the media store failed: {0}")]
    Failed(String),
}

impl MediaStoreError {
    /// Sorts an `object_store` error from a remote store (`remote`) or a
    /// folder.
    pub(super) fn of(error: object_store::Error, remote: bool) -> Self {
        use object_store::Error;
        if disk_full(&error) {
            return MediaStoreError::Full;
        }
        match error {
            Error::Unauthenticated { .. } | Error::PermissionDenied { .. } => {
                MediaStoreError::Failed(format!("the credentials were refused: {error}"))
            }
            // A put answered 404: the bucket itself is missing.
            Error::NotFound { .. } => MediaStoreError::Failed(format!("no such bucket or folder: {error}")),
            // Transport errors and 5xx, after the client's retries.
            Error::Generic { .. } if remote => MediaStoreError::Unavailable(error.to_string()),
            _ => MediaStoreError::Failed(error.to_string()),
        }
    }
}

/// ENOSPC or EDQUOT anywhere in the error's chain.
fn disk_full(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut next = Some(error);
    while let Some(error) = next {
        if let Some(io) = error.downcast_ref::<std::io::Error>()
            && matches!(io.kind(), std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded)
        {
            return true;
        }
        next = error.source();
    }
    false
}

impl From<std::io::Error> for MediaStoreError {
    fn from(error: std::io::Error) -> Self {
        if matches!(error.kind(), std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded) {
            MediaStoreError::Full
        } else {
            MediaStoreError::Failed(error.to_string())
        }
    }
}

impl From<MediaStoreError> for crate::error::ApiError {
    fn from(error: MediaStoreError) -> Self {
        use crate::error::ApiError;
        match error {
            MediaStoreError::Unavailable(detail) => ApiError::MediaStoreUnavailable(detail),
            MediaStoreError::Full => ApiError::StorageFull,
            MediaStoreError::Failed(detail) => ApiError::MediaStoreFailed(detail),
        }
    }
}
