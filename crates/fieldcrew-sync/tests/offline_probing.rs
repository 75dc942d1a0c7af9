//! How the loop waits after a failed pass. A server that answers with a
//! failure (500) gets the long backoff and no probes. A server that can not
//! be reached (here a gateway answering 503, as a proxy does when the server
//! behind it is down) gets cheap `GET /healthz` probes every fraction of the
//! probe cap, and the pass itself is not repeated until a probe is answered.
//! The phase published for the bar carries the instant of the next try.

mod common;

use chrono::Utc;
use common::http_relay::read_request;
use common::paired_phone;
use fieldcrew_core::store::Store;
use fieldcrew_server::test_support::TestServer;
use fieldcrew_sync::{SyncClient, SyncConfig, SyncPhase, SyncTrigger, sync_loop};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpListener;

const PROBE_CAP: Duration = Duration::from_millis(800);

fn config() -> SyncConfig {
    SyncConfig { probe_base: Duration::from_millis(200), probe_cap: PROBE_CAP, ..Default::default() }
}

/// A server answering every request with `status`; the request lines it saw.
async fn failing_server(status: u16) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let log = log.clone();
            tokio::spawn(async move {
                while let Ok(Some(request)) = read_request(&mut socket).await {
                    log.lock().unwrap().push(request.head.lines().next().unwrap_or_default().to_string());
                    let body = r#"{"error":"unavailable","message":"down"}"#;
                    let answer = format!(
                        "HTTP/1.1 {status} Failing\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
                        body.len()
                    );
                    if socket.write_all(answer.as_bytes()).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    (url, seen)
}

/// Runs the loop for `how_long`; every "waiting to retry" it published, with
/// the wall time it was seen at.
async fn run_for(
    client: &SyncClient,
    store: &mut Store,
    how_long: Duration,
) -> Vec<(chrono::DateTime<Utc>, SyncPhase)> {
    let mut progress = client.progress();
    let mut phases = Vec::new();
    tokio::select! {
        exit = sync_loop(client, store, SyncTrigger::new()) => panic!("the loop ended: {exit:?}"),
        () = async {
            while progress.changed().await.is_ok() {
                let phase = progress.borrow_and_update().phase.clone();
                if matches!(phase, SyncPhase::WaitingToRetry { .. }) {
                    phases.push((Utc::now(), phase));
                }
            }
        } => unreachable!("the client outlives the loop"),
        () = tokio::time::sleep(how_long) => {}
    }
    phases
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_that_answers_with_a_failure_gets_the_long_backoff_and_no_probes() {
    let server = TestServer::start().await;
    let (mut phone, _) = paired_phone(&server, config()).await;
    let (url, seen) = failing_server(500).await;
    let client = phone.client(&url, config());
    let phases = run_for(&client, &mut phone.store, Duration::from_millis(900)).await;
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 1, "one pass, then the backoff's first delay (1-2 s): {seen:?}");
    assert!(!seen[0].contains("/healthz"), "{seen:?}");
    let [(_, SyncPhase::WaitingToRetry { unreachable, retry_in, failures, .. })] = phases.as_slice() else {
        panic!("one wait: {phases:?}");
    };
    assert!(!unreachable);
    assert_eq!(*failures, 1);
    assert!(*retry_in >= Duration::from_secs(1) && *retry_in <= Duration::from_secs(2), "{retry_in:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_server_is_probed_often_and_cheaply_and_the_bar_knows_when() {
    let server = TestServer::start().await;
    let (mut phone, _) = paired_phone(&server, config()).await;
    let (url, seen) = failing_server(503).await;
    let client = phone.client(&url, config());
    let phases = run_for(&client, &mut phone.store, Duration::from_secs(4)).await;
    let seen = seen.lock().unwrap().clone();
    let probes = seen.iter().filter(|line| *line == "GET /healthz HTTP/1.1").count();
    assert_eq!(seen.len() - probes, 1, "the pass is not repeated while probes fail: {seen:?}");
    // Delays 0.1-0.2, 0.2-0.4, 0.4-0.8, then 0.4-0.8 s: 4 take at most 2.2 s,
    // leaving a loaded machine time; the old loop made none.
    assert!(probes >= 4, "{probes} probes in 4 s: {seen:?}");
    assert!(phases.len() >= probes, "each probe was announced: {phases:?}");
    for (seen_at, phase) in &phases {
        let SyncPhase::WaitingToRetry { unreachable, retry_in, retry_at, .. } = phase else { unreachable!() };
        assert!(*unreachable, "{phase:?}");
        assert!(*retry_in <= PROBE_CAP, "{phase:?}");
        let ahead = (*retry_at - *seen_at).to_std().unwrap_or_default();
        assert!(ahead <= *retry_in, "the bar counts down to retry_at: {phase:?} seen at {seen_at}");
    }
}
