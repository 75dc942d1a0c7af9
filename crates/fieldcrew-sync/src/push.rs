//! Evidence up: the outbox in batches, gzip-compressed. The server stores
//! idempotently on (device_id, device_seq), so resending a batch whose
//! answer was lost is safe; only what it acknowledged leaves the outbox.

use crate::client::{SharedStore, SyncClient, read_json};
use crate::clock_samples;
use crate::error::SyncError;
use crate::gzip;
use crate::report::{RejectedItem, SyncReport};
use fieldcrew_core::store::{ClockReading, OutboxItem, OutboxKind, Store, StoreError};
use fieldcrew_protocol::pull;
use fieldcrew_protocol::push::{self, Outcome, PushBatch, PushBody, PushItem, PushResponse};
use reqwest::header::{CONTENT_ENCODING, CONTENT_TYPE};
use std::collections::BTreeSet;

impl SyncClient {
    pub(crate) async fn push_outbox(
        &self,
        store: &mut Store,
        token: &str,
        report: &mut SyncReport,
    ) -> Result<(), SyncError> {
        self.progress.send_modify(|p| p.phase = crate::SyncPhase::Pushing);
        loop {
            let batch_size = self.link().push_batch(&self.config);
            let pending = store.outbox_pending(batch_size)?;
            let (Some(first), Some(last)) = (pending.first(), pending.last()) else { return Ok(()) };
            let (first, last) = (first.device_seq, last.device_seq);
            let items = pending.iter().map(to_push_item).collect::<Result<Vec<_>, _>>()?;
            let boots = boot_ids(&items);
            if boots.contains(self.clock.since_boot().1.as_str()) {
                self.ensure_clock_sample(store, token).await?;
            }
            let batch = PushBatch {
                device_id: store.device_id(),
                boot_epochs: clock_samples::boot_epochs(store, boots.iter().map(String::as_str))?,
                items,
            };
            let body = gzip::compress_json(&batch);
            // As long as the link needs for the body, never less than a
            // plain request: a big batch at 4 kbps takes minutes.
            let timeout = self.config.request_timeout.max(self.link().timeout_for(body.len(), &self.config));
            let request = self
                .http
                .post(self.url(push::PATH)?)
                .timeout(timeout)
                .bearer_auth(token)
                .header(CONTENT_TYPE, "application/json")
                .header(CONTENT_ENCODING, "gzip")
                .body(body);
            let exchanged = self.exchange_unsaved(&SharedStore::new(store), request).await;
            let answer = match exchanged {
                Ok((response, sample)) => match read_json::<PushResponse>(response).await {
                    Ok(answer) => Ok((answer, sample)),
                    Err(e) => {
                        save_sample(store, sample)?;
                        Err(e)
                    }
                },
                Err(e) => Err(e),
            };
            let (answer, sample) = match answer {
                Ok(answer) => answer,
                Err(e) => {
                    // Cut or too slow, not refused: a smaller batch may pass.
                    if matches!(e, SyncError::ConnectionLost(_) | SyncError::Timeout) {
                        self.link().push_cut(batch.items.len());
                    }
                    return Err(e);
                }
            };
            self.link().push_delivered(&self.config);
            if answer.acked_seq < first {
                save_sample(store, sample)?;
                return Err(SyncError::Protocol(format!(
                    "push of items {first}..={last} acknowledged none (acked_seq {})",
                    answer.acked_seq
                )));
            }
            // Never acknowledge more than was sent: newer items may have been
            // recorded meanwhile.
            let acked = answer.acked_seq.min(last);
            let refused: Vec<(i64, &str)> = answer
                .results
                .iter()
                .filter_map(|r| match &r.outcome {
                    Outcome::RejectedPermanently { reason } => Some((r.device_seq, reason.as_str())),
                    _ => None,
                })
                .collect();
            store.ack_push(acked, &refused, sample.as_ref())?;
            let count = batch.items.iter().filter(|i| i.device_seq <= acked).count() as u64;
            report.items_pushed += count;
            for result in answer.results.iter().filter(|r| r.device_seq <= acked) {
                match &result.outcome {
                    Outcome::Accepted => {}
                    Outcome::AcceptedWithFlags { .. } => report.flagged += 1,
                    Outcome::RejectedPermanently { reason } => report
                        .rejected
                        .push(RejectedItem { device_seq: result.device_seq, reason: reason.clone() }),
                }
            }
            self.progress.send_modify(|p| p.items_pushed += count);
        }
    }

    /// Makes one cheap request when this boot has no clock sample yet, so
    /// the first push after a reboot already carries a boot epoch.
    async fn ensure_clock_sample(&self, store: &mut Store, token: &str) -> Result<(), SyncError> {
        let boot_id = self.clock.since_boot().1;
        if !store.clock_samples(&boot_id)?.is_empty() {
            return Ok(());
        }
        let since = store.pull_cursor()?.to_string();
        let request = self
            .http
            .get(self.url(pull::PATH)?)
            .bearer_auth(token)
            .query(&[("since", since.as_str()), ("limit", "1")]);
        self.exchange(store, request).await.map(drop)
    }
}

/// The clock sample of an answer that acknowledged nothing: still a good
/// sample of the server's clock.
fn save_sample(store: &mut Store, sample: Option<ClockReading>) -> Result<(), StoreError> {
    sample.map_or(Ok(()), |sample| store.add_clock_sample(&sample))
}

fn to_push_item(item: &OutboxItem) -> Result<PushItem, StoreError> {
    let corrupt = |e: serde_json::Error| StoreError::Corrupt(format!("outbox {}: {e}", item.device_seq));
    let body = match item.kind {
        OutboxKind::Event => PushBody::Event { event: serde_json::from_str(&item.payload).map_err(corrupt)? },
        OutboxKind::Order => PushBody::Order { order: serde_json::from_str(&item.payload).map_err(corrupt)? },
        OutboxKind::DailyCheck => {
            PushBody::DailyCheck { check: serde_json::from_str(&item.payload).map_err(corrupt)? }
        }
        OutboxKind::Handover => {
            PushBody::Handover { handover: serde_json::from_str(&item.payload).map_err(corrupt)? }
        }
        OutboxKind::HandoverAck => {
            PushBody::HandoverAck { ack: serde_json::from_str(&item.payload).map_err(corrupt)? }
        }
    };
    Ok(PushItem { device_seq: item.device_seq, body })
}

/// The boots the batch's events were recorded in.
fn boot_ids(items: &[PushItem]) -> BTreeSet<String> {
    items
        .iter()
        .filter_map(|item| match &item.body {
            PushBody::Event { event } => Some(event.evidence.boot_id.clone()),
            PushBody::DailyCheck { check } => Some(check.evidence.boot_id.clone()),
            _ => None,
        })
        .collect()
}
