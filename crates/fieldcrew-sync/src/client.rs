//! The HTTP client: one place that sends requests, records the clock sample
//! of every answer (errors included) and turns statuses into typed errors.

use crate::clock_samples;
use crate::config::SyncConfig;
use crate::error::SyncError;
use crate::progress::{SyncPhase, SyncProgress};
use crate::report::SyncReport;
use fieldcrew_core::clock::DeviceClock;
use fieldcrew_core::store::{ClockReading, Store};
use fieldcrew_protocol::error::ErrorBody;
use reqwest::{RequestBuilder, Response, StatusCode};
use std::sync::Arc;
use tokio::sync::watch;

pub struct SyncClient {
    pub(crate) http: reqwest::Client,
    base_url: reqwest::Url,
    pub(crate) clock: Arc<dyn DeviceClock>,
    pub(crate) config: SyncConfig,
    pub(crate) progress: watch::Sender<SyncProgress>,
    pub(crate) link: std::sync::Mutex<crate::link::Link>,
}

impl SyncClient {
    /// A client for the server at `base_url` (e.g. `https://sync.example.cn`).
    /// `clock` must be the clock the app records evidence with, so the
    /// samples and the events share the same boot time.
    pub fn new(base_url: &str, clock: Arc<dyn DeviceClock>, config: SyncConfig) -> Result<Self, SyncError> {
        let base_url = reqwest::Url::parse(base_url)
            .map_err(|e| SyncError::Protocol(format!("server address `{base_url}`: {e}")))?;
        let http = reqwest::Client::builder()
            .connect_timeout(config.connect_timeout)
            .timeout(config.request_timeout)
            .build()
            .map_err(|e| SyncError::Protocol(format!("HTTP client: {e}")))?;
        let (progress, _) = watch::channel(SyncProgress::default());
        let link = std::sync::Mutex::new(crate::link::Link::new(&config));
        Ok(Self { http, base_url, clock, config, progress, link })
    }

    /// Live progress for the UI.
    pub fn progress(&self) -> watch::Receiver<SyncProgress> {
        self.progress.subscribe()
    }

    pub fn config(&self) -> &SyncConfig {
        &self.config
    }

    /// One full pass: push the outbox, pull order changes, upload media.
    /// The outcome is also written to the store's sync status.
    pub async fn sync_once(&self, store: &mut Store) -> Result<SyncReport, SyncError> {
        self.progress.send_modify(|p| {
            *p = SyncProgress {
                last_success: p.last_success,
                last_error: p.last_error.clone(),
                ..Default::default()
            }
        });
        let result = self.run_pass(store).await;
        match &result {
            Ok(_) => {
                let now = self.clock.now();
                store.record_sync_success(now)?;
                self.progress.send_modify(|p| {
                    p.phase = SyncPhase::Idle;
                    p.upload = None;
                    p.last_success = Some(now);
                    p.last_error = None;
                });
                // Only what the server stored can leave: long-settled orders
                // stop filling a cheap phone's storage. A failed purge only
                // postpones that; the sync itself succeeded.
                if let Err(e) = store.purge_settled(now) {
                    let _ = store.record_sync_error(&format!("freeing space: {e}"));
                }
            }
            Err(e) => {
                // The sync error is what matters; a failing status write would only hide it.
                let _ = store.record_sync_error(&e.to_string());
                self.progress.send_modify(|p| {
                    p.phase = if e.needs_pairing() { SyncPhase::NeedsPairing } else { SyncPhase::Idle };
                    p.last_error = Some(e.to_string());
                });
            }
        }
        result
    }

    async fn run_pass(&self, store: &mut Store) -> Result<SyncReport, SyncError> {
        let token = token(store)?;
        // The uploads' connections open while the records go up.
        let lanes = store.pending_uploads()?.len().min(crate::upload::LANES);
        self.with_warm_connections(lanes, self.pass_with_token(store, token)).await
    }

    async fn pass_with_token(&self, store: &mut Store, token: String) -> Result<SyncReport, SyncError> {
        let mut report = SyncReport::default();
        // Records first: they are the evidence, and small.
        self.push_outbox(store, &token, &mut report).await?;
        // Then orders down beside media up: the pull and the receipts
        // mostly use the downlink, the uploads the uplink, so neither waits
        // on the other's round trips.
        let store = SharedStore::new(store);
        let (pulled, uploaded) = tokio::join!(
            async {
                let mut report = SyncReport::default();
                self.pull_changes(&store, &token, &mut report).await?;
                // Right after the pull that queued them: the dispatcher
                // sees 已送达 within the same pass.
                self.send_receipts(&store, &token).await?;
                Ok::<_, SyncError>(report)
            },
            self.upload_media(&store, &token),
        );
        let (pulled, uploaded) = (pulled?, uploaded?);
        report.pages_pulled = pulled.pages_pulled;
        report.changes_pulled = pulled.changes_pulled;
        report.media_uploaded = uploaded.media_uploaded;
        report.bytes_uploaded = uploaded.bytes_uploaded;
        report.upload_failures = uploaded.upload_failures;
        Ok(report)
    }

    /// Only the push step (e.g. right after recording on a weak link).
    pub async fn push(&self, store: &mut Store) -> Result<SyncReport, SyncError> {
        let mut report = SyncReport::default();
        self.push_outbox(store, &token(store)?, &mut report).await?;
        Ok(report)
    }

    /// Only the pull step.
    pub async fn pull(&self, store: &mut Store) -> Result<SyncReport, SyncError> {
        let mut report = SyncReport::default();
        let token = token(store)?;
        self.pull_changes(&SharedStore::new(store), &token, &mut report).await?;
        Ok(report)
    }

    /// Only the media step.
    pub async fn upload(&self, store: &mut Store) -> Result<SyncReport, SyncError> {
        let token = token(store)?;
        self.upload_media(&SharedStore::new(store), &token).await
    }

    /// Whether the server answers `GET /healthz` with a success within
    /// `probe_timeout`: a few hundred bytes on the wire, cheap enough to ask
    /// every few seconds while the phone is offline. Writes nothing.
    pub async fn probe(&self) -> bool {
        let Ok(url) = self.url("/healthz") else { return false };
        let answer = self.http.get(url).timeout(self.config.probe_timeout).send().await;
        answer.is_ok_and(|response| response.status().is_success())
    }

    /// `path` on the server, e.g. `/v1/push`.
    pub(crate) fn url(&self, path: &str) -> Result<reqwest::Url, SyncError> {
        self.base_url.join(path).map_err(|e| SyncError::Protocol(format!("URL for `{path}`: {e}")))
    }

    /// Sends the request, stores the clock sample of the answer and maps
    /// failure statuses to errors. 401 means the token is no longer valid.
    pub(crate) async fn exchange(
        &self,
        store: &mut Store,
        request: RequestBuilder,
    ) -> Result<Response, SyncError> {
        self.exchange_shared(&SharedStore::new(store), request).await
    }

    /// [`Self::exchange`] for steps that run side by side on one store
    /// (the pull beside the uploads, two uploads at once): the store is
    /// borrowed only to save the clock sample, never across the wait.
    pub(crate) async fn exchange_shared(
        &self,
        store: &SharedStore<'_>,
        request: RequestBuilder,
    ) -> Result<Response, SyncError> {
        let (response, sample) = self.exchange_unsaved(store, request).await?;
        if let Some(sample) = sample {
            store.get().add_clock_sample(&sample)?;
        }
        Ok(response)
    }

    /// [`Self::exchange_shared`], but the clock sample of a successful
    /// answer is handed back unsaved, for a caller that saves it in its own
    /// transaction (the push, with the acknowledgment: one flush to disk per
    /// batch instead of two). A failed answer's sample is saved here.
    pub(crate) async fn exchange_unsaved(
        &self,
        store: &SharedStore<'_>,
        request: RequestBuilder,
    ) -> Result<(Response, Option<ClockReading>), SyncError> {
        let sent = send_timed(self.clock.clone(), request).await;
        self.answered(store, sent).await
    }

    /// Sends `request` on a task of its own, so the caller can write to the
    /// phone's store (a flush to disk) while the request travels and the
    /// server works on it. Finish with [`Self::answered`].
    pub(crate) fn send_spawned(&self, request: RequestBuilder) -> tokio::task::JoinHandle<TimedSend> {
        tokio::spawn(send_timed(self.clock.clone(), request))
    }

    /// The answer of a sent request, as [`Self::exchange_unsaved`] gives it.
    pub(crate) async fn answered(
        &self,
        store: &SharedStore<'_>,
        sent: TimedSend,
    ) -> Result<(Response, Option<ClockReading>), SyncError> {
        self.answered_or(store, sent, |_| false).await
    }

    /// [`Self::exchange_shared`] for a tus PATCH: a 409 naming the upload's
    /// offset (`Upload-Offset`) comes back as an answer, for the caller to
    /// resume from that offset without asking.
    pub(crate) async fn exchange_tus(
        &self,
        store: &SharedStore<'_>,
        request: RequestBuilder,
    ) -> Result<Response, SyncError> {
        let sent = send_timed(self.clock.clone(), request).await;
        let names_offset = |r: &Response| {
            r.status() == StatusCode::CONFLICT && r.headers().contains_key(crate::tus::UPLOAD_OFFSET)
        };
        let (response, sample) = self.answered_or(store, sent, names_offset).await?;
        if let Some(sample) = sample {
            store.get().add_clock_sample(&sample)?;
        }
        Ok(response)
    }

    /// [`Self::answered`], with the failed answers `keep` accepts handed
    /// back as they are.
    async fn answered_or(
        &self,
        store: &SharedStore<'_>,
        sent: TimedSend,
        keep: impl Fn(&Response) -> bool,
    ) -> Result<(Response, Option<ClockReading>), SyncError> {
        let TimedSend { response, sent_ms, boot_id, received_ms, boot_after } = sent;
        let response = response.map_err(SyncError::from_transport)?;
        // A reboot between send and receive can not happen in one process,
        // but a clock source switching boots would make the sample nonsense.
        let sample = (boot_after == boot_id)
            .then(|| clock_samples::from_headers(response.headers(), &boot_id, sent_ms, received_ms))
            .flatten();
        let status = response.status();
        if status.is_success() || keep(&response) {
            return Ok((response, sample));
        }
        if let Some(sample) = sample {
            store.get().add_clock_sample(&sample)?;
        }
        let text = response.text().await.unwrap_or_default();
        let body = serde_json::from_str::<ErrorBody>(&text)
            .unwrap_or_else(|_| ErrorBody { error: status.as_str().to_string(), message: text });
        Err(match status {
            StatusCode::UNAUTHORIZED => SyncError::NeedsPairing,
            s if s.is_server_error() => SyncError::ServerFault { status: s.as_u16(), message: body.message },
            s => SyncError::Rejected { status: s.as_u16(), body },
        })
    }
}

/// A request sent, with the phone's boot clock read just before and just
/// after (the clock sample's round trip).
pub(crate) struct TimedSend {
    response: Result<Response, reqwest::Error>,
    sent_ms: u64,
    boot_id: String,
    received_ms: u64,
    boot_after: String,
}

async fn send_timed(clock: Arc<dyn DeviceClock>, request: RequestBuilder) -> TimedSend {
    let (sent_ms, boot_id) = clock.since_boot();
    let response = request.send().await;
    let (received_ms, boot_after) = clock.since_boot();
    TimedSend { response, sent_ms, boot_id, received_ms, boot_after }
}

/// The device store shared by steps that run side by side in one task.
/// Each `get` is held for one store call between two awaits (its guard is
/// not `Send`, so holding it across an await does not compile in the sync
/// loop), so the steps never wait on each other for it.
pub(crate) struct SharedStore<'a>(std::sync::Mutex<&'a mut Store>);

impl<'a> SharedStore<'a> {
    pub(crate) fn new(store: &'a mut Store) -> Self {
        Self(std::sync::Mutex::new(store))
    }

    pub(crate) fn get(&self) -> std::sync::MutexGuard<'_, &'a mut Store> {
        self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

fn token(store: &Store) -> Result<String, SyncError> {
    Ok(store.pairing()?.ok_or(SyncError::NeedsPairing)?.token)
}

/// Reads a JSON answer body.
pub(crate) async fn read_json<T: serde::de::DeserializeOwned>(response: Response) -> Result<T, SyncError> {
    let bytes = response.bytes().await.map_err(SyncError::from_transport)?;
    serde_json::from_slice(&bytes).map_err(|e| SyncError::Protocol(format!("answer body: {e}")))
}
