//! A crew phone without a screen, for tests that need a device on the other
//! side of the real API: it uses the same device store and sync client as
//! the app, so what it sends is exactly what a phone would send.
//!
//! `fieldcrew-device-sim --server URL --data DIR --crew CREW-2 --pin 5678 \
//!     --order NUMBER --at LAT,LON,ACCURACY acknowledged departed arrived restored`
//! (`escalated:<reason>` records an escalation with its text)
//! pairs (once per data dir), pulls, records the steps in order and syncs;
//! it prints one JSON line per recorded event with the device's times.

mod skewed_clock;

use clap::Parser;
use fieldcrew_core::clock::DeviceClock;
use fieldcrew_core::event::{EventKind, Fix};
use fieldcrew_core::store::Store;
use fieldcrew_sync::{SyncClient, SyncConfig};
use skewed_clock::SkewedClock;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

#[derive(Parser)]
#[command(about = "A crew phone without a screen: record steps on an order and sync them")]
struct Args {
    #[arg(long)]
    server: String,
    /// The phone's data dir; reused across runs like a real phone's.
    #[arg(long)]
    data: PathBuf,
    #[arg(long)]
    crew: String,
    #[arg(long)]
    pin: String,
    #[arg(long, default_value = "王师傅")]
    member: String,
    /// The order's number as the dispatcher sees it.
    #[arg(long)]
    order: String,
    /// Where the phone is: `lat,lon,accuracy_m`.
    #[arg(long, value_parser = parse_fix)]
    at: Fix,
    /// How far the phone's wall clock is off, in seconds (the server corrects it).
    #[arg(long, default_value_t = 0, allow_hyphen_values = true)]
    clock_skew_s: i64,
    /// Steps, recorded in this order.
    #[arg(required = true, value_parser = parse_step)]
    steps: Vec<EventKind>,
}

fn parse_fix(text: &str) -> Result<Fix, String> {
    let numbers: Vec<f64> = text
        .split(',')
        .map(|n| n.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|e| format!("`{text}`: {e}"))?;
    match numbers[..] {
        [lat, lon, accuracy_m] => Ok(Fix { lat, lon, accuracy_m, mock: false }),
        _ => Err(format!("`{text}`: expected lat,lon,accuracy_m")),
    }
}

fn parse_step(text: &str) -> Result<EventKind, String> {
    match text {
        "acknowledged" => Ok(EventKind::Acknowledged),
        "departed" => Ok(EventKind::Departed),
        "arrived" => Ok(EventKind::Arrived),
        "restored" => Ok(EventKind::Restored),
        // `escalated:<reason>`: the crew reports a fault too big for it.
        other if other.starts_with("escalated:") => {
            Ok(EventKind::Escalated { reason: other["escalated:".len()..].to_string() })
        }
        other => Err(format!(
            "unknown step `{other}` (acknowledged, departed, arrived, restored, escalated:<reason>)"
        )),
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let args = Args::parse();
    match run(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("fieldcrew-device-sim: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> Result<(), String> {
    let clock = Arc::new(SkewedClock::new(chrono::Duration::seconds(args.clock_skew_s)));
    let mut store = Store::open(&args.data).map_err(|e| e.to_string())?;
    let client =
        SyncClient::new(&args.server, clock.clone(), SyncConfig::default()).map_err(|e| e.to_string())?;
    if store.pairing().map_err(|e| e.to_string())?.is_none() {
        client
            .pair(&mut store, &args.crew, &args.pin, &args.member, "device simulator")
            .await
            .map_err(|e| format!("pairing: {e}"))?;
    }
    client.sync_once(&mut store).await.map_err(|e| format!("first sync: {e}"))?;
    let order = store
        .orders()
        .map_err(|e| e.to_string())?
        .into_iter()
        .find(|row| row.order.number == args.order)
        .ok_or_else(|| {
            format!("order {} is not on this phone (is it assigned to {}?)", args.order, args.crew)
        })?;

    for step in args.steps {
        let evidence = clock.evidence(Some(args.at), None);
        let event = store
            .record(order.order.id, step, &args.member, evidence)
            .map_err(|e| format!("recording: {e}"))?;
        println!(
            "{}",
            serde_json::json!({
                "order": args.order,
                "type": event.kind.event_type(),
                "device_time": event.evidence.device_time,
                "true_time": event.evidence.device_time - chrono::Duration::seconds(args.clock_skew_s),
            })
        );
    }
    let report = client.sync_once(&mut store).await.map_err(|e| format!("sync: {e}"))?;
    let waiting = store.outbox_len().map_err(|e| e.to_string())?;
    if waiting > 0 {
        return Err(format!("{waiting} records still waiting after sync ({report:?})"));
    }
    Ok(())
}
