//! Changing a crew's PIN from the crews page: after a phone is lost, the old
//! PIN pairs nothing more, the new one does, and paired phones keep working.

mod common;
mod console_client;

use console_client::{Console, location};
use fieldcrew_domain::DeviceId;
use fieldcrew_server::test_support::TestServer;
use reqwest::StatusCode;

const NEW_PIN: &str = "582039";

async fn pairs(server: &TestServer, pin: &str) -> Result<(), u16> {
    common::pair_as(server, &server.crew_code, pin, DeviceId::new(), None)
        .await
        .map(drop)
        .map_err(|(status, _)| status)
}

#[tokio::test]
async fn after_a_pin_change_the_old_pin_pairs_nothing_the_new_one_does_and_paired_phones_keep_working() {
    let server = TestServer::start().await;
    let paired = common::pair(&server, &server.crew_code, &server.pin).await;
    let console = Console::signed_in(&server).await;
    let page = console.page("/console/crews").await;
    assert!(page.contains(&format!(r#"data-testid="pin-form-{}""#, server.crew_code)));

    let path = format!("/console/crews/{}/pin", server.crew_code);
    let csrf = console.csrf().await;
    let response = console.post(&path, &[("csrf", &csrf), ("pin", NEW_PIN), ("pin_again", NEW_PIN)]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/console/crews");

    assert_eq!(pairs(&server, &server.pin).await, Err(401), "the old PIN is refused");
    assert_eq!(pairs(&server, NEW_PIN).await, Ok(()));
    assert_eq!(paired.get("/v1/changes").await.status(), StatusCode::OK, "a paired phone keeps working");
}

#[tokio::test]
async fn a_short_mistyped_or_unknown_crew_pin_change_is_refused_and_the_old_pin_still_works() {
    let server = TestServer::start().await;
    let console = Console::signed_in(&server).await;
    let csrf = console.csrf().await;
    let path = format!("/console/crews/{}/pin", server.crew_code);
    for (pin, again) in [("1234", "1234"), ("58203a", "58203a"), (NEW_PIN, "582038")] {
        let response = console.post(&path, &[("csrf", &csrf), ("pin", pin), ("pin_again", again)]).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{pin}/{again}");
    }
    let unknown = console
        .post("/console/crews/NO-SUCH/pin", &[("csrf", &csrf), ("pin", NEW_PIN), ("pin_again", NEW_PIN)])
        .await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    assert_eq!(pairs(&server, &server.pin).await, Ok(()));
}

#[tokio::test]
async fn anonymous_visitors_crews_and_csrf_less_posts_cannot_change_a_pin() {
    let server = TestServer::start().await;
    let phone = common::pair(&server, &server.crew_code, &server.pin).await;
    let path = format!("/console/crews/{}/pin", server.crew_code);
    let form = [("csrf", "x"), ("pin", NEW_PIN), ("pin_again", NEW_PIN)];

    let anonymous = Console::new(&server).post(&path, &form).await;
    assert_eq!(anonymous.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&anonymous), "/console/login");
    let as_crew = phone
        .http
        .post(format!("{}{path}", server.base_url))
        .header("cookie", format!("fc_session={}", phone.token))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(as_crew.status(), StatusCode::FORBIDDEN);
    let console = Console::signed_in(&server).await;
    assert_eq!(console.post(&path, &form[1..]).await.status(), StatusCode::FORBIDDEN, "no CSRF token");
    assert_eq!(pairs(&server, &server.pin).await, Ok(()), "the PIN is unchanged");
}
