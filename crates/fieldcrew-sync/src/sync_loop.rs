//! Syncing in the background: a pass now, then again after a while; after a
//! failure, retry with growing delays. "A connection returned" or "sync now"
//! wakes it at once. A missing or revoked token ends it: retrying would only
//! repeat the 401 until the user pairs again.

use crate::backoff::Backoff;
use crate::client::SyncClient;
use crate::progress::SyncPhase;
use fieldcrew_core::store::Store;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use tokio::sync::Notify;

/// A handle to wake or stop the loop; clone it freely.
#[derive(Clone, Debug, Default)]
pub struct SyncTrigger {
    wake: Arc<Notify>,
    stopped: Arc<AtomicBool>,
}

impl SyncTrigger {
    pub fn new() -> Self {
        Self::default()
    }

    /// Start a pass now (the network came back, the user asked). A wake
    /// during a pass makes the next pass start right after it.
    pub fn sync_now(&self) {
        self.wake.notify_one();
    }

    /// End the loop after the current pass.
    pub fn shutdown(&self) {
        self.stopped.store(true, Ordering::SeqCst);
        self.wake.notify_one();
    }

    fn is_stopped(&self) -> bool {
        self.stopped.load(Ordering::SeqCst)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LoopExit {
    Shutdown,
    /// Pair again, then start a new loop.
    NeedsPairing,
}

/// Runs passes until shut down or the phone needs pairing. Progress and
/// errors are published on `client.progress()`.
pub async fn sync_loop(client: &SyncClient, store: &mut Store, trigger: SyncTrigger) -> LoopExit {
    let config = client.config();
    let mut backoff = Backoff::new(config.retry_base, config.retry_cap);
    loop {
        if trigger.is_stopped() {
            return LoopExit::Shutdown;
        }
        let wait = match client.sync_once(store).await {
            Ok(_) => {
                backoff.reset();
                config.idle_interval
            }
            Err(e) if e.needs_pairing() => return LoopExit::NeedsPairing,
            Err(_) => {
                let retry_in = backoff.next_delay();
                let failures = backoff.failures();
                client.progress.send_modify(|p| p.phase = SyncPhase::WaitingToRetry { failures, retry_in });
                retry_in
            }
        };
        tokio::select! {
            _ = trigger.wake.notified() => {}
            _ = tokio::time::sleep(wait) => {}
        }
    }
}
