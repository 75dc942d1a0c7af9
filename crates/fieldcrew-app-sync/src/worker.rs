//! The sync thread's life: wait to be paired (by the pairing screen or the
//! demo's auto-pair), sync until the server refuses the token or the crew
//! signs out, then wait to be paired again. Pairing requests are answered
//! even while a pass is running, so the screen never waits on a long upload.

use crate::AutoPair;
use crate::pairing;
use crate::view::{failed, needs_pairing, view_of};
use fieldcrew_core::Store;
use fieldcrew_core::clock::SystemClock;
use fieldcrew_sync::{LoopExit, SyncClient, SyncConfig, SyncProgress, SyncTrigger, sync_loop};
use fieldcrew_ui::SyncView;
use fieldcrew_ui::pairing::{PairAttempt, PairOutcome};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{mpsc, oneshot, watch};

pub(crate) type PairRequest = (PairAttempt, oneshot::Sender<PairOutcome>);

pub(crate) struct Worker {
    pub dir: PathBuf,
    /// The server from config or env; a sign-in on the phone wins over it.
    pub configured_server: Option<String>,
    pub auto_pair: Option<AutoPair>,
    pub trigger: SyncTrigger,
    pub publish: watch::Sender<SyncView>,
    pub requests: mpsc::UnboundedReceiver<PairRequest>,
}

/// What ended a stretch of syncing.
enum Interrupt {
    Loop(LoopExit),
    Pair(Option<PairRequest>),
    /// Nobody watches the status any more: the app is gone.
    Unwatched,
}

fn server_of(store: &Store, configured: &Option<String>) -> Option<String> {
    store.sign_in().ok().flatten().map(|s| s.server).or_else(|| configured.clone())
}

async fn forward(mut progress: watch::Receiver<SyncProgress>, publish: &watch::Sender<SyncView>) {
    while progress.changed().await.is_ok() {
        if publish.send(view_of(&progress.borrow_and_update())).is_err() {
            return;
        }
    }
}

async fn answer(store: &mut Store, (attempt, reply): PairRequest) {
    let outcome = pairing::pair(store, &attempt).await;
    // The screen may have gone meanwhile; the pairing stands either way.
    let _ = reply.send(outcome);
}

impl Worker {
    pub(crate) async fn run(mut self) {
        let mut store = match Store::open(&self.dir) {
            Ok(store) => store,
            Err(e) => return drop(self.publish.send(failed(e.to_string()))),
        };
        // Idle passes every two minutes: new orders reach the crew soon
        // without keeping the radio busy. Offline, the loop asks the server's
        // /healthz every 2 s growing to 10 s (`probe_base`, `probe_cap`) and
        // syncs as soon as it answers; the long backoff (up to 5 minutes) is
        // only for a server that answers with failures.
        // Between passes a long-poll is held (50 s at a time, under the
        // server's 60 s cap and the idle timeouts of carrier NATs), so an
        // assigned order arrives in about one round trip.
        let config = SyncConfig {
            idle_interval: Duration::from_secs(120),
            long_poll: Some(Duration::from_secs(50)),
            ..SyncConfig::default()
        };
        loop {
            let paired = store.pairing().ok().flatten().is_some();
            let server = server_of(&store, &self.configured_server);
            let client = server.as_deref().map(|s| SyncClient::new(s, Arc::new(SystemClock), config.clone()));
            let client = match (paired, client) {
                (true, Some(Ok(client))) => client,
                (false, Some(Ok(client))) if self.auto_pair.is_some() => {
                    self.auto_pair(&client, &mut store).await;
                    continue;
                }
                (_, Some(Err(e))) => {
                    let _ = self.publish.send(failed(e.to_string()));
                    if !self.wait_for_pairing(&mut store).await {
                        return;
                    }
                    continue;
                }
                _ => {
                    let _ = self.publish.send(needs_pairing(&store));
                    if !self.wait_for_pairing(&mut store).await {
                        return;
                    }
                    continue;
                }
            };
            let interrupt = tokio::select! {
                exit = sync_loop(&client, &mut store, self.trigger.clone()) => Interrupt::Loop(exit),
                request = self.requests.recv() => Interrupt::Pair(request),
                () = forward(client.progress(), &self.publish) => Interrupt::Unwatched,
            };
            match interrupt {
                Interrupt::Loop(LoopExit::Shutdown) | Interrupt::Pair(None) | Interrupt::Unwatched => return,
                // Refused or signed out: the token is worthless now. Forget
                // it so the next start opens on the pairing screen; the
                // outbox, orders and media stay.
                Interrupt::Loop(LoopExit::NeedsPairing) => {
                    let _ = store.clear_token();
                }
                Interrupt::Pair(Some(request)) => answer(&mut store, request).await,
            }
        }
    }

    /// Answers one pairing request; `false` when the app has gone.
    async fn wait_for_pairing(&mut self, store: &mut Store) -> bool {
        match self.requests.recv().await {
            Some(request) => {
                answer(store, request).await;
                true
            }
            None => false,
        }
    }

    /// The demo pairs by itself; the server may still be starting, so it
    /// tries until it answers.
    async fn auto_pair(&self, client: &SyncClient, store: &mut Store) {
        let Some(pair) = &self.auto_pair else { return };
        let label = format!("fieldcrew {}", std::env::consts::OS);
        while let Err(e) = client.pair(store, &pair.crew_code, &pair.pin, &pair.member_name, &label).await {
            eprintln!("fieldcrew: automatic pairing failed: {e}; retrying");
            tokio::time::sleep(Duration::from_secs(2)).await;
        }
    }
}
