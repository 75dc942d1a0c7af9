//! What every handler shares.

use crate::db::Database;
use crate::metrics::Metrics;
use crate::settings::Settings;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::num::NonZeroU32;
use std::path::PathBuf;
use std::sync::Arc;

/// Sign-in and pairing attempts per account per minute.
const GUESSES_PER_MINUTE: u32 = 10;

#[derive(Clone)]
pub struct AppState {
    pub db: Arc<dyn Database>,
    pub settings: Arc<Settings>,
    /// Per-token request budget.
    pub limiter: Arc<DefaultKeyedRateLimiter<String>>,
    /// Guesses allowed per crew code or username: a 4-digit PIN must not be
    /// brute-forced through pairing or sign-in.
    pub secret_guesses: Arc<DefaultKeyedRateLimiter<String>>,
    pub metrics: Arc<Metrics>,
    /// Serialises the chunks of one upload: two copies of the same PATCH
    /// at once (a retry while the first is still being handled) must not
    /// both pass the offset check, or the loser undoes the finished file.
    pub upload_locks: Arc<[tokio::sync::Mutex<()>; UPLOAD_LOCKS]>,
}

/// Upload ids are spread over this many locks.
pub const UPLOAD_LOCKS: usize = 64;

impl AppState {
    pub fn new(db: Arc<dyn Database>, settings: Settings) -> Self {
        let per_minute = NonZeroU32::new(settings.rate_limit_per_minute.max(1)).expect("at least one");
        Self {
            db,
            limiter: Arc::new(RateLimiter::keyed(Quota::per_minute(per_minute))),
            secret_guesses: Arc::new(RateLimiter::keyed(Quota::per_minute(
                NonZeroU32::new(GUESSES_PER_MINUTE).expect("non-zero"),
            ))),
            settings: Arc::new(settings),
            metrics: Arc::new(Metrics::new()),
            upload_locks: Arc::new(std::array::from_fn(|_| tokio::sync::Mutex::new(()))),
        }
    }

    /// The lock that upload `id`'s chunks take in turn.
    pub fn upload_lock(&self, id: fieldcrew_core::MediaId) -> &tokio::sync::Mutex<()> {
        &self.upload_locks[(id.0.as_u128() % UPLOAD_LOCKS as u128) as usize]
    }

    /// Refuses a secret check for `account` once it had too many tries.
    pub fn allow_guess(&self, account: &str) -> Result<(), crate::error::ApiError> {
        self.secret_guesses
            .check_key(&account.to_lowercase())
            .map_err(|_| crate::error::ApiError::RateLimited)
    }

    /// Where complete media files live, named by sha256.
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
        tokio::task::spawn_blocking(move || f(db.as_ref()))
            .await
            .map_err(|e| crate::error::ApiError::Internal(e.to_string()))?
            .map_err(Into::into)
    }
}
