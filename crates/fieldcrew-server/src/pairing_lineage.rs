//! Whose a device id is. Pushes are deduplicated per `(device_id,
//! device_seq)`, so a second phone paired under a live phone's id could
//! fill its slots first. An id therefore stays with the lineage of its
//! first pairing: pairing it again needs one of its unrevoked tokens, kept
//! by the phone across sign-out, expiry and a change of crew. An id none of
//! whose tokens is live (a dispatcher revoked the phone, or it went unused
//! past expiry) starts afresh: that is also how apps from before this rule,
//! which show no token, pair again.

use chrono::{DateTime, Utc};

/// One stored token of the device id, as far as the rule cares.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenState {
    pub token_hash: String,
    pub revoked: bool,
    pub expires_at: DateTime<Utc>,
}

/// Why a pairing of the device id was accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PairingVia {
    /// The id had never been paired.
    First,
    /// The phone showed one of the id's unrevoked tokens (expired is fine:
    /// it still proves the phone is the one that paired).
    Token,
    /// None of the id's tokens is live: a new lineage starts.
    NoLiveToken,
}

/// The id has a live token and the request showed none of its tokens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DeviceIdTaken;

pub const DEVICE_ID_TAKEN: &str = "this device id is paired already; a dispatcher must revoke it first";

impl PairingVia {
    pub fn as_str(self) -> &'static str {
        match self {
            PairingVia::First => "first",
            PairingVia::Token => "token",
            PairingVia::NoLiveToken => "no_live_token",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [PairingVia::First, PairingVia::Token, PairingVia::NoLiveToken]
            .into_iter()
            .find(|v| v.as_str() == text)
    }
}

/// Whether a pairing of a device id with these tokens may go ahead.
pub fn admit(
    tokens: &[TokenState],
    presented_hash: Option<&str>,
    now: DateTime<Utc>,
) -> Result<PairingVia, DeviceIdTaken> {
    if tokens.is_empty() {
        return Ok(PairingVia::First);
    }
    if tokens.iter().any(|t| !t.revoked && Some(t.token_hash.as_str()) == presented_hash) {
        return Ok(PairingVia::Token);
    }
    if tokens.iter().all(|t| t.revoked || t.expires_at <= now) {
        return Ok(PairingVia::NoLiveToken);
    }
    Err(DeviceIdTaken)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    fn token(hash: &str, revoked: bool, expires_in_days: i64) -> TokenState {
        TokenState {
            token_hash: hash.into(),
            revoked,
            expires_at: Utc::now() + Duration::days(expires_in_days),
        }
    }

    #[test]
    fn a_new_id_pairs_without_proof() {
        assert_eq!(admit(&[], None, Utc::now()), Ok(PairingVia::First));
    }

    #[test]
    fn a_live_id_pairs_again_only_with_one_of_its_unrevoked_tokens() {
        let tokens = [token("old", false, -1), token("live", false, 30)];
        assert_eq!(admit(&tokens, None, Utc::now()), Err(DeviceIdTaken));
        assert_eq!(admit(&tokens, Some("someone else's"), Utc::now()), Err(DeviceIdTaken));
        assert_eq!(admit(&tokens, Some("live"), Utc::now()), Ok(PairingVia::Token));
        assert_eq!(admit(&tokens, Some("old"), Utc::now()), Ok(PairingVia::Token), "expired still proves");
    }

    #[test]
    fn a_revoked_token_proves_nothing_while_another_is_live() {
        let tokens = [token("revoked", true, 30), token("live", false, 30)];
        assert_eq!(admit(&tokens, Some("revoked"), Utc::now()), Err(DeviceIdTaken));
    }

    #[test]
    fn an_id_without_a_live_token_starts_afresh() {
        let tokens = [token("revoked", true, 30), token("expired", false, -1)];
        assert_eq!(admit(&tokens, None, Utc::now()), Ok(PairingVia::NoLiveToken));
    }

    #[test]
    fn how_a_pairing_was_let_in_reads_back() {
        for via in [PairingVia::First, PairingVia::Token, PairingVia::NoLiveToken] {
            assert_eq!(PairingVia::parse(via.as_str()), Some(via));
        }
    }
}
