//! The benchmark's table, in Markdown so it can go into the README as is.

use crate::closed_order::{Exchange, WireFigures};
use crate::push_concurrent::{ConcurrentFigures, PHONES};
use crate::push_ingest::{BATCH, IngestFigures};

pub fn print(ingest: &IngestFigures, wire: &WireFigures, smoke: bool) {
    if smoke {
        println!("SMOKE SIZE: the figures below only show the benchmark runs\n");
    }
    let order = wire.order_sync;
    let overhead = order.bytes.total() as f64 / wire.raw_media_bytes as f64;
    println!("| measurement | fieldcrew | peer | ratio |");
    println!("|---|---|---|---|");
    print_ingest(ingest, "HTTP + SQLite", "into a bare SQLite table, same pragmas");
    println!(
        "| closed meter-damage order: {} events + {} media files | {} B on the wire ({}) | {} B raw media | {:.3} ({:+.1} % overhead) |",
        wire.events,
        wire.media_files,
        thousands(order.bytes.total() as f64),
        exchange_detail(order),
        thousands(wire.raw_media_bytes as f64),
        overhead,
        (overhead - 1.0) * 100.0,
    );
    println!(
        "| idle sync (nothing to push, pull or upload) | {} B on the wire ({}) | – | – |",
        thousands(wire.idle_sync.bytes.total() as f64),
        exchange_detail(wire.idle_sync),
    );
    println!(
        "\nmean event JSON: {} B; bytes are HTTP/1.1 over plain TCP on loopback (no TCP/IP headers, no TLS)",
        ingest.mean_event_json_bytes
    );
}

/// The PostgreSQL row, under the table.
pub fn print_postgres(ingest: &IngestFigures) {
    println!();
    print_ingest(
        ingest,
        "HTTP + PostgreSQL",
        &format!("as one multi-row INSERT per {BATCH} into a bare table"),
    );
}

/// The server's ingest alone: several phones' pre-built batches at once,
/// against a peer with as many connections (`push_concurrent`).
pub fn print_concurrent(figures: &ConcurrentFigures, backend: &str, peer: &str) {
    let server = figures.server_per_second();
    let bare = figures.bare_per_second();
    println!(
        "| server ingest alone: {} events from {PHONES} phones at once, pre-built batches of {BATCH} (HTTP + {backend}, median of {}) | {} events/s | {} rows/s from {PHONES} connections at once {peer} | {:.3} (bare is {:.1}× faster) |",
        figures.events,
        figures.rounds,
        thousands(server),
        thousands(bare),
        server / bare,
        bare / server,
    );
}

/// One push ingest row: the server against its bare peer.
fn print_ingest(ingest: &IngestFigures, server_side: &str, peer: &str) {
    let server = ingest.server_per_second();
    let bare = ingest.bare_per_second();
    println!(
        "| push ingest, {} events in batches of {BATCH} ({server_side}, median of {}) | {} events/s | {} rows/s {peer} | {:.3} (bare is {:.1}× faster) |",
        ingest.events,
        ingest.rounds,
        thousands(server),
        thousands(bare),
        server / bare,
        bare / server,
    );
}

fn exchange_detail(exchange: Exchange) -> String {
    let requests = if exchange.requests == 1 { "request" } else { "requests" };
    format!(
        "{} {requests}, {} B up / {} B down",
        exchange.requests,
        thousands(exchange.bytes.up as f64),
        thousands(exchange.bytes.down as f64)
    )
}

/// `1234567.8` → `1 234 568`.
fn thousands(value: f64) -> String {
    let digits = format!("{:.0}", value);
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}
