//! An upload whose last PATCH was killed after all its bytes were stored
//! but before "complete" was saved (issue 13, item 7). Its row still says a
//! chunk short (or 0, for a file sent in one PATCH). Before this, the client
//! re-sent the last chunk onto a part file that was gone, the hash failed
//! and the upload started again from 0.

use crate::db::StoredMedia;
use crate::error::ApiError;
use crate::handlers::uploads::{drop_part, finish};
use crate::state::AppState;
use fieldcrew_domain::hash::sha256_hex;

/// `media` as it should read, finishing it when a kill left its whole file
/// behind. The caller holds the upload's lock.
pub async fn finished_before_crash(state: &AppState, media: StoredMedia) -> Result<StoredMedia, ApiError> {
    if media.present {
        return Ok(media);
    }
    let part = state.uploads_dir().join(format!("{}.part", media.id));
    let size = media.size;
    let part_file = tokio::task::spawn_blocking(move || -> std::io::Result<Found> {
        match std::fs::metadata(&part) {
            // Every byte arrived (part files only grow to the size through
            // PATCHes of this upload); the check is `finish`'s own.
            Ok(meta) if meta.len() == size => Ok(Found::WholePart),
            Ok(_) => Ok(Found::Nothing),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Found::Gone),
            Err(e) => Err(e),
        }
    })
    .await
    .map_err(|e| ApiError::Internal(e.to_string()))??;
    let found = match part_file {
        // Builds before the part file was kept past the move renamed it
        // into media/. A row at 0 sent nothing: the same bytes there from
        // another upload do not prove this one arrived.
        Found::Gone if media.offset > 0 => match state.media.get(&media.sha256).await {
            Ok(Some(bytes)) if sha256_hex(&bytes) == media.sha256 => Found::Moved,
            Ok(_) => Found::Nothing,
            // The store can not say: the upload reads as it was (HEAD is a read).
            Err(e) => {
                tracing::warn!(media = %media.id, error = %e, "upload recovery could not read the media store");
                return Ok(media);
            }
        },
        Found::Gone => Found::Nothing,
        found => found,
    };
    let present = match found {
        Found::Nothing | Found::Gone => return Ok(media),
        Found::Moved => true,
        // A mismatch removed the part file: the upload starts over, as the
        // PATCH would have said. A refusal removed the upload (415/422).
        Found::WholePart => match finish(state, &media).await {
            Ok(present) => present,
            // Still no room for it in media/, or the media store is down:
            // the upload reads as it was (HEAD is a read) and the next
            // PATCH meets the 507 or 503.
            Err(
                e @ (ApiError::StorageFull
                | ApiError::MediaStoreUnavailable(_)
                | ApiError::MediaStoreFailed(_)),
            ) => {
                tracing::warn!(media = %media.id, error = ?e, "a whole upload waits: the media store did not take it");
                return Ok(media);
            }
            Err(e) => return Err(e),
        },
    };
    let (id, offset) = (media.id, if present { size } else { 0 });
    state.db(move |db| db.set_upload_progress(id, offset, present)).await?;
    if present {
        drop_part(state, id);
        tracing::info!(media = %id, "upload found whole after a crash; recorded complete");
    }
    Ok(StoredMedia { offset, present, ..media })
}

enum Found {
    Nothing,
    /// No part file (a kill after it was dropped, or in older builds).
    Gone,
    /// The whole file is in the part file: finish it now.
    WholePart,
    /// The part file was moved into the media folder (older builds).
    Moved,
}
