//! A push batch names each order it touches once to the database: the
//! order is read at its first event, advanced in memory by the next ones
//! and written back before the batch commits. What the dispatcher sees must
//! be the same as if every event had come in its own push.

mod common;

use common::*;
use fieldcrew_domain::event::EventKind;
use fieldcrew_protocol::push::{Flag, Outcome, PushBody, PushItem};
use fieldcrew_server::test_support::TestServer;

fn flags(outcome: &Outcome) -> Vec<Flag> {
    match outcome {
        Outcome::Accepted => vec![],
        Outcome::AcceptedWithFlags { flags } => flags.clone(),
        Outcome::RejectedPermanently { reason } => panic!("refused: {reason}"),
    }
}

#[tokio::test]
async fn events_of_two_orders_in_one_batch_leave_the_same_orders_as_one_push_per_event() {
    let batched = TestServer::start().await;
    let single = TestServer::start().await;
    assert_eq!(batched.crew_code, single.crew_code);
    let orders = [batched.create_order(&batched.crew_code), batched.create_order(&batched.crew_code)];
    for order in &orders {
        assert!(single.db().create_order(order).unwrap());
    }
    // The same phone (same device id) paired to both servers.
    let phone = pair(&batched, &batched.crew_code, &batched.pin).await;
    let twin = pair_as(&single, &single.crew_code, &single.pin, phone.id, None).await.unwrap();

    // Interleaved: a step on one order, then on the other, each chained
    // on its own order; one event on the first order breaks its chain.
    let kinds = [
        EventKind::Acknowledged,
        EventKind::Departed,
        EventKind::Arrived,
        EventKind::SiteReport { text: "表箱烧黑，整户停电".into() },
        EventKind::Note { text: "进户线接头松动，已紧固".into() },
    ];
    let mut last = [None, None];
    let mut items = Vec::new();
    for kind in kinds {
        for (n, order) in orders.iter().enumerate() {
            let event = phone.event(order.id, kind.clone(), last[n].as_ref());
            items.push(item(items.len() as i64 + 1, &event));
            last[n] = Some(event);
        }
    }
    let unchained = phone.event(orders[0].id, EventKind::Note { text: "补记".into() }, None);
    items.push(item(items.len() as i64 + 1, &unchained));

    let in_one = phone.push(items.clone()).await;
    let mut one_by_one = Vec::new();
    for item in items {
        one_by_one.extend(twin.push(vec![item]).await.results);
    }
    assert_eq!(in_one.results, one_by_one, "each event is answered the same");
    assert!(flags(&in_one.results.last().unwrap().outcome).contains(&Flag::ChainBroken));
    // The unchained note is flagged but still counts (events from the field are always kept).
    for (order, events) in orders.iter().zip([6, 5]) {
        let (a, b) = (batched.order(order.id).unwrap(), single.order(order.id).unwrap());
        assert_eq!(a.state, b.state, "the order's state");
        assert_eq!(a.state.event_count, events);
        assert_eq!(a.events.len(), events as usize);
        assert_eq!(b.events.len(), events as usize);
    }
    assert_eq!(
        batched.order(orders[1].id).unwrap().state.last_hash,
        last[1].as_ref().map(|e| e.hash.clone())
    );
}

#[tokio::test]
async fn an_order_created_in_the_field_takes_the_events_behind_it_in_the_same_batch() {
    let server = TestServer::start().await;
    let phone = pair(&server, &server.crew_code, &server.pin).await;
    let mut order = server.create_order(&server.crew_code);
    order.id = fieldcrew_domain::OrderId::new();
    order.source = fieldcrew_domain::order::OrderSource::Field;
    // A stray event naming the order before the order itself (kept, flagged).
    let stray = phone.event(order.id, EventKind::Note { text: "先到的记录".into() }, None);
    let acknowledged = phone.event(order.id, EventKind::Acknowledged, None);
    let departed = phone.event(order.id, EventKind::Departed, Some(&acknowledged));
    let response = phone
        .push(vec![
            item(1, &stray),
            PushItem { device_seq: 2, body: PushBody::Order { order: order.clone() } },
            item(3, &acknowledged),
            item(4, &departed),
        ])
        .await;
    assert!(flags(&response.results[0].outcome).contains(&Flag::UnknownOrder));
    assert_eq!(response.results[1].outcome, Outcome::Accepted);
    for result in &response.results[2..] {
        let flags = flags(&result.outcome);
        assert!(!flags.contains(&Flag::UnknownOrder) && !flags.contains(&Flag::ChainBroken), "{flags:?}");
    }
    let stored = server.order(order.id).unwrap();
    assert_eq!(stored.state.event_count, 2, "the two events after the order count");
    assert_eq!(stored.state.last_hash, Some(departed.hash.clone()));
    assert!(stored.state.departed_at.is_some());
}

#[tokio::test]
async fn repeats_within_one_batch_are_answered_as_if_each_item_came_in_its_own_push() {
    // The batch looks its slots and event ids up once, at its start: an
    // item must still see the ones before it in the same batch.
    let batched = TestServer::start().await;
    let single = TestServer::start().await;
    let order = batched.create_order(&batched.crew_code);
    assert!(single.db().create_order(&order).unwrap());
    let phone = pair(&batched, &batched.crew_code, &batched.pin).await;
    let twin = pair_as(&single, &single.crew_code, &single.pin, phone.id, None).await.unwrap();
    let acknowledged = phone.event(order.id, EventKind::Acknowledged, None);
    let departed = phone.event(order.id, EventKind::Departed, Some(&acknowledged));
    let arrived = phone.event(order.id, EventKind::Arrived, Some(&departed));
    let items = vec![
        item(1, &acknowledged),
        item(1, &acknowledged), // the same item in its slot again
        item(2, &departed),
        item(3, &departed), // the same event in another slot: a duplicate
        item(2, &arrived),  // another item for a slot taken in this batch: a conflict
        item(4, &arrived),
        item(4, &arrived),
    ];

    let in_one = phone.push(items.clone()).await;
    let mut one_by_one = Vec::new();
    for item in items {
        one_by_one.extend(twin.push(vec![item]).await.results);
    }
    assert_eq!(in_one.results, one_by_one, "each item is answered the same");
    assert_eq!(flags(&in_one.results[3].outcome), vec![Flag::Duplicate]);
    assert!(matches!(in_one.results[4].outcome, Outcome::RejectedPermanently { .. }));
    let (a, b) = (batched.order(order.id).unwrap(), single.order(order.id).unwrap());
    assert_eq!(a.state, b.state, "the order's state");
    assert_eq!(a.events.len(), 3, "each event stored once");
    assert_eq!(a.state.last_hash.as_deref(), Some(arrived.hash.as_str()));
    assert_eq!(batched.db().slot_conflicts(phone.id).unwrap().len(), 1);
    assert_eq!(single.db().slot_conflicts(phone.id).unwrap().len(), 1);
}
