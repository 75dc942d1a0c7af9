//! What every handler shares.

use crate::db::Database;
use crate::metrics::Metrics;
use crate::settings::Settings;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::num::NonZeroU32;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Token checks between two sweeps of the per-token budgets.
const SWEEP_TOKEN_BUDGETS_EVERY: usize = 1024;

#[derive(Clone)]
pub struct AppState {
    pub db: Arc<dyn Database>,
    /// Finished media files, by sha256 (a folder or an S3 bucket).
    pub media: crate::media_store::MediaStore,
    pub settings: Arc<Settings>,
    /// Per-token request budget, keyed by a live token (checked after the
    /// token is found, so made-up tokens add no keys).
    pub limiter: Arc<DefaultKeyedRateLimiter<crate::throttle::Key>>,
    token_checks: Arc<AtomicUsize>,
    /// Failed guesses allowed per (client, crew code or username) and per
    /// account: a 4-digit PIN must not be brute-forced through pairing or
    /// sign-in, nor a stranger lock a crew out.
    pub guesses: Arc<crate::throttle::Guesses>,
    pub metrics: Arc<Metrics>,
    /// Serialises the chunks of one upload: two copies of the same PATCH
    /// at once (a retry while the first is still being handled) must not
    /// both pass the offset check, or the loser undoes the finished file.
    pub upload_locks: Arc<[tokio::sync::Mutex<()>; UPLOAD_LOCKS]>,
    /// Lets a phone's new request for an upload end a PATCH the server is
    /// still waiting on from a connection that died.
    pub takeovers: Arc<crate::upload_takeover::Takeovers>,
    /// Wakes the crews' held long-polls when their change feed grows.
    pub changes: Arc<dyn crate::change_signal::ChangeSignal>,
    /// Storage calls and argon2 checks, a few at a time.
    pub lanes: Arc<crate::blocking::BlockingLanes>,
}

/// Upload ids are spread over this many locks.
pub const UPLOAD_LOCKS: usize = 64;

impl AppState {
    pub fn new(db: Arc<dyn Database>, media: crate::media_store::MediaStore, settings: Settings) -> Self {
        let changes: Arc<dyn crate::change_signal::ChangeSignal> =
            Arc::new(crate::change_signal::InProcessSignal::default());
        db.signal_changes_to(changes.clone());
        let per_minute = NonZeroU32::new(settings.rate_limit_per_minute.max(1)).expect("at least one");
        Self {
            lanes: Arc::new(crate::blocking::BlockingLanes::new(db.calls_at_once())),
            db,
            media,
            limiter: Arc::new(RateLimiter::keyed(Quota::per_minute(per_minute))),
            token_checks: Arc::new(AtomicUsize::new(0)),
            guesses: Arc::new(crate::throttle::Guesses::default()),
            settings: Arc::new(settings),
            metrics: Arc::new(Metrics::new()),
            upload_locks: Arc::new(std::array::from_fn(|_| tokio::sync::Mutex::new(()))),
            takeovers: Arc::default(),
            changes,
        }
    }

    /// The lock that upload `id`'s chunks take in turn.
    pub fn upload_lock(&self, id: fieldcrew_domain::MediaId) -> &tokio::sync::Mutex<()> {
        &self.upload_locks[(id.0.as_u128() % UPLOAD_LOCKS as u128) as usize]
    }

    /// Counts a request of the live token whose stored hash is
    /// `token_hash`; `false` once its budget for the minute is spent.
    /// Budgets back to full are swept now and then.
    pub fn token_request_allowed(&self, token_hash: &str) -> bool {
        if self.token_checks.fetch_add(1, Ordering::Relaxed).is_multiple_of(SWEEP_TOKEN_BUDGETS_EVERY) {
            self.limiter.retain_recent();
            self.limiter.shrink_to_fit();
        }
        self.limiter.check_key(&crate::throttle::key(&[token_hash.as_bytes()])).is_ok()
    }

    /// The folder of the default media store, named by sha256 (with
    /// `media_url` set elsewhere, finished files are not here: read them
    /// through `media`).
    pub fn media_dir(&self) -> PathBuf {
        self.settings.data_dir.join("media")
    }

    /// Where partial tus uploads live, named by media id.
    pub fn uploads_dir(&self) -> PathBuf {
        self.settings.data_dir.join("uploads")
    }

    /// Runs blocking storage work off the async threads.
    pub async fn db<T: Send + 'static>(
        &self,
        f: impl FnOnce(&dyn Database) -> crate::db::DbResult<T> + Send + 'static,
    ) -> Result<T, crate::error::ApiError> {
        let db = self.db.clone();
        self.lanes
            .storage(move || f(db.as_ref()))
            .await
            .map_err(|e| crate::error::ApiError::Internal(e.to_string()))?
            .map_err(Into::into)
    }
}
