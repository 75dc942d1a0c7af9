//! What one PostgreSQL round trip costs through [`PgConnection`] against a
//! peer in the same run: raw tokio-postgres on a current-thread runtime of
//! the calling thread (the sync `postgres` crate's way: no hand-off to any
//! other thread). Three loads, each timed alone and by 4 threads at once:
//! `SELECT 1` inside one transaction (one round trip each), and a small
//! insert transaction (BEGIN + INSERT, then COMMIT: two round trips; the
//! session's COMMIT does not wait for the disk, on both sides).
//!
//! `FIELDCREW_TEST_DATABASE_URL=$(bash scripts/postgres.sh) cargo bench -p fieldcrew-sql --features postgres --bench round_trips`
//! (`FIELDCREW_BENCH_ROUNDS`, default 3000 per thread).

use fieldcrew_sql::postgres::{Config, Isolation, PgConnection, parse_url};
use fieldcrew_sql::{Sql, args};
use std::time::{Duration, Instant};

const THREADS: usize = 4;
/// COMMIT without waiting for the disk: the round trips are measured, not fsync.
const NO_FSYNC_WAIT: &str = "SET synchronous_commit = off";
const INSERT: &str = "INSERT INTO rt (k, note) VALUES (?1, ?2)";

#[derive(Clone, Copy)]
enum Load {
    Select,
    InsertTx,
}

fn ours(config: &Config, load: Load, rounds: usize, base: i64) -> Duration {
    let mut conn = PgConnection::connect(config).expect("connection");
    conn.batch_execute(NO_FSYNC_WAIT).unwrap();
    let start = Instant::now();
    match load {
        Load::Select => {
            let mut tx = conn.transaction(Isolation::ReadCommitted).unwrap();
            for _ in 0..rounds {
                tx.query("SELECT 1", &[]).unwrap();
            }
            tx.commit().unwrap();
        }
        Load::InsertTx => {
            for k in 0..rounds as i64 {
                let mut tx = conn.transaction(Isolation::ReadCommitted).unwrap();
                tx.execute(INSERT, args![base + k, "x"]).unwrap();
                tx.commit().unwrap();
            }
        }
    }
    start.elapsed()
}

fn peer(config: &Config, load: Load, rounds: usize, base: i64) -> Duration {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let (mut client, connection) = config.connect(tokio_postgres::NoTls).await.expect("connection");
        tokio::spawn(connection);
        client.batch_execute(NO_FSYNC_WAIT).await.unwrap();
        let start = Instant::now();
        match load {
            Load::Select => {
                let select = client.prepare("SELECT 1").await.unwrap();
                let tx = client.build_transaction().start().await.unwrap();
                for _ in 0..rounds {
                    tx.query(&select, &[]).await.unwrap();
                }
                tx.commit().await.unwrap();
            }
            Load::InsertTx => {
                let insert = client.prepare("INSERT INTO rt (k, note) VALUES ($1, $2)").await.unwrap();
                for k in 0..rounds as i64 {
                    let key = base + k;
                    let params: [&(dyn tokio_postgres::types::ToSql + Sync); 2] = [&key, &"x"];
                    // BEGIN sent with the INSERT, as PgTransaction does.
                    let (begin, row) = tokio::join!(
                        client.batch_execute("BEGIN ISOLATION LEVEL READ COMMITTED"),
                        client.execute(&insert, &params)
                    );
                    begin.unwrap();
                    row.unwrap();
                    client.batch_execute("COMMIT").await.unwrap();
                }
            }
        }
        start.elapsed()
    })
}

/// Each of `threads` runs `rounds`; the wall time of all.
fn at_once(
    config: &Config,
    load: Load,
    rounds: usize,
    threads: usize,
    run: fn(&Config, Load, usize, i64) -> Duration,
    base: i64,
) -> Duration {
    let start = Instant::now();
    std::thread::scope(|s| {
        for t in 0..threads {
            let base = base + (t * rounds) as i64;
            s.spawn(move || run(config, load, rounds, base));
        }
    });
    start.elapsed()
}

fn main() {
    let Ok(url) = std::env::var("FIELDCREW_TEST_DATABASE_URL") else {
        eprintln!("skipped: FIELDCREW_TEST_DATABASE_URL is not set (scripts/postgres.sh prints one)");
        return;
    };
    let rounds: usize =
        std::env::var("FIELDCREW_BENCH_ROUNDS").ok().and_then(|v| v.parse().ok()).unwrap_or(3000);
    let admin = parse_url(&url).expect("URL");
    let name = format!("fc_bench_rt_{}", std::process::id());
    let mut conn = PgConnection::connect(&admin).expect("admin connection");
    conn.batch_execute(&format!("CREATE DATABASE {name}")).unwrap();
    let mut config = admin.clone();
    config.dbname(&name);
    PgConnection::connect(&config)
        .unwrap()
        .batch_execute("CREATE TABLE rt (k BIGINT PRIMARY KEY, note TEXT)")
        .unwrap();

    println!("{:<28} {:>12} {:>12} {:>7}", "per round trip (µs)", "PgConnection", "tokio peer", "ratio");
    let mut base = 0_i64;
    for (label, load, trips) in
        [("SELECT 1 in a transaction", Load::Select, 1), ("insert transaction", Load::InsertTx, 2)]
    {
        for threads in [1, THREADS] {
            // Interleaved: ours, peer, ours, peer; the better of two each.
            let mut best = [Duration::MAX; 2];
            for _ in 0..2 {
                for (i, run) in
                    [ours as fn(&Config, Load, usize, i64) -> Duration, peer].into_iter().enumerate()
                {
                    best[i] = best[i].min(at_once(&config, load, rounds, threads, run, base));
                    base += (threads * rounds) as i64;
                }
            }
            let per = |d: Duration| d.as_secs_f64() * 1e6 / (rounds * trips * threads) as f64;
            println!(
                "{:<28} {:>12.1} {:>12.1} {:>7.2}",
                format!("{label}, {threads} thread{}", if threads > 1 { "s" } else { "" }),
                per(best[0]),
                per(best[1]),
                per(best[0]) / per(best[1])
            );
        }
    }
    conn.batch_execute(&format!("DROP DATABASE {name} WITH (FORCE)")).unwrap();
}
