//! Orders down: change pages from the cursor until the server has no more.
//! Each page commits with its cursor, so an interrupted pull resumes at the
//! first page not stored.

use crate::client::{SharedStore, SyncClient, read_json};
use crate::error::SyncError;
use crate::report::SyncReport;
use fieldcrew_core::store::{PulledChange, Removal, Store};
use fieldcrew_protocol::pull::{self, OrderChange, PullPage, RemovalReason};

impl SyncClient {
    pub(crate) async fn pull_changes(
        &self,
        store: &SharedStore<'_>,
        token: &str,
        report: &mut SyncReport,
    ) -> Result<(), SyncError> {
        self.progress.send_modify(|p| p.phase = crate::SyncPhase::Pulling);
        let limit = self.config.page_size.clamp(1, pull::MAX_PAGE).to_string();
        loop {
            let since = store.get().pull_cursor()?;
            let station = store.get().station_settings().fingerprint();
            let handover = store.get().crew_handover()?.fingerprint();
            let outages = store.get().planned_outages_fingerprint()?;
            let request = self.http.get(self.url(pull::PATH)?).bearer_auth(token).query(&[
                ("since", since.to_string().as_str()),
                ("limit", limit.as_str()),
                ("station", station.as_str()),
                ("handover", handover.as_str()),
                ("outages", outages.as_str()),
            ]);
            let page: PullPage = read_json(self.exchange_shared(store, request).await?).await?;
            let (has_more, cursor) = (page.has_more, page.cursor);
            self.store_page(&mut store.get(), page, report)?;
            if !has_more {
                return Ok(());
            }
            if cursor <= since {
                return Err(SyncError::Protocol(format!(
                    "pull page says more follow but cursor stayed at {since}"
                )));
            }
        }
    }
}

impl SyncClient {
    /// Stores one page (its station settings, its changes and its cursor in
    /// one transaction), from a pull or a long-poll answer.
    pub(crate) fn store_page(
        &self,
        store: &mut Store,
        page: PullPage,
        report: &mut SyncReport,
    ) -> Result<(), SyncError> {
        if let Some(settings) = &page.station {
            store.set_station(settings)?;
        }
        if let Some(handover) = &page.handover {
            store.apply_crew_handover(handover)?;
        }
        if let Some(outages) = &page.outages {
            store.set_planned_outages(outages)?;
        }
        let changes: Vec<PulledChange> = page.changes.into_iter().map(to_core).collect();
        store.apply_pull_page_received(&changes, page.cursor, Some(self.clock.as_ref()))?;
        report.pages_pulled += 1;
        report.changes_pulled += changes.len() as u64;
        self.progress.send_modify(|p| p.pages_pulled += 1);
        Ok(())
    }
}

fn to_core(change: OrderChange) -> PulledChange {
    match change {
        OrderChange::Upsert { order } => PulledChange::Upsert(order),
        OrderChange::Removed { order_id, reason } => PulledChange::Removed {
            order_id,
            reason: match reason {
                RemovalReason::Cancelled => Removal::Cancelled,
                RemovalReason::Reassigned => Removal::Reassigned,
            },
        },
    }
}
