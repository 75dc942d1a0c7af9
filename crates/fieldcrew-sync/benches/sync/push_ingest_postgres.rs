//! Push ingest with the server on PostgreSQL, against its peer: the same
//! number of plain rows, of the same average size, inserted into a bare
//! PostgreSQL table as one multi-row INSERT per 100 (one transaction each),
//! on the same PostgreSQL. Runs only when `FIELDCREW_TEST_DATABASE_URL`
//! names a PostgreSQL the benchmark may make scratch databases on.

use crate::push_ingest::{BATCH, IngestFigures, median, push_round_on};
use fieldcrew_server::test_support::scratch_postgres;
use fieldcrew_sql::postgres::{Isolation, PgConnection};
use fieldcrew_sql::{Sql, ToValue, Value};
use std::time::{Duration, Instant};

pub async fn measure(events: usize, rounds: usize) -> Option<IngestFigures> {
    let mut server_times = Vec::new();
    let mut bare_times = Vec::new();
    let mut json_bytes = 0;
    for _ in 0..rounds {
        let scratch = scratch_postgres()?;
        let url = scratch.url.clone();
        let (elapsed, mean_json) = push_round_on(events, move |s| s.database_url = url).await;
        server_times.push(elapsed);
        json_bytes = mean_json;
        let peer = scratch_postgres()?;
        bare_times.push(
            tokio::task::spawn_blocking(move || bare_round(&peer.url, events, mean_json)).await.unwrap(),
        );
    }
    Some(IngestFigures {
        events,
        rounds,
        server: median(server_times),
        bare_sqlite: median(bare_times),
        mean_event_json_bytes: json_bytes,
    })
}

/// The peer: `rows` plain rows of `row_bytes` text each, 100 per statement
/// and transaction.
fn bare_round(url: &str, rows: usize, row_bytes: usize) -> Duration {
    let mut conn = PgConnection::connect_url(url).expect("peer database");
    conn.batch_execute("CREATE TABLE rows (id BIGINT PRIMARY KEY, body TEXT NOT NULL)").unwrap();
    let body = "x".repeat(row_bytes);
    let tuples: Vec<String> = (0..BATCH).map(|i| format!("(?{}, ?{})", 2 * i + 1, 2 * i + 2)).collect();
    let insert = format!("INSERT INTO rows (id, body) VALUES {}", tuples.join(", "));
    let started = Instant::now();
    for first in (0..rows).step_by(BATCH) {
        let ids = first..(first + BATCH).min(rows);
        let statement = if ids.len() == BATCH {
            insert.clone()
        } else {
            format!("INSERT INTO rows (id, body) VALUES {}", tuples[..ids.len()].join(", "))
        };
        let args: Vec<Value> = ids.flat_map(|id| [(id as i64).to_value(), body.to_value()]).collect();
        let mut tx = conn.transaction(Isolation::ReadCommitted).unwrap();
        tx.execute(&statement, &args).unwrap();
        tx.commit().unwrap();
    }
    started.elapsed()
}
