//! Blocking work in bounded lanes. Storage calls and argon2 checks run off
//! the async threads, but unbounded they turn a storm (a thousand phones
//! pairing on a storm morning) into hundreds of threads queued on one
//! database lock and a gigabyte of argon2 memory, while `/healthz` and every
//! other request wait behind them. Each lane takes a few at a time and
//! queues the rest as cheap async waiters.

use tokio::sync::Semaphore;

pub struct BlockingLanes {
    /// Storage calls at once, as many as the database can take
    /// ([`crate::db::Database::calls_at_once`]): more would only add threads.
    storage: Semaphore,
    /// argon2 checks at once (each ~19 MiB and tens of ms of a core): one
    /// per core, so hashing never takes every core from the other requests.
    secrets: Semaphore,
    /// The checks' working memory, one per lane, reused.
    secret_memory: std::sync::Mutex<Vec<Vec<argon2::Block>>>,
}

impl BlockingLanes {
    /// Lanes letting `storage_calls` storage calls onto blocking threads at once.
    pub fn new(storage_calls: usize) -> Self {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        Self {
            storage: Semaphore::new(storage_calls.max(1)),
            secrets: Semaphore::new(cores.max(1)),
            secret_memory: Default::default(),
        }
    }

    /// Runs storage work `f` on a blocking thread once a lane is free.
    pub async fn storage<T: Send + 'static>(
        &self,
        f: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, tokio::task::JoinError> {
        let _lane = self.storage.acquire().await.expect("the lanes are never closed");
        tokio::task::spawn_blocking(f).await
    }

    /// Whether `secret` matches the argon2 hash `phc`, checked in the
    /// secrets lane with that lane's kept working memory. A check that
    /// panicked is a mismatch.
    pub async fn verify_secret(&self, secret: &str, phc: &str) -> bool {
        let (secret, phc) = (secret.to_string(), phc.to_string());
        let _lane = self.secrets.acquire().await.expect("the lanes are never closed");
        let mut memory = self.memory().pop().unwrap_or_default();
        let checked = tokio::task::spawn_blocking(move || {
            let matches = crate::auth::verify_secret_in(&secret, &phc, &mut memory);
            (matches, memory)
        })
        .await;
        match checked {
            Ok((matches, memory)) => {
                self.memory().push(memory);
                matches
            }
            Err(_) => false,
        }
    }

    fn memory(&self) -> std::sync::MutexGuard<'_, Vec<Vec<argon2::Block>>> {
        self.secret_memory.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// An argon2 hash of `secret`, made in the secrets lane.
    pub async fn hash_secret(&self, secret: &str) -> Result<String, tokio::task::JoinError> {
        let secret = secret.to_string();
        let _lane = self.secrets.acquire().await.expect("the lanes are never closed");
        tokio::task::spawn_blocking(move || crate::auth::hash_secret(&secret)).await
    }
}
