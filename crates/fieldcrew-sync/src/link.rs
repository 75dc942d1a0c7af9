//! What the client knows of its link: the throughput uploads measured, the
//! chunk size that follows from it, and the offsets the server confirmed.
//! A slow link gets small chunks and long timeouts, a fast one large chunks.
//! A cut that moved bytes leaves the chunk as it was (the server keeps what
//! reached it, so a long chunk costs nothing extra when cut, while a short
//! one costs a round trip more per chunk); a chunk that moved nothing
//! halves the next, for a server that drops cut chunks.

use crate::config::SyncConfig;
use std::collections::HashMap;
use std::time::Duration;

#[derive(Debug)]
pub(crate) struct Link {
    /// Bytes per second, smoothed over the uploads' requests.
    rate: Option<f64>,
    chunk: usize,
    /// Upload URL → the offset the server last confirmed to this client,
    /// while no request to it has failed since (then it must be asked).
    known: HashMap<String, u64>,
    /// Outbox items in the next push: halved after a push that broke off,
    /// so a link that cuts more often than a full batch takes still gets
    /// evidence through; doubled back after each one that arrived.
    push_batch: Option<usize>,
    /// Media whose upload was created (or tried) with a first chunk: the
    /// server may hold part of it, so creating again sends no body.
    created: std::collections::HashSet<fieldcrew_core::MediaId>,
    /// The shortest round trip seen (a `HEAD`'s answer).
    round_trip: Option<Duration>,
    /// Bytes per second reaching the server for one upload, from PATCHes
    /// whose arrivals are known exactly (`resume_guess.rs`); unlike `rate`
    /// it leaves out the round trips around them.
    arrival_rate: Option<f64>,
    /// The server named `fieldcrew-overlap` (`resume_guess.rs`).
    overlap: bool,
}

impl Link {
    pub(crate) fn new(config: &SyncConfig) -> Self {
        let (lo, hi) = bounds(config);
        Self {
            rate: None,
            chunk: config.chunk_size.clamp(lo, hi),
            known: HashMap::new(),
            push_batch: None,
            created: Default::default(),
            round_trip: None,
            arrival_rate: None,
            overlap: false,
        }
    }

    /// Bytes for the next PATCH.
    pub(crate) fn chunk(&self) -> usize {
        self.chunk
    }

    /// How long a request carrying `bytes` may take: three times what the
    /// measured rate needs (or the assumed slow rate before any
    /// measurement), plus `upload_timeout_floor`.
    pub(crate) fn timeout_for(&self, bytes: usize, config: &SyncConfig) -> Duration {
        let rate = self.rate.unwrap_or(config.assumed_rate as f64).max(1.0);
        config.upload_timeout_floor + Duration::from_secs_f64(bytes as f64 * 3.0 / rate)
    }

    /// `bytes` reached the server in `elapsed` (a whole chunk, or the part
    /// of a cut one the server kept): a throughput sample. The chunk then
    /// aims at `chunk_duration` of the link, growing at most twofold a time.
    pub(crate) fn delivered(&mut self, bytes: u64, elapsed: Duration, config: &SyncConfig) {
        if bytes == 0 {
            return;
        }
        let sample = bytes as f64 / elapsed.as_secs_f64().max(0.001);
        let rate = match self.rate {
            Some(rate) => 0.5 * rate + 0.5 * sample,
            None => sample,
        };
        self.rate = Some(rate);
        let (lo, hi) = bounds(config);
        let target = (rate * config.chunk_duration.as_secs_f64()) as usize;
        self.chunk = target.min(self.chunk.saturating_mul(2)).clamp(lo, hi);
    }

    /// A request to `url` failed: its offset is no longer known.
    pub(crate) fn cut(&mut self, url: &str) {
        self.known.remove(url);
    }

    /// A chunk was cut before a byte of it was kept: the next is half as long.
    pub(crate) fn stalled(&mut self, config: &SyncConfig) {
        let (lo, hi) = bounds(config);
        self.chunk = (self.chunk / 2).clamp(lo, hi);
    }

    /// Items for the next push, at most the configured batch.
    pub(crate) fn push_batch(&self, config: &SyncConfig) -> usize {
        let most = config.push_batch.clamp(1, fieldcrew_protocol::push::MAX_BATCH);
        self.push_batch.unwrap_or(most).clamp(1, most)
    }

    /// A push of `items` broke off before its answer came.
    pub(crate) fn push_cut(&mut self, items: usize) {
        self.push_batch = Some((items / 2).max(1));
    }

    /// A push arrived and was answered.
    pub(crate) fn push_delivered(&mut self, config: &SyncConfig) {
        self.push_batch = self.push_batch.map(|n| n.saturating_mul(2)).filter(|&n| n < config.push_batch);
    }

    /// Whether this is the first creation of `media`'s upload by this
    /// client (it may then carry the first chunk).
    pub(crate) fn first_creation(&mut self, media: fieldcrew_core::MediaId) -> bool {
        self.created.insert(media)
    }

    pub(crate) fn known_offset(&self, url: &str) -> Option<u64> {
        self.known.get(url).copied()
    }

    pub(crate) fn confirmed(&mut self, url: &str, offset: u64) {
        self.known.insert(url.to_string(), offset);
    }

    pub(crate) fn forget(&mut self, url: &str) {
        self.known.remove(url);
    }

    /// A bodiless request was answered in `took`; `fresh_connection`: its
    /// connection's handshake is in it too.
    pub(crate) fn small_answer(&mut self, took: Duration, fresh_connection: bool) {
        let round_trip = if fresh_connection { took / 2 } else { took };
        self.round_trip = Some(self.round_trip.map_or(round_trip, |r| r.min(round_trip)));
    }

    /// The server's upload answers name `fieldcrew-overlap`.
    pub(crate) fn server_overlaps(&mut self) {
        self.overlap = true;
    }

    /// How much of a PATCH cut off as `cut` surely reached the server, when
    /// the server takes overlapping PATCHes and the link is measured well
    /// enough to tell; `None`: ask with `HEAD`.
    pub(crate) fn resume_guess(&self, cut: crate::resume_guess::CutPatch) -> Option<u64> {
        let (true, Some(rate), Some(round_trip)) = (self.overlap, self.arrival_rate, self.round_trip) else {
            return None;
        };
        Some(crate::resume_guess::surely_arrived(cut, rate, round_trip))
    }

    /// `bytes` of a request's body reached the server in `elapsed` (from
    /// sending until the cut, or until its answer when `answered`).
    pub(crate) fn arrived(&mut self, bytes: u64, elapsed: Duration, fresh_connection: bool, answered: bool) {
        let Some(round_trip) = self.round_trip else { return };
        let arriving = crate::resume_guess::arriving(elapsed, round_trip, fresh_connection, answered);
        if bytes == 0 || arriving < 0.5 {
            return;
        }
        let sample = bytes as f64 / arriving;
        self.arrival_rate = Some(self.arrival_rate.map_or(sample, |rate| 0.5 * rate + 0.5 * sample));
    }

    /// A resume guess went past the server's offset: guess lower.
    pub(crate) fn guessed_too_high(&mut self) {
        self.arrival_rate = self.arrival_rate.map(|rate| rate * 0.9);
    }
}

/// Chunk sizes between `min_chunk` and `max_chunk`, widened to take a
/// configured `chunk_size` outside them.
fn bounds(config: &SyncConfig) -> (usize, usize) {
    let lo = config.min_chunk.min(config.chunk_size).max(1);
    (lo, config.max_chunk.max(config.chunk_size).max(lo))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slow_link_gets_small_chunks_and_timeouts_it_can_meet_a_fast_one_large_chunks() {
        let config = SyncConfig::default();
        let mut link = Link::new(&config);
        assert_eq!(link.chunk(), config.chunk_size);
        // 4 kbps: 500 B/s.
        for _ in 0..5 {
            link.delivered(5_000, Duration::from_secs(10), &config);
        }
        assert_eq!(link.chunk(), config.min_chunk);
        let timeout = link.timeout_for(link.chunk(), &config);
        assert!(timeout >= Duration::from_secs(3 * 16 * 1024 / 500), "{timeout:?}");
        // 1 MB/s: ten seconds would be 10 MB; capped, reached by doubling.
        link.delivered(1_000_000, Duration::from_secs(1), &config);
        assert_eq!(link.chunk(), 2 * config.min_chunk);
        for _ in 0..10 {
            link.delivered(1_000_000, Duration::from_secs(1), &config);
        }
        assert_eq!(link.chunk(), config.max_chunk);
        link.cut("u");
        assert_eq!(link.chunk(), config.max_chunk, "a cut that kept bytes costs no chunk length");
        link.stalled(&config);
        assert_eq!(link.chunk(), config.max_chunk / 2);
    }

    #[test]
    fn a_push_that_breaks_off_halves_the_next_batch_and_ones_that_arrive_grow_it_back() {
        let config = SyncConfig::default();
        let mut link = Link::new(&config);
        let full = link.push_batch(&config);
        assert_eq!(full, config.push_batch.min(fieldcrew_protocol::push::MAX_BATCH));
        link.push_cut(full);
        link.push_cut(link.push_batch(&config));
        assert_eq!(link.push_batch(&config), full / 4);
        for _ in 0..3 {
            link.push_delivered(&config);
        }
        assert_eq!(link.push_batch(&config), full, "back to the configured batch, never past it");
        for _ in 0..20 {
            link.push_cut(link.push_batch(&config));
        }
        assert_eq!(link.push_batch(&config), 1, "one item at a time at worst");
    }

    #[test]
    fn before_any_measurement_a_chunk_gets_the_time_of_the_assumed_slow_rate() {
        let config = SyncConfig::default();
        let link = Link::new(&config);
        let timeout = link.timeout_for(64 * 1024, &config);
        let needed = Duration::from_secs_f64(64.0 * 1024.0 / config.assumed_rate as f64);
        assert!(timeout > needed * 2, "{timeout:?} for {needed:?} of sending");
    }
}
