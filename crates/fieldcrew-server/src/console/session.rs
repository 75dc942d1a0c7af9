//! Console sessions: a dispatcher token (the same records the API uses) kept
//! in an HttpOnly cookie, the CSRF token derived from it, and the extractors
//! every console handler takes so that none can skip the checks.

use super::i18n::Lang;
use super::layout;
use crate::db::Principal;
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use fieldcrew_domain::hash::sha256_hex;
use serde::de::DeserializeOwned;

pub const SESSION_COOKIE: &str = "fc_session";
/// Double-submit token of the sign-in form (there is no session yet).
pub const LOGIN_CSRF_COOKIE: &str = "fc_login_csrf";
pub const SIGN_IN_PATH: &str = "/console/login";

/// A signed-in dispatcher, from the session cookie.
#[derive(Clone, Debug)]
pub struct ConsoleSession {
    pub username: String,
    pub token_hash: String,
    /// The value every form of this session must post back.
    pub csrf: String,
    pub lang: Lang,
}

impl ConsoleSession {
    pub fn csrf_matches(&self, posted: &str) -> bool {
        constant_time_eq(self.csrf.as_bytes(), posted.as_bytes())
    }

    /// Ends the session: its token is revoked in the database, so neither
    /// a copied cookie nor a server restart brings it back.
    pub async fn revoke(&self, state: &AppState) -> Result<(), crate::error::ApiError> {
        let token_hash = self.token_hash.clone();
        state.db(move |db| db.revoke_token(&token_hash, Utc::now())).await?;
        Ok(())
    }
}

/// The CSRF token of a session: derived from the session token, which only
/// the HttpOnly cookie carries, so another site can neither read nor forge it.
pub fn csrf_for(session_token: &str) -> String {
    sha256_hex(format!("fieldcrew-console-csrf\n{session_token}").as_bytes())
}

pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A cookie's value from the request's `Cookie` headers.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|h| h.to_str().ok())
        .flat_map(|h| h.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_string())
}

/// A `Set-Cookie` value scoped to the console.
pub fn set_cookie(name: &str, value: &str, max_age_s: i64, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{name}={value}; Max-Age={max_age_s}; Path=/console; HttpOnly; SameSite=Strict{secure}")
}

/// What a token stands for, if it is live. A spent rate budget refuses.
async fn live_principal(state: &AppState, token: &str) -> Result<Option<(Principal, String)>, Response> {
    let hash = sha256_hex(token.trim().as_bytes());
    let lookup = hash.clone();
    let record = state
        .db(move |db| db.token(&lookup))
        .await
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())?;
    let live = record.filter(|r| r.revoked_at.is_none() && r.expires_at > Utc::now());
    // Only a live token has a budget: made-up ones cost no memory.
    if live.is_some() && !state.token_request_allowed(&hash) {
        return Err(StatusCode::TOO_MANY_REQUESTS.into_response());
    }
    Ok(live.map(|r| (r.principal, hash)))
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    crate::auth::bearer_token(headers.get(header::AUTHORIZATION)?.to_str().ok()?)
}

fn forbidden(lang: Lang) -> Response {
    let t = lang.strings();
    layout::message_page(lang, StatusCode::FORBIDDEN, t.forbidden)
}

impl FromRequestParts<AppState> for ConsoleSession {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let lang = Lang::from_headers(&parts.headers);
        // The console is for dispatchers: a crew's token, however it comes, is refused.
        if let Some(token) = bearer(&parts.headers)
            && let Some((Principal::Device { .. }, ..)) = live_principal(state, token).await?
        {
            return Err(forbidden(lang));
        }
        let Some(token) = cookie(&parts.headers, SESSION_COOKIE) else {
            return Err(Redirect::to(SIGN_IN_PATH).into_response());
        };
        match live_principal(state, &token).await? {
            Some((Principal::Dispatcher { username }, token_hash)) => {
                Ok(ConsoleSession { username, token_hash, csrf: csrf_for(&token), lang })
            }
            Some((Principal::Device { .. }, ..)) => Err(forbidden(lang)),
            None => Err(Redirect::to(SIGN_IN_PATH).into_response()),
        }
    }
}

/// A form posted by a signed-in dispatcher whose CSRF field matched.
pub struct CheckedForm<T> {
    pub session: ConsoleSession,
    pub form: T,
}

#[derive(serde::Deserialize)]
struct CsrfField {
    #[serde(default)]
    csrf: String,
}

impl<T: DeserializeOwned> FromRequest<AppState> for CheckedForm<T> {
    type Rejection = Response;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = request.into_parts();
        let session = ConsoleSession::from_request_parts(&mut parts, state).await?;
        let bytes = Bytes::from_request(Request::from_parts(parts, body), state)
            .await
            .map_err(IntoResponse::into_response)?;
        let posted: CsrfField =
            serde_urlencoded::from_bytes(&bytes).map_err(|_| StatusCode::BAD_REQUEST.into_response())?;
        if !session.csrf_matches(&posted.csrf) {
            return Err(layout::message_page(
                session.lang,
                StatusCode::FORBIDDEN,
                session.lang.strings().form_expired,
            ));
        }
        let form = serde_urlencoded::from_bytes(&bytes)
            .map_err(|e| layout::message_page(session.lang, StatusCode::BAD_REQUEST, &e.to_string()))?;
        Ok(CheckedForm { session, form })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn a_cookie_is_found_among_others() {
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, HeaderValue::from_static("a=1; fc_session=tok; b=2"));
        assert_eq!(cookie(&headers, SESSION_COOKIE).as_deref(), Some("tok"));
        assert_eq!(cookie(&headers, "fc"), None);
    }

    #[test]
    fn session_cookies_are_http_only_strict_and_secure_only_when_asked() {
        let plain = set_cookie(SESSION_COOKIE, "t", 60, false);
        assert!(
            plain.contains("HttpOnly")
                && plain.contains("SameSite=Strict")
                && plain.contains("Path=/console")
        );
        assert!(!plain.contains("Secure"));
        assert!(set_cookie(SESSION_COOKIE, "t", 60, true).ends_with("; Secure"));
    }

    #[test]
    fn the_csrf_token_belongs_to_one_session() {
        assert_eq!(csrf_for("a"), csrf_for("a"));
        assert_ne!(csrf_for("a"), csrf_for("b"));
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd") && !constant_time_eq(b"abc", b"ab"));
    }
}
