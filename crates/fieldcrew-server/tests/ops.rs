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
async fn the_openapi_document_says_what_the_server_answers() {
    let server = TestServer::start().await;
    let doc: serde_json::Value = Client::new()
        .get(format!("{}/openapi.json", server.base_url))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let op = |path: &str, method: &str| doc["paths"][path][method].clone();
    // Lists are arrays, as the server sends them.
    for path in ["/v1/orders", "/v1/crews", "/v1/devices"] {
        let schema = &op(path, "get")["responses"]["200"]["content"]["application/json"]["schema"];
        assert_eq!(schema["type"], "array", "{path}: {schema}");
    }
    // Path ids are UUIDs.
    for (path, method) in [
        ("/v1/orders/{id}", "get"),
        ("/v1/orders/{id}/assign", "post"),
        ("/v1/orders/{id}/cancel", "post"),
        ("/v1/devices/{id}/revoke", "post"),
        ("/v1/uploads/{id}", "head"),
        ("/v1/uploads/{id}", "patch"),
        ("/v1/uploads/{id}", "delete"),
    ] {
        let id =
            op(path, method)["parameters"].as_array().unwrap().iter().find(|p| p["name"] == "id").cloned();
        assert_eq!(id.unwrap()["schema"]["format"], "uuid", "{method} {path}");
    }
    let param = |path: &str, method: &str, name: &str| {
        op(path, method)["parameters"].as_array().unwrap().iter().find(|p| p["name"] == name).cloned()
    };
    assert_eq!(param("/v1/changes", "get", "limit").unwrap()["schema"]["minimum"], 1);
    for method in ["post", "patch", "delete"] {
        let path = if method == "post" { "/v1/uploads" } else { "/v1/uploads/{id}" };
        let tus = param(path, method, "Tus-Resumable").unwrap_or_else(|| panic!("{method} {path}"));
        assert_eq!(tus["required"], true, "{method} {path}");
    }
    // Statuses the server gives that were missing.
    let documented =
        |path: &str, method: &str, status: &str| op(path, method)["responses"][status].is_object();
    for (path, method, status) in [
        ("/v1/push", "post", "429"),
        ("/v1/push", "post", "415"),
        ("/v1/orders", "post", "415"),
        ("/v1/changes", "get", "429"),
        ("/metrics", "get", "403"),
        ("/v1/pair", "post", "400"),
        ("/v1/uploads/{id}", "head", "401"),
        ("/v1/uploads/{id}", "delete", "401"),
        ("/v1/uploads/{id}", "patch", "415"),
        ("/v1/uploads/{id}", "patch", "422"),
    ] {
        assert!(documented(path, method, status), "{method} {path} {status}");
    }
}

#[tokio::test]
async fn metrics_count_requests_and_pushed_items() {
    let server = TestServer::start().await;
    let order = server.create_order(&server.crew_code);
    let device = pair(&server, &server.crew_code, &server.pin).await;
    device
        .push(vec![item(1, &device.event(order.id, fieldcrew_domain::event::EventKind::Arrived, None))])
        .await;
    let metrics = format!("{}/metrics", server.base_url);
    assert_eq!(Client::new().get(&metrics).send().await.unwrap().status(), 401, "metrics need a token");
    let response = Client::new().get(&metrics).bearer_auth(server.dispatcher_token()).send().await.unwrap();
    let text = response.text().await.unwrap();
    assert!(text.contains("fieldcrew_http_requests_total{status=\"2xx\"}"), "{text}");
    assert!(text.contains("fieldcrew_push_items_total{outcome=\"accepted_with_flags\"} 1"), "{text}");
}
