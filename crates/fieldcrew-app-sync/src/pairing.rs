//! One pairing attempt from the pairing screen, on the sync thread: the
//! server's answer turned into what the crew should do next. Only a
//! successful pairing writes to the store.

use fieldcrew_core::Store;
use fieldcrew_core::clock::SystemClock;
use fieldcrew_core::store::SignIn;
use fieldcrew_sync::{SyncClient, SyncConfig, SyncError};
use fieldcrew_ui::pairing::{PairAttempt, PairOutcome};
use std::sync::Arc;
use std::time::Duration;

/// 429: the server's limit on crew PIN guesses.
const TOO_MANY_REQUESTS: u16 = 429;

fn has_http_scheme(server: &str) -> bool {
    let lower = server.to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

fn outcome_of(error: SyncError) -> PairOutcome {
    match error {
        SyncError::PairingRefused(_) => PairOutcome::Refused,
        SyncError::Rejected { status: TOO_MANY_REQUESTS, .. } => PairOutcome::TooManyTries,
        SyncError::Offline(_) | SyncError::Timeout | SyncError::ConnectionLost(_) => PairOutcome::Unreachable,
        other => PairOutcome::Failed(other.to_string()),
    }
}

/// Pairs with the server the crew typed, and remembers it with the member's
/// name for the next start.
pub(crate) async fn pair(store: &mut Store, attempt: &PairAttempt) -> PairOutcome {
    if !has_http_scheme(&attempt.server) {
        return PairOutcome::InvalidServer;
    }
    // The crew is watching "pairing…": give up sooner than a sync pass would.
    let config = SyncConfig {
        connect_timeout: Duration::from_secs(10),
        request_timeout: Duration::from_secs(30),
        ..SyncConfig::default()
    };
    let Ok(client) = SyncClient::new(&attempt.server, Arc::new(SystemClock), config) else {
        return PairOutcome::InvalidServer;
    };
    let label = format!("fieldcrew {}", std::env::consts::OS);
    let answer =
        match client.pair(store, &attempt.crew_code, &attempt.pin, &attempt.member_name, &label).await {
            Ok(answer) => answer,
            Err(e) => return outcome_of(e),
        };
    let sign_in = SignIn {
        server: attempt.server.clone(),
        crew_code: answer.crew_code.clone(),
        member_name: attempt.member_name.clone(),
    };
    match store.set_sign_in(&sign_in) {
        Ok(()) => PairOutcome::Paired { crew_code: answer.crew_code, crew_name: answer.crew_name },
        Err(e) => PairOutcome::Failed(e.to_string()),
    }
}
