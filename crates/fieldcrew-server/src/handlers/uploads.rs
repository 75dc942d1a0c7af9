//! Media upload over tus 1.0: core, creation, creation-with-upload,
//! checksum (sha1, sha256) and termination. The client persists the upload
//! URL before its first PATCH and resumes with HEAD; a media file is marked
//! present only once the whole file matches the sha256 declared at creation.
//! Creation answers the upload's offset, so a phone that creates again
//! (its first answer lost) needs no HEAD; a creation may carry the first
//! chunk, a round trip less per file on a slow link.

use crate::auth::CrewAuth;
use crate::db::StoredMedia;
use crate::error::{ApiError, ApiPath};
use crate::media_check::Refusal;
use crate::state::AppState;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use fieldcrew_domain::MediaId;
use fieldcrew_domain::hash::{is_sha256_hex, sha256_hex};
use fieldcrew_protocol::error::ErrorBody;
use fieldcrew_protocol::tus;
use sha1::Sha1;
use sha2::{Digest, Sha256};
use std::io::{Seek, SeekFrom, Write};

const TUS_RESUMABLE: HeaderName = HeaderName::from_static("tus-resumable");
const UPLOAD_OFFSET: HeaderName = HeaderName::from_static("upload-offset");
const UPLOAD_LENGTH: HeaderName = HeaderName::from_static("upload-length");
/// `tus::RESUME_OVERLAP`: the extension, asked for per PATCH and named on
/// every answer.
const RESUME_OVERLAP: HeaderName = HeaderName::from_static("fieldcrew-resume-overlap");
/// What `Upload-Checksum` may use: tus 1.0 says a server with the checksum
/// extension MUST support sha1 (stock clients default to it).
pub const CHECKSUM_ALGORITHMS: &str = "sha1,sha256";
const OFFSET_OCTET_STREAM: &str = "application/offset+octet-stream";
/// tus checksum extension: "460 Checksum Mismatch".
const CHECKSUM_MISMATCH: u16 = 460;

/// What became of a chunk.
enum Chunk {
    /// Stored (whole or the part that arrived): the upload's new offset.
    Stored(u64),
    /// It arrived whole but not as its `Upload-Checksum` says; nothing kept.
    ChecksumMismatch,
    /// Its overlap (`fieldcrew-overlap`) differs from the bytes stored;
    /// nothing kept: 409 with the offset, which the phone resumes from.
    OverlapMismatch(u64),
}

impl Chunk {
    /// The answer to a request that carried the chunk: `ok` with the offset,
    /// or 460.
    fn answer(self, ok: StatusCode, extra: &[(HeaderName, String)]) -> Response {
        match self {
            Chunk::Stored(offset) => {
                let mut headers = extra.to_vec();
                headers.push((UPLOAD_OFFSET, offset.to_string()));
                (ok, tus_headers(&headers)).into_response()
            }
            Chunk::ChecksumMismatch => {
                let status = StatusCode::from_u16(CHECKSUM_MISMATCH).expect("valid status");
                (status, tus_headers(extra)).into_response()
            }
            Chunk::OverlapMismatch(offset) => {
                tracing::warn!(offset, "overlap differs from the stored bytes; nothing kept");
                offset_conflict(
                    offset,
                    format!(
                        "the bytes sent before offset {offset} differ from the ones stored; send from {offset}"
                    ),
                )
            }
        }
    }
}

fn tus_headers(extra: &[(HeaderName, String)]) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(TUS_RESUMABLE, HeaderValue::from_static(tus::VERSION));
    headers.insert("cache-control", HeaderValue::from_static("no-store"));
    // fieldcrew-overlap, named where the phone already looks (no OPTIONS).
    headers.insert(RESUME_OVERLAP, HeaderValue::from_static("1"));
    for (name, value) in extra {
        headers.insert(name.clone(), HeaderValue::from_str(value).expect("ASCII header value"));
    }
    headers
}

/// A byte count or offset header: missing and malformed are told apart.
fn byte_count(headers: &HeaderMap, name: &str, when_missing: &str) -> Result<u64, ApiError> {
    let Some(value) = headers.get(name) else {
        return Err(ApiError::BadRequest(format!("{name} is required {when_missing}").trim_end().into()));
    };
    let text = value.to_str().unwrap_or_default();
    // u64's parser takes a leading `+`; tus wants digits only.
    match text.parse::<u64>() {
        Ok(n) if text.bytes().all(|b| b.is_ascii_digit()) => Ok(n),
        _ => Err(ApiError::BadRequest(format!(
            "{name} must be a non-negative whole number of bytes, not `{text}`"
        ))),
    }
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// The 412 answer for a request without the tus version we speak.
fn unsupported_tus_version(headers: &HeaderMap) -> Option<Response> {
    if header(headers, "tus-resumable") == Some(tus::VERSION) {
        return None;
    }
    let headers = tus_headers(&[(HeaderName::from_static("tus-version"), tus::VERSION.into())]);
    Some((StatusCode::PRECONDITION_FAILED, headers).into_response())
}

/// `Upload-Metadata: key base64,key base64`.
fn metadata(headers: &HeaderMap) -> Result<Vec<(String, String)>, ApiError> {
    let raw = header(headers, "upload-metadata").unwrap_or("");
    raw.split(',')
        .filter(|pair| !pair.trim().is_empty())
        .map(|pair| {
            let mut parts = pair.trim().splitn(2, ' ');
            let key = parts.next().unwrap_or_default().to_string();
            let value = STANDARD
                .decode(parts.next().unwrap_or_default())
                .ok()
                .and_then(|v| String::from_utf8(v).ok())
                .ok_or_else(|| {
                    ApiError::BadRequest(format!("Upload-Metadata `{key}` is not base64 UTF-8"))
                })?;
            Ok((key, value))
        })
        .collect()
}

fn required<'a>(meta: &'a [(String, String)], key: &str) -> Result<&'a str, ApiError> {
    meta.iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
        .ok_or_else(|| ApiError::BadRequest(format!("Upload-Metadata needs `{key}`")))
}

#[utoipa::path(options, path = "/v1/uploads", tag = "media", responses((status = 204, headers(("Tus-Version" = String), ("Tus-Extension" = String), ("Tus-Checksum-Algorithm" = String), ("Tus-Max-Size" = u64), ("Tus-Resumable" = String, description = "1.0.0")), description = "tus discovery: Tus-Version, Tus-Extension, Tus-Checksum-Algorithm, Tus-Max-Size")))]
pub async fn options(State(state): State<AppState>) -> Response {
    let headers = tus_headers(&[
        (HeaderName::from_static("tus-version"), tus::VERSION.into()),
        (HeaderName::from_static("tus-extension"), tus::EXTENSIONS.into()),
        (HeaderName::from_static("tus-checksum-algorithm"), CHECKSUM_ALGORITHMS.into()),
        (HeaderName::from_static("tus-max-size"), state.settings.max_upload_bytes.to_string()),
    ]);
    (StatusCode::NO_CONTENT, headers).into_response()
}

fn location(id: MediaId) -> String {
    format!("{}/{id}", tus::PATH)
}

#[utoipa::path(post, path = "/v1/uploads", tag = "media", security(("bearer" = [])), params(("Tus-Resumable" = String, Header, pattern = "^1\\.0\\.0$", description = "tus protocol version: 1.0.0; missing or another answers 412"), ("Upload-Length" = u64, Header, minimum = 1), ("Upload-Metadata" = String, Header, description = "media_id, sha256, mime, kind, order_id (base64 values)"), ("Upload-Checksum" = Option<String>, Header, description = "Of the first chunk, when one is sent: sha1 <base64> or sha256 <base64>")), request_body(content = Option<Vec<u8>>, content_type = "application/offset+octet-stream", description = "creation-with-upload: the file's first bytes (optional)"), responses((status = 201, headers(("Location" = String, description = "The upload's URL"), ("Upload-Offset" = u64, description = "Bytes the server holds: the first chunk's, or an earlier creation's"), ("Tus-Resumable" = String, description = "1.0.0")), description = "Created; Location names the upload"), (status = 460, description = "The first chunk does not match its Upload-Checksum; the upload is created at offset 0"), (status = 409, body = ErrorBody, description = "The media id was created with another hash or length, or by another device"), (status = 412, headers(("Tus-Version" = String, description = "1.0.0")), description = "Tus-Resumable missing or not 1.0.0"), (status = 413, body = ErrorBody), (status = 415, body = ErrorBody, description = "A type other than image/jpeg or image/png"), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody, description = "A dispatcher token, or an order_id the crew never held"), (status = 429, body = ErrorBody, description = "Over the per-token request budget")))]
#[tracing::instrument(skip_all, fields(crew = %auth.crew_code))]
pub async fn create(
    auth: CrewAuth,
    State(state): State<AppState>,
    headers: HeaderMap,
    body: axum::body::Body,
) -> Result<Response, ApiError> {
    if let Some(response) = unsupported_tus_version(&headers) {
        return Ok(response);
    }
    let carries_chunk = header(&headers, "content-type") == Some(OFFSET_OCTET_STREAM);
    let size = byte_count(&headers, "Upload-Length", "(deferred length is not supported)")?;
    if size == 0 {
        return Err(ApiError::BadRequest(
            "Upload-Length must be at least 1: a media file is never empty".into(),
        ));
    }
    if size > state.settings.max_upload_bytes {
        return Err(ApiError::FileTooLarge(state.settings.max_upload_bytes));
    }
    let meta = metadata(&headers)?;
    let id: MediaId = required(&meta, tus::META_MEDIA_ID)?
        .parse()
        .map_err(|_| ApiError::BadRequest("media_id must be a UUID".into()))?;
    let sha256 = required(&meta, tus::META_SHA256)?.to_string();
    if !is_sha256_hex(&sha256) {
        return Err(ApiError::BadRequest("sha256 must be 64 lower-case hex digits".into()));
    }
    let mime = required(&meta, tus::META_MIME)?.to_string();
    if !["image/jpeg", "image/png"].contains(&mime.as_str()) {
        return Err(ApiError::UnsupportedMedia(format!("`{mime}` is not accepted; send JPEG or PNG")));
    }
    let kind = required(&meta, tus::META_KIND)?.to_string();
    if !["photo", "signature"].contains(&kind.as_str()) {
        return Err(ApiError::BadRequest("kind must be photo or signature".into()));
    }
    // A photo is a JPEG, a signature a PNG (what the phone makes of them).
    let kind_mime = if kind == "photo" { "image/jpeg" } else { "image/png" };
    if mime != kind_mime {
        return Err(ApiError::UnsupportedMedia(format!("a {kind} is sent as {kind_mime}, not {mime}")));
    }
    let order_id = match meta.iter().find(|(k, _)| k == tus::META_ORDER_ID) {
        Some((_, v)) => Some(v.parse().map_err(|_| ApiError::BadRequest("order_id must be a UUID".into()))?),
        None => None,
    };
    // The rule push follows: evidence goes to orders the crew holds or once
    // held (or that the server does not know yet), never to another crew's.
    if let Some(order) = order_id {
        let crew = auth.crew_code.clone();
        if !state.db(move |db| db.crew_may_write(order, &crew)).await? {
            tracing::warn!(%order, "upload for an order this crew never held");
            return Err(ApiError::ForbiddenBecause(format!(
                "order {order} was never assigned to crew {}; a photo or signature can only be uploaded for the crew's own orders",
                auth.crew_code
            )));
        }
    }
    // The folders first: on a full disk this answers 507 before any row
    // exists, so a refused creation leaves nothing behind.
    std::fs::create_dir_all(state.uploads_dir())?;
    let wanted = StoredMedia { id, order_id, sha256, size, mime, kind, offset: 0, present: false };
    let device = auth.device_id;
    let stored = {
        let wanted = wanted.clone();
        state.db(move |db| db.create_upload(&wanted, device)).await?
    };
    let Some(stored) = stored else {
        tracing::warn!(media = %id, %device, "upload id of another device");
        return Err(ApiError::Conflict(format!("media {id} belongs to another device")));
    };
    // Creation is idempotent on the media id, but not a way to swap content.
    if stored.sha256 != wanted.sha256 || stored.size != wanted.size {
        return Err(ApiError::Conflict(format!("media {id} was created with another hash or length")));
    }
    // creation-with-upload: the body is the file from byte 0. An upload
    // already under way (created before, its answer lost) keeps its bytes
    // and the body is dropped; the offset answered tells where to go on.
    let created = [(HeaderName::from_static("location"), location(id))];
    let chunk = if carries_chunk {
        state.takeovers.take_over(id);
        let _one_chunk_at_a_time = state.upload_lock(id).lock().await;
        let media =
            crate::upload_recovery::finished_before_crash(&state, load_own(&state, id, &auth).await?).await?;
        match chunk_fits(&state, &media, 0, &headers) {
            Ok(()) => store_chunk(&state, &media, 0, &headers, body).await?,
            Err(_) => {
                drain(body, state.settings.max_body_bytes).await;
                Chunk::Stored(media.offset)
            }
        }
    } else {
        drain(body, state.settings.max_body_bytes).await;
        Chunk::Stored(stored.offset)
    };
    Ok(chunk.answer(StatusCode::CREATED, &created))
}

/// The caller's own upload. Another device's answers like an unknown one,
/// so uploads can be neither read, written nor probed across devices.
async fn load_own(state: &AppState, id: MediaId, auth: &CrewAuth) -> Result<StoredMedia, ApiError> {
    let device = auth.device_id;
    state
        .db(move |db| db.device_upload(id, device))
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("upload {id}")))
}

#[utoipa::path(head, path = "/v1/uploads/{id}", tag = "media", security(("bearer" = [])), params(("id" = uuid::Uuid, Path, description = "The media id"), ("Tus-Resumable" = Option<String>, Header, description = "1.0.0; not checked on HEAD")), responses((status = 200, headers(("Upload-Offset" = u64), ("Upload-Length" = u64), ("Tus-Resumable" = String, description = "1.0.0")), description = "Upload-Offset and Upload-Length"), (status = 400, description = "The id is not a UUID (HEAD answers carry no body)"), (status = 401, description = "No valid device token"), (status = 403, description = "A dispatcher token"), (status = 404, description = "No such upload of this device"), (status = 429, description = "Over the per-token request budget")))]
pub async fn head(
    auth: CrewAuth,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<MediaId>,
) -> Result<Response, ApiError> {
    load_own(&state, id, &auth).await?;
    // The phone asks after a failed PATCH: one still waiting on a dead
    // connection stops and keeps its bytes, so the offset counts them.
    state.takeovers.take_over(id);
    let _after_any_chunk = state.upload_lock(id).lock().await;
    let media =
        crate::upload_recovery::finished_before_crash(&state, load_own(&state, id, &auth).await?).await?;
    let headers =
        tus_headers(&[(UPLOAD_OFFSET, media.offset.to_string()), (UPLOAD_LENGTH, media.size.to_string())]);
    Ok((StatusCode::OK, headers).into_response())
}

/// Whether a PATCH may write: the caller's upload, at the offset it names,
/// with a chunk that fits. Judged before a byte of the body is read.
async fn patch_may_start(
    state: &AppState,
    id: MediaId,
    auth: &CrewAuth,
    headers: &HeaderMap,
) -> Result<(crate::db::StoredMedia, u64), Refused> {
    let media =
        crate::upload_recovery::finished_before_crash(state, load_own(state, id, auth).await?).await?;
    let offset = byte_count(headers, "Upload-Offset", "")?;
    chunk_fits(state, &media, offset, headers)?;
    Ok((media, offset))
}

/// Whether a chunk at `offset` may be written: the upload is there and
/// not finished, `offset` is where it stands (or below it, when the PATCH
/// asked for `fieldcrew-overlap`) and the declared length fits.
fn chunk_fits(
    state: &AppState,
    media: &StoredMedia,
    offset: u64,
    headers: &HeaderMap,
) -> Result<(), Refused> {
    let overlap_ok = offset < media.offset && asks_overlap(headers);
    if media.present || (offset != media.offset && !overlap_ok) {
        return Err(Refused::Offset(media.offset));
    }
    if let Some(length) = header(headers, "content-length").and_then(|v| v.parse::<u64>().ok()) {
        if length > state.settings.max_body_bytes as u64 {
            return Err(ApiError::TooLarge(state.settings.max_body_bytes as u64).into());
        }
        if offset + length > media.size {
            return Err(ApiError::BadRequest("the chunk goes past Upload-Length".into()).into());
        }
    }
    Ok(())
}

/// Whether a PATCH asked for `fieldcrew-overlap`.
fn asks_overlap(headers: &HeaderMap) -> bool {
    header(headers, tus::RESUME_OVERLAP) == Some("1")
}

/// Why a chunk was not written.
enum Refused {
    /// Not at the upload's offset (or the upload is complete): 409 with
    /// the offset, so the phone resumes from it without a `HEAD`.
    Offset(u64),
    Other(ApiError),
}

impl From<ApiError> for Refused {
    fn from(e: ApiError) -> Self {
        Refused::Other(e)
    }
}

impl Refused {
    fn answer(self) -> Response {
        match self {
            Refused::Offset(offset) => offset_conflict(offset, format!("the upload is at offset {offset}")),
            Refused::Other(e) => e.into_response(),
        }
    }
}

/// 409 naming the upload's offset (`Upload-Offset`) beside the JSON error.
fn offset_conflict(offset: u64, message: String) -> Response {
    let mut response = ApiError::Conflict(message).into_response();
    response.headers_mut().extend(tus_headers(&[(UPLOAD_OFFSET, offset.to_string())]));
    response
}

/// Reads and drops the body of a refused PATCH (up to the body limit, for a
/// few seconds at most): answering before it is read makes the server close
/// the connection, and the phone's next request on it would fail.
async fn drain(body: axum::body::Body, limit: usize) {
    let _ = tokio::time::timeout(std::time::Duration::from_secs(5), axum::body::to_bytes(body, limit)).await;
}

#[utoipa::path(patch, path = "/v1/uploads/{id}", tag = "media", security(("bearer" = [])), params(("id" = uuid::Uuid, Path, description = "The media id"), ("Tus-Resumable" = String, Header, pattern = "^1\\.0\\.0$", description = "tus protocol version: 1.0.0; missing or another answers 412"), ("Upload-Offset" = u64, Header), ("Upload-Checksum" = Option<String>, Header, description = "sha1 <base64> or sha256 <base64>"), ("Fieldcrew-Resume-Overlap" = Option<String>, Header, description = "1: the body may start below the upload's offset; bytes the server holds are checked against it and skipped (fieldcrew-overlap)")), request_body(content = Vec<u8>, content_type = "application/offset+octet-stream"), responses((status = 204, headers(("Upload-Offset" = u64), ("Tus-Resumable" = String, description = "1.0.0")), description = "Chunk stored; Upload-Offset is the new offset"), (status = 404, body = ErrorBody, description = "No such upload of this device"), (status = 409, body = ErrorBody, headers(("Upload-Offset" = u64, description = "Where the upload stands: resume from here")), description = "Another offset than the upload's (below it only with Fieldcrew-Resume-Overlap: 1), the upload is complete, or overlap bytes that differ from the stored ones (nothing kept)"), (status = 412, headers(("Tus-Version" = String, description = "1.0.0")), description = "Tus-Resumable missing or not 1.0.0"), (status = 413, body = ErrorBody, description = "The chunk is over the body limit"), (status = 415, body = ErrorBody, description = "Content-Type is not application/offset+octet-stream, or the finished file is not the declared image type"), (status = 422, body = ErrorBody, description = "The finished file is a damaged image or too many pixels"), (status = 460, description = "Checksum mismatch"), (status = 507, body = ErrorBody, headers(("Retry-After" = u64, description = "Seconds")), description = "The server's storage is full; nothing was stored"), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 429, body = ErrorBody, description = "Over the per-token request budget")))]
#[tracing::instrument(skip_all, fields(media = %id))]
pub async fn patch(
    auth: CrewAuth,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<MediaId>,
    headers: HeaderMap,
    body: axum::body::Body,
) -> Result<Response, ApiError> {
    if let Some(response) = unsupported_tus_version(&headers) {
        return Ok(response);
    }
    if header(&headers, "content-type") != Some(OFFSET_OCTET_STREAM) {
        return Err(ApiError::UnsupportedMedia(
            "Content-Type must be application/offset+octet-stream".into(),
        ));
    }
    if load_own(&state, id, &auth).await.is_ok() {
        state.takeovers.take_over(id);
    }
    let _one_chunk_at_a_time = state.upload_lock(id).lock().await;
    let (media, offset) = match patch_may_start(&state, id, &auth, &headers).await {
        Ok(ready) => ready,
        Err(refused) => {
            drain(body, state.settings.max_body_bytes).await;
            return Ok(refused.answer());
        }
    };
    Ok(store_chunk(&state, &media, offset, &headers, body).await?.answer(StatusCode::NO_CONTENT, &[]))
}

/// Receives a chunk at `offset` (the caller holds the upload's lock and
/// checked `chunk_fits`), keeps what arrived, and finishes the upload when
/// it is complete. Answers the new offset.
async fn store_chunk(
    state: &AppState,
    media: &StoredMedia,
    offset: u64,
    headers: &HeaderMap,
    body: axum::body::Body,
) -> Result<Chunk, ApiError> {
    let id = media.id;
    let receiving = state.takeovers.receiving(id);
    let (body, whole) = receive(body, state.settings.max_body_bytes, media.size - offset, &receiving).await?;
    drop(receiving);
    if !whole {
        tracing::info!(kept = body.len(), "PATCH cut short; keeping what arrived");
    }
    if body.is_empty() && !whole {
        return Err(ApiError::BadRequest("the body broke off before its first byte".into()));
    }
    // A chunk's checksum can only be checked on the whole chunk. A prefix
    // cut off by the network is kept unchecked: the whole file is checked
    // against its declared sha256 before it counts, and a mismatch there
    // starts the upload over.
    if let Some(checksum) = header(headers, "upload-checksum").filter(|_| whole) {
        let (algorithm, expected) = checksum.trim().split_once(' ').unwrap_or((checksum.trim(), ""));
        let actual = match algorithm {
            "sha1" => STANDARD.encode(Sha1::digest(&body)),
            "sha256" => STANDARD.encode(Sha256::digest(&body)),
            _ => {
                return Err(ApiError::BadRequest(format!(
                    "Upload-Checksum algorithm `{algorithm}` is not supported; use one of {CHECKSUM_ALGORITHMS}"
                )));
            }
        };
        if actual != expected.trim() {
            return Ok(Chunk::ChecksumMismatch);
        }
    }
    let part = state.uploads_dir().join(format!("{id}.part"));
    let new_offset = offset + body.len() as u64;
    // fieldcrew-overlap: the body starts below the stored offset; its first
    // bytes must be the ones already stored, and only the rest is new.
    let stored = media.offset;
    let overlap = stored.saturating_sub(offset).min(body.len() as u64);
    if offset < stored && new_offset <= stored {
        let same = tokio::task::spawn_blocking(move || same_as_stored(&part, offset, &body))
            .await
            .map_err(|e| ApiError::Internal(e.to_string()))??;
        return Ok(if same { Chunk::Stored(stored) } else { Chunk::OverlapMismatch(stored) });
    }
    let chunk_len = new_offset - stored;
    let appended = tokio::task::spawn_blocking(move || {
        if !same_as_stored(&part, offset, &body[..overlap as usize])? {
            return Ok(false);
        }
        append_chunk(&part, stored, &body[overlap as usize..]).map(|()| true)
    })
    .await
    .map_err(|e| ApiError::Internal(e.to_string()))??; // a full disk is a 507
    if !appended {
        return Ok(Chunk::OverlapMismatch(stored));
    }
    state.metrics.upload_bytes.inc_by(chunk_len);
    let present = new_offset == media.size && finish(state, media).await?;
    let offset_after = if new_offset == media.size && !present { 0 } else { new_offset };
    state.db(move |db| db.set_upload_progress(id, offset_after, present)).await?;
    if present {
        drop_part(state, id);
    }
    if new_offset == media.size && !present {
        return Err(ApiError::Conflict(
            "the whole file does not match its declared sha256; upload it again".into(),
        ));
    }
    Ok(Chunk::Stored(new_offset))
}

/// A PATCH body stops counting as arriving after this long without a byte:
/// a phone whose link died may never close its connection, and what it
/// sent must not wait for TCP to notice.
const BODY_IDLE: std::time::Duration = std::time::Duration::from_secs(30);

/// Reads a PATCH body: `(bytes, true)` when it arrived whole, `(prefix,
/// false)` when the connection broke, went quiet for `BODY_IDLE`, or a newer
/// request for the upload took over first (tus 1.0: the server SHOULD keep
/// what it received). At most `max_body` bytes and `room` (the bytes the
/// upload still lacks).
async fn receive(
    body: axum::body::Body,
    max_body: usize,
    room: u64,
    receiving: &crate::upload_takeover::Receiving,
) -> Result<(Vec<u8>, bool), ApiError> {
    use http_body_util::BodyExt;
    let mut body = body;
    let mut bytes = Vec::new();
    loop {
        let frame = tokio::select! {
            frame = tokio::time::timeout(BODY_IDLE, body.frame()) => frame,
            () = receiving.taken_over() => {
                tracing::info!(kept = bytes.len(), "PATCH taken over by a newer request");
                return Ok((bytes, false));
            }
        };
        let frame = match frame {
            Ok(None) => return Ok((bytes, true)),
            Ok(Some(Ok(frame))) => frame,
            Ok(Some(Err(_))) | Err(_) => return Ok((bytes, false)),
        };
        let Ok(data) = frame.into_data() else { continue };
        bytes.extend_from_slice(&data);
        if bytes.len() > max_body {
            return Err(ApiError::TooLarge(max_body as u64));
        }
        if bytes.len() as u64 > room {
            return Err(ApiError::BadRequest("the chunk goes past Upload-Length".into()));
        }
    }
}

/// Whether `bytes` equal the part file's from `offset` (bytes the server
/// already holds, sent again by a `fieldcrew-overlap` PATCH).
fn same_as_stored(part: &std::path::Path, offset: u64, bytes: &[u8]) -> std::io::Result<bool> {
    use std::io::Read;
    if bytes.is_empty() {
        return Ok(true);
    }
    let mut file = std::fs::File::open(part)?;
    file.seek(SeekFrom::Start(offset))?;
    let mut stored = vec![0; bytes.len()];
    file.read_exact(&mut stored)?;
    Ok(stored == bytes)
}

/// Writes the chunk at `offset` (cutting any tail a crash left past the
/// recorded offset) and fsyncs before the offset is recorded.
fn append_chunk(part: &std::path::Path, offset: u64, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = std::fs::OpenOptions::new().create(true).truncate(false).write(true).open(part)?;
    file.set_len(offset)?;
    file.seek(SeekFrom::Start(offset))?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// The part file of a complete upload, once "complete" is saved. Until
/// then it stays: a kill in between leaves the whole file here, and
/// `upload_recovery` finishes the upload from it without a byte re-sent.
pub(crate) fn drop_part(state: &AppState, id: MediaId) {
    let _ = std::fs::remove_file(state.uploads_dir().join(format!("{id}.part")));
}

/// Checks the complete file against its declared hash and puts it into
/// the media store by that hash (the part file stays until "complete" is
/// saved, see `drop_part`). `false` (and the part file removed) on a
/// mismatch. A store that fails (full disk, S3 down) fails the PATCH with
/// the part file kept, so the phone's next try finishes it.
pub(crate) async fn finish(state: &AppState, media: &StoredMedia) -> Result<bool, ApiError> {
    let part = state.uploads_dir().join(format!("{}.part", media.id));
    let declared = media.sha256.clone();
    let mime = media.mime.clone();
    let checked =
        tokio::task::spawn_blocking(move || -> std::io::Result<Result<Option<Vec<u8>>, Refusal>> {
            let bytes = std::fs::read(&part)?;
            if sha256_hex(&bytes) != declared {
                std::fs::remove_file(&part)?;
                return Ok(Ok(None));
            }
            // The bytes arrived as sent; are they the image they claim to be?
            if let Err(refusal) = crate::media_check::check(&bytes, &mime) {
                std::fs::remove_file(&part)?;
                return Ok(Err(refusal));
            }
            Ok(Ok(Some(bytes)))
        })
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))??;
    match checked {
        Ok(None) => Ok(false),
        Ok(Some(bytes)) => {
            state.media.put(&media.sha256, bytes).await?;
            // A kill here leaves the file in the store and in the part file, the
            // row short of complete: `upload_recovery` finishes it on the next HEAD or PATCH.
            #[cfg(feature = "test-support")]
            if crate::test_support::crash_armed(media.id) {
                return Err(ApiError::Internal("simulated kill after the move into media/".into()));
            }
            Ok(true)
        }
        // Nothing stays: neither the bytes nor the upload (a HEAD says 404,
        // so a client that tries again starts a new upload).
        Err(refusal) => {
            let id = media.id;
            state.db(move |db| db.delete_upload(id)).await?;
            tracing::warn!(media = %id, ?refusal, "finished upload is not the declared image");
            Err(match refusal {
                Refusal::WrongType(why) => ApiError::UnsupportedMedia(why),
                Refusal::Unusable(why) => ApiError::Unprocessable(why),
            })
        }
    }
}

#[utoipa::path(delete, path = "/v1/uploads/{id}", tag = "media", security(("bearer" = [])), params(("id" = uuid::Uuid, Path, description = "The media id"), ("Tus-Resumable" = String, Header, pattern = "^1\\.0\\.0$", description = "tus protocol version: 1.0.0; missing or another answers 412")), responses((status = 204, headers(("Tus-Resumable" = String, description = "1.0.0")), description = "Unfinished upload removed"), (status = 404, body = ErrorBody, description = "No such upload of this device"), (status = 409, body = ErrorBody, description = "A complete file is evidence and is not deleted"), (status = 412, headers(("Tus-Version" = String, description = "1.0.0")), description = "Tus-Resumable missing or not 1.0.0"), (status = 400, body = ErrorBody, description = "The id is not a UUID"), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 429, body = ErrorBody, description = "Over the per-token request budget")))]
pub async fn terminate(
    auth: CrewAuth,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<MediaId>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    if let Some(response) = unsupported_tus_version(&headers) {
        return Ok(response);
    }
    // The chunks' lock: a termination racing the last PATCH must not delete
    // the row while that PATCH moves the finished file in and answers 204.
    let _no_chunk_meanwhile = state.upload_lock(id).lock().await;
    let media = load_own(&state, id, &auth).await?;
    if media.present {
        return Err(ApiError::Conflict("a complete media file is evidence and is not deleted".into()));
    }
    state.db(move |db| db.delete_upload(id)).await?;
    let _ = std::fs::remove_file(state.uploads_dir().join(format!("{id}.part")));
    Ok((StatusCode::NO_CONTENT, tus_headers(&[])).into_response())
}
