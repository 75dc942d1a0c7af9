//! A crew phone with the app's own device store (a SQLite file) and sync
//! client: exactly the app's code, but a thousand of them on the server's
//! cores starve it (`--phone full`; the light phone is the default).

use crate::log::{PairFailure, PhoneLog};
use fieldcrew_core::OrderId;
use fieldcrew_core::clock::{DeviceClock, SystemClock};
use fieldcrew_core::event::EventKind;
use fieldcrew_core::store::Store;
use fieldcrew_sync::{SyncClient, SyncConfig, SyncError};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

pub struct FullPhone {
    store: Store,
    client: SyncClient,
}

impl FullPhone {
    /// Opens the phone's store in `dir` and makes one pairing attempt.
    pub async fn pair(
        server: &str,
        dir: &Path,
        crew: &str,
        pin: &str,
        member: &str,
    ) -> Result<Self, PairFailure> {
        let mut store = Store::open(dir).map_err(|e| PairFailure::Other(e.to_string()))?;
        let client = SyncClient::new(server, Arc::new(SystemClock), SyncConfig::default())
            .map_err(|e| PairFailure::Other(e.to_string()))?;
        match client.pair(&mut store, crew, pin, member, "fieldcrew-load").await {
            Ok(_) => Ok(FullPhone { store, client }),
            Err(SyncError::Rejected { status: 429, .. }) => Err(PairFailure::Busy),
            Err(e) if e.is_unreachable() => Err(PairFailure::Broken),
            Err(e) => Err(PairFailure::Other(format!("pairing: {e}"))),
        }
    }
}

/// The first pull after pairing: the crew's orders on the phone.
pub async fn first_pull(phone: &mut FullPhone) -> Result<(), String> {
    phone.client.pull(&mut phone.store).await.map(drop).map_err(|e| format!("first pull: {e}"))
}

/// One phone's life until `until`.
pub async fn run(phone: FullPhone, until: Instant, pace: Duration, seed: u64) -> PhoneLog {
    let FullPhone { mut store, client } = phone;
    let mut log = PhoneLog::default();
    let mut rng = fastrand::Rng::with_seed(seed);
    // Spread the phones' first cycles over one pace.
    tokio::time::sleep(pace.mul_f64(rng.f64())).await;
    while Instant::now() < until {
        let open: Vec<OrderId> = store
            .orders()
            .unwrap_or_default()
            .into_iter()
            .filter(|row| row.removed.is_none() && row.state.closed_at.is_none())
            .map(|row| row.order.id)
            .collect();
        if let Some(&order) = open.get(rng.usize(..open.len().max(1))) {
            let note = EventKind::Note { text: format!("负载测试 {}", log.recorded.len() + 1) };
            match store.record(order, note, "负载", SystemClock.evidence(None, None)) {
                Ok(event) => log.recorded.push((order, event.id)),
                Err(e) => log.error(format!("record: {e}")),
            }
        }
        let at = Instant::now();
        match client.push(&mut store).await {
            Ok(report) => {
                log.push.push(at.elapsed());
                log.rejected += report.rejected.len() as u64;
            }
            Err(e) => log.error(format!("push: {e}")),
        }
        let at = Instant::now();
        match client.pull(&mut store).await {
            Ok(_) => log.pull.push(at.elapsed()),
            Err(e) => log.error(format!("pull: {e}")),
        }
        // A crew's pace: 0.5–1.5 × the mean pause.
        tokio::time::sleep(pace.mul_f64(0.5 + rng.f64())).await;
    }
    // What is still in the outbox goes up before the check.
    if let Err(e) = client.push(&mut store).await {
        log.error(format!("last push: {e}"));
    }
    log
}
