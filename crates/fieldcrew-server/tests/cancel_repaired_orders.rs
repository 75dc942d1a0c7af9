//! A repaired (restored or closed) order stays on record: cancelling it
//! from the API or the board is refused, so it stays in the reports and the
//! call-back list and no phone is told to drop it.

mod common;
mod console_client;

use common::{Device, dispatcher_token, item, pair};
use console_client::Console;
use fieldcrew_domain::WorkOrder;
use fieldcrew_domain::event::EventKind;
use fieldcrew_protocol::pull::{OrderChange, PullPage};
use fieldcrew_server::test_support::TestServer;
use reqwest::StatusCode;

async fn cancel_by_api(server: &TestServer, token: &str, order: &WorkOrder) -> reqwest::Response {
    reqwest::Client::new()
        .post(format!("{}/v1/orders/{}/cancel", server.base_url, order.id))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

/// An order of the first crew whose phone pushed `steps`.
async fn order_with(server: &TestServer, steps: &[EventKind]) -> (WorkOrder, Device) {
    let order = server.create_order(&server.crew_code);
    let phone = pair(server, &server.crew_code, &server.pin).await;
    let mut prev = None;
    let mut items = Vec::new();
    for (seq, kind) in steps.iter().enumerate() {
        let event = phone.event(order.id, kind.clone(), prev.as_ref());
        items.push(item(seq as i64 + 1, &event));
        prev = Some(event);
    }
    phone.push(items).await;
    (order, phone)
}

async fn phone_was_told_to_drop(phone: &Device, order: &WorkOrder) -> bool {
    let page: PullPage = phone.get("/v1/changes?limit=500").await.json().await.unwrap();
    page.changes.iter().any(|c| matches!(c, OrderChange::Removed { order_id, .. } if *order_id == order.id))
}

#[tokio::test]
async fn the_api_refuses_to_cancel_a_restored_order_and_the_phone_keeps_it() {
    let server = TestServer::start().await;
    let token = dispatcher_token(&server).await;
    let (order, phone) = order_with(&server, &[EventKind::Arrived, EventKind::Restored]).await;

    let response = cancel_by_api(&server, &token, &order).await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["error"], "conflict");
    assert!(body["message"].as_str().unwrap().contains("restored or closed"), "{body}");
    assert!(server.order(order.id).unwrap().cancelled_at.is_none());
    assert!(!phone_was_told_to_drop(&phone, &order).await);

    let console = Console::signed_in(&server).await;
    let callbacks = console.page("/console/callbacks").await;
    assert!(callbacks.contains(&format!(r#"data-testid="callback-row-{}""#, order.number)));
}

#[tokio::test]
async fn the_api_refuses_to_cancel_a_closed_order_and_says_so_for_a_second_cancel() {
    let server = TestServer::start().await;
    let token = dispatcher_token(&server).await;
    let (closed, _) = order_with(&server, &[EventKind::Closed]).await;
    assert_eq!(cancel_by_api(&server, &token, &closed).await.status(), StatusCode::CONFLICT);
    assert!(server.order(closed.id).unwrap().cancelled_at.is_none());

    let open = server.create_order(&server.crew_code);
    assert_eq!(cancel_by_api(&server, &token, &open).await.status(), StatusCode::NO_CONTENT);
    let again = cancel_by_api(&server, &token, &open).await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
    let body: serde_json::Value = again.json().await.unwrap();
    assert!(body["message"].as_str().unwrap().contains("already cancelled"), "{body}");
}

#[tokio::test]
async fn the_board_offers_no_cancel_for_a_restored_order_and_refuses_a_stale_form() {
    let server = TestServer::start().await;
    let (restored, _) = order_with(&server, &[EventKind::Arrived, EventKind::Restored]).await;
    let open = server.create_order(&server.crew_code);
    let console = Console::signed_in(&server).await;

    let board = console.page("/console/board").await;
    assert!(board.contains(&format!(r#"action="/console/orders/{}/cancel""#, open.id)));
    assert!(board.contains(&restored.number), "a restored order is still on the board");
    assert!(!board.contains(&format!(r#"action="/console/orders/{}/cancel""#, restored.id)));

    let csrf = console.csrf().await;
    let response = console.post(&format!("/console/orders/{}/cancel", restored.id), &[("csrf", &csrf)]).await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    assert!(response.text().await.unwrap().contains("不能撤销"));
    assert!(server.order(restored.id).unwrap().cancelled_at.is_none());
}
