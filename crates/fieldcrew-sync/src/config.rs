//! Tunables of the sync client, with defaults for 2G/3G links.

use std::time::Duration;

#[derive(Clone, Debug)]
pub struct SyncConfig {
    /// Outbox items per push (the server takes at most `push::MAX_BATCH`).
    pub push_batch: usize,
    /// Order changes per pull page.
    pub page_size: u32,
    /// Bytes of the first tus PATCH; later ones follow the measured rate
    /// (`chunk_duration` of it, between `min_chunk` and `max_chunk`) and
    /// halve after a cut.
    pub chunk_size: usize,
    pub min_chunk: usize,
    pub max_chunk: usize,
    /// How long a PATCH should take at the measured rate.
    pub chunk_duration: Duration,
    /// A PATCH's timeout: this plus three times what its bytes need at the
    /// measured rate (`assumed_rate` before any measurement), so a slow
    /// link is given the time it needs and a dead one is noticed.
    pub upload_timeout_floor: Duration,
    /// Bytes per second assumed before an upload measured the link: 4 kbps.
    pub assumed_rate: u32,
    pub connect_timeout: Duration,
    /// Whole request, except tus PATCHes (see `upload_timeout_floor`).
    pub request_timeout: Duration,
    /// First retry delay after a failure the server answered (a 5xx, a
    /// refusal, a broken answer); doubles per failure.
    pub retry_base: Duration,
    /// Longest retry delay after such failures.
    pub retry_cap: Duration,
    /// While the server can not be reached (no connection, the connection
    /// broke, no answer in time, a gateway saying the server is down), the
    /// loop asks `GET /healthz` instead of retrying the whole pass: first
    /// after this delay, doubling per unanswered probe...
    pub probe_base: Duration,
    /// ...up to this, so syncing starts within seconds of the network's
    /// return.
    pub probe_cap: Duration,
    /// A probe's whole request, connecting included: a probe that hangs
    /// on a dead link must not hold up the next one.
    pub probe_timeout: Duration,
    /// Time between syncs when everything went well.
    pub idle_interval: Duration,
    /// Between syncs, keep a long-poll (`GET /v1/changes?wait=`) open for
    /// this long at a time, so a new order arrives in about one round trip
    /// instead of at the next sync; `None` waits out `idle_interval`. At
    /// most `pull::MAX_WAIT_SECS` (the server cuts longer waits).
    pub long_poll: Option<Duration>,
    /// A long-poll's timeout is its wait plus this: time for the answer to
    /// cross a slow link. Not `request_timeout`, which would cut a 60 s hold.
    pub long_poll_margin: Duration,
}

impl Default for SyncConfig {
    fn default() -> Self {
        Self {
            push_batch: fieldcrew_protocol::push::MAX_BATCH,
            page_size: fieldcrew_protocol::pull::DEFAULT_PAGE,
            chunk_size: fieldcrew_protocol::tus::DEFAULT_CHUNK,
            min_chunk: 16 * 1024,
            max_chunk: 1024 * 1024,
            chunk_duration: Duration::from_secs(30),
            upload_timeout_floor: Duration::from_secs(30),
            assumed_rate: 500,
            connect_timeout: Duration::from_secs(20),
            request_timeout: Duration::from_secs(120),
            retry_base: Duration::from_secs(2),
            retry_cap: Duration::from_secs(5 * 60),
            probe_base: Duration::from_secs(2),
            probe_cap: Duration::from_secs(10),
            probe_timeout: Duration::from_secs(5),
            idle_interval: Duration::from_secs(10 * 60),
            long_poll: None,
            long_poll_margin: Duration::from_secs(30),
        }
    }
}
