//! The rest of one file in checksummed PATCHes sized to the link. After a
//! cut the next PATCH goes at once from where the bytes surely reached
//! (`resume_guess.rs`, when the server does `fieldcrew-overlap`), not after
//! a `HEAD`; the server skips what it already has. A `HEAD` is asked only
//! when the cut came too soon to tell, or the server lacks the extension;
//! only a cut that moved nothing counts towards giving up.

use crate::client::{SharedStore, SyncClient};
use crate::error::SyncError;
use crate::resume_guess::CutPatch;
use crate::tus::*;
use fieldcrew_core::store::MediaRow;
use fieldcrew_protocol::tus;
use reqwest::header::CONTENT_TYPE;
use std::time::Instant;

/// PATCHes in a row that may fail without moving a byte before the upload
/// gives up until the next pass.
const STALLED_CHUNKS: u32 = 2;

/// PATCHes resent at once at the same offset after cuts too early to
/// count any byte, before a `HEAD` is asked.
const QUICK_RETRIES: u32 = 3;

/// Where the next PATCH starts.
struct Resume {
    /// The offset the server last named.
    confirmed: u64,
    /// Where the next PATCH starts: `confirmed`, or above it after a cut
    /// (a guess, sent with `fieldcrew-overlap`).
    next: u64,
    /// When the first PATCH since `confirmed` was sent (a rate sample
    /// spans every PATCH that carried the bytes).
    since: Option<Instant>,
    /// The next request needs a new connection (a cut closed the last).
    fresh_connection: bool,
}

impl SyncClient {
    /// Sends `bytes` from `offset`, which the server confirmed; returns the
    /// bytes the server took. Ends with the file complete on the server.
    pub(crate) async fn send_rest(
        &self,
        store: &SharedStore<'_>,
        token: &str,
        media: &MediaRow,
        url: &str,
        bytes: &[u8],
        offset: u64,
    ) -> Result<u64, SyncError> {
        let total = bytes.len() as u64;
        let mut at = Resume { confirmed: offset, next: offset, since: None, fresh_connection: false };
        let (mut sent, mut stalled, mut quick_retries) = (0, 0, 0);
        while at.confirmed < total {
            self.show_upload(media, at.confirmed, total);
            let (chunk_len, timeout) = {
                let link = self.link();
                let len = link.chunk().min(bytes.len() - at.next as usize);
                (len, link.timeout_for(len, &self.config))
            };
            let chunk = &bytes[at.next as usize..at.next as usize + chunk_len];
            let mut request = self
                .http
                .patch(url)
                .timeout(timeout)
                .bearer_auth(token)
                .header(TUS_RESUMABLE, tus::VERSION)
                .header(CONTENT_TYPE, OFFSET_OCTET_STREAM)
                .header(UPLOAD_OFFSET, at.next.to_string())
                .header(UPLOAD_CHECKSUM, checksum(chunk))
                .body(chunk.to_vec());
            if at.next > at.confirmed {
                request = request.header(tus::RESUME_OVERLAP, "1");
            }
            let started = Instant::now();
            let since = *at.since.get_or_insert(started);
            let named = match self.exchange_tus(store, request).await {
                // 204 with the new offset, or 409 with the server's (our
                // guess was too high, or a chunk landed but its answer was lost).
                Ok(response) => {
                    let named = crate::upload::offset_header(&response)?;
                    let mut link = self.link();
                    if response.headers().contains_key(tus::RESUME_OVERLAP) {
                        link.server_overlaps();
                    }
                    if response.status().is_success() {
                        link.arrived(chunk_len as u64, started.elapsed(), at.fresh_connection, true);
                    } else if named < at.next {
                        link.guessed_too_high();
                    }
                    at.fresh_connection = false;
                    named
                }
                // A server that names no offset in its 409.
                Err(SyncError::Rejected { status: 409, .. }) => {
                    self.link().forget(url);
                    self.server_offset(store, token, url, false).await?
                }
                // The link broke or was too slow: the server keeps what
                // reached it. Go on from what surely did, or ask how far it got.
                Err(e) if e.is_unreachable() => {
                    let cut = CutPatch {
                        elapsed: started.elapsed(),
                        fresh_connection: at.fresh_connection,
                        body_len: chunk_len,
                    };
                    at.fresh_connection = true;
                    let guess = {
                        let mut link = self.link();
                        link.cut(url);
                        // Only a connection that broke: after a timeout or
                        // no connection at all, nothing says bytes moved.
                        let broke = matches!(e, SyncError::ConnectionLost(_));
                        link.resume_guess(cut).filter(|_| broke)
                    };
                    match guess {
                        Some(arrived) if arrived > 0 => {
                            at.next += arrived;
                            quick_retries = 0;
                            continue;
                        }
                        // Cut before a byte surely arrived (or on a pooled
                        // connection the cut had closed): the same offset
                        // again, a few times, before asking.
                        Some(_) if quick_retries < QUICK_RETRIES => {
                            quick_retries += 1;
                            continue;
                        }
                        _ => {}
                    }
                    let Ok(reached) = self.server_offset(store, token, url, true).await else {
                        return Err(e);
                    };
                    at.fresh_connection = false;
                    if reached > at.next {
                        self.link().arrived(reached - at.next, cut.elapsed, cut.fresh_connection, false);
                    }
                    if reached <= at.confirmed {
                        self.link().stalled(&self.config);
                        stalled += 1;
                        if stalled >= STALLED_CHUNKS {
                            return Err(e);
                        }
                    }
                    reached
                }
                Err(e) => {
                    self.link().forget(url);
                    return Err(crate::upload::settle_patch(&mut store.get(), media.id, e));
                }
            };
            if named > total {
                return Err(SyncError::Protocol(format!(
                    "upload offset {named} beyond the file's {total} bytes"
                )));
            }
            if named > at.confirmed {
                stalled = 0;
                self.link().delivered(named - at.confirmed, since.elapsed(), &self.config);
                sent += named - at.confirmed;
                self.progress.send_modify(|p| p.bytes_uploaded += named - at.confirmed);
            }
            quick_retries = 0;
            at = Resume { confirmed: named, next: named, since: None, ..at };
            store.get().set_upload_offset(media.id, named)?;
            self.link().confirmed(url, named);
        }
        Ok(sent)
    }
}
