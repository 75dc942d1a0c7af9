//! An upload whose last PATCH was killed between moving the file into
//! `media/` and saving "complete" (issue 13, item 7). Its row says a chunk
//! short, its part file is gone, and the whole file sits in `media/` under
//! its sha256. Without this the client re-sent the last chunk onto an empty
//! part file, the hash failed and the upload started again from 0.

use crate::db::StoredMedia;
use crate::error::ApiError;
use crate::state::AppState;
use fieldcrew_core::hash::sha256_hex;

/// `media` as it should read: complete when the crash left the finished
/// file in `media/` (checked against the declared hash), otherwise as is.
pub async fn finished_before_crash(state: &AppState, media: StoredMedia) -> Result<StoredMedia, ApiError> {
    // A row at 0 has sent nothing yet: a file in media/ with the same hash
    // (the same bytes from another upload) does not prove this one arrived.
    if media.present || media.offset == 0 {
        return Ok(media);
    }
    let part = state.uploads_dir().join(format!("{}.part", media.id));
    let stored = state.media_dir().join(&media.sha256);
    let declared = media.sha256.clone();
    let moved = tokio::task::spawn_blocking(move || -> std::io::Result<bool> {
        if part.exists() {
            return Ok(false);
        }
        match std::fs::read(&stored) {
            Ok(bytes) => Ok(sha256_hex(&bytes) == declared),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
            Err(e) => Err(e),
        }
    })
    .await
    .map_err(|e| ApiError::Internal(e.to_string()))??;
    if !moved {
        return Ok(media);
    }
    let (id, size) = (media.id, media.size);
    state.db(move |db| db.set_upload_progress(id, size, true)).await?;
    tracing::info!(media = %id, "upload found complete in media/ after a crash; recorded");
    Ok(StoredMedia { offset: size, present: true, ..media })
}
