//! Syncing in the background: a pass now, then again after a while. A pass
//! that failed after moving something (records pushed, photo bytes stored)
//! is retried at once, with the delays below back at their start. After a
//! failure the server answered (a 5xx, a refusal), retry the pass with
//! growing delays up to `retry_cap`. When the server could not be reached
//! at all, ask it `GET /healthz` every few seconds instead (`probe_base`
//! growing to `probe_cap`) and start a pass as soon as it answers, so a
//! phone back in coverage syncs within seconds, not minutes. "A connection
//! returned" or "sync now" wakes it at once. A missing or revoked token
//! ends it: retrying would only repeat the 401 until the user pairs again.
//!
//! With `long_poll` set, the idle wait between passes is spent holding a
//! long-poll: an order assigned meanwhile is stored as soon as the server
//! answers, and a pass follows at once (receipts up, the rest pulled). A
//! wake ("sync now" after a record) drops the held request, so a record
//! never waits behind it. A cut long-poll is not a failed pass: after a
//! short pause the loop makes a pass, which finds out whether the link is
//! really down (and only then probes and backs off).

use crate::backoff::Backoff;
use crate::client::SyncClient;
use crate::long_poll::{PollFrom, Polled};
use crate::progress::SyncPhase;
use chrono::{DateTime, Utc};
use fieldcrew_core::store::Store;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
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
        tracing::debug!("sync now");
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

    /// Waits for `delay` or a wake, whichever comes first; `true` if woken.
    async fn wait(&self, delay: Duration) -> bool {
        tokio::select! {
            _ = self.wake.notified() => true,
            _ = tokio::time::sleep(delay) => false,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LoopExit {
    Shutdown,
    /// Pair again, then start a new loop.
    NeedsPairing,
}

/// Publishes "waiting to retry" with the instant the next attempt starts.
fn announce(client: &SyncClient, failures: u32, retry_in: Duration, unreachable: bool) {
    let retry_at = chrono::Duration::from_std(retry_in)
        .ok()
        .and_then(|d| Utc::now().checked_add_signed(d))
        .unwrap_or(DateTime::<Utc>::MAX_UTC);
    client
        .progress
        .send_modify(|p| p.phase = SyncPhase::WaitingToRetry { failures, retry_in, retry_at, unreachable });
}

/// Whether the pass that just ended pushed records or got bytes of a file
/// stored.
fn moved_something(client: &SyncClient) -> bool {
    let progress = client.progress.borrow();
    progress.items_pushed > 0 || progress.bytes_uploaded > 0
}

/// The wait between two good passes: `idle_interval`, spent holding
/// long-polls when configured. Returns when a pass is due.
async fn idle(client: &SyncClient, store: &mut Store, trigger: &SyncTrigger) {
    let config = client.config();
    let until = tokio::time::Instant::now() + config.idle_interval;
    let Some(wait) = config.long_poll else {
        trigger.wait(config.idle_interval).await;
        return;
    };
    loop {
        let left = until.saturating_duration_since(tokio::time::Instant::now());
        if left.is_zero() || trigger.is_stopped() {
            return;
        }
        let from = match PollFrom::read(store) {
            Ok(from) => from,
            // No token or an unreadable store: the pass reports it.
            Err(_) => return,
        };
        let polled = tokio::select! {
            _ = trigger.wake.notified() => {
                tracing::debug!("woken: the long-poll is dropped for a pass");
                return;
            }
            polled = client.long_poll(store, from, wait.min(left)) => polled,
        };
        tracing::debug!(?polled, "long-poll ended");
        match polled {
            Ok(Polled::Nothing) => continue,
            Ok(Polled::NotHeld) => {
                trigger.wait(left).await;
                return;
            }
            Ok(Polled::Changes) => return,
            // The pass asks again and reports the 401.
            Err(e) if e.needs_pairing() => return,
            // Cut (a dead link, a proxy dropping a quiet connection) or
            // refused: a short pause, then a pass, which finds out whether
            // the server can be reached.
            Err(_) => {
                trigger.wait(config.probe_base.min(left)).await;
                return;
            }
        }
    }
}

/// Runs passes until shut down or the phone needs pairing. Progress and
/// errors are published on `client.progress()`.
pub async fn sync_loop(client: &SyncClient, store: &mut Store, trigger: SyncTrigger) -> LoopExit {
    let config = client.config();
    let mut backoff = Backoff::new(config.retry_base, config.retry_cap);
    // Reset only by a pass that succeeds: a link where the probe gets
    // through but every pass breaks settles at `probe_cap`, not at 2 s.
    let mut probes = Backoff::new(config.probe_base, config.probe_cap);
    loop {
        if trigger.is_stopped() {
            return LoopExit::Shutdown;
        }
        let pass = client.sync_once(store).await;
        match &pass {
            Ok(report) => tracing::debug!(?report, "pass done"),
            Err(e) => tracing::debug!(error = %e, "pass failed"),
        }
        match pass {
            Ok(_) => {
                backoff.reset();
                probes.reset();
                idle(client, store, &trigger).await;
            }
            Err(e) if e.needs_pairing() => return LoopExit::NeedsPairing,
            // The pass broke off but moved something (records pushed, bytes
            // of a photo stored): the link works, if badly. Go again at
            // once; waiting is for failures that moved nothing.
            Err(_) if moved_something(client) => {
                backoff.reset();
                probes.reset();
            }
            // Probe until the server answers (then pass again) or a wake.
            Err(e) if e.is_unreachable() => loop {
                let retry_in = probes.next_delay();
                announce(client, probes.failures(), retry_in, true);
                if trigger.wait(retry_in).await || trigger.is_stopped() || client.probe().await {
                    break;
                }
            },
            Err(_) => {
                let retry_in = backoff.next_delay();
                announce(client, backoff.failures(), retry_in, false);
                trigger.wait(retry_in).await;
            }
        }
    }
}
