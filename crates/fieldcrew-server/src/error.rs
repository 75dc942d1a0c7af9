//! One error type for every handler, answered as `ErrorBody` JSON with an
//! explicit status. Only a real internal fault answers 5xx.

use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use fieldcrew_protocol::error::ErrorBody;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    BadRequest(String),
    #[error("sign in or pair the device first")]
    Unauthorized,
    #[error("this account may not do that")]
    Forbidden,
    /// Forbidden, saying why.
    #[error("{0}")]
    ForbiddenBecause(String),
    #[error("{0} not found")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error("the request body is larger than {0} bytes")]
    TooLarge(u64),
    #[error("the file is larger than {0} bytes (Tus-Max-Size)")]
    FileTooLarge(u64),
    #[error("{0}")]
    UnsupportedMedia(String),
    /// Well-formed, but not usable as what it claims (a damaged image).
    #[error("{0}")]
    Unprocessable(String),
    #[error("too many requests; slow down")]
    RateLimited,
    /// The disk is full: writes wait, reads go on.
    #[error("the server's storage is full; nothing was stored, try again later")]
    StorageFull,
    #[error("internal error")]
    Internal(String),
    /// The write kept losing races with others at the same moment (a storm
    /// of pushes onto the same orders): nothing was stored, try again soon.
    #[error("the server is busy with the same records; nothing was stored, try again shortly")]
    Busy,
    /// The media store (S3) did not answer: what was sent is kept.
    #[error("the media store can not be reached; what was sent is kept, try again later")]
    MediaStoreUnavailable(String),
    /// The media store refused (credentials, a missing bucket): what was
    /// sent is kept, but only the operator can fix it.
    #[error(
        "the media store refused the request; what was sent is kept, the server's media settings need a look"
    )]
    MediaStoreFailed(String),
}

impl ApiError {
    fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            ApiError::BadRequest(_) => (StatusCode::BAD_REQUEST, "bad_request"),
            ApiError::Unauthorized => (StatusCode::UNAUTHORIZED, "unauthorized"),
            ApiError::Forbidden | ApiError::ForbiddenBecause(_) => (StatusCode::FORBIDDEN, "forbidden"),
            ApiError::NotFound(_) => (StatusCode::NOT_FOUND, "not_found"),
            ApiError::Conflict(_) => (StatusCode::CONFLICT, "conflict"),
            ApiError::TooLarge(_) | ApiError::FileTooLarge(_) => (StatusCode::PAYLOAD_TOO_LARGE, "too_large"),
            ApiError::UnsupportedMedia(_) => (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type"),
            ApiError::Unprocessable(_) => (StatusCode::UNPROCESSABLE_ENTITY, "unprocessable"),
            ApiError::RateLimited => (StatusCode::TOO_MANY_REQUESTS, "rate_limited"),
            ApiError::StorageFull => (StatusCode::INSUFFICIENT_STORAGE, "storage_full"),
            ApiError::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
            ApiError::Busy => (StatusCode::SERVICE_UNAVAILABLE, "busy"),
            ApiError::MediaStoreUnavailable(_) => {
                (StatusCode::SERVICE_UNAVAILABLE, "media_store_unavailable")
            }
            ApiError::MediaStoreFailed(_) => (StatusCode::INTERNAL_SERVER_ERROR, "media_store_failed"),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        if let ApiError::Internal(detail) | ApiError::MediaStoreFailed(detail) = &self {
            tracing::error!(%detail, "{self}");
        }
        if let ApiError::MediaStoreUnavailable(detail) = &self {
            tracing::warn!(%detail, "{self}");
        }
        let body = ErrorBody { error: code.to_string(), message: self.to_string() };
        let mut response = (status, axum::Json(body)).into_response();
        if let ApiError::StorageFull = self {
            tracing::error!("storage full: a write was refused");
            response.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from_static(STORAGE_FULL_RETRY_AFTER_S),
            );
        }
        if let ApiError::Busy = self {
            tracing::warn!("a write lost every race it ran; answered busy");
            response.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from_static(BUSY_RETRY_AFTER_S),
            );
        }
        if let ApiError::MediaStoreUnavailable(_) = self {
            response.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from_static(MEDIA_STORE_RETRY_AFTER_S),
            );
        }
        response
    }
}

/// How long a phone waits before writing again to a full disk, seconds.
const STORAGE_FULL_RETRY_AFTER_S: &str = "300";
/// Races over the same records pass within seconds.
const BUSY_RETRY_AFTER_S: &str = "5";
/// A media store that did not answer is usually back within a minute.
const MEDIA_STORE_RETRY_AFTER_S: &str = "30";

impl From<std::io::Error> for ApiError {
    fn from(e: std::io::Error) -> Self {
        // ENOSPC (no blocks or no inodes left) and EDQUOT alike.
        if matches!(e.kind(), std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded) {
            ApiError::StorageFull
        } else {
            ApiError::Internal(e.to_string())
        }
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        match rejection.status() {
            // Only the extractor knows the limit: see `ApiJson`.
            StatusCode::PAYLOAD_TOO_LARGE => ApiError::TooLarge(0),
            StatusCode::UNSUPPORTED_MEDIA_TYPE => ApiError::UnsupportedMedia(rejection.body_text()),
            _ => ApiError::BadRequest(rejection.body_text()),
        }
    }
}

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> Self {
        ApiError::BadRequest(rejection.body_text())
    }
}

impl From<crate::db::DbError> for ApiError {
    fn from(e: crate::db::DbError) -> Self {
        use crate::db::DbError;
        match e {
            DbError::Sql(fieldcrew_sql::SqlError::Full(_)) => ApiError::StorageFull,
            DbError::Sql(fieldcrew_sql::SqlError::Conflict(_)) => ApiError::Busy,
            DbError::Io(e) => e.into(),
            e => ApiError::Internal(e.to_string()),
        }
    }
}

/// A JSON body whose rejections answer as `ErrorBody`; one over the body
/// limit says what the limit is.
pub struct ApiJson<T>(pub T);

impl<T: serde::de::DeserializeOwned> FromRequest<AppState> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(request, state).await {
            Ok(axum::Json(value)) => Ok(ApiJson(value)),
            Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                Err(ApiError::TooLarge(state.settings.max_body_bytes as u64))
            }
            Err(rejection) => Err(rejection.into()),
        }
    }
}

/// A raw body (a tus chunk) whose rejections answer as `ErrorBody`.
pub struct ApiBytes(pub Bytes);

impl FromRequest<AppState> for ApiBytes {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        match Bytes::from_request(request, state).await {
            Ok(bytes) => Ok(ApiBytes(bytes)),
            Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                Err(ApiError::TooLarge(state.settings.max_body_bytes as u64))
            }
            Err(rejection) => Err(ApiError::BadRequest(rejection.body_text())),
        }
    }
}

/// A query string whose rejections answer as `ErrorBody`.
#[derive(axum::extract::FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiError))]
pub struct ApiQuery<T>(pub T);

/// A path parameter whose rejections answer as `ErrorBody`.
#[derive(axum::extract::FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub struct ApiPath<T>(pub T);

impl From<axum::extract::rejection::PathRejection> for ApiError {
    fn from(rejection: axum::extract::rejection::PathRejection) -> Self {
        ApiError::BadRequest(rejection.body_text())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_write_that_lost_every_race_asks_the_phone_to_come_back_in_seconds_not_a_server_fault() {
        let lost = crate::db::DbError::Sql(fieldcrew_sql::SqlError::Conflict("40001".into()));
        let response = ApiError::from(lost).into_response();
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(response.headers()[axum::http::header::RETRY_AFTER], "5");
    }
}
