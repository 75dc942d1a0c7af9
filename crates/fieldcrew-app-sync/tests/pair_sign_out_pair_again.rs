//! The pairing screen's path through the real sync thread against a real
//! server on loopback: a wrong PIN is refused and stores nothing, the right
//! one pairs and the crew's orders arrive; an event recorded and then a
//! sign-out keep the event in the outbox and the order on the phone; pairing
//! again sends the event to the server. Also: no server, a bad address, and
//! the server's limit on PIN guesses.

use fieldcrew_core::Store;
use fieldcrew_core::clock::{DeviceClock, SystemClock};
use fieldcrew_core::event::EventKind;
use fieldcrew_server::test_support::TestServer;
use fieldcrew_ui::pairing::{PairAttempt, PairOutcome};
use fieldcrew_ui::{SyncHandle, SyncState};
use std::time::Duration;

const MEMBER: &str = "李师傅";
const PATIENCE: Duration = Duration::from_secs(30);

fn attempt(server: &str, crew: &str, pin: &str) -> PairAttempt {
    PairAttempt { server: server.into(), crew_code: crew.into(), pin: pin.into(), member_name: MEMBER.into() }
}

async fn pair(sync: &SyncHandle, attempt: PairAttempt) -> PairOutcome {
    tokio::time::timeout(PATIENCE, (sync.pair)(attempt))
        .await
        .expect("an answer in time")
        .expect("sync thread alive")
}

/// Polls until `done` holds (the sync thread works on its own clock).
async fn eventually(what: &str, mut done: impl FnMut() -> bool) {
    let start = std::time::Instant::now();
    while !done() {
        assert!(start.elapsed() < PATIENCE, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn state(sync: &SyncHandle) -> SyncState {
    sync.view.borrow().state.clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_pin_refused_right_pin_pairs_sign_out_keeps_the_event_and_pairing_again_sends_it() {
    let server = TestServer::start().await;
    let order = server.create_order(&server.crew_code);
    let dir = tempfile::tempdir().unwrap();
    // The UI's own connection, as in the app.
    let mut phone = Store::open(dir.path()).unwrap();
    let sync = fieldcrew_app_sync::start(dir.path().to_path_buf(), Some(server.base_url.clone()), None);
    eventually("the bar to ask for pairing", || state(&sync) == SyncState::NeedsPairing).await;

    let refused = pair(&sync, attempt(&server.base_url, &server.crew_code, "0000")).await;
    assert_eq!(refused, PairOutcome::Refused);
    assert_eq!(phone.pairing().unwrap(), None, "a refused PIN stores no token");
    assert_eq!(phone.sign_in().unwrap(), None, "nor a sign-in");

    let paired = pair(&sync, attempt(&server.base_url, &server.crew_code, &server.pin)).await;
    assert!(matches!(paired, PairOutcome::Paired { ref crew_code, .. } if *crew_code == server.crew_code));
    assert_eq!(phone.pairing().unwrap().unwrap().crew_code, server.crew_code);
    assert_eq!(phone.sign_in().unwrap().unwrap().member_name, MEMBER);
    eventually("the crew's order on the phone", || phone.order(order.id).unwrap().is_some()).await;
    eventually("the first sync to finish", || {
        let view = sync.view.borrow();
        view.state == SyncState::Idle && view.last_success.is_some()
    })
    .await;

    // Recorded without waking the sync: it stays in the outbox.
    let event =
        phone.record(order.id, EventKind::Acknowledged, MEMBER, SystemClock.evidence(None, None)).unwrap();
    phone.clear_token().unwrap();
    (sync.sync_now)();
    eventually("the bar to ask for pairing after sign-out", || state(&sync) == SyncState::NeedsPairing).await;
    assert_eq!(phone.outbox_len().unwrap(), 1, "the unsynced event survives signing out");
    assert!(phone.order(order.id).unwrap().is_some(), "the order stays on the phone");
    assert!(server.order_events(order.id).is_empty(), "nothing was sent without a token");

    let again = pair(&sync, attempt(&server.base_url, &server.crew_code, &server.pin)).await;
    assert!(matches!(again, PairOutcome::Paired { .. }), "{again:?}");
    eventually("the outbox to empty", || phone.outbox_len().unwrap() == 0).await;
    let on_server = server.order_events(order.id);
    assert_eq!(on_server.len(), 1, "{on_server:?}");
    assert_eq!(on_server[0].id, event.id);
    assert_eq!(on_server[0].author, MEMBER);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_server_listening_says_unreachable_and_a_bad_address_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let sync = fieldcrew_app_sync::start(dir.path().to_path_buf(), None, None);
    // Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
    assert_eq!(pair(&sync, attempt("http://127.0.0.1:9", "CREW-1", "1234")).await, PairOutcome::Unreachable);
    assert_eq!(pair(&sync, attempt("127.0.0.1:8080", "CREW-1", "1234")).await, PairOutcome::InvalidServer);
    assert_eq!(Store::open(dir.path()).unwrap().pairing().unwrap(), None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn guessing_pins_is_stopped_with_too_many_tries() {
    let server = TestServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let sync = fieldcrew_app_sync::start(dir.path().to_path_buf(), Some(server.base_url.clone()), None);
    let mut last = PairOutcome::Refused;
    for guess in 0..15 {
        last = pair(&sync, attempt(&server.base_url, &server.crew_code, &format!("{guess:04}"))).await;
        if last != PairOutcome::Refused {
            break;
        }
    }
    assert_eq!(last, PairOutcome::TooManyTries);
}
