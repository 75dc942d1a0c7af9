//! A crew phone that keeps its state in memory: it speaks the app's wire
//! protocol over real HTTP (pairing, pushes of sealed events with their hash
//! chain, boot epochs from the server's timing headers, paged pulls with the
//! settings fingerprints, photos by tus) with the protocol's and the
//! domain's own types, but writes no SQLite file. A thousand of these cost
//! the machine little, so a load run measures the server, not the phones.

use crate::log::{PairFailure, PhoneLog};
use crate::photo;
use fieldcrew_core::clock::DeviceClock;
use fieldcrew_core::event::{EventKind, FieldEvent};
use fieldcrew_core::lifecycle::OrderState;
use fieldcrew_core::{DeviceId, OrderId};
use fieldcrew_protocol::auth::{PairRequest, PairResponse};
use fieldcrew_protocol::clock::{self as wire_clock, ClockSample};
use fieldcrew_protocol::pull::{self, OrderChange, PullPage};
use fieldcrew_protocol::push::{self, Outcome, PushBatch, PushBody, PushItem, PushResponse};
use fieldcrew_protocol::{HEADER_SERVER_RECEIVED, HEADER_SERVER_SENT, outages, tus};
use reqwest::header::{CONTENT_ENCODING, CONTENT_TYPE, HeaderMap};
use reqwest::{RequestBuilder, Response};
use std::collections::{HashMap, VecDeque};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Clock samples kept per phone: the estimate uses the recent ones only.
const SAMPLES_KEPT: usize = 16;

/// Why a request did not give the answer wanted.
pub enum Failure {
    /// No answer: refused, cut, timed out.
    Transport(String),
    /// An answer with this status (not 2xx) and the start of its body.
    Status(u16, String),
    /// A 2xx answer the phone can not use.
    Protocol(String),
}

impl Failure {
    /// A short key for the error table: the step and the status, not the
    /// text of each answer.
    pub fn key(&self, step: &str) -> String {
        match self {
            Failure::Transport(e) => format!("{step}: no answer ({e})"),
            Failure::Status(status, body) => format!("{step}: HTTP {status} {body}"),
            Failure::Protocol(e) => format!("{step}: {e}"),
        }
    }
}

/// An order as the phone holds it: its state folded from this phone's own
/// events (the chain this phone extends) and whether it left the crew.
struct Held {
    state: OrderState,
    removed: bool,
}

pub struct LightPhone {
    http: reqwest::Client,
    server: reqwest::Url,
    clock: Arc<dyn DeviceClock>,
    device_id: DeviceId,
    token: String,
    next_seq: i64,
    /// Recorded and not yet acknowledged, oldest first.
    outbox: VecDeque<PushItem>,
    orders: HashMap<OrderId, Held>,
    /// Order ids in the order first pulled, for a stable random pick.
    order_ids: Vec<OrderId>,
    cursor: i64,
    samples: VecDeque<ClockSample>,
    /// What the phone holds, as the pull's fingerprints: the server sends
    /// settings, handover and outages only when these differ.
    station: String,
    handover: String,
    outages: String,
}

impl LightPhone {
    /// One pairing attempt (the caller asks again on 429 or a cut).
    pub async fn pair(
        server: &reqwest::Url,
        clock: Arc<dyn DeviceClock>,
        device_id: DeviceId,
        crew: &str,
        pin: &str,
        member: &str,
    ) -> Result<Self, PairFailure> {
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(60))
            .build()
            .map_err(|e| PairFailure::Other(format!("HTTP client: {e}")))?;
        let mut phone = LightPhone {
            http,
            server: server.clone(),
            clock,
            device_id,
            token: String::new(),
            next_seq: 1,
            outbox: VecDeque::new(),
            orders: HashMap::new(),
            order_ids: Vec::new(),
            cursor: 0,
            samples: VecDeque::new(),
            station: String::new(),
            handover: fieldcrew_core::handover::CrewHandover::default().fingerprint(),
            outages: outages::fingerprint(&[]),
        };
        let request = PairRequest {
            crew_code: crew.to_string(),
            pin: pin.to_string(),
            member_name: member.to_string(),
            device_id,
            device_label: "fieldcrew-load".to_string(),
            previous_token: None,
        };
        let sent = phone.http.post(phone.url("/v1/pair")).json(&request);
        let answer: PairResponse = match phone.exchange(sent).await {
            Ok(response) => json(response).await.map_err(|e| PairFailure::Other(e.key("pair")))?,
            Err(Failure::Status(429, _)) => return Err(PairFailure::Busy),
            Err(Failure::Transport(_)) => return Err(PairFailure::Broken),
            Err(e) => return Err(PairFailure::Other(e.key("pair"))),
        };
        phone.token = answer.token;
        Ok(phone)
    }

    /// Records a note on one of the crew's open orders, as the app's store
    /// does: sealed onto this phone's chain for the order, queued to push.
    pub fn record_note(&mut self, rng: &mut fastrand::Rng, text: String) -> Option<(OrderId, FieldEvent)> {
        let open: Vec<OrderId> = self
            .order_ids
            .iter()
            .copied()
            .filter(|id| self.orders.get(id).is_some_and(|o| !o.removed && o.state.closed_at.is_none()))
            .collect();
        let order = *open.get(rng.usize(..open.len().max(1)))?;
        let held = self.orders.get_mut(&order)?;
        let event = FieldEvent::seal(
            order,
            EventKind::Note { text },
            self.clock.evidence(None, None),
            "负载".to_string(),
            self.device_id,
            held.state.last_hash.clone(),
        );
        held.state.apply(&event);
        let device_seq = self.next_seq;
        self.next_seq += 1;
        self.outbox.push_back(PushItem { device_seq, body: PushBody::Event { event: event.clone() } });
        Some((order, event))
    }

    /// Pushes the outbox in batches until the server has acknowledged all
    /// of it; returns how many items it refused for good.
    pub async fn push(&mut self) -> Result<u64, Failure> {
        let mut rejected = 0;
        while !self.outbox.is_empty() {
            let items: Vec<PushItem> = self.outbox.iter().take(push::MAX_BATCH).cloned().collect();
            let (first, last) = (items[0].device_seq, items[items.len() - 1].device_seq);
            let boot_id = self.clock.since_boot().1;
            let samples: Vec<ClockSample> = self.samples.iter().cloned().collect();
            let batch = PushBatch {
                device_id: self.device_id,
                boot_epochs: wire_clock::estimate(&samples, &boot_id).into_iter().collect(),
                items,
            };
            let request = self
                .http
                .post(self.url(push::PATH))
                .bearer_auth(&self.token)
                .header(CONTENT_TYPE, "application/json")
                .header(CONTENT_ENCODING, "gzip")
                .body(crate::gzip::compress_json(&batch));
            let answer: PushResponse = json(self.exchange(request).await?).await?;
            let acked = answer.acked_seq.min(last);
            if acked < first {
                return Err(Failure::Protocol(format!("push of {first}..={last} acknowledged none")));
            }
            rejected += answer
                .results
                .iter()
                .filter(|r| r.device_seq <= acked)
                .filter(|r| matches!(r.outcome, Outcome::RejectedPermanently { .. }))
                .count() as u64;
            while self.outbox.front().is_some_and(|item| item.device_seq <= acked) {
                self.outbox.pop_front();
            }
        }
        Ok(rejected)
    }

    /// Pulls change pages from the cursor until the server has no more.
    pub async fn pull(&mut self) -> Result<(), Failure> {
        let limit = pull::DEFAULT_PAGE.to_string();
        loop {
            let since = self.cursor.to_string();
            let request = self.http.get(self.url(pull::PATH)).bearer_auth(&self.token).query(&[
                ("since", since.as_str()),
                ("limit", limit.as_str()),
                ("station", self.station.as_str()),
                ("handover", self.handover.as_str()),
                ("outages", self.outages.as_str()),
            ]);
            let page: PullPage = json(self.exchange(request).await?).await?;
            let more = page.has_more;
            if more && page.cursor <= self.cursor {
                return Err(Failure::Protocol(format!("pull says more follow but cursor stayed at {since}")));
            }
            self.apply(page);
            if !more {
                return Ok(());
            }
        }
    }

    fn apply(&mut self, page: PullPage) {
        if let Some(settings) = &page.station {
            self.station = settings.fingerprint();
        }
        if let Some(handover) = &page.handover {
            self.handover = handover.fingerprint();
        }
        if let Some(list) = &page.outages {
            self.outages = outages::fingerprint(list);
        }
        for change in page.changes {
            match change {
                OrderChange::Upsert { order } => match self.orders.get_mut(&order.id) {
                    Some(held) => held.removed = false,
                    None => {
                        self.order_ids.push(order.id);
                        self.orders.insert(order.id, Held { state: OrderState::default(), removed: false });
                    }
                },
                OrderChange::Removed { order_id, .. } => {
                    if let Some(held) = self.orders.get_mut(&order_id) {
                        held.removed = true;
                    }
                }
            }
        }
        self.cursor = page.cursor;
    }

    /// Uploads a small photo of one of the crew's orders by tus, the whole
    /// file in the creation request (creation-with-upload), as the app does
    /// when its link is good. Returns the bytes sent.
    pub async fn upload_photo(&mut self, rng: &mut fastrand::Rng, kib: usize) -> Result<u64, Failure> {
        let Some(&order) = self.order_ids.get(rng.usize(..self.order_ids.len().max(1))) else {
            return Ok(0);
        };
        let photo = photo::Photo::new(rng, kib, order);
        let request = self
            .http
            .post(self.url(tus::PATH))
            .bearer_auth(&self.token)
            .header("Tus-Resumable", tus::VERSION)
            .header("Upload-Length", photo.bytes.len().to_string())
            .header("Upload-Metadata", photo.metadata())
            .header(CONTENT_TYPE, "application/offset+octet-stream")
            .header("Upload-Checksum", photo.checksum())
            .body(photo.bytes.clone());
        let response = self.exchange(request).await?;
        let offset: Option<u64> = response
            .headers()
            .get("Upload-Offset")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse().ok());
        match offset {
            Some(taken) if taken == photo.bytes.len() as u64 => Ok(taken),
            other => {
                Err(Failure::Protocol(format!("photo of {} bytes taken up to {other:?}", photo.bytes.len())))
            }
        }
    }

    fn url(&self, path: &str) -> reqwest::Url {
        let mut url = self.server.clone();
        url.set_path(path);
        url
    }

    /// Sends the request and keeps the clock sample of the answer (errors
    /// included), as the app's client does; a status other than 2xx is a
    /// failure with the start of its body.
    async fn exchange(&mut self, request: RequestBuilder) -> Result<Response, Failure> {
        let (sent_mono_ms, boot_id) = self.clock.since_boot();
        let answer = request.send().await;
        let received_mono_ms = self.clock.since_boot().0;
        let response = answer.map_err(|e| Failure::Transport(transport_kind(&e)))?;
        if let Some(sample) = sample(response.headers(), boot_id, sent_mono_ms, received_mono_ms) {
            if self.samples.len() == SAMPLES_KEPT {
                self.samples.pop_front();
            }
            self.samples.push_back(sample);
        }
        let status = response.status();
        if status.is_success() {
            return Ok(response);
        }
        let body = response.text().await.unwrap_or_default();
        Err(Failure::Status(status.as_u16(), body.chars().take(80).collect()))
    }
}

async fn json<T: serde::de::DeserializeOwned>(response: Response) -> Result<T, Failure> {
    let bytes = response.bytes().await.map_err(|e| Failure::Transport(transport_kind(&e)))?;
    serde_json::from_slice(&bytes).map_err(|e| Failure::Protocol(format!("answer body: {e}")))
}

/// What kind of transport failure, without the URL (one table row per kind).
fn transport_kind(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        "timeout".into()
    } else if e.is_connect() {
        "connect".into()
    } else if e.is_body() || e.is_decode() {
        "body cut".into()
    } else {
        "connection".into()
    }
}

fn sample(headers: &HeaderMap, boot_id: String, sent: u64, received: u64) -> Option<ClockSample> {
    let time = |name: &str| {
        let text = headers.get(name)?.to_str().ok()?;
        chrono::DateTime::parse_from_rfc3339(text).ok().map(|t| t.with_timezone(&chrono::Utc))
    };
    Some(ClockSample {
        boot_id,
        sent_mono_ms: sent,
        received_mono_ms: received,
        server_received: time(HEADER_SERVER_RECEIVED)?,
        server_sent: time(HEADER_SERVER_SENT)?,
    })
}

/// One light phone's life until `until`: record a note, push, pull,
/// sometimes a photo, then a crew's pause.
pub async fn run(
    mut phone: LightPhone,
    until: Instant,
    pace: Duration,
    seed: u64,
    photo_every: u64,
    photo_kib: usize,
) -> PhoneLog {
    let mut log = PhoneLog::default();
    let mut rng = fastrand::Rng::with_seed(seed);
    // Spread the phones' first cycles over one pace.
    tokio::time::sleep(pace.mul_f64(rng.f64())).await;
    while Instant::now() < until {
        let text = format!("负载测试 {}", log.recorded.len() + 1);
        if let Some((order, event)) = phone.record_note(&mut rng, text) {
            log.recorded.push((order, event.id));
        }
        let at = Instant::now();
        match phone.push().await {
            Ok(rejected) => {
                log.push.push(at.elapsed());
                log.rejected += rejected;
            }
            Err(e) => log.error(e.key("push")),
        }
        let at = Instant::now();
        match phone.pull().await {
            Ok(()) => log.pull.push(at.elapsed()),
            Err(e) => log.error(e.key("pull")),
        }
        if photo_every > 0 && rng.u64(..photo_every) == 0 {
            let at = Instant::now();
            match phone.upload_photo(&mut rng, photo_kib).await {
                Ok(bytes) => {
                    log.upload.push(at.elapsed());
                    log.uploaded_bytes += bytes;
                }
                Err(e) => log.error(e.key("photo")),
            }
        }
        // A crew's pace: 0.5–1.5 × the mean pause.
        tokio::time::sleep(pace.mul_f64(0.5 + rng.f64())).await;
    }
    // What is still in the outbox goes up before the check.
    if let Err(e) = phone.push().await {
        log.error(e.key("last push"));
    }
    log
}
