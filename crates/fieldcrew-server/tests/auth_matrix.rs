//! Who may do what: anonymous, wrong PIN, other crew, revoked and expired
//! tokens, and dispatcher-only actions.

mod common;

use chrono::{Duration, Utc};
use common::*;
use fieldcrew_protocol::pull::PullPage;
use fieldcrew_server::db::{Principal, TokenRecord};
use fieldcrew_server::test_support::TestServer;
use reqwest::Client;

#[tokio::test]
async fn without_a_token_everything_but_health_and_discovery_is_refused() {
    let server = TestServer::start().await;
    let http = Client::new();
    for path in ["/v1/changes", "/v1/orders", "/v1/crews", "/v1/devices", "/metrics"] {
        let response = http.get(format!("{}{path}", server.base_url)).send().await.unwrap();
        assert_eq!(response.status(), 401, "{path}");
        let body: serde_json::Value = response.json().await.unwrap();
        assert_eq!(body["error"], "unauthorized");
    }
    assert_eq!(http.get(format!("{}/healthz", server.base_url)).send().await.unwrap().status(), 200);
    let options = http
        .request(reqwest::Method::OPTIONS, format!("{}/v1/uploads", server.base_url))
        .send()
        .await
        .unwrap();
    assert_eq!(options.status(), 204);
    assert_eq!(options.headers()["tus-version"], "1.0.0");
}

#[tokio::test]
async fn a_wrong_pin_or_unknown_crew_does_not_pair() {
    let server = TestServer::start().await;
    for (crew, pin) in [(server.crew_code.as_str(), "0000"), ("NO-SUCH-CREW", "1234")] {
        let body = serde_json::json!({
            "crew_code": crew, "pin": pin, "member_name": "李师傅",
            "device_id": fieldcrew_domain::DeviceId::new(), "device_label": "x"
        });
        let response =
            Client::new().post(format!("{}/v1/pair", server.base_url)).json(&body).send().await.unwrap();
        assert_eq!(response.status(), 401);
    }
}

#[tokio::test]
async fn a_crew_sees_only_its_own_orders() {
    let server = TestServer::start().await;
    let mine = server.create_order(&server.crew_code);
    let theirs = server.create_order(&server.other_crew_code);
    let device = pair(&server, &server.crew_code, &server.pin).await;
    let page: PullPage = device.get("/v1/changes?since=0").await.json().await.unwrap();
    let text = serde_json::to_string(&page).unwrap();
    assert!(text.contains(&mine.id.to_string()));
    assert!(!text.contains(&theirs.id.to_string()));
}

#[tokio::test]
async fn a_crew_token_cannot_use_the_dispatcher_api_and_vice_versa() {
    let server = TestServer::start().await;
    let device = pair(&server, &server.crew_code, &server.pin).await;
    for path in ["/v1/orders", "/v1/crews", "/v1/devices"] {
        assert_eq!(device.get(path).await.status(), 403, "{path}");
    }
    let dispatcher = dispatcher_token(&server).await;
    let response = Client::new()
        .get(format!("{}/v1/changes", server.base_url))
        .bearer_auth(dispatcher)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
}

#[tokio::test]
async fn a_revoked_device_is_locked_out() {
    let server = TestServer::start().await;
    let device = pair(&server, &server.crew_code, &server.pin).await;
    assert_eq!(device.get("/v1/changes").await.status(), 200);
    let dispatcher = dispatcher_token(&server).await;
    let url = format!("{}/v1/devices/{}/revoke", server.base_url, device.id);
    let response = Client::new().post(url).bearer_auth(dispatcher).send().await.unwrap();
    assert_eq!(response.status(), 204);
    assert_eq!(device.get("/v1/changes").await.status(), 401);
}

#[tokio::test]
async fn an_expired_token_is_refused() {
    let server = TestServer::start().await;
    let (token, token_hash) = fieldcrew_server::auth::new_token();
    server
        .db()
        .save_token(&TokenRecord {
            token_hash,
            principal: Principal::Device {
                crew_code: server.crew_code.clone(),
                device_id: fieldcrew_domain::DeviceId::new(),
                member_name: "李师傅".into(),
                device_label: "旧手机".into(),
            },
            created_at: Utc::now() - Duration::days(100),
            expires_at: Utc::now() - Duration::days(10),
            revoked_at: None,
        })
        .unwrap();
    let response =
        Client::new().get(format!("{}/v1/changes", server.base_url)).bearer_auth(token).send().await.unwrap();
    assert_eq!(response.status(), 401);
}

#[tokio::test]
async fn a_token_over_its_rate_limit_gets_429() {
    let server = TestServer::start_with(|s| s.rate_limit_per_minute = 3).await;
    let device = pair(&server, &server.crew_code, &server.pin).await;
    let mut statuses = Vec::new();
    for _ in 0..5 {
        statuses.push(device.get("/v1/changes").await.status().as_u16());
    }
    assert_eq!(statuses, vec![200, 200, 200, 429, 429]);
}

#[tokio::test]
async fn evidence_into_another_crews_order_is_kept_flagged_but_does_not_change_it() {
    use fieldcrew_protocol::push::{Flag, Outcome};
    let server = TestServer::start().await;
    let theirs = server.create_order(&server.other_crew_code);
    let device = pair(&server, &server.crew_code, &server.pin).await;
    let arrived = device.event(theirs.id, fieldcrew_domain::event::EventKind::Arrived, None);
    let response = device.push(vec![item(1, &arrived)]).await;
    assert!(matches!(
        &response.results[0].outcome,
        Outcome::AcceptedWithFlags { flags } if flags.contains(&Flag::OrderReassigned)
    ));
    let stored = server.order(theirs.id).unwrap();
    assert_eq!(stored.events.len(), 1, "nothing from the field is thrown away");
    assert_eq!(stored.state.arrived_at, None, "another crew's event does not move the order");
    assert_eq!(stored.state.last_hash, None, "nor its hash chain");
}

#[tokio::test]
async fn pin_guessing_is_cut_off_after_ten_tries_a_minute() {
    let server = TestServer::start().await;
    let mut statuses = Vec::new();
    for _ in 0..12 {
        let body = serde_json::json!({
            "crew_code": server.crew_code, "pin": "0000", "member_name": "x",
            "device_id": fieldcrew_domain::DeviceId::new(), "device_label": "x"
        });
        let response =
            Client::new().post(format!("{}/v1/pair", server.base_url)).json(&body).send().await.unwrap();
        statuses.push(response.status().as_u16());
    }
    assert_eq!(statuses[..10], [401; 10]);
    assert_eq!(statuses[10..], [429, 429], "even the right PIN would now wait");
}
