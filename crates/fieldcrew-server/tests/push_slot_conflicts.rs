//! A push slot `(device_id, device_seq)` answers a resend of its item with
//! the first answer, but a different item for it is kept as a conflict and
//! rejected: a second phone under the same device id (or a phone restored
//! from an old backup) can not have its items silently taken for another's.

mod common;

use common::{item, pair};
use fieldcrew_domain::event::EventKind;
use fieldcrew_protocol::push::{Outcome, PushItem};
use fieldcrew_server::DB_FILE;
use fieldcrew_server::test_support::TestServer;
use serde_json::json;

fn is_rejected(outcome: &Outcome) -> bool {
    matches!(outcome, Outcome::RejectedPermanently { reason } if reason.contains("different item"))
}

#[tokio::test]
async fn a_slot_replayed_with_a_different_event_is_kept_as_a_conflict_and_the_first_answer_stands() {
    let server = TestServer::start().await;
    let order = server.create_order(&server.crew_code);
    let device = pair(&server, &server.crew_code, &server.pin).await;
    let first = device.event(order.id, EventKind::Arrived, None);
    let other = device.event(order.id, EventKind::SiteReport { text: "表箱烧黑".into() }, None);
    let original = device.push(vec![item(1, &first)]).await.results[0].outcome.clone();

    let replayed = device.push(vec![item(1, &other)]).await;
    assert!(is_rejected(&replayed.results[0].outcome), "{replayed:?}");
    assert_eq!(replayed.acked_seq, 1, "the phone may drop it: it is kept on the server");
    assert_eq!(device.push(vec![item(1, &first)]).await.results[0].outcome, original);
    assert!(is_rejected(&device.push(vec![item(1, &other)]).await.results[0].outcome));

    assert_eq!(server.order_events(order.id), vec![first.clone()], "the conflicting event is not applied");
    let conflicts = server.db().slot_conflicts(device.id).unwrap();
    assert_eq!(conflicts.len(), 1, "a resent conflict is kept once: {conflicts:?}");
    assert_eq!(conflicts[0].device_seq, 1);
    assert_eq!(conflicts[0].held_identity, format!("event:{}:{}", first.id, first.hash));
    assert_eq!(conflicts[0].sent_identity, format!("event:{}:{}", other.id, other.hash));
    assert_eq!(conflicts[0].crew_code, server.crew_code);
    assert!(conflicts[0].raw_json.contains(&other.id.to_string()), "the raw item is kept as evidence");
}

#[tokio::test]
async fn a_different_item_later_in_the_same_batch_conflicts_with_the_first() {
    let server = TestServer::start().await;
    let order = server.create_order(&server.crew_code);
    let device = pair(&server, &server.crew_code, &server.pin).await;
    let first = device.event(order.id, EventKind::Arrived, None);
    let other = device.event(order.id, EventKind::Departed, None);
    let response = device.push(vec![item(1, &first), item(1, &other), item(2, &other)]).await;
    assert!(!is_rejected(&response.results[0].outcome));
    assert!(is_rejected(&response.results[1].outcome));
    assert!(!is_rejected(&response.results[2].outcome), "the same event in its own slot is fine");
    assert_eq!(server.db().slot_conflicts(device.id).unwrap().len(), 1);
}

#[tokio::test]
async fn unreadable_items_conflict_only_when_their_json_differs() {
    let server = TestServer::start().await;
    let device = pair(&server, &server.crew_code, &server.pin).await;
    let push_raw = |items: serde_json::Value| {
        let body = json!({ "device_id": device.id, "boot_epochs": [], "items": items });
        let request = device.http.post(format!("{}/v1/push", server.base_url)).bearer_auth(&device.token);
        async move {
            let response = request.json(&body).send().await.unwrap();
            response.json::<fieldcrew_protocol::push::PushResponse>().await.unwrap()
        }
    };
    let garbled = json!([{ "device_seq": 1, "kind": "event", "event": { "nonsense": true } }]);
    let first = push_raw(garbled.clone()).await;
    assert_eq!(push_raw(garbled).await, first);
    assert!(server.db().slot_conflicts(device.id).unwrap().is_empty());
    push_raw(json!([{ "device_seq": 1, "kind": "event", "event": { "other": 1 } }])).await;
    assert_eq!(server.db().slot_conflicts(device.id).unwrap().len(), 1);
}

#[tokio::test]
async fn a_slot_stored_before_identities_were_kept_answers_its_first_outcome_as_before() {
    // An old server's SQLite file, edited below: on SQLite whatever the run.
    let server = TestServer::start_with(|s| s.database_url = "sqlite:".into()).await;
    let order = server.create_order(&server.crew_code);
    let device = pair(&server, &server.crew_code, &server.pin).await;
    let first = device.event(order.id, EventKind::Arrived, None);
    let original = device.push(vec![item(1, &first)]).await.results[0].outcome.clone();
    // As in a database written by the previous server version.
    let conn = rusqlite::Connection::open(server.state.settings.data_dir.join(DB_FILE)).unwrap();
    conn.execute("DELETE FROM slot_identities", []).unwrap();

    let other = device.event(order.id, EventKind::Departed, None);
    let replayed: Vec<PushItem> = vec![item(1, &other)];
    assert_eq!(device.push(replayed).await.results[0].outcome, original);
    assert!(server.db().slot_conflicts(device.id).unwrap().is_empty());
}
