//! Evidence up: the outbox in batches, gzip-compressed. The server stores
//! idempotently on (device_id, device_seq), so resending a batch whose
//! answer was lost is safe; only what it acknowledged leaves the outbox.

use crate::client::{SharedStore, SyncClient, TimedSend, read_json};
use crate::error::SyncError;
use crate::push_batch::{ReadBatch, ReadyBatch};
use crate::report::{RejectedItem, SyncReport};
use fieldcrew_core::store::{ClockReading, Store, StoreError};
use fieldcrew_protocol::pull;
use fieldcrew_protocol::push::{self, Outcome, PushResponse};
use reqwest::header::{CONTENT_ENCODING, CONTENT_TYPE};

/// A batch on the wire.
struct InFlight {
    request: tokio::task::JoinHandle<TimedSend>,
    first: i64,
    last: i64,
    /// The `device_seq` of each item sent.
    seqs: Vec<i64>,
}

impl Drop for InFlight {
    /// A push given up (an error, the sync cancelled) stops its request:
    /// the server stores idempotently, so the batch simply goes again.
    fn drop(&mut self) {
        self.request.abort();
    }
}

impl SyncClient {
    pub(crate) async fn push_outbox(
        &self,
        store: &mut Store,
        token: &str,
        report: &mut SyncReport,
    ) -> Result<(), SyncError> {
        self.progress.send_modify(|p| p.phase = crate::SyncPhase::Pushing);
        let mut in_flight = self.send_batch(store, token, 0, None).await?;
        let mut ahead = None;
        while let Some(mut sent) = in_flight.take() {
            let (answer, sample) = self.push_answer(store, &mut sent).await?;
            // Never acknowledge more than was sent: newer items may have been
            // recorded meanwhile.
            let acked = answer.acked_seq.min(sent.last);
            let refused: Vec<(i64, &str)> = answer
                .results
                .iter()
                .filter_map(|r| match &r.outcome {
                    Outcome::RejectedPermanently { reason } => Some((r.device_seq, reason.as_str())),
                    _ => None,
                })
                .collect();
            // The next batch (from the first item not acknowledged) goes out
            // before this answer is written, so the phone's flush to disk
            // overlaps the server's work on it. A crash in between leaves
            // these items in the outbox to be sent again: the server answers
            // a resend as before and stores nothing twice.
            let next = self.send_batch(store, token, acked, ahead.take()).await;
            store.ack_push(acked, &refused, sample.as_ref())?;
            in_flight = next?;
            // While the server works on that batch, the one after it is read
            // and compressed, as it will be if the answer acknowledges the
            // whole batch; any other answer builds it anew (`send_batch`).
            ahead = in_flight.as_ref().and_then(|next| self.build_ahead(store, next.last));
            let count = sent.seqs.iter().filter(|seq| **seq <= acked).count() as u64;
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
        Ok(())
    }

    /// Sends the oldest waiting items after `device_seq` as one batch
    /// (`ahead` if it was built for exactly that); `None` when nothing waits.
    async fn send_batch(
        &self,
        store: &mut Store,
        token: &str,
        after: i64,
        ahead: Option<ReadyBatch>,
    ) -> Result<Option<InFlight>, SyncError> {
        let size = self.link().push_batch(&self.config);
        let ready = match ahead.filter(|ready| ready.after == after && ready.size == size) {
            Some(ready) => ready,
            None => {
                let Some(read) = ReadBatch::read(store, after, size)? else { return Ok(None) };
                if read.has_boot(&self.clock.since_boot().1) {
                    self.ensure_clock_sample(store, token).await?;
                }
                read.compress(store)?
            }
        };
        let ReadyBatch { first, last, seqs, body, .. } = ready;
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
        Ok(Some(InFlight { request: self.send_spawned(request), first, last, seqs }))
    }

    /// The batch after `after`, built ahead of its turn; none when nothing
    /// waits, when it would first need a clock sample (a request of its
    /// own), or when reading fails (`send_batch` then reads again and
    /// reports the failure in its turn).
    fn build_ahead(&self, store: &Store, after: i64) -> Option<ReadyBatch> {
        let read = ReadBatch::read(store, after, self.link().push_batch(&self.config)).ok()??;
        let boot_id = self.clock.since_boot().1;
        if read.has_boot(&boot_id) && store.clock_samples(&boot_id).ok()?.is_empty() {
            return None;
        }
        read.compress(store).ok()
    }

    /// The server's answer to a sent batch and the answer's clock sample
    /// (not yet saved: it goes with the acknowledgment).
    async fn push_answer(
        &self,
        store: &mut Store,
        sent: &mut InFlight,
    ) -> Result<(PushResponse, Option<ClockReading>), SyncError> {
        let timed = (&mut sent.request)
            .await
            .map_err(|e| SyncError::ConnectionLost(format!("the push request stopped: {e}")));
        let exchanged = match timed {
            Ok(timed) => self.answered(&SharedStore::new(store), timed).await,
            Err(e) => Err(e),
        };
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
                    self.link().push_cut(sent.seqs.len());
                }
                return Err(e);
            }
        };
        self.link().push_delivered(&self.config);
        if answer.acked_seq < sent.first {
            save_sample(store, sample)?;
            return Err(SyncError::Protocol(format!(
                "push of items {}..={} acknowledged none (acked_seq {})",
                sent.first, sent.last, answer.acked_seq
            )));
        }
        Ok((answer, sample))
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
