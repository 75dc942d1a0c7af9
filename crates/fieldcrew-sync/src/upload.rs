//! Media up with tus: create the upload (idempotent on media_id) carrying
//! its first chunk (creation-with-upload: one round trip less per file),
//! store its URL, then send the rest in checksummed chunks sized to the
//! measured link (`link.rs`). The server keeps what reached it of a chunk
//! cut off part-way, so after a cut the client asks how far it got and goes
//! on at once; only a cut that moved nothing counts towards giving up. A
//! creation cut off is made again at once without a body (the server
//! answers how much of the first one it kept).

use crate::client::{SharedStore, SyncClient};
use crate::error::SyncError;
use crate::link::Link;
use crate::progress::{SyncPhase, UploadProgress};
use crate::report::{SyncReport, UploadFailure};
use crate::tus::*;
use fieldcrew_core::RecordError;
use fieldcrew_core::store::{MediaRow, PendingUpload, Store};
use fieldcrew_protocol::tus;
use reqwest::Response;
use reqwest::header::{CONTENT_TYPE, LOCATION};
use std::collections::VecDeque;
use std::time::Instant;

/// Files uploaded at once (see `upload_media`); the pass opens as many
/// connections ahead (`warm.rs`).
pub(crate) const LANES: usize = 2;

/// Tries of a request safe to repeat (a `HEAD`, a creation without a body)
/// whose connection was found dead: right after a cut the client's pool may
/// still hold connections the cut closed (the warm-ups', the pull's) before
/// it has noticed, and one of them failing must not end the pass.
const DEAD_CONNECTION_TRIES: u32 = 3;

impl SyncClient {
    /// Uploads every pending file, smallest first (a signature is through
    /// in seconds), two at a time: while one waits for an answer (a round
    /// trip, over a second on a village link) the other's bytes fill the
    /// link. The report holds the uploads' part only.
    pub(crate) async fn upload_media(
        &self,
        store: &SharedStore<'_>,
        token: &str,
    ) -> Result<SyncReport, SyncError> {
        self.progress.send_modify(|p| p.phase = SyncPhase::Uploading);
        let mut pending = store.get().pending_uploads()?;
        pending.sort_by_key(|p| p.media.size);
        let queue = std::sync::Mutex::new(VecDeque::from(pending));
        let lane = || async {
            let mut report = SyncReport::default();
            loop {
                let Some(pending) = next(&queue) else { return Ok(report) };
                let media_id = pending.media.id;
                match self.upload_one(store, token, pending).await {
                    Ok(sent) => {
                        report.media_uploaded += 1;
                        report.bytes_uploaded += sent;
                    }
                    // This file can not go up now, but the others can.
                    Err(e @ (SyncError::LocalMedia { .. } | SyncError::Rejected { .. })) => {
                        report.upload_failures.push(UploadFailure { media_id, reason: e.to_string() })
                    }
                    Err(e) => {
                        // The other lane stops after its file too.
                        queue.lock().unwrap_or_else(|p| p.into_inner()).clear();
                        return Err(e);
                    }
                }
            }
        };
        let (first, second) = tokio::join!(lane(), lane());
        let (mut report, second) = (first?, second?);
        report.media_uploaded += second.media_uploaded;
        report.bytes_uploaded += second.bytes_uploaded;
        report.upload_failures.extend(second.upload_failures);
        self.progress.send_modify(|p| p.upload = None);
        Ok(report)
    }

    /// Uploads the rest of one file; returns the bytes the server took
    /// this time.
    async fn upload_one(
        &self,
        store: &SharedStore<'_>,
        token: &str,
        pending: PendingUpload,
    ) -> Result<u64, SyncError> {
        let media = pending.media;
        let bytes = store.get().read_media(media.id).map_err(|e| match e {
            RecordError::Store(e) => SyncError::Store(e),
            other => SyncError::LocalMedia { media_id: media.id, reason: other.to_string() },
        })?;
        let total = bytes.len() as u64;
        let mut sent = 0;
        let url = match pending.upload_url {
            Some(url) => url,
            None => {
                let created = self.create_upload(store, token, &media, &bytes).await;
                let (url, first_chunk) =
                    created.map_err(|e| settle(&mut store.get(), media.id, e, Step::Create))?;
                sent += first_chunk;
                url
            }
        };
        // An offset the server confirmed to this client, with no failure
        // since, needs no HEAD: a round trip saved per file and per pass.
        let known = self.link().known_offset(&url);
        let (url, offset) = match known {
            Some(offset) => (url, offset),
            None => match self.server_offset(store, token, &url, false).await {
                Err(SyncError::Rejected { status: 404 | 410, .. }) => {
                    // The server forgot the upload (expired): create it again.
                    store.get().clear_upload_url(media.id)?;
                    let created = self.create_upload(store, token, &media, &bytes).await;
                    let (url, first_chunk) =
                        created.map_err(|e| settle(&mut store.get(), media.id, e, Step::Create))?;
                    sent += first_chunk;
                    let known = self.link().known_offset(&url);
                    let offset = match known {
                        Some(offset) => offset,
                        None => self.server_offset(store, token, &url, false).await?,
                    };
                    (url, offset)
                }
                other => (url, other?),
            },
        };
        sent += self.send_rest(store, token, &media, &url, &bytes, offset).await?;
        self.link().forget(&url);
        store.get().finish_upload(media.id)?;
        self.show_upload(&media, total, total);
        Ok(sent)
    }

    pub(crate) fn link(&self) -> std::sync::MutexGuard<'_, Link> {
        self.link.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Creates the upload with its first chunk and stores its URL and the
    /// offset the server answers. A creation cut off is made once more at
    /// once, without a body: the server kept what arrived of the first and
    /// says how much. Returns the URL and the bytes the server took.
    async fn create_upload(
        &self,
        store: &SharedStore<'_>,
        token: &str,
        media: &MediaRow,
        bytes: &[u8],
    ) -> Result<(String, u64), SyncError> {
        let first = {
            let mut link = self.link();
            let len = link.chunk().min(bytes.len());
            (link.first_creation(media.id), len, link.timeout_for(len, &self.config))
        };
        let (url, offset) = match first {
            (true, len, timeout) => {
                let started = Instant::now();
                match self.post_upload(store, token, media, &bytes[..len], timeout).await {
                    Err(e) if e.is_unreachable() => {
                        let cut_after = started.elapsed();
                        let asked = Instant::now();
                        let again = repeat_on_dead_connection(|| {
                            self.post_upload(store, token, media, &[], self.config.upload_timeout_floor)
                        })
                        .await?;
                        // How much of the cut creation arrived, and when: a
                        // measure for resuming later cuts without asking.
                        let mut link = self.link();
                        link.small_answer(asked.elapsed(), true);
                        if let (_, Some(kept)) = again {
                            link.arrived(kept, cut_after, false, false);
                        }
                        again
                    }
                    other => other?,
                }
            }
            (false, ..) => {
                repeat_on_dead_connection(|| {
                    self.post_upload(store, token, media, &[], self.config.upload_timeout_floor)
                })
                .await?
            }
        };
        store.get().set_upload_url(media.id, &url)?;
        let Some(offset) = offset else { return Ok((url, 0)) };
        if offset > bytes.len() as u64 {
            return Err(SyncError::Protocol(format!(
                "upload offset {offset} beyond the file's {} bytes",
                bytes.len()
            )));
        }
        store.get().set_upload_offset(media.id, offset)?;
        self.link().confirmed(&url, offset);
        self.progress.send_modify(|p| p.bytes_uploaded += offset);
        Ok((url, offset))
    }

    /// One tus creation, carrying `chunk` from byte 0 when it is not empty.
    /// The offset is the server's `Upload-Offset`; without one (a server
    /// without creation-with-upload), 0 when nothing was sent, else unknown.
    async fn post_upload(
        &self,
        store: &SharedStore<'_>,
        token: &str,
        media: &MediaRow,
        chunk: &[u8],
        timeout: std::time::Duration,
    ) -> Result<(String, Option<u64>), SyncError> {
        let mut request = self
            .http
            .post(self.url(tus::PATH)?)
            .timeout(timeout)
            .bearer_auth(token)
            .header(TUS_RESUMABLE, tus::VERSION)
            .header(UPLOAD_LENGTH, media.size.to_string())
            .header(UPLOAD_METADATA, metadata(media));
        if !chunk.is_empty() {
            request = request
                .header(CONTENT_TYPE, OFFSET_OCTET_STREAM)
                .header(UPLOAD_CHECKSUM, checksum(chunk))
                .body(chunk.to_vec());
        }
        let started = Instant::now();
        let response = self.exchange_shared(store, request).await?;
        if response.headers().contains_key(tus::RESUME_OVERLAP) {
            self.link().server_overlaps();
        }
        let location = response
            .headers()
            .get(LOCATION)
            .and_then(|l| l.to_str().ok())
            .ok_or_else(|| SyncError::Protocol("upload created without a Location".into()))?;
        let url = self.url(location)?.to_string();
        let offset = match offset_header(&response) {
            Ok(offset) => Some(offset),
            Err(_) if chunk.is_empty() => Some(0),
            Err(_) => None,
        };
        if let Some(taken) = offset.filter(|&o| o > 0 && !chunk.is_empty()) {
            self.link().delivered(taken, started.elapsed(), &self.config);
        }
        Ok((url, offset))
    }

    /// How many bytes of the upload the server has (tus HEAD);
    /// `fresh_connection`: a cut closed the connections (the answer's time
    /// then holds a handshake too).
    pub(crate) async fn server_offset(
        &self,
        store: &SharedStore<'_>,
        token: &str,
        url: &str,
        fresh_connection: bool,
    ) -> Result<u64, SyncError> {
        repeat_on_dead_connection(|| self.head_offset(store, token, url, fresh_connection)).await
    }

    async fn head_offset(
        &self,
        store: &SharedStore<'_>,
        token: &str,
        url: &str,
        fresh_connection: bool,
    ) -> Result<u64, SyncError> {
        let request = self
            .http
            .head(url)
            .timeout(self.config.upload_timeout_floor)
            .bearer_auth(token)
            .header(TUS_RESUMABLE, tus::VERSION);
        let started = Instant::now();
        let response = self.exchange_shared(store, request).await?;
        let mut link = self.link();
        link.small_answer(started.elapsed(), fresh_connection);
        if response.headers().contains_key(tus::RESUME_OVERLAP) {
            link.server_overlaps();
        }
        let offset = offset_header(&response)?;
        link.confirmed(url, offset);
        Ok(offset)
    }

    pub(crate) fn show_upload(&self, media: &MediaRow, sent: u64, total: u64) {
        let upload = UploadProgress { media_id: media.id, order_id: media.order_id, sent, total };
        self.progress.send_modify(|p| p.upload = Some(upload));
    }
}

/// Sends a request safe to repeat again at once while it fails on a dead
/// connection (see `DEAD_CONNECTION_TRIES`); other failures are answers.
async fn repeat_on_dead_connection<T, F: std::future::Future<Output = Result<T, SyncError>>>(
    mut send: impl FnMut() -> F,
) -> Result<T, SyncError> {
    let mut tries = 1;
    loop {
        match send().await {
            Err(SyncError::ConnectionLost(_)) if tries < DEAD_CONNECTION_TRIES => tries += 1,
            answer => return answer,
        }
    }
}

/// The next file for a lane.
fn next(queue: &std::sync::Mutex<VecDeque<PendingUpload>>) -> Option<PendingUpload> {
    queue.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).pop_front()
}

#[derive(Clone, Copy)]
enum Step {
    Create,
    Patch,
}

/// Answers after which sending the same file again can only be refused
/// again. At creation: 403 (not the crew's order), 409 (the media id is
/// held with another hash or length, or by another device: asking again,
/// every pass, only spends a village link on the same refusal), 413 (over
/// the server's size limit), 415 (not the type it claims), 422. On a PATCH only 415 and
/// 422, which judge the finished file; a 413 there is about the chunk, and
/// 5xx, 507, 429, timeouts and cuts pass.
fn refused_for_good(e: &SyncError, step: Step) -> Option<String> {
    let SyncError::Rejected { status, body } = e else { return None };
    let final_statuses: &[u16] = match step {
        Step::Create => &[403, 409, 413, 415, 422],
        Step::Patch => &[415, 422],
    };
    final_statuses.contains(status).then(|| format!("{status}: {}", body.message))
}

/// [`settle`] for a PATCH's failure.
pub(crate) fn settle_patch(store: &mut Store, id: fieldcrew_core::MediaId, e: SyncError) -> SyncError {
    settle(store, id, e, Step::Patch)
}

/// Marks the file refused on the phone when the server refused it for good
/// (kept, never sent again); hands back the error either way.
fn settle(store: &mut Store, id: fieldcrew_core::MediaId, e: SyncError, step: Step) -> SyncError {
    let Some(reason) = refused_for_good(&e, step) else { return e };
    match store.refuse_upload(id, &reason) {
        Ok(()) => e,
        Err(store_error) => store_error.into(),
    }
}

pub(crate) fn offset_header(response: &Response) -> Result<u64, SyncError> {
    response
        .headers()
        .get(UPLOAD_OFFSET)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| SyncError::Protocol("tus answer without a valid Upload-Offset".into()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use fieldcrew_protocol::error::ErrorBody;

    fn rejected(status: u16) -> SyncError {
        SyncError::Rejected { status, body: ErrorBody { error: "x".into(), message: "why".into() } }
    }

    #[tokio::test]
    async fn a_head_or_bodiless_creation_on_a_connection_the_cut_closed_is_sent_again() {
        let tries = std::cell::Cell::new(0);
        let dead_then_answered = || {
            tries.set(tries.get() + 1);
            let n = tries.get();
            async move { if n < 3 { Err(SyncError::ConnectionLost("reset".into())) } else { Ok(n) } }
        };
        assert_eq!(repeat_on_dead_connection(dead_then_answered).await.unwrap(), 3);
        tries.set(0);
        let always_dead = || {
            tries.set(tries.get() + 1);
            async { Err::<(), _>(SyncError::ConnectionLost("reset".into())) }
        };
        assert!(repeat_on_dead_connection(always_dead).await.is_err());
        assert_eq!(tries.get(), DEAD_CONNECTION_TRIES, "a link that stays down is given up on");
        tries.set(0);
        let timed_out = || {
            tries.set(tries.get() + 1);
            async { Err::<(), _>(SyncError::Timeout) }
        };
        assert!(matches!(repeat_on_dead_connection(timed_out).await, Err(SyncError::Timeout)));
        assert_eq!(tries.get(), 1, "a timeout is not a dead connection: no second try");
    }

    #[test]
    fn only_answers_about_the_file_itself_stop_its_upload_for_good() {
        for status in [403, 409, 413, 415, 422] {
            assert_eq!(refused_for_good(&rejected(status), Step::Create), Some(format!("{status}: why")));
        }
        for status in [415, 422] {
            assert!(refused_for_good(&rejected(status), Step::Patch).is_some(), "{status}");
        }
        // A PATCH's 413 is about the chunk; busy, full or broken servers pass.
        for status in [400, 404, 409, 413, 429, 460] {
            assert_eq!(refused_for_good(&rejected(status), Step::Patch), None, "{status}");
        }
        for e in [
            SyncError::ServerFault { status: 507, message: String::new() },
            SyncError::ServerFault { status: 500, message: String::new() },
            SyncError::Timeout,
            SyncError::ConnectionLost("cut".into()),
            rejected(429),
        ] {
            assert_eq!(refused_for_good(&e, Step::Create), None, "{e}");
        }
    }
}
