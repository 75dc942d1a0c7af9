//! Starts background sync on its own thread: its own tokio runtime and its
//! own connection to the device store (SQLite WAL lets the UI write at the
//! same time), publishing a `SyncView` for the status bar and answering the
//! pairing screen's requests.

mod pairing;
mod view;
mod worker;

use fieldcrew_sync::SyncTrigger;
use fieldcrew_ui::pairing::PairOutcome;
use fieldcrew_ui::{SyncHandle, SyncState, SyncView};
use std::path::PathBuf;
use std::sync::Arc;
use tokio::sync::{mpsc, oneshot, watch};
use worker::Worker;

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

/// Starts syncing the store in `dir`. `server` is the configured one (config
/// or env); once the crew signs in on the phone, the server they typed is
/// used. Without a pairing (and no `auto_pair`) the thread waits for the
/// pairing screen.
pub fn start(dir: PathBuf, server: Option<String>, auto_pair: Option<AutoPair>) -> SyncHandle {
    let (publish, view) = watch::channel(SyncView { state: SyncState::Idle, ..SyncView::default() });
    let (requests_tx, requests) = mpsc::unbounded_channel();
    let trigger = SyncTrigger::new();
    let wake = trigger.clone();
    let worker = Worker { dir, configured_server: server, auto_pair, trigger, publish, requests };
    std::thread::Builder::new()
        .name("fieldcrew-sync".into())
        .spawn(move || {
            let runtime =
                tokio::runtime::Builder::new_current_thread().enable_all().build().expect("tokio runtime");
            runtime.block_on(worker.run());
        })
        .expect("sync thread starts");
    SyncHandle {
        view,
        sync_now: Arc::new(move || wake.sync_now()),
        pair: Arc::new(move |attempt| {
            let (reply, answer) = oneshot::channel::<PairOutcome>();
            // A stopped thread drops `reply`: the screen hears so at once.
            let _ = requests_tx.send((attempt, reply));
            answer
        }),
    }
}
