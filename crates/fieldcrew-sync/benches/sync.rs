//! Sync benchmark against the real server on loopback, each figure next to a
//! peer measured in the same run:
//! - push ingest (batches of 100, HTTP, SQLite) against plain rows inserted
//!   into a bare SQLite table with the same pragmas, 100 per transaction;
//! - bytes on the wire for a closed meter-damage order against its raw media;
//! - an idle sync: requests and bytes;
//! - push ingest with the server on PostgreSQL against multi-row INSERTs of
//!   the same rows into a bare PostgreSQL table, when one is at hand;
//! - the server's ingest alone on each backend: several phones' pre-built
//!   batches posted at once, against a bare peer with as many connections.
//!
//! Prints a table; never fails on the figures.
//!
//! `cargo bench -p fieldcrew-sync --bench sync [-- --smoke]` (or
//! FIELDCREW_BENCH_SMOKE=1). Under `cargo test --all-targets` cargo runs this
//! binary without `--bench`; it then runs the smoke size too.

#[path = "sync/bench_phone.rs"]
mod bench_phone;
#[path = "sync/closed_order.rs"]
mod closed_order;
#[path = "sync/counting_proxy.rs"]
mod counting_proxy;
#[path = "sync/push_concurrent.rs"]
mod push_concurrent;
#[path = "sync/push_ingest.rs"]
mod push_ingest;
#[path = "sync/push_ingest_postgres.rs"]
mod push_ingest_postgres;
#[path = "sync/report_table.rs"]
mod report_table;

/// How much work one run does.
struct Size {
    smoke: bool,
    ingest_events: usize,
    ingest_rounds: usize,
    photo_bytes: usize,
}

impl Size {
    fn from_args() -> Self {
        let args: Vec<String> = std::env::args().collect();
        let asked =
            args.iter().any(|a| a == "--smoke") || std::env::var_os("FIELDCREW_BENCH_SMOKE").is_some();
        let under_cargo_test = !args.iter().any(|a| a == "--bench");
        if asked || under_cargo_test {
            Size { smoke: true, ingest_events: 2 * push_ingest::BATCH, ingest_rounds: 1, photo_bytes: 45_000 }
        } else {
            Size { smoke: false, ingest_events: 3_000, ingest_rounds: 3, photo_bytes: 450_000 }
        }
    }
}

fn main() {
    let size = Size::from_args();
    let runtime =
        tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
    runtime.block_on(async {
        let started = std::time::Instant::now();
        let ingest = push_ingest::measure(size.ingest_events, size.ingest_rounds).await;
        let wire = closed_order::measure(size.photo_bytes).await;
        report_table::print(&ingest, &wire, size.smoke);
        let on_postgres = push_ingest_postgres::measure(size.ingest_events, size.ingest_rounds).await;
        match &on_postgres {
            Some(on_postgres) => report_table::print_postgres(on_postgres),
            None => {
                println!("\n(push ingest on PostgreSQL not measured: FIELDCREW_TEST_DATABASE_URL is not set)")
            }
        }
        let (events, rounds) = (size.ingest_events, size.ingest_rounds);
        let concurrent = push_concurrent::measure_sqlite(events, rounds).await;
        report_table::print_concurrent(&concurrent, "SQLite", "into one bare SQLite file, same pragmas");
        if on_postgres.is_some()
            && let Some(concurrent) = push_concurrent::measure_postgres(events, rounds).await
        {
            report_table::print_concurrent(
                &concurrent,
                "PostgreSQL",
                &format!("as one multi-row INSERT per {} into a bare table", push_ingest::BATCH),
            );
        }
        println!("({:.1} s in all)", started.elapsed().as_secs_f64());
    });
}
