//! What every handler shares.

use crate::db::Database;
use crate::metrics::Metrics;
use crate::settings::Settings;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::num::NonZeroU32;
use std::path::PathBuf;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    pub db: Arc<dyn Database>,
    pub settings: Arc<Settings>,
    /// Per-token request budget.
    pub limiter: Arc<DefaultKeyedRateLimiter<String>>,
    pub metrics: Arc<Metrics>,
}

impl AppState {
    pub fn new(db: Arc<dyn Database>, settings: Settings) -> Self {
        let per_minute = NonZeroU32::new(settings.rate_limit_per_minute.max(1)).expect("at least one");
        Self {
            db,
            limiter: Arc::new(RateLimiter::keyed(Quota::per_minute(per_minute))),
            settings: Arc::new(settings),
            metrics: Arc::new(Metrics::new()),
        }
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
