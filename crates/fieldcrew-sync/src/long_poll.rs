//! Waiting for orders between syncs: one `GET /v1/changes?wait=S` held
//! open at a time. The server answers as soon as the crew's feed grows;
//! the page is stored at once and the loop's next pass sends the delivery
//! receipts. Nothing here needs the store while the request is held, so
//! the sync loop can drop the request the moment a record is made.

use crate::client::{SyncClient, read_json};
use crate::error::SyncError;
use crate::report::SyncReport;
use fieldcrew_core::store::Store;
use fieldcrew_protocol::pull::{self, MAX_WAIT_SECS, PullPage};
use std::time::Duration;

/// How a long-poll ended.
#[derive(Debug)]
pub(crate) enum Polled {
    /// The page brought changes (or new station settings): stored.
    Changes,
    /// The wait ran out with nothing new: poll again.
    Nothing,
    /// The server answered at once with nothing (one that does not hold
    /// requests): wait out the idle interval instead of asking in a loop.
    NotHeld,
}

/// What the long-poll needs from the store, read before the request so the
/// store is free while it is held.
pub(crate) struct PollFrom {
    token: String,
    since: i64,
    station: String,
    handover: String,
    outages: String,
}

impl PollFrom {
    pub(crate) fn read(store: &Store) -> Result<Self, SyncError> {
        Ok(Self {
            token: store.pairing()?.ok_or(SyncError::NeedsPairing)?.token,
            since: store.pull_cursor()?,
            station: store.station_settings().fingerprint(),
            handover: store.crew_handover()?.fingerprint(),
            outages: store.planned_outages_fingerprint()?,
        })
    }
}

impl SyncClient {
    /// Holds one long-poll of `wait` (cut to 60 s). Borrows nothing from
    /// the store: dropping the future cancels the request, nothing lost.
    pub(crate) async fn hold_long_poll(
        &self,
        from: &PollFrom,
        wait: Duration,
    ) -> Result<PullPage, SyncError> {
        let wait = wait.min(Duration::from_secs(MAX_WAIT_SECS));
        let limit = self.config.page_size.clamp(1, pull::MAX_PAGE).to_string();
        let request = self
            .http
            .get(self.url(pull::PATH)?)
            .bearer_auth(&from.token)
            .query(&[
                ("since", from.since.to_string().as_str()),
                ("limit", limit.as_str()),
                ("station", from.station.as_str()),
                ("handover", from.handover.as_str()),
                ("outages", from.outages.as_str()),
                ("wait", wait.as_secs().to_string().as_str()),
            ])
            // The hold plus time for the answer to cross the link; the
            // client's fixed timeout would be too short for a 60 s hold.
            .timeout(wait + self.config.long_poll_margin);
        let response = request.send().await.map_err(SyncError::from_transport)?;
        let status = response.status();
        if status == reqwest::StatusCode::UNAUTHORIZED {
            return Err(SyncError::NeedsPairing);
        }
        if !status.is_success() {
            return Err(SyncError::ServerFault {
                status: status.as_u16(),
                message: "long-poll refused".into(),
            });
        }
        read_json(response).await
    }

    /// One long-poll, its page stored if it brought anything.
    pub(crate) async fn long_poll(
        &self,
        store: &mut Store,
        from: PollFrom,
        wait: Duration,
    ) -> Result<Polled, SyncError> {
        let started = tokio::time::Instant::now();
        let page = self.hold_long_poll(&from, wait).await?;
        let nothing = page.changes.is_empty()
            && page.station.is_none()
            && page.handover.is_none()
            && page.outages.is_none();
        if nothing {
            // A server that held the request answers near the deadline.
            return Ok(if started.elapsed() < wait / 2 { Polled::NotHeld } else { Polled::Nothing });
        }
        self.store_page(store, page, &mut SyncReport::default())?;
        Ok(Polled::Changes)
    }
}
