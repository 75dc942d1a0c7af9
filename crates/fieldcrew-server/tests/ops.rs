//! Health, metrics, the OpenAPI document and the time stamps every answer
//! carries.

mod common;

use common::*;
use fieldcrew_protocol::{HEADER_SERVER_RECEIVED, HEADER_SERVER_SENT};
use fieldcrew_server::test_support::TestServer;
use reqwest::Client;

#[tokio::test]
async fn every_answer_even_an_error_carries_server_receive_and_send_times() {
    let server = TestServer::start().await;
    let before = chrono::Utc::now();
    for path in ["/healthz", "/v1/changes", "/v1/nowhere"] {
        let response = Client::new().get(format!("{}{path}", server.base_url)).send().await.unwrap();
        let stamp = |name: &str| {
            chrono::DateTime::parse_from_rfc3339(response.headers()[name].to_str().unwrap()).unwrap().to_utc()
        };
        let (received, sent) = (stamp(HEADER_SERVER_RECEIVED), stamp(HEADER_SERVER_SENT));
        assert!(before <= received && received <= sent, "{path}");
    }
}

#[tokio::test]
async fn the_openapi_document_describes_every_route() {
    let server = TestServer::start().await;
    let doc: serde_json::Value = Client::new()
        .get(format!("{}/openapi.json", server.base_url))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc["paths"].as_object().unwrap();
    for path in [
        "/healthz",
        "/metrics",
        "/openapi.json",
        "/v1/pair",
        "/v1/dispatcher/login",
        "/v1/changes",
        "/v1/push",
        "/v1/uploads",
        "/v1/uploads/{id}",
        "/v1/orders",
        "/v1/orders/{id}",
        "/v1/orders/{id}/assign",
        "/v1/orders/{id}/cancel",
        "/v1/crews",
        "/v1/devices",
        "/v1/devices/{id}/revoke",
    ] {
        assert!(paths.contains_key(path), "{path} missing from /openapi.json");
    }
    assert!(doc["components"]["schemas"]["PushBatch"].is_object());
}

#[tokio::test]
async fn metrics_count_requests_and_pushed_items() {
    let server = TestServer::start().await;
    let order = server.create_order(&server.crew_code);
    let device = pair(&server, &server.crew_code, &server.pin).await;
    device
        .push(vec![item(1, &device.event(order.id, fieldcrew_core::event::EventKind::Arrived, None))])
        .await;
    let metrics = format!("{}/metrics", server.base_url);
    assert_eq!(Client::new().get(&metrics).send().await.unwrap().status(), 401, "metrics need a token");
    let response = Client::new().get(&metrics).bearer_auth(server.dispatcher_token()).send().await.unwrap();
    let text = response.text().await.unwrap();
    assert!(text.contains("fieldcrew_http_requests_total{status=\"2xx\"}"), "{text}");
    assert!(text.contains("fieldcrew_push_items_total{outcome=\"accepted_with_flags\"} 1"), "{text}");
}
