//! A phone app killed with SIGKILL while recording and syncing, again and
//! again: after a clean sync from a fresh process, every event the app had
//! reported as committed is on the server exactly once, every photo intact.

mod common;

use common::invariant::assert_server_has_exactly;
use common::photo::jpeg_like;
use fieldcrew_core::clock::{DeviceClock, SystemClock};
use fieldcrew_core::event::{EventKind, PhotoRef};
use fieldcrew_core::store::{MediaKind, Store};
use fieldcrew_core::{EventId, MediaId, OrderId};
use fieldcrew_server::test_support::TestServer;
use fieldcrew_sync::{SyncClient, SyncConfig};
use std::collections::HashSet;
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

const DIR_ENV: &str = "FIELDCREW_SYNC_CHILD_DIR";
const URL_ENV: &str = "FIELDCREW_SYNC_CHILD_URL";
/// Set to `drain` for the final clean sync.
const MODE_ENV: &str = "FIELDCREW_SYNC_CHILD_MODE";
const KILLS: usize = 8;

fn config() -> SyncConfig {
    SyncConfig { push_batch: 20, chunk_size: 4_096, ..Default::default() }
}

/// Runs the child test in a new process; its stdout lines, read on a thread.
fn spawn_child(
    dir: &std::path::Path,
    url: &str,
    mode: &str,
) -> (std::process::Child, std::thread::JoinHandle<Vec<String>>) {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "recording_and_syncing_child", "--ignored", "--nocapture", "--test-threads=1"])
        .env(DIR_ENV, dir)
        .env(URL_ENV, url)
        .env(MODE_ENV, mode)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut lines = Vec::new();
        let mut reader = BufReader::new(stdout);
        let mut buf = Vec::new();
        while reader.read_until(b'\n', &mut buf).unwrap_or(0) > 0 {
            // A line without its newline was cut by the kill: not reported.
            if buf.ends_with(b"\n") {
                lines.push(String::from_utf8_lossy(&buf).trim().to_string());
            }
            buf.clear();
        }
        lines
    });
    (child, reader)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_app_killed_mid_write_and_mid_sync_loses_and_duplicates_nothing() {
    let server = TestServer::start_with(|s| s.rate_limit_per_minute = 1_000_000).await;
    let orders: Vec<OrderId> = (0..3).map(|_| server.create_order(&server.crew_code).id).collect();
    let dir = tempfile::tempdir().unwrap();
    {
        let mut store = Store::open(dir.path()).unwrap();
        let client = SyncClient::new(&server.base_url, Arc::new(SystemClock), config()).unwrap();
        client.pair(&mut store, &server.crew_code, &server.pin, "李师傅", "killed phone").await.unwrap();
        client.sync_once(&mut store).await.unwrap();
    }

    let mut lines = Vec::new();
    for _ in 0..KILLS {
        let (mut child, reader) = spawn_child(dir.path(), &server.base_url, "record");
        tokio::time::sleep(Duration::from_millis(fastrand::u64(200..1_200))).await;
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();
        lines.extend(reader.join().unwrap());
    }
    let (mut child, reader) = spawn_child(dir.path(), &server.base_url, "drain");
    assert!(child.wait().unwrap().success(), "the clean sync failed");
    assert!(reader.join().unwrap().contains(&"drained".to_string()));

    let reported_events: HashSet<EventId> =
        lines.iter().filter_map(|l| l.strip_prefix("event ")).map(|id| id.parse().unwrap()).collect();
    let (photos, drafts) = photos_on_record(&lines);
    let store = Store::open(dir.path()).unwrap();
    // A photo whose record the kill cut off is a draft: not evidence, so not
    // uploaded, but still on the phone, intact.
    for draft in &drafts {
        assert!(store.read_media(*draft).is_ok(), "draft photo {draft} lost on the phone");
    }
    let checked =
        assert_server_has_exactly(server.db().as_ref(), &server.state.media_dir(), &store, &orders, &photos);
    let on_server: HashSet<EventId> =
        orders.iter().flat_map(|o| server.order_events(*o)).map(|e| e.id).collect();
    assert!(reported_events.is_subset(&on_server), "an event the app reported is missing on the server");
    println!(
        "{KILLS} kills: {} events reported ({} on the server), {} photos, all once",
        reported_events.len(),
        checked.events,
        checked.photos
    );
    assert!(reported_events.len() > KILLS * 5, "the app recorded too little to prove anything");
}

/// Photos the app reported, split into those a reported event names (it
/// prints `media` before recording the event that names it) and drafts
/// whose event the kill cut off.
fn photos_on_record(lines: &[String]) -> (Vec<MediaId>, Vec<MediaId>) {
    let (mut on_record, mut drafts) = (Vec::new(), Vec::new());
    for (at, line) in lines.iter().enumerate() {
        let Some(id) = line.strip_prefix("media ") else { continue };
        let id: MediaId = id.parse().unwrap();
        let named = lines.get(at + 1).is_some_and(|next| next.starts_with("event "));
        if named { on_record.push(id) } else { drafts.push(id) }
    }
    (on_record, drafts)
}

/// The app side: records on every order it holds and syncs, until killed;
/// in `drain` mode it only syncs until nothing is left.
#[test]
#[ignore = "run by an_app_killed_mid_write_and_mid_sync_loses_and_duplicates_nothing"]
fn recording_and_syncing_child() {
    let (Some(dir), Ok(url)) = (std::env::var_os(DIR_ENV), std::env::var(URL_ENV)) else { return };
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let mut store = Store::open(&dir).unwrap();
    let client = SyncClient::new(&url, Arc::new(SystemClock), config()).unwrap();
    let mut out = std::io::stdout().lock();
    writeln!(out).unwrap(); // ends the test harness's `test … ` line
    if std::env::var(MODE_ENV).as_deref() == Ok("drain") {
        runtime.block_on(client.sync_once(&mut store)).unwrap();
        assert_eq!(store.outbox_len().unwrap(), 0);
        assert!(store.pending_uploads().unwrap().is_empty());
        writeln!(out, "drained").unwrap();
        return;
    }
    let mut rng = fastrand::Rng::new();
    loop {
        for row in store.orders().unwrap() {
            let order = row.order.id;
            let kind = if row.state.arrived_at.is_none() {
                EventKind::Arrived
            } else if rng.u32(0..10) == 0 {
                let len = rng.usize(10_000..30_000);
                let bytes = jpeg_like(&mut rng, len);
                let photo = store.put_media(Some(order), MediaKind::Photo, "image/jpeg", &bytes).unwrap();
                writeln!(out, "media {}", photo.id).unwrap();
                let photos = vec![PhotoRef { media: photo.id, sha256: photo.sha256 }];
                EventKind::MeterDamageRecorded {
                    cause: "雷击烧毁".into(),
                    customer_responsible: false,
                    photos,
                    meter_number: String::new(),
                    meter_reading: String::new(),
                }
            } else {
                EventKind::SiteReport { text: "现场检查".into() }
            };
            let evidence = SystemClock.evidence(None, None);
            let event = store.record(order, kind, "李师傅", evidence).unwrap();
            writeln!(out, "event {}", event.id).unwrap();
        }
        let _ = runtime.block_on(client.sync_once(&mut store));
    }
}
