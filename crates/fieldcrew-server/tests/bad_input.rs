//! Malformed, oversized and hostile requests get a clear 4xx JSON error and
//! change nothing.

mod common;

use common::*;
use fieldcrew_domain::event::EventKind;
use fieldcrew_protocol::push::{PushBatch, PushResponse};
use fieldcrew_server::test_support::TestServer;
use flate2::Compression;
use flate2::write::GzEncoder;
use std::io::Write;

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

async fn post_raw(device: &Device, path: &str, body: Vec<u8>, gzip: bool) -> reqwest::Response {
    let mut request = device
        .http
        .post(format!("{}{path}", device.base))
        .bearer_auth(&device.token)
        .header("content-type", "application/json")
        .body(body);
    if gzip {
        request = request.header("content-encoding", "gzip");
    }
    request.send().await.unwrap()
}

async fn error_code(response: reqwest::Response) -> (u16, String) {
    let status = response.status().as_u16();
    let body: serde_json::Value = response.json().await.expect("errors are JSON");
    (status, body["error"].as_str().unwrap_or_default().to_string())
}

#[tokio::test]
async fn malformed_json_is_a_400_with_a_json_error() {
    let server = TestServer::start().await;
    let device = pair(&server, &server.crew_code, &server.pin).await;
    let (status, code) = error_code(post_raw(&device, "/v1/push", b"{not json".to_vec(), false).await).await;
    assert_eq!((status, code.as_str()), (400, "bad_request"));
}

#[tokio::test]
async fn a_gzip_compressed_push_is_accepted() {
    let server = TestServer::start().await;
    let order = server.create_order(&server.crew_code);
    let device = pair(&server, &server.crew_code, &server.pin).await;
    let arrived = device.event(order.id, EventKind::Arrived, None);
    let batch = PushBatch { device_id: device.id, boot_epochs: vec![], items: vec![item(1, &arrived)] };
    let response = post_raw(&device, "/v1/push", gzip(&serde_json::to_vec(&batch).unwrap()), true).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.json::<PushResponse>().await.unwrap().acked_seq, 1);
    assert_eq!(server.order_events(order.id), vec![arrived]);
}

#[tokio::test]
async fn an_oversized_body_plain_or_as_a_gzip_bomb_is_a_413() {
    let server = TestServer::start_with(|s| s.max_body_bytes = 64 * 1024).await;
    let device = pair(&server, &server.crew_code, &server.pin).await;
    let huge =
        format!("{{\"device_id\":\"{}\",\"items\":[],\"pad\":\"{}\"}}", device.id, "x".repeat(200_000));
    let response = post_raw(&device, "/v1/push", huge.clone().into_bytes(), false).await;
    assert_eq!(response.status(), 413);
    let error: serde_json::Value = response.json().await.unwrap();
    assert_eq!(error["error"], "too_large");
    assert_eq!(error["message"], "the request body is larger than 65536 bytes", "the limit, not 0");
    let bomb = gzip(huge.as_bytes());
    assert!(bomb.len() < 64 * 1024, "the compressed body itself is small");
    let (status, _) = error_code(post_raw(&device, "/v1/push", bomb, true).await).await;
    assert_eq!(status, 413);
}

#[tokio::test]
async fn a_body_in_an_encoding_the_server_cannot_read_is_a_json_415_naming_it() {
    let server = TestServer::start().await;
    let device = pair(&server, &server.crew_code, &server.pin).await;
    let response = device
        .http
        .post(format!("{}/v1/push", device.base))
        .bearer_auth(&device.token)
        .header("content-type", "application/json")
        .header("content-encoding", "br")
        .body(vec![1, 2, 3])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 415);
    let error: serde_json::Value = response.json().await.expect("a JSON error");
    assert_eq!(error["error"], "unsupported_media_type");
    assert!(error["message"].as_str().unwrap().contains("`br`"), "{error}");
}

#[tokio::test]
async fn too_many_items_or_a_missing_sequence_is_refused_whole() {
    let server = TestServer::start_with(|s| s.max_batch = 2).await;
    let order = server.create_order(&server.crew_code);
    let device = pair(&server, &server.crew_code, &server.pin).await;
    let e = device.event(order.id, EventKind::Arrived, None);
    let batch = PushBatch {
        device_id: device.id,
        boot_epochs: vec![],
        items: vec![item(1, &e), item(2, &e), item(3, &e)],
    };
    let (status, _) =
        error_code(post_raw(&device, "/v1/push", serde_json::to_vec(&batch).unwrap(), false).await).await;
    assert_eq!(status, 400);
    let no_seq = serde_json::json!({ "device_id": device.id, "items": [{ "kind": "event", "event": e }] });
    let (status, _) =
        error_code(post_raw(&device, "/v1/push", serde_json::to_vec(&no_seq).unwrap(), false).await).await;
    assert_eq!(status, 400);
    assert!(server.order_events(order.id).is_empty());
}

#[tokio::test]
async fn an_event_or_field_order_with_oversize_text_is_refused_alone() {
    use fieldcrew_protocol::push::{Outcome, PushBody, PushItem};
    let server = TestServer::start().await;
    let order = server.create_order(&server.crew_code);
    let device = pair(&server, &server.crew_code, &server.pin).await;
    let arrived = device.event(order.id, EventKind::Arrived, None);
    let note = device.event(order.id, EventKind::Note { text: "长".repeat(350_000) }, Some(&arrived));
    let mut field_order = order.clone();
    field_order.id = fieldcrew_domain::OrderId::new();
    field_order.fault_description = "x".repeat(2001);
    let response = device
        .push(vec![
            item(1, &arrived),
            item(2, &note),
            PushItem { device_seq: 3, body: PushBody::Order { order: field_order.clone() } },
        ])
        .await;
    let kept = |outcome: &Outcome| !matches!(outcome, Outcome::RejectedPermanently { .. });
    assert!(kept(&response.results[0].outcome), "{:?}", response.results[0]);
    assert_eq!(
        response.results[1].outcome,
        Outcome::RejectedPermanently { reason: "`event.kind.text` is longer than 2000 characters".into() }
    );
    assert_eq!(
        response.results[2].outcome,
        Outcome::RejectedPermanently {
            reason: "`order.fault_description` is longer than 2000 characters".into()
        }
    );
    assert_eq!(response.acked_seq, 3, "refused for good, so off the phone's queue");
    assert_eq!(server.order_events(order.id), vec![arrived]);
    assert!(server.order(field_order.id).is_none());
    // Exactly at the limit is fine.
    let at_limit = device.event(
        order.id,
        EventKind::Note { text: "长".repeat(2000) },
        Some(&server.order_events(order.id)[0]),
    );
    let response = device.push(vec![item(4, &at_limit)]).await;
    assert!(kept(&response.results[0].outcome), "{:?}", response.results[0]);
}

#[tokio::test]
async fn a_push_for_another_device_id_is_forbidden() {
    let server = TestServer::start().await;
    let device = pair(&server, &server.crew_code, &server.pin).await;
    let batch =
        PushBatch { device_id: fieldcrew_domain::DeviceId::new(), boot_epochs: vec![], items: vec![] };
    let (status, _) =
        error_code(post_raw(&device, "/v1/push", serde_json::to_vec(&batch).unwrap(), false).await).await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn bad_paths_queries_and_routes_are_4xx_json() {
    let server = TestServer::start().await;
    let device = pair(&server, &server.crew_code, &server.pin).await;
    let dispatcher = dispatcher_token(&server).await;
    let http = reqwest::Client::new();
    let get = |path: &str| http.get(format!("{}{path}", server.base_url)).bearer_auth(&dispatcher).send();
    assert_eq!(error_code(get("/v1/orders/not-a-uuid").await.unwrap()).await.0, 400);
    assert_eq!(
        error_code(get(&format!("/v1/orders/{}", fieldcrew_domain::OrderId::new())).await.unwrap()).await.0,
        404
    );
    assert_eq!(error_code(get("/v1/nowhere").await.unwrap()).await.0, 404);
    assert_eq!(error_code(device.get("/v1/changes?since=abc").await).await.0, 400);
    assert_eq!(error_code(device.get("/v1/changes?limit=0").await).await.0, 400);
}

#[tokio::test]
async fn an_intake_with_oversize_text_or_an_unknown_crew_is_refused() {
    let server = TestServer::start().await;
    let dispatcher = dispatcher_token(&server).await;
    let order = |fault: String, crew: &str| {
        serde_json::json!({
            "reporter_name": "张三", "reporter_phone": "13800000000",
            "address": { "village_or_street": "东湖村", "house_number": "1号" },
            "fault_description": fault, "equipment": "line", "area": { "class": "rural" },
            "crew_code": crew
        })
    };
    let post = |body: serde_json::Value| {
        reqwest::Client::new()
            .post(format!("{}/v1/orders", server.base_url))
            .bearer_auth(&dispatcher)
            .json(&body)
            .send()
    };
    assert_eq!(post(order("停电".repeat(5000), "CREW-1")).await.unwrap().status(), 400);
    assert_eq!(post(order("停电".into(), "NO-CREW")).await.unwrap().status(), 400);
    let created = post(order("停电".into(), "CREW-1")).await.unwrap();
    assert_eq!(created.status(), 201);
    let list: serde_json::Value = reqwest::Client::new()
        .get(format!("{}/v1/orders", server.base_url))
        .bearer_auth(&dispatcher)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);
}
