//! The server's ingest alone, as the target means it: several
//! phones at once (each paired, each its own device and hash chain), their
//! batches of 100 built, serialised and gzipped before the clock starts (as
//! the phone would send them, boot epochs included), then posted over real
//! HTTP by a thin client per phone, each phone's batches one after the
//! other. What the end-to-end figure also counts (the phone reading its
//! outbox, gzip, its own commit of each answer) is left out here.
//!
//! The peer gets the same concurrency: as many connections as phones, each
//! inserting its share of plain rows of the same mean size, one transaction
//! per 100 (SQLite: `BEGIN IMMEDIATE` on one file, WAL, `synchronous=FULL`;
//! PostgreSQL: one multi-row INSERT per 100).

use crate::bench_phone::{BenchPhone, MEMBER};
use crate::push_ingest::{BATCH, median};
use fieldcrew_core::event::EventKind;
use fieldcrew_core::store::{OutboxKind, Store};
use fieldcrew_protocol::clock::{self, ClockSample};
use fieldcrew_protocol::push::{Outcome, PushBatch, PushBody, PushItem, PushResponse};
use fieldcrew_server::test_support::{TestServer, scratch_postgres};
use fieldcrew_sql::postgres::{Isolation, PgConnection};
use fieldcrew_sql::{Sql, ToValue, Value};
use flate2::Compression;
use flate2::write::GzEncoder;
use std::io::Write;
use std::time::{Duration, Instant};

/// Phones pushing at once.
pub const PHONES: usize = 4;

pub struct ConcurrentFigures {
    pub events: usize,
    pub rounds: usize,
    /// Medians over the rounds.
    pub server: Duration,
    pub bare: Duration,
}

impl ConcurrentFigures {
    pub fn server_per_second(&self) -> f64 {
        self.events as f64 / self.server.as_secs_f64()
    }

    pub fn bare_per_second(&self) -> f64 {
        self.events as f64 / self.bare.as_secs_f64()
    }
}

/// One phone's pre-built batches and its token.
struct Prepared {
    token: String,
    bodies: Vec<Vec<u8>>,
    _phone: BenchPhone,
}

pub async fn measure_sqlite(events: usize, rounds: usize) -> ConcurrentFigures {
    let (mut server_times, mut bare_times) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        let (elapsed, row_bytes) = round(events, |_| {}).await;
        server_times.push(elapsed);
        bare_times.push(tokio::task::spawn_blocking(move || bare_sqlite(events, row_bytes)).await.unwrap());
    }
    figures(events, rounds, server_times, bare_times)
}

/// `None` without `FIELDCREW_TEST_DATABASE_URL`.
pub async fn measure_postgres(events: usize, rounds: usize) -> Option<ConcurrentFigures> {
    let (mut server_times, mut bare_times) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        let scratch = scratch_postgres()?;
        let url = scratch.url.clone();
        let (elapsed, row_bytes) = round(events, move |s| s.database_url = url).await;
        server_times.push(elapsed);
        let peer = scratch_postgres()?;
        bare_times.push(
            tokio::task::spawn_blocking(move || bare_postgres(&peer.url, events, row_bytes)).await.unwrap(),
        );
    }
    Some(figures(events, rounds, server_times, bare_times))
}

fn figures(events: usize, rounds: usize, server: Vec<Duration>, bare: Vec<Duration>) -> ConcurrentFigures {
    ConcurrentFigures { events, rounds, server: median(server), bare: median(bare) }
}

/// A fresh server, `PHONES` phones with `events` between them recorded and
/// batched (untimed), then every phone posting at once. The time until the
/// last answer, and the mean event JSON size.
async fn round(events: usize, adjust: impl FnOnce(&mut fieldcrew_server::Settings)) -> (Duration, usize) {
    let server = TestServer::start_with(adjust).await;
    let mut prepared = Vec::new();
    let mut json_bytes = 0;
    for _ in 0..PHONES {
        let (phone, bytes) = prepare(&server, events / PHONES).await;
        json_bytes += bytes;
        prepared.push(phone);
    }
    let url = format!("{}{}", server.base_url, fieldcrew_protocol::push::PATH);
    let started = Instant::now();
    let posting: Vec<_> = prepared
        .iter()
        .map(|phone| {
            let (url, token, bodies) = (url.clone(), phone.token.clone(), phone.bodies.clone());
            tokio::spawn(post_all(url, token, bodies))
        })
        .collect();
    let mut stored = 0;
    for phone in posting {
        stored += phone.await.expect("a phone's task");
    }
    let elapsed = started.elapsed();
    let sent = events / PHONES * PHONES;
    if stored != sent {
        eprintln!("warning: {stored} of {sent} events accepted by the concurrent phones");
    }
    (elapsed, json_bytes / sent.max(1))
}

/// A paired phone with `events` recorded on orders of its own, its outbox
/// as the gzipped bodies of batches of 100.
async fn prepare(server: &TestServer, events: usize) -> (Prepared, usize) {
    let orders: Vec<_> = (0..events.div_ceil(20)).map(|_| server.create_order(&server.crew_code)).collect();
    let mut phone = BenchPhone::paired(server).await;
    let mut json_bytes = 0;
    for n in 0..events {
        let kind = match n % 20 {
            0 => EventKind::Acknowledged,
            1 => EventKind::Departed,
            2 => EventKind::Arrived,
            n => EventKind::Note { text: format!("检查记录 {n}：进户线接头松动，已紧固") },
        };
        let evidence = phone.evidence();
        let event = phone.store.record(orders[n / 20].id, kind, MEMBER, evidence).expect("recorded");
        json_bytes += serde_json::to_vec(&event).expect("event serialises").len();
    }
    let token = phone.store.pairing().expect("pairing read").expect("paired").token;
    let bodies = batches(&phone.store);
    (Prepared { token, bodies, _phone: phone }, json_bytes)
}

/// The outbox as the phone sends it: batches of 100, each with its boots'
/// epochs, JSON gzipped at the phone's level.
fn batches(store: &Store) -> Vec<Vec<u8>> {
    let mut bodies = Vec::new();
    let mut after = 0;
    loop {
        let pending = store.outbox_pending_after(after, BATCH).expect("outbox read");
        let Some(last) = pending.last() else { return bodies };
        after = last.device_seq;
        let items: Vec<PushItem> = pending
            .iter()
            .map(|item| {
                assert!(matches!(item.kind, OutboxKind::Event), "the bench records events only");
                let event = serde_json::from_str(&item.payload).expect("outbox event");
                PushItem { device_seq: item.device_seq, body: PushBody::Event { event } }
            })
            .collect();
        let mut boots: Vec<String> = items
            .iter()
            .filter_map(|i| match &i.body {
                PushBody::Event { event } => Some(event.evidence.boot_id.clone()),
                _ => None,
            })
            .collect();
        boots.sort();
        boots.dedup();
        let boot_epochs = boots
            .iter()
            .filter_map(|boot| {
                let samples: Vec<ClockSample> =
                    store.clock_samples(boot).expect("samples").into_iter().map(ClockSample::from).collect();
                clock::estimate(&samples, boot)
            })
            .collect();
        let batch = PushBatch { device_id: store.device_id(), boot_epochs, items };
        let mut gz = GzEncoder::new(Vec::new(), Compression::default());
        gz.write_all(&serde_json::to_vec(&batch).expect("batch serialises")).expect("in memory");
        bodies.push(gz.finish().expect("in memory"));
    }
}

/// One phone posting its batches one after the other; the events accepted.
async fn post_all(url: String, token: String, bodies: Vec<Vec<u8>>) -> usize {
    let http = reqwest::Client::new();
    let mut accepted = 0;
    for body in bodies {
        let response = http
            .post(&url)
            .bearer_auth(&token)
            .header("content-type", "application/json")
            .header("content-encoding", "gzip")
            .body(body)
            .send()
            .await
            .expect("push answered");
        assert!(response.status().is_success(), "push answered {}", response.status());
        let answer: PushResponse = response.json().await.expect("push answer");
        accepted += answer
            .results
            .iter()
            .filter(|r| !matches!(r.outcome, Outcome::RejectedPermanently { .. }))
            .count();
    }
    accepted
}

/// `rows` split over `PHONES` threads, each inserting its share, 100 per
/// transaction, into one bare SQLite file.
fn bare_sqlite(rows: usize, row_bytes: usize) -> Duration {
    let dir = tempfile::tempdir().expect("peer dir");
    let path = dir.path().join("bare.sqlite3");
    let open = || {
        let conn = rusqlite::Connection::open(&path).expect("peer database");
        conn.busy_timeout(Duration::from_secs(30)).unwrap();
        conn.pragma_update(None, "journal_mode", "WAL").unwrap();
        conn.pragma_update(None, "synchronous", "FULL").unwrap();
        conn
    };
    open().execute_batch("CREATE TABLE rows (id INTEGER PRIMARY KEY, body TEXT NOT NULL)").unwrap();
    let conns: Vec<_> = (0..PHONES).map(|_| open()).collect();
    let body = "x".repeat(row_bytes);
    in_batches_per_phone(conns, rows, |conn, chunk| {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate).unwrap();
        {
            let mut insert = tx.prepare_cached("INSERT INTO rows (id, body) VALUES (?1, ?2)").unwrap();
            for id in chunk {
                insert.execute(rusqlite::params![id as i64, body]).unwrap();
            }
        }
        tx.commit().unwrap();
    })
}

/// Times `PHONES` threads, each with its own connection, inserting its
/// share of `rows` ids by `insert` in batches of `BATCH`.
fn in_batches_per_phone<C: Send>(
    conns: Vec<C>,
    rows: usize,
    insert: impl Fn(&mut C, std::ops::Range<usize>) + Sync,
) -> Duration {
    let share = rows / PHONES;
    let started = Instant::now();
    std::thread::scope(|scope| {
        for (phone, mut conn) in conns.into_iter().enumerate() {
            let insert = &insert;
            scope.spawn(move || {
                let ids = phone * share..(phone + 1) * share;
                for first in ids.clone().step_by(BATCH) {
                    insert(&mut conn, first..(first + BATCH).min(ids.end));
                }
            });
        }
    });
    started.elapsed()
}

/// `rows` split over `PHONES` connections, each inserting its share as one
/// multi-row INSERT per 100, one transaction each.
fn bare_postgres(url: &str, rows: usize, row_bytes: usize) -> Duration {
    PgConnection::connect_url(url)
        .expect("peer database")
        .batch_execute("CREATE TABLE rows (id BIGINT PRIMARY KEY, body TEXT NOT NULL)")
        .unwrap();
    let conns: Vec<_> =
        (0..PHONES).map(|_| PgConnection::connect_url(url).expect("peer connection")).collect();
    let body = "x".repeat(row_bytes);
    in_batches_per_phone(conns, rows, |conn, chunk| {
        let tuples: Vec<String> =
            (0..chunk.len()).map(|i| format!("(?{}, ?{})", 2 * i + 1, 2 * i + 2)).collect();
        let statement = format!("INSERT INTO rows (id, body) VALUES {}", tuples.join(", "));
        let args: Vec<Value> = chunk.flat_map(|id| [(id as i64).to_value(), body.to_value()]).collect();
        let mut tx = conn.transaction(Isolation::ReadCommitted).unwrap();
        tx.execute(&statement, &args).unwrap();
        tx.commit().unwrap();
    })
}
