//! Events ingested per second by the server, pushed by the real client in
//! batches of 100 over HTTP into SQLite, against its peer: the same number
//! of plain rows, of the same average size, inserted into a bare SQLite
//! table with the same pragmas, one transaction per 100.

use crate::bench_phone::{BenchPhone, MEMBER};
use fieldcrew_core::event::EventKind;
use fieldcrew_server::test_support::TestServer;
use fieldcrew_sync::SyncConfig;
use rusqlite::{Connection, params};
use std::time::{Duration, Instant};

pub const BATCH: usize = 100;
/// Events recorded on each order: the arrival flow, then notes.
const EVENTS_PER_ORDER: usize = 20;

pub struct IngestFigures {
    pub events: usize,
    pub rounds: usize,
    /// Medians over the rounds.
    pub server: Duration,
    pub bare_sqlite: Duration,
    pub mean_event_json_bytes: usize,
}

impl IngestFigures {
    pub fn server_per_second(&self) -> f64 {
        self.events as f64 / self.server.as_secs_f64()
    }

    pub fn bare_per_second(&self) -> f64 {
        self.events as f64 / self.bare_sqlite.as_secs_f64()
    }
}

pub async fn measure(events: usize, rounds: usize) -> IngestFigures {
    let mut server_times = Vec::new();
    let mut bare_times = Vec::new();
    let mut json_bytes = 0;
    for _ in 0..rounds {
        let (elapsed, mean_json) = push_round(events).await;
        server_times.push(elapsed);
        json_bytes = mean_json;
        let row_bytes = mean_json;
        bare_times.push(tokio::task::spawn_blocking(move || bare_round(events, row_bytes)).await.unwrap());
    }
    IngestFigures {
        events,
        rounds,
        server: median(server_times),
        bare_sqlite: median(bare_times),
        mean_event_json_bytes: json_bytes,
    }
}

/// A fresh server and phone; `events` recorded (untimed), then one timed
/// push of the whole outbox. Returns the push time and the mean event size.
async fn push_round(events: usize) -> (Duration, usize) {
    push_round_on(events, |_| {}).await
}

/// `push_round` on a server whose settings `adjust` changes (its database).
pub async fn push_round_on(
    events: usize,
    adjust: impl FnOnce(&mut fieldcrew_server::Settings),
) -> (Duration, usize) {
    let server = TestServer::start_with(adjust).await;
    let orders: Vec<_> =
        (0..events.div_ceil(EVENTS_PER_ORDER)).map(|_| server.create_order(&server.crew_code)).collect();
    let mut phone = BenchPhone::paired(&server).await;
    let mut json_bytes = 0;
    for n in 0..events {
        let order = orders[n / EVENTS_PER_ORDER].id;
        let evidence = phone.evidence();
        let event =
            phone.store.record(order, kind_at(n % EVENTS_PER_ORDER), MEMBER, evidence).expect("recorded");
        json_bytes += serde_json::to_vec(&event).expect("event serialises").len();
    }
    let client =
        BenchPhone::client_with(&server.base_url, SyncConfig { push_batch: BATCH, ..Default::default() });
    let started = Instant::now();
    let report = client.push(&mut phone.store).await.expect("push");
    let elapsed = started.elapsed();
    if report.items_pushed != events as u64 || !report.rejected.is_empty() {
        eprintln!("warning: pushed {} of {events}, {} rejected", report.items_pushed, report.rejected.len());
    }
    (elapsed, json_bytes / events.max(1))
}

/// The `index`-th event of an order: the realistic start of the flow, then notes.
fn kind_at(index: usize) -> EventKind {
    match index {
        0 => EventKind::Acknowledged,
        1 => EventKind::Departed,
        2 => EventKind::Arrived,
        3 => EventKind::SiteReport { text: "表箱烧黑，整户停电，正在检查进户线".into() },
        n => EventKind::Note { text: format!("检查记录 {n}：进户线接头松动，已紧固") },
    }
}

/// The peer: `rows` plain rows of `row_bytes` text each, 100 per transaction.
fn bare_round(rows: usize, row_bytes: usize) -> Duration {
    let dir = tempfile::tempdir().expect("peer dir");
    let mut conn = Connection::open(dir.path().join("bare.sqlite3")).expect("peer database");
    conn.pragma_update(None, "journal_mode", "WAL").unwrap();
    conn.pragma_update(None, "synchronous", "FULL").unwrap();
    conn.execute_batch("CREATE TABLE rows (id INTEGER PRIMARY KEY, body TEXT NOT NULL)").unwrap();
    let body = "x".repeat(row_bytes);
    let started = Instant::now();
    for first in (0..rows).step_by(BATCH) {
        let tx = conn.transaction().unwrap();
        {
            let mut insert = tx.prepare_cached("INSERT INTO rows (id, body) VALUES (?1, ?2)").unwrap();
            for id in first..(first + BATCH).min(rows) {
                insert.execute(params![id as i64, body]).unwrap();
            }
        }
        tx.commit().unwrap();
    }
    started.elapsed()
}

pub fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}
