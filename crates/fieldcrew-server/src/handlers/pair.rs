//! Pairing a phone with a crew code + PIN, and dispatcher sign-in. Both hand
//! out a random bearer token whose hash alone is stored.

use crate::auth::new_token;
use crate::client_addr::ClientAddr;
use crate::db::{Crew, Dispatcher, Principal, TokenRecord};
use crate::error::{ApiError, ApiJson};
use crate::pairing_lineage::{DEVICE_ID_TAKEN, DeviceIdTaken};
use crate::state::AppState;
use crate::throttle::{account_name, secret_length};
use axum::Json;
use axum::extract::State;
use chrono::{Duration, Utc};
use fieldcrew_domain::hash::sha256_hex;
use fieldcrew_protocol::auth::{DispatcherLogin, DispatcherToken, PairRequest, PairResponse};
use fieldcrew_protocol::error::ErrorBody;

/// Longest name or label kept.
const MAX_NAME: usize = 100;

/// The crew whose code is `code`, in any case (phone keyboards type lower
/// case); an exact match wins should two codes differ only in case.
fn find_crew(crews: Vec<Crew>, code: &str) -> Option<Crew> {
    let lower = code.to_lowercase();
    let mut same_but_case = None;
    for crew in crews {
        if crew.code == code {
            return Some(crew);
        }
        if same_but_case.is_none() && crew.code.to_lowercase() == lower {
            same_but_case = Some(crew);
        }
    }
    same_but_case
}

/// A dispatcher's sign-in (API and console): lengths, then the budgets of
/// `client` and of the account, then the password. Only failures count.
pub async fn check_dispatcher(
    state: &AppState,
    client: std::net::IpAddr,
    username: &str,
    password: &str,
) -> Result<Dispatcher, ApiError> {
    let name = account_name("username", username)?;
    secret_length("password", password)?;
    tracing::Span::current().record("user", name.as_str());
    let mut attempt = state.guesses.begin("dispatcher", &name, client).ok_or(ApiError::RateLimited)?;
    let wanted = username.trim().to_string();
    let account = state.db(move |db| db.dispatcher(&wanted)).await?;
    if account.is_some() && !attempt.of_existing("dispatcher", &name) {
        return Err(ApiError::RateLimited);
    }
    let account = match account {
        Some(a) if state.lanes.verify_secret(password, &a.password_hash).await => a,
        _ => return Err(ApiError::Unauthorized),
    };
    attempt.succeeded();
    Ok(account)
}

#[utoipa::path(post, path = "/v1/pair", tag = "auth", request_body = PairRequest, responses((status = 200, body = PairResponse), (status = 400, body = ErrorBody, description = "A crew code over 64 characters, a PIN over 256, a missing member name"), (status = 401, body = ErrorBody), (status = 409, body = ErrorBody), (status = 415, body = ErrorBody, description = "The body is not application/json"), (status = 429, body = ErrorBody, description = "Too many wrong PINs from this client for the crew, or for the crew from everyone")))]
#[tracing::instrument(skip_all, fields(crew = tracing::field::Empty))]
pub async fn pair(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    ApiJson(req): ApiJson<PairRequest>,
) -> Result<Json<PairResponse>, ApiError> {
    // Lengths first: nothing is keyed, logged or looked up from a huge input.
    let code = account_name("crew_code", &req.crew_code)?;
    secret_length("pin", &req.pin)?;
    if req.member_name.trim().is_empty()
        || req.member_name.chars().count() > MAX_NAME
        || req.device_label.chars().count() > MAX_NAME
    {
        return Err(ApiError::BadRequest(
            "member_name must be 1–100 characters, device_label at most 100".into(),
        ));
    }
    tracing::Span::current().record("crew", code.as_str());
    let mut attempt = state.guesses.begin("crew", &code, client).ok_or(ApiError::RateLimited)?;
    let wanted = req.crew_code.trim().to_string();
    let crew = state.db(move |db| Ok(find_crew(db.crews()?, &wanted))).await?;
    if crew.is_some() && !attempt.of_existing("crew", &code) {
        return Err(ApiError::RateLimited);
    }
    // The same answer for an unknown crew and a wrong PIN: no crew probing.
    let crew = match crew {
        Some(c) if state.lanes.verify_secret(&req.pin, &c.pin_hash).await => c,
        _ => return Err(ApiError::Unauthorized),
    };
    attempt.succeeded();
    let (token, token_hash) = new_token();
    let now = Utc::now();
    let record = TokenRecord {
        token_hash,
        principal: Principal::Device {
            crew_code: crew.code.clone(),
            device_id: req.device_id,
            member_name: req.member_name.trim().to_string(),
            device_label: req.device_label,
        },
        created_at: now,
        expires_at: now + Duration::days(state.settings.device_token_days),
        revoked_at: None,
    };
    let expires_at = record.expires_at;
    let device = req.device_id;
    let presented = req.previous_token.map(|t| sha256_hex(t.trim().as_bytes()));
    match state.db(move |db| db.pair_device(&record, presented.as_deref())).await? {
        Ok(via) => tracing::info!(%device, via = via.as_str(), "device paired"),
        Err(DeviceIdTaken) => {
            tracing::warn!(%device, "pairing refused: the device id has a live token the request did not show");
            return Err(ApiError::Conflict(DEVICE_ID_TAKEN.into()));
        }
    }
    Ok(Json(PairResponse { token, expires_at, crew_code: crew.code, crew_name: crew.name }))
}

#[utoipa::path(post, path = "/v1/dispatcher/login", tag = "auth", request_body = DispatcherLogin, responses((status = 200, body = DispatcherToken), (status = 400, body = ErrorBody, description = "A username over 64 characters or a password over 256"), (status = 401, body = ErrorBody), (status = 415, body = ErrorBody, description = "The body is not application/json"), (status = 429, body = ErrorBody, description = "Too many wrong passwords from this client for the account, or for the account from everyone")))]
#[tracing::instrument(skip_all, fields(user = tracing::field::Empty))]
pub async fn dispatcher_login(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    ApiJson(req): ApiJson<DispatcherLogin>,
) -> Result<Json<DispatcherToken>, ApiError> {
    let account = check_dispatcher(&state, client, &req.username, &req.password).await?;
    let (token, token_hash) = new_token();
    let now = Utc::now();
    let record = TokenRecord {
        token_hash,
        principal: Principal::Dispatcher { username: account.username },
        created_at: now,
        expires_at: now + Duration::hours(state.settings.dispatcher_token_hours),
        revoked_at: None,
    };
    let expires_at = record.expires_at;
    state.db(move |db| db.save_token(&record)).await?;
    Ok(Json(DispatcherToken { token, expires_at }))
}
