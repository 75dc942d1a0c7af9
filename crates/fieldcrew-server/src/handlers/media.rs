//! Finished media files, read from the media store (a folder or S3): the
//! dispatcher API's download, and the bytes behind the console's photos.

use crate::auth::DispatcherAuth;
use crate::error::{ApiError, ApiPath};
use crate::state::AppState;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use fieldcrew_domain::MediaId;
use fieldcrew_protocol::error::ErrorBody;

/// Image types a browser may render from us; anything else downloads, so
/// an uploaded file can never run as a page on the server's origin.
const RENDERABLE: [&str; 3] = ["image/jpeg", "image/png", "image/webp"];

#[utoipa::path(get, path = "/v1/media/{id}", tag = "dispatch", security(("bearer" = [])), params(("id" = uuid::Uuid, Path, description = "The media id (a photo's or signature's `media`)")), responses((status = 200, content_type = "application/octet-stream", body = Vec<u8>, description = "The file's bytes, exactly as the phone sent them; Content-Type is its image type when a browser may render it"), (status = 404, body = ErrorBody, description = "No such file, or its upload is not complete"), (status = 503, body = ErrorBody, headers(("Retry-After" = u64, description = "Seconds")), description = "The media store can not be reached"), (status = 500, body = ErrorBody, description = "The media store refused, or lost a file it had"), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 429, body = ErrorBody, description = "Over the per-token request budget")))]
#[tracing::instrument(skip_all, fields(media = %id))]
pub async fn download(
    _auth: DispatcherAuth,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<MediaId>,
) -> Result<Response, ApiError> {
    finished_file(&state, id).await
}

/// The bytes of media `id` once its upload is complete, with headers that
/// keep a browser from running them.
pub async fn finished_file(state: &AppState, id: MediaId) -> Result<Response, ApiError> {
    let media = match state.db(move |db| db.upload(id)).await? {
        Some(media) if media.present => media,
        _ => return Err(ApiError::NotFound(format!("media {id}"))),
    };
    let Some(bytes) = state.media.get(&media.sha256).await? else {
        // Recorded complete, so the store had it: lost there, not "not found".
        return Err(ApiError::MediaStoreFailed(format!(
            "media {id} ({}) is recorded complete but missing from {}",
            media.sha256,
            state.media.describe()
        )));
    };
    let content_type = if RENDERABLE.contains(&media.mime.as_str()) {
        media.mime.as_str()
    } else {
        "application/octet-stream"
    };
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_str(content_type).expect("a known type"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, max-age=3600"));
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("default-src 'none'; sandbox"));
    Ok(response)
}
