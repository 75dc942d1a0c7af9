//! `notified_at` records when a crew was passed the order (the 3-minute
//! rule, exported in the report CSV): pressing 派工 again for the same crew
//! keeps it and sends nothing; a reassignment gives the new crew its own.

mod common;
mod console_client;

use common::{Device, pair};
use console_client::Console;
use fieldcrew_domain::OrderId;
use fieldcrew_protocol::pull::{OrderChange, PullPage};
use fieldcrew_server::test_support::TestServer;
use reqwest::StatusCode;

/// How many times the phone was handed the order.
async fn upserts(phone: &Device, order: OrderId) -> usize {
    let page: PullPage = phone.get("/v1/changes?limit=500").await.json().await.unwrap();
    page.changes.iter().filter(|c| matches!(c, OrderChange::Upsert { order: o } if o.id == order)).count()
}

async fn press_assign(console: &Console, order: OrderId, crew: &str) {
    let csrf = console.csrf().await;
    let response = console
        .post(&format!("/console/orders/{order}/assign"), &[("csrf", &csrf), ("crew_code", crew)])
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn assigning_the_same_crew_again_keeps_the_first_notification_time_and_sends_nothing() {
    let server = TestServer::start().await;
    let order = server.create_order(&server.crew_code);
    let first = server.order(order.id).unwrap().order.notified_at;
    let phone = pair(&server, &server.crew_code, &server.pin).await;
    assert_eq!(upserts(&phone, order.id).await, 1);

    let console = Console::signed_in(&server).await;
    press_assign(&console, order.id, &server.crew_code).await;
    press_assign(&console, order.id, &server.crew_code).await;

    assert_eq!(server.order(order.id).unwrap().order.notified_at, first);
    assert_eq!(upserts(&phone, order.id).await, 1, "the phone was not sent the order again");
}

#[tokio::test]
async fn reassigning_to_another_crew_sets_that_crews_notification_time() {
    let server = TestServer::start().await;
    let order = server.create_order(&server.crew_code);
    let first = server.order(order.id).unwrap().order.notified_at.unwrap();
    let other_phone = pair(&server, &server.other_crew_code, &server.other_pin).await;

    let console = Console::signed_in(&server).await;
    press_assign(&console, order.id, &server.other_crew_code).await;

    let stored = server.order(order.id).unwrap().order;
    assert_eq!(stored.assigned_crew.as_deref(), Some(server.other_crew_code.as_str()));
    assert!(stored.notified_at.unwrap() > first);
    assert_eq!(upserts(&other_phone, order.id).await, 1);
}
