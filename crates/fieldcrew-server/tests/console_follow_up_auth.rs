//! The call-back and report pages and the call-back form are for signed-in
//! dispatchers only: anonymous visitors are sent to sign in, crews are
//! refused, and a call-back without the session's CSRF token is not stored.

mod common;
mod console_client;
mod follow_up;

use chrono::Utc;
use console_client::{Console, location};
use fieldcrew_domain::WorkOrder;
use fieldcrew_domain::order::{AreaClass, EquipmentKind};
use fieldcrew_server::test_support::TestServer;
use follow_up::{Phone, order};
use reqwest::StatusCode;

const PAGES: [&str; 4] = [
    "/console/callbacks",
    "/console/reports",
    "/console/reports?month=2026-11",
    "/console/reports.csv?from=2026-11-01&to=2026-11-30",
];

fn callback_fields(csrf: &str) -> Vec<(&str, &str)> {
    vec![("csrf", csrf), ("reached", "yes"), ("satisfaction", "satisfied"), ("note", ""), ("back", "list")]
}

async fn restored_order(server: &TestServer) -> WorkOrder {
    let crew = server.crew_code.clone();
    let order = order(server, "QX-AUTH-1", AreaClass::Urban, EquipmentKind::Line, Utc::now(), &crew);
    Phone::of(server, &crew, &server.pin).await.arrive_and_restore(&order, 10, Some(20)).await;
    order
}

fn nothing_recorded(server: &TestServer, order: &WorkOrder) {
    assert!(server.db().callbacks_for(&[order.id]).unwrap().is_empty());
}

#[tokio::test]
async fn anonymous_visitors_are_sent_to_sign_in_for_every_follow_up_page_and_the_call_back_form() {
    let server = TestServer::start().await;
    let order = restored_order(&server).await;
    let anonymous = Console::new(&server);
    for path in PAGES {
        let response = anonymous.get(path).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{path}");
        assert_eq!(location(&response), "/console/login", "{path}");
    }
    let response =
        anonymous.post(&format!("/console/orders/{}/callbacks", order.id), &callback_fields("x")).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    nothing_recorded(&server, &order);
}

#[tokio::test]
async fn a_crew_token_is_refused_as_a_bearer_and_as_a_cookie_on_pages_and_the_form() {
    let server = TestServer::start().await;
    let order = restored_order(&server).await;
    let device = common::pair(&server, &server.crew_code, &server.pin).await;
    let cookie = format!("fc_session={}", device.token);
    for path in PAGES {
        let url = format!("{}{path}", server.base_url);
        let as_bearer = device.http.get(&url).bearer_auth(&device.token).send().await.unwrap();
        assert_eq!(as_bearer.status(), StatusCode::FORBIDDEN, "{path}");
        let as_cookie = device.http.get(&url).header("cookie", &cookie).send().await.unwrap();
        assert_eq!(as_cookie.status(), StatusCode::FORBIDDEN, "{path}");
    }
    let url = format!("{}/console/orders/{}/callbacks", server.base_url, order.id);
    let fields = callback_fields("x");
    let as_bearer = device.http.post(&url).bearer_auth(&device.token).form(&fields).send().await.unwrap();
    assert_eq!(as_bearer.status(), StatusCode::FORBIDDEN);
    let as_cookie = device.http.post(&url).header("cookie", &cookie).form(&fields).send().await.unwrap();
    assert_eq!(as_cookie.status(), StatusCode::FORBIDDEN);
    nothing_recorded(&server, &order);
}

#[tokio::test]
async fn a_call_back_without_the_sessions_csrf_token_is_refused_and_not_stored() {
    let server = TestServer::start().await;
    let order = restored_order(&server).await;
    let console = Console::signed_in(&server).await;
    let path = format!("/console/orders/{}/callbacks", order.id);
    let missing: Vec<_> = callback_fields("").into_iter().filter(|(k, _)| *k != "csrf").collect();
    assert_eq!(console.post(&path, &missing).await.status(), StatusCode::FORBIDDEN);
    let forged = "0".repeat(64);
    assert_eq!(console.post(&path, &callback_fields(&forged)).await.status(), StatusCode::FORBIDDEN);
    nothing_recorded(&server, &order);
    // The real token from the page works.
    let page = console.page("/console/callbacks").await;
    let ok = console.post(&path, &callback_fields(&console_client::csrf(&page))).await;
    assert_eq!(ok.status(), StatusCode::SEE_OTHER);
    assert_eq!(server.db().callbacks_for(&[order.id]).unwrap().len(), 1);
}
