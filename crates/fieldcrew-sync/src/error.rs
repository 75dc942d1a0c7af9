//! Why a sync attempt stopped. Everything except `NeedsPairing` is worth
//! retrying later; nothing is lost either way, the outbox and media stay.

use fieldcrew_core::MediaId;
use fieldcrew_core::store::StoreError;
use fieldcrew_protocol::error::ErrorBody;

/// 502, 503, 504: a proxy or load balancer in front of the server says it
/// can not reach it.
const GATEWAY_DOWN: [u16; 3] = [502, 503, 504];

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("no connection to the server: {0}")]
    Offline(String),
    #[error("the connection broke during the request: {0}")]
    ConnectionLost(String),
    #[error("the server did not answer in time")]
    Timeout,
    /// No token, or the server revoked or expired it: pair again. Retrying
    /// does not help, so the sync loop stops on it.
    #[error("the phone needs pairing with a crew")]
    NeedsPairing,
    #[error("the crew code or PIN was not accepted: {}", .0.message)]
    PairingRefused(ErrorBody),
    #[error("the server refused the request ({status}): {}", .body.message)]
    Rejected { status: u16, body: ErrorBody },
    #[error("the server failed ({status}): {message}")]
    ServerFault { status: u16, message: String },
    #[error("the server answered something unexpected: {0}")]
    Protocol(String),
    #[error("media {media_id} can not be read on the phone: {reason}")]
    LocalMedia { media_id: MediaId, reason: String },
    #[error("device store: {0}")]
    Store(#[from] StoreError),
}

impl SyncError {
    /// Whether the sync loop should stop and ask the user to pair.
    pub fn needs_pairing(&self) -> bool {
        matches!(self, SyncError::NeedsPairing)
    }

    /// Whether the server could not be reached at all (no network, the
    /// connection broke, no answer in time, or a gateway in front of the
    /// server answering that it is down), as opposed to a server that
    /// answered and failed. The sync loop probes cheaply and often for the
    /// first, and backs off long for the second.
    pub fn is_unreachable(&self) -> bool {
        match self {
            SyncError::Offline(_) | SyncError::ConnectionLost(_) | SyncError::Timeout => true,
            SyncError::ServerFault { status, .. } => GATEWAY_DOWN.contains(status),
            _ => false,
        }
    }

    pub(crate) fn from_transport(e: reqwest::Error) -> Self {
        if e.is_timeout() {
            SyncError::Timeout
        } else if e.is_connect() {
            SyncError::Offline(e.to_string())
        } else if e.is_decode() {
            SyncError::Protocol(e.to_string())
        } else {
            SyncError::ConnectionLost(e.to_string())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_connection_and_a_gateway_saying_the_server_is_down_are_unreachable_other_failures_are_not() {
        let fault = |status| SyncError::ServerFault { status, message: String::new() };
        for unreachable in [SyncError::Offline("refused".into()), SyncError::ConnectionLost("reset".into())] {
            assert!(unreachable.is_unreachable(), "{unreachable}");
        }
        assert!(SyncError::Timeout.is_unreachable());
        assert!([502, 503, 504].into_iter().all(|s| fault(s).is_unreachable()));
        assert!(!fault(500).is_unreachable(), "a server that answers and fails gets the long backoff");
        assert!(!SyncError::Protocol("bad body".into()).is_unreachable());
        assert!(!SyncError::NeedsPairing.is_unreachable());
    }
}
