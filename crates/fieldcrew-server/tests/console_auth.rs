//! Who may use the console: anonymous visitors are sent to sign in, crews
//! are refused, and no form acts without its CSRF token.

mod common;
mod console_client;

use console_client::{Console, csrf, location};
use fieldcrew_server::test_support::TestServer;
use reqwest::StatusCode;

#[tokio::test]
async fn anonymous_visitors_are_sent_to_sign_in_for_pages_and_actions() {
    let server = TestServer::start().await;
    let order = server.create_order(&server.crew_code);
    let anonymous = Console::new(&server);
    for path in ["/console/board", "/console/board/rows"] {
        let response = anonymous.get(path).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{path}");
        assert_eq!(location(&response), "/console/login");
    }
    let response = anonymous.post(&format!("/console/orders/{}/cancel", order.id), &[("csrf", "x")]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert!(server.order(order.id).unwrap().cancelled_at.is_none());
    let sign_in = anonymous.page("/console/login").await;
    assert!(sign_in.contains(r#"name="password""#) && sign_in.contains("登录"));
}

#[tokio::test]
async fn a_crew_token_is_refused_as_a_bearer_and_as_a_cookie() {
    let server = TestServer::start().await;
    let device = common::pair(&server, &server.crew_code, &server.pin).await;
    let url = format!("{}/console/board", server.base_url);
    let as_bearer = device.http.get(&url).bearer_auth(&device.token).send().await.unwrap();
    assert_eq!(as_bearer.status(), StatusCode::FORBIDDEN);
    let as_cookie =
        device.http.get(&url).header("cookie", format!("fc_session={}", device.token)).send().await.unwrap();
    assert_eq!(as_cookie.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_wrong_password_or_a_sign_in_without_its_form_token_is_refused() {
    let server = TestServer::start().await;
    let console = Console::new(&server);
    let page = console.page("/console/login").await;
    let wrong = console
        .post(
            "/console/login",
            &[("csrf", csrf(&page).as_str()), ("username", "dispatcher"), ("password", "nope")],
        )
        .await;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    let forged = console
        .post(
            "/console/login",
            &[("csrf", "forged"), ("username", "dispatcher"), ("password", "fieldcrew-demo")],
        )
        .await;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    // The form the refusal carried has a fresh token that works.
    let page = forged.text().await.unwrap();
    let (user, password) = &server.dispatcher;
    let ok = console
        .post("/console/login", &[("csrf", csrf(&page).as_str()), ("username", user), ("password", password)])
        .await;
    assert_eq!(ok.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn the_session_cookie_is_http_only_and_strict() {
    let server = TestServer::start().await;
    let console = Console::new(&server);
    let page = console.page("/console/login").await;
    let (user, password) = &server.dispatcher;
    let response = console
        .post("/console/login", &[("csrf", csrf(&page).as_str()), ("username", user), ("password", password)])
        .await;
    let session = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|h| h.to_str().unwrap().to_string())
        .find(|c| c.starts_with("fc_session="))
        .expect("a session cookie");
    for part in ["HttpOnly", "SameSite=Strict", "Path=/console"] {
        assert!(session.contains(part), "{session}");
    }
}

#[tokio::test]
async fn posts_without_the_session_csrf_token_are_refused_and_change_nothing() {
    let server = TestServer::start().await;
    let order = server.create_order(&server.crew_code);
    let console = Console::signed_in(&server).await;
    let assign = format!("/console/orders/{}/assign", order.id);
    let missing = console.post(&assign, &[("crew_code", &server.other_crew_code)]).await;
    assert_eq!(missing.status(), StatusCode::FORBIDDEN);
    let wrong = console
        .post(&assign, &[("csrf", "0".repeat(64).as_str()), ("crew_code", &server.other_crew_code)])
        .await;
    assert_eq!(wrong.status(), StatusCode::FORBIDDEN);
    let cancel = console.post(&format!("/console/orders/{}/cancel", order.id), &[]).await;
    assert_eq!(cancel.status(), StatusCode::FORBIDDEN);
    let logout = console.post("/console/logout", &[]).await;
    assert_eq!(logout.status(), StatusCode::FORBIDDEN);
    let stored = server.order(order.id).unwrap();
    assert_eq!(stored.order.assigned_crew.as_deref(), Some(server.crew_code.as_str()));
    assert!(stored.cancelled_at.is_none());
    // Still signed in: the refused sign-out did nothing.
    assert_eq!(console.get("/console/board").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn signing_out_ends_the_session_even_for_a_copied_cookie() {
    let server = TestServer::start().await;
    let console = Console::signed_in(&server).await;
    let board = console.page("/console/board").await;
    let token = console.session_token();
    let response = console.post("/console/logout", &[("csrf", csrf(&board).as_str())]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/console/login");
    assert_eq!(console.get("/console/board").await.status(), StatusCode::SEE_OTHER);
    // Someone who copied the cookie before sign-out is not let in either.
    let copied = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let response = copied
        .get(format!("{}/console/board", server.base_url))
        .header("cookie", format!("fc_session={token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn console_cookies_carry_secure_when_the_settings_turn_it_on() {
    let set_cookie = |response: &reqwest::Response| {
        response.headers().get("set-cookie").expect("a cookie").to_str().unwrap().to_string()
    };
    let plain = TestServer::start().await;
    let cookie = set_cookie(&Console::new(&plain).get("/console/login").await);
    assert!(cookie.starts_with("fc_login_csrf=") && !cookie.contains("Secure"), "{cookie}");

    let https = TestServer::start_with(|s| s.console.secure_cookie = true).await;
    let console = Console::new(&https);
    let cookie = set_cookie(&console.get("/console/login").await);
    assert!(cookie.ends_with("; Secure"), "{cookie}");
    let cookie = set_cookie(&console.get("/console/lang/en").await);
    assert!(cookie.starts_with("fc_lang=en") && cookie.ends_with("; Secure"), "{cookie}");
}

#[tokio::test]
async fn a_huge_username_is_a_400_and_a_strangers_failures_leave_the_console_sign_in_open() {
    let server = TestServer::start().await;
    let console = Console::new(&server);
    let page = console.page("/console/login").await;
    let huge = "x".repeat(1 << 20);
    let response = console
        .post("/console/login", &[("csrf", csrf(&page).as_str()), ("username", &huge), ("password", "x")])
        .await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert!(server.state.guesses.per_client_account.is_empty(), "nothing keyed by the huge name");
    // A stranger elsewhere spends its budget for the account (API and
    // console share it)…
    let stranger =
        reqwest::Client::builder().local_address(std::net::IpAddr::from([127, 0, 0, 2])).build().unwrap();
    let (user, password) = &server.dispatcher;
    let mut statuses = Vec::new();
    for _ in 0..11 {
        let body = serde_json::json!({ "username": user, "password": "guess" });
        let url = format!("{}/v1/dispatcher/login", server.base_url);
        statuses.push(stranger.post(url).json(&body).send().await.unwrap().status().as_u16());
    }
    assert_eq!(statuses.last(), Some(&429));
    // …and the dispatcher at their own desk signs in all the same.
    console.sign_in(user, password).await;
}
