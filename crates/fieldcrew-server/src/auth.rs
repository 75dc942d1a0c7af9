//! Secrets and the authentication extractors. Every protected handler takes
//! `CrewAuth` or `DispatcherAuth` as an argument, so none can forget it.

use crate::db::Principal;
use crate::error::ApiError;
use crate::state::AppState;
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, SaltString};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use base64::Engine;
use chrono::Utc;
use fieldcrew_domain::DeviceId;
use fieldcrew_domain::hash::sha256_hex;
use rand::RngCore;

/// An argon2id PHC string for a password or PIN.
pub fn hash_secret(secret: &str) -> String {
    let salt = SaltString::generate(&mut rand::rngs::OsRng);
    Argon2::default()
        .hash_password(secret.as_bytes(), &salt)
        .expect("argon2 with defaults cannot fail")
        .to_string()
}

pub fn verify_secret(secret: &str, phc: &str) -> bool {
    verify_secret_in(secret, phc, &mut Vec::new())
}

/// `verify_secret` in the caller's argon2 working memory, kept from one
/// check to the next: with a fresh 19 MiB per check, malloc kept them per
/// thread and 1,000 pairings took the server from 10 MB to 964 MB.
pub fn verify_secret_in(secret: &str, phc: &str, memory: &mut Vec<argon2::Block>) -> bool {
    let Ok(hash) = PasswordHash::new(phc) else { return false };
    let (Some(salt), Some(expected)) = (hash.salt, hash.hash) else { return false };
    let (Ok(params), Ok(algorithm)) =
        (argon2::Params::try_from(&hash), argon2::Algorithm::try_from(hash.algorithm))
    else {
        return false;
    };
    let version = match hash.version.map(argon2::Version::try_from) {
        None => argon2::Version::default(),
        Some(Ok(version)) => version,
        Some(Err(_)) => return false,
    };
    let mut salt_bytes = [0u8; 64];
    let Ok(salt) = salt.decode_b64(&mut salt_bytes) else { return false };
    memory.resize(params.block_count(), argon2::Block::default());
    let mut computed = vec![0u8; expected.len()];
    Argon2::new(algorithm, version, params)
        .hash_password_into_with_memory(secret.as_bytes(), salt, &mut computed, memory.as_mut_slice())
        .is_ok()
        // `Output`'s comparison takes the same time wherever they differ.
        && argon2::password_hash::Output::new(&computed).is_ok_and(|computed| computed == expected)
}

/// A new random bearer token and the hash that is stored.
pub fn new_token() -> (String, String) {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let token = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    let hash = sha256_hex(token.as_bytes());
    (token, hash)
}

/// A paired device of a crew.
#[derive(Clone, Debug)]
pub struct CrewAuth {
    pub crew_code: String,
    pub device_id: DeviceId,
    pub member_name: String,
    /// The stored hash of the token used, to tell pairings apart.
    pub token_hash: String,
}

/// A signed-in dispatcher.
#[derive(Clone, Debug)]
pub struct DispatcherAuth {
    pub username: String,
}

/// The token of an `Authorization: Bearer <token>` value; the scheme's
/// case does not matter (RFC 9110 §11.1).
pub fn bearer_token(value: &str) -> Option<&str> {
    let (scheme, token) = value.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

/// The live token's principal and the token's hash.
async fn principal(parts: &Parts, state: &AppState) -> Result<(Principal, String), ApiError> {
    let header = parts.headers.get(axum::http::header::AUTHORIZATION).ok_or(ApiError::Unauthorized)?;
    let token = header.to_str().ok().and_then(bearer_token).ok_or(ApiError::Unauthorized)?;
    let hash = sha256_hex(token.as_bytes());
    let lookup = hash.clone();
    let record = state.db(move |db| db.token(&lookup)).await?.ok_or(ApiError::Unauthorized)?;
    if record.revoked_at.is_some() || record.expires_at <= Utc::now() {
        return Err(ApiError::Unauthorized);
    }
    // Only a live token has a budget: made-up ones cost no memory.
    if !state.token_request_allowed(&hash) {
        return Err(ApiError::RateLimited);
    }
    Ok((record.principal, hash))
}

impl FromRequestParts<AppState> for CrewAuth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        match principal(parts, state).await? {
            (Principal::Device { crew_code, device_id, member_name, .. }, token_hash) => {
                Ok(CrewAuth { crew_code, device_id, member_name, token_hash })
            }
            (Principal::Dispatcher { .. }, _) => Err(ApiError::Forbidden),
        }
    }
}

impl FromRequestParts<AppState> for DispatcherAuth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        match principal(parts, state).await? {
            (Principal::Dispatcher { username }, _) => Ok(DispatcherAuth { username }),
            (Principal::Device { .. }, _) => Err(ApiError::Forbidden),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_verifies_only_against_its_own_hash() {
        let phc = hash_secret("1234");
        assert!(verify_secret("1234", &phc));
        assert!(!verify_secret("1235", &phc));
        assert!(!verify_secret("1234", "not a hash"));
    }

    #[test]
    fn a_pin_matches_its_hash_only_and_a_broken_hash_matches_nothing_with_the_memory_reused() {
        let hash = hash_secret("2468");
        let mut memory = Vec::new();
        for _ in 0..3 {
            assert!(verify_secret_in("2468", &hash, &mut memory));
            assert!(!verify_secret_in("2469", &hash, &mut memory));
            assert!(!verify_secret_in("", &hash, &mut memory));
        }
        assert!(verify_secret("2468", &hash), "the one-off check agrees");
        for broken in ["", "plain text", "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA", &hash[..hash.len() - 4]] {
            assert!(!verify_secret_in("2468", broken, &mut memory), "{broken}");
        }
    }

    #[test]
    fn the_bearer_scheme_is_read_in_any_case() {
        assert_eq!(bearer_token("Bearer abc"), Some("abc"));
        assert_eq!(bearer_token("bearer abc"), Some("abc"));
        assert_eq!(bearer_token("BEARER  abc "), Some("abc"));
        assert_eq!(bearer_token("Basic abc"), None);
        assert_eq!(bearer_token("Bearer "), None);
    }

    #[test]
    fn tokens_are_random_and_only_their_hash_is_kept() {
        let (a, hash_a) = new_token();
        let (b, _) = new_token();
        assert_ne!(a, b);
        assert_eq!(hash_a, sha256_hex(a.as_bytes()));
        assert!(a.len() >= 43);
    }
}
