//! Guessing a crew PIN or a dispatcher password is throttled per client and
//! account, with a ceiling per account; only failures count, so a stranger
//! can neither lock a crew out of pairing nor grow the server's memory.
//! (The per-account ceiling against guessing from many addresses is tested
//! in `src/throttle.rs`, on a fixed clock.)

mod common;

use common::*;
use fieldcrew_server::test_support::TestServer;
use fieldcrew_server::throttle::FAILURES_PER_CLIENT_ACCOUNT;
use reqwest::Client;
use std::net::{IpAddr, Ipv4Addr};

/// An HTTP client whose connections come from 127.0.0.`n` (all of
/// 127/8 is loopback), so the server sees a different client per `n`.
fn client_from(n: u8) -> Client {
    Client::builder().local_address(IpAddr::V4(Ipv4Addr::new(127, 0, 0, n))).build().unwrap()
}

async fn try_pair(server: &TestServer, http: &Client, crew: &str, pin: &str) -> u16 {
    let body = serde_json::json!({
        "crew_code": crew, "pin": pin, "member_name": "李师傅",
        "device_id": fieldcrew_domain::DeviceId::new(), "device_label": "测试手机"
    });
    http.post(format!("{}/v1/pair", server.base_url)).json(&body).send().await.unwrap().status().as_u16()
}

async fn try_login(server: &TestServer, http: &Client, username: &str, password: &str) -> u16 {
    let body = serde_json::json!({ "username": username, "password": password });
    let url = format!("{}/v1/dispatcher/login", server.base_url);
    http.post(url).json(&body).send().await.unwrap().status().as_u16()
}

#[tokio::test]
async fn a_strangers_wrong_pins_do_not_lock_the_crew_out_of_pairing_from_another_phone() {
    let server = TestServer::start().await;
    let stranger = client_from(2);
    let mut statuses = Vec::new();
    for _ in 0..12 {
        statuses.push(try_pair(&server, &stranger, &server.crew_code, "0000").await);
    }
    assert_eq!(statuses[..10], [401; 10]);
    assert_eq!(statuses[10..], [429, 429], "the stranger is cut off");
    let crew_phone = client_from(3);
    assert_eq!(try_pair(&server, &crew_phone, &server.crew_code, &server.pin).await, 200);
}

async fn try_pair_via_proxy(server: &TestServer, proxy: &Client, client: &str, pin: &str) -> u16 {
    let body = serde_json::json!({
        "crew_code": server.crew_code, "pin": pin, "member_name": "李师傅",
        "device_id": fieldcrew_domain::DeviceId::new(), "device_label": "测试手机"
    });
    let request = proxy.post(format!("{}/v1/pair", server.base_url)).header("x-forwarded-for", client);
    request.json(&body).send().await.unwrap().status().as_u16()
}

#[tokio::test]
async fn behind_a_reverse_proxy_a_strangers_wrong_pins_still_do_not_lock_the_crew_out() {
    let proxy_ip = IpAddr::V4(Ipv4Addr::new(127, 0, 0, 9));
    let server = TestServer::start_with(|s| s.trusted_proxies = vec![proxy_ip]).await;
    let proxy = client_from(9);
    let mut statuses = Vec::new();
    for _ in 0..12 {
        // The stranger also writes a made-up address of its own in front.
        statuses.push(try_pair_via_proxy(&server, &proxy, "198.51.100.7, 203.0.113.50", "0000").await);
    }
    assert_eq!(statuses[10..], [429, 429], "the stranger is cut off");
    assert_eq!(try_pair_via_proxy(&server, &proxy, "203.0.113.80", &server.pin).await, 200);

    // From an address that is not a configured proxy the header counts for nothing.
    let forger = client_from(10);
    for _ in 0..10 {
        try_pair_via_proxy(&server, &forger, "203.0.113.81", "0000").await;
    }
    assert_eq!(try_pair_via_proxy(&server, &forger, "203.0.113.82", "0000").await, 429);
}

#[tokio::test]
async fn right_pins_do_not_spend_the_budget() {
    let server = TestServer::start().await;
    let http = Client::new();
    for _ in 0..(FAILURES_PER_CLIENT_ACCOUNT + 5) {
        assert_eq!(try_pair(&server, &http, &server.crew_code, &server.pin).await, 200);
    }
    // A typo after all those pairings is still just a wrong PIN.
    assert_eq!(try_pair(&server, &http, &server.crew_code, "0000").await, 401);
}

#[tokio::test]
async fn a_crew_code_typed_in_lower_case_pairs_with_that_crew() {
    let server = TestServer::start().await;
    let body = serde_json::json!({
        "crew_code": format!(" {} ", server.crew_code.to_lowercase()), "pin": server.pin,
        "member_name": "李师傅", "device_id": fieldcrew_domain::DeviceId::new(), "device_label": "测试手机"
    });
    let response =
        Client::new().post(format!("{}/v1/pair", server.base_url)).json(&body).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let paired: serde_json::Value = response.json().await.unwrap();
    assert_eq!(paired["crew_code"], server.crew_code.as_str(), "the crew's own spelling");
}

#[tokio::test]
async fn case_variants_of_a_crew_code_share_one_budget() {
    let server = TestServer::start().await;
    let http = Client::new();
    let lower = server.crew_code.to_lowercase();
    for i in 0..FAILURES_PER_CLIENT_ACCOUNT {
        let code = if i % 2 == 0 { server.crew_code.as_str() } else { lower.as_str() };
        assert_eq!(try_pair(&server, &http, code, "0000").await, 401);
    }
    assert_eq!(try_pair(&server, &http, &lower, &server.pin).await, 429);
}

#[tokio::test]
async fn a_strangers_wrong_passwords_do_not_lock_the_dispatcher_out() {
    let server = TestServer::start().await;
    let (user, password) = server.dispatcher.clone();
    let stranger = client_from(2);
    for _ in 0..FAILURES_PER_CLIENT_ACCOUNT {
        assert_eq!(try_login(&server, &stranger, &user, "wrong").await, 401);
    }
    assert_eq!(try_login(&server, &stranger, &user, &password).await, 429);
    assert_eq!(try_login(&server, &client_from(3), &user, &password).await, 200);
}

#[tokio::test]
async fn an_absurdly_long_crew_code_username_or_pin_is_a_400_that_keys_nothing() {
    let server = TestServer::start().await;
    let http = Client::new();
    let huge = "x".repeat(1 << 20);
    for status in [
        try_pair(&server, &http, &huge, "1234").await,
        try_pair(&server, &http, &server.crew_code, &huge).await,
        try_login(&server, &http, &huge, "pw").await,
        try_login(&server, &http, &server.dispatcher.0, &huge).await,
    ] {
        assert_eq!(status, 400);
    }
    let body = serde_json::json!({
        "crew_code": "x".repeat(65), "pin": "1234", "member_name": "李师傅",
        "device_id": fieldcrew_domain::DeviceId::new(), "device_label": "测试手机"
    });
    let response = http.post(format!("{}/v1/pair", server.base_url)).json(&body).send().await.unwrap();
    assert_eq!(response.status(), 400);
    let error: serde_json::Value = response.json().await.unwrap();
    assert_eq!(error["error"], "bad_request");
    assert!(error["message"].as_str().unwrap().contains("crew_code"), "{error}");
    assert!(server.state.guesses.per_client_account.is_empty());
    assert!(server.state.guesses.per_account.is_empty());
}

#[tokio::test]
async fn guesses_at_made_up_crews_key_no_account_and_stay_bounded() {
    let server = TestServer::start().await;
    let http = Client::new();
    for i in 0..300 {
        assert_eq!(try_pair(&server, &http, &format!("NO-SUCH-{i}"), "0000").await, 401);
    }
    assert!(server.state.guesses.per_account.is_empty(), "only real accounts have a ceiling");
    let held = server.state.guesses.per_client_account.len();
    assert!(held <= 300, "one budget per made-up crew at most, not the codes themselves: {held}");
}

#[tokio::test]
async fn made_up_bearer_tokens_leave_no_budget_behind() {
    let server = TestServer::start().await;
    let http = Client::new();
    for i in 0..300 {
        let response = http
            .get(format!("{}/v1/changes", server.base_url))
            .bearer_auth(format!("made-up-{i}-{}", "y".repeat(200)))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 401);
    }
    assert_eq!(server.state.limiter.len(), 0);
    let device = pair(&server, &server.crew_code, &server.pin).await;
    assert_eq!(device.get("/v1/changes").await.status(), 200);
    assert_eq!(server.state.limiter.len(), 1, "a live token has its budget");
}

#[tokio::test]
async fn a_lower_case_bearer_scheme_is_accepted() {
    let server = TestServer::start().await;
    let device = pair(&server, &server.crew_code, &server.pin).await;
    let response = Client::new()
        .get(format!("{}/v1/changes", server.base_url))
        .header("authorization", format!("bearer {}", device.token))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
}
