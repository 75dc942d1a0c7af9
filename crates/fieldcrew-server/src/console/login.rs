//! Sign in, sign out and the language switch.

use super::i18n::{LANG_COOKIE, Lang};
use super::layout;
use super::session::{
    CheckedForm, LOGIN_CSRF_COOKIE, SESSION_COOKIE, SIGN_IN_PATH, constant_time_eq, cookie, set_cookie,
};
use crate::auth::new_token;
use crate::client_addr::ClientAddr;
use crate::db::{Principal, TokenRecord};
use crate::error::ApiError;
use crate::handlers::pair::check_dispatcher;
use crate::state::AppState;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Duration, Utc};
use maud::html;
use serde::Deserialize;

/// The sign-in form lives this long before its double-submit token expires.
const LOGIN_FORM_SECONDS: i64 = 3600;

pub async fn form(State(state): State<AppState>, headers: HeaderMap) -> Response {
    render(&state, Lang::from_headers(&headers), None, StatusCode::OK)
}

/// The form with a fresh double-submit token in a cookie and a hidden field.
fn render(state: &AppState, lang: Lang, error: Option<&str>, status: StatusCode) -> Response {
    let t = lang.strings();
    let (login_csrf, _) = new_token();
    let body = html! {
        form.card method="post" action=(SIGN_IN_PATH) {
            h1 { (t.sign_in) }
            @if let Some(error) = error { p.message { (error) } }
            input type="hidden" name="csrf" value=(login_csrf);
            label for="username" { (t.username) }
            input #username type="text" name="username" autocomplete="username" required autofocus;
            label for="password" { (t.password) }
            input #password type="password" name="password" autocomplete="current-password" required;
            div.actions { button.primary type="submit" { (t.sign_in) } }
        }
    };
    let mut response = layout::page_with_status(lang, None, t.sign_in, status, body);
    let secure = state.settings.console.secure_cookie;
    let cookie = set_cookie(LOGIN_CSRF_COOKIE, &login_csrf, LOGIN_FORM_SECONDS, secure);
    response.headers_mut().append(header::SET_COOKIE, HeaderValue::from_str(&cookie).expect("ASCII cookie"));
    response
}

#[derive(Deserialize)]
pub struct SignIn {
    #[serde(default)]
    csrf: String,
    username: String,
    password: String,
}

pub async fn submit(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    headers: HeaderMap,
    Form(sign_in): Form<SignIn>,
) -> Response {
    let lang = Lang::from_headers(&headers);
    let t = lang.strings();
    // Double submit: a page on another site can post the form but cannot
    // read or set our cookie, so the two values only match from our own form.
    let expected = cookie(&headers, LOGIN_CSRF_COOKIE).unwrap_or_default();
    if expected.is_empty() || !constant_time_eq(expected.as_bytes(), sign_in.csrf.as_bytes()) {
        return render(&state, lang, Some(t.form_expired), StatusCode::FORBIDDEN);
    }
    let account = match check_dispatcher(&state, client, &sign_in.username, &sign_in.password).await {
        Ok(account) => account,
        Err(ApiError::Unauthorized) => {
            return render(&state, lang, Some(t.wrong_password), StatusCode::UNAUTHORIZED);
        }
        Err(e) => return e.into_response(),
    };
    let (token, token_hash) = new_token();
    let now = Utc::now();
    let lifetime = Duration::hours(state.settings.dispatcher_token_hours);
    let record = TokenRecord {
        token_hash,
        principal: Principal::Dispatcher { username: account.username },
        created_at: now,
        expires_at: now + lifetime,
        revoked_at: None,
    };
    if let Err(e) = state.db(move |db| db.save_token(&record)).await {
        return e.into_response();
    }
    let secure = state.settings.console.secure_cookie;
    let mut response = Redirect::to("/console/board").into_response();
    let headers = response.headers_mut();
    for cookie in [
        set_cookie(SESSION_COOKIE, &token, lifetime.num_seconds(), secure),
        set_cookie(LOGIN_CSRF_COOKIE, "", 0, secure),
    ] {
        headers.append(header::SET_COOKIE, HeaderValue::from_str(&cookie).expect("ASCII cookie"));
    }
    response
}

#[derive(Deserialize)]
pub struct SignOut {}

pub async fn logout(
    State(state): State<AppState>,
    CheckedForm { session, .. }: CheckedForm<SignOut>,
) -> Response {
    // Only a stored revocation ends the session for good: on failure the
    // dispatcher is told, not sent to a sign-in page that suggests it worked.
    if let Err(e) = session.revoke(&state).await {
        return e.into_response();
    }
    let mut response = Redirect::to(SIGN_IN_PATH).into_response();
    let cookie = set_cookie(SESSION_COOKIE, "", 0, state.settings.console.secure_cookie);
    response.headers_mut().append(header::SET_COOKIE, HeaderValue::from_str(&cookie).expect("ASCII cookie"));
    response
}

/// Remembers the language and goes back to the board (or sign-in).
pub async fn switch_language(State(state): State<AppState>, Path(code): Path<String>) -> Response {
    let lang = Lang::from_code(&code).unwrap_or_default();
    let mut response = Redirect::to("/console/board").into_response();
    let secure = state.settings.console.secure_cookie;
    let cookie = set_cookie(LANG_COOKIE, lang.code(), 365 * 24 * 3600, secure);
    response.headers_mut().append(header::SET_COOKIE, HeaderValue::from_str(&cookie).expect("ASCII cookie"));
    response
}
