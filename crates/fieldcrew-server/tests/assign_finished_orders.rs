//! A cancelled or closed order stays finished: assigning it (a stale board,
//! an API script) is refused with a clear reason, and no phone gets it back.

mod common;
mod console_client;

use common::{dispatcher_token, item, pair};
use console_client::Console;
use fieldcrew_domain::event::EventKind;
use fieldcrew_domain::{OrderId, WorkOrder};
use fieldcrew_protocol::pull::{OrderChange, PullPage};
use fieldcrew_server::test_support::TestServer;
use reqwest::StatusCode;

async fn assign_by_api(server: &TestServer, token: &str, order: OrderId, crew: &str) -> reqwest::Response {
    reqwest::Client::new()
        .post(format!("{}/v1/orders/{order}/assign", server.base_url))
        .bearer_auth(token)
        .json(&serde_json::json!({ "crew_code": crew }))
        .send()
        .await
        .unwrap()
}

/// Whether `crew`'s phone would be handed the order to work on again.
async fn phone_gets_it(device: &common::Device, order: &WorkOrder) -> bool {
    let page: PullPage = device.get("/v1/changes?limit=500").await.json().await.unwrap();
    let last = page.changes.iter().rev().find(|c| match c {
        OrderChange::Upsert { order: o } => o.id == order.id,
        OrderChange::Removed { order_id, .. } => *order_id == order.id,
    });
    matches!(last, Some(OrderChange::Upsert { .. }))
}

#[tokio::test]
async fn the_api_refuses_to_assign_a_cancelled_order_and_no_phone_gets_it() {
    let server = TestServer::start().await;
    let token = dispatcher_token(&server).await;
    let other_phone = pair(&server, &server.other_crew_code, &server.other_pin).await;
    let order = server.create_order(&server.crew_code);
    server.cancel(order.id);

    let response = assign_by_api(&server, &token, order.id, &server.other_crew_code).await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["error"], "conflict");
    assert!(body["message"].as_str().unwrap().contains("cancelled"), "{body}");

    let stored = server.order(order.id).unwrap();
    assert!(stored.cancelled_at.is_some());
    assert_eq!(stored.order.assigned_crew.as_deref(), Some(server.crew_code.as_str()));
    assert!(!phone_gets_it(&other_phone, &order).await);
    let unknown = assign_by_api(&server, &token, OrderId::new(), &server.crew_code).await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_api_refuses_to_assign_a_closed_order() {
    let server = TestServer::start().await;
    let token = dispatcher_token(&server).await;
    let order = server.create_order(&server.crew_code);
    let phone = pair(&server, &server.crew_code, &server.pin).await;
    let closed = phone.event(order.id, EventKind::Closed, None);
    phone.push(vec![item(1, &closed)]).await;
    assert!(server.order(order.id).unwrap().state.closed_at.is_some());

    let response = assign_by_api(&server, &token, order.id, &server.other_crew_code).await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    let body: serde_json::Value = response.json().await.unwrap();
    assert!(body["message"].as_str().unwrap().contains("closed"), "{body}");
    assert_eq!(
        server.order(order.id).unwrap().order.assigned_crew.as_deref(),
        Some(server.crew_code.as_str())
    );
}

#[tokio::test]
async fn the_console_says_a_cancelled_order_cannot_be_assigned() {
    let server = TestServer::start().await;
    let order = server.create_order(&server.crew_code);
    let console = Console::signed_in(&server).await;
    let csrf = console.csrf().await;
    server.cancel(order.id);

    let response = console
        .post(
            &format!("/console/orders/{}/assign", order.id),
            &[("csrf", &csrf), ("crew_code", &server.other_crew_code)],
        )
        .await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    assert!(response.text().await.unwrap().contains("该工单已撤销，不能再派工"));
    assert_eq!(
        server.order(order.id).unwrap().order.assigned_crew.as_deref(),
        Some(server.crew_code.as_str())
    );
}
