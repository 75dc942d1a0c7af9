//! Starts background sync on its own thread: its own tokio runtime and its
//! own connection to the device store (SQLite WAL lets the UI write at the
//! same time), publishing a `SyncView` for the status bar.

use fieldcrew_core::Store;
use fieldcrew_core::clock::SystemClock;
use fieldcrew_sync::{LoopExit, SyncClient, SyncConfig, SyncPhase, SyncProgress, SyncTrigger, sync_loop};
use fieldcrew_ui::{SyncHandle, SyncState, SyncView};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;

/// A crew to pair with automatically (the demo run); a real phone pairs on
/// the sign-in screen.
pub struct AutoPair {
    pub crew_code: String,
    pub pin: String,
    pub member_name: String,
}

impl AutoPair {
    /// `CREW:PIN:member`, e.g. `CREW-1:1234:李师傅`.
    pub fn parse(spec: &str) -> Option<Self> {
        let mut parts = spec.splitn(3, ':');
        Some(Self {
            crew_code: parts.next()?.to_string(),
            pin: parts.next()?.to_string(),
            member_name: parts.next()?.to_string(),
        })
    }
}

fn view_of(progress: &SyncProgress) -> SyncView {
    let state = match &progress.phase {
        SyncPhase::Idle => SyncState::Idle,
        SyncPhase::Pushing | SyncPhase::Pulling | SyncPhase::Uploading => SyncState::Syncing,
        SyncPhase::WaitingToRetry { retry_in, .. } => {
            SyncState::Offline { retry_in_secs: retry_in.as_secs() }
        }
        SyncPhase::NeedsPairing => SyncState::NeedsPairing,
    };
    SyncView {
        state,
        last_success: progress.last_success,
        last_error: progress.last_error.clone(),
        uploading: progress.upload.as_ref().map(|u| (u.sent, u.total)),
    }
}

/// Starts syncing the store in `dir` with `server`.
pub fn start(dir: PathBuf, server: String, auto_pair: Option<AutoPair>) -> SyncHandle {
    let (publish, view) = watch::channel(SyncView { state: SyncState::Idle, ..SyncView::default() });
    let trigger = SyncTrigger::new();
    let wake = trigger.clone();
    std::thread::Builder::new()
        .name("fieldcrew-sync".into())
        .spawn(move || {
            let runtime =
                tokio::runtime::Builder::new_current_thread().enable_all().build().expect("tokio runtime");
            runtime.block_on(run(dir, server, auto_pair, trigger, publish));
        })
        .expect("sync thread starts");
    SyncHandle { view, sync_now: Arc::new(move || wake.sync_now()) }
}

async fn run(
    dir: PathBuf,
    server: String,
    auto_pair: Option<AutoPair>,
    trigger: SyncTrigger,
    publish: watch::Sender<SyncView>,
) {
    let failed = |message: String| SyncView {
        state: SyncState::NeedsPairing,
        last_error: Some(message),
        ..Default::default()
    };
    let mut store = match Store::open(&dir) {
        Ok(store) => store,
        Err(e) => return drop(publish.send(failed(e.to_string()))),
    };
    // Idle passes every two minutes: new orders reach the crew soon without
    // keeping the radio busy.
    let config = SyncConfig { idle_interval: Duration::from_secs(120), ..SyncConfig::default() };
    let client = match SyncClient::new(&server, Arc::new(SystemClock), config) {
        Ok(client) => client,
        Err(e) => return drop(publish.send(failed(e.to_string()))),
    };
    let mut progress = client.progress();
    let forward = async {
        while progress.changed().await.is_ok() {
            let view = view_of(&progress.borrow_and_update());
            if publish.send(view).is_err() {
                return;
            }
        }
    };
    let work = async {
        loop {
            let paired = store.pairing().ok().flatten().is_some();
            if !paired && let Some(pair) = &auto_pair {
                // The server may still be starting: try until it answers.
                while let Err(e) = client
                    .pair(&mut store, &pair.crew_code, &pair.pin, &pair.member_name, "fieldcrew desktop")
                    .await
                {
                    eprintln!("fieldcrew: pairing with {server} failed: {e}; retrying");
                    tokio::time::sleep(Duration::from_secs(2)).await;
                }
            }
            match sync_loop(&client, &mut store, trigger.clone()).await {
                LoopExit::Shutdown => return,
                LoopExit::NeedsPairing if auto_pair.is_some() => {
                    let _ = store.clear_token();
                }
                LoopExit::NeedsPairing => return,
            }
        }
    };
    tokio::join!(forward, work);
}
