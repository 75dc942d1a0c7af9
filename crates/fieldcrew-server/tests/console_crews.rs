//! The crews and devices page: every crew with its members and paired
//! phones, and a revoke button that cuts a phone off at its next sync.

mod common;
mod console_client;
#[path = "../../fieldcrew-sync/tests/common/mod.rs"]
mod sync_common;

use console_client::{Console, location};
use fieldcrew_domain::event::EventKind;
use fieldcrew_server::test_support::TestServer;
use fieldcrew_sync::{SyncConfig, SyncError};
use reqwest::StatusCode;

/// The HTML of the element carrying `data-testid="{id}"` up to the next test id.
fn element<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html.find(&format!(r#"data-testid="{id}""#)).unwrap_or_else(|| panic!("no {id} in the page"));
    &html[start..]
}

#[tokio::test]
async fn every_crew_shows_its_members_and_paired_phones_with_a_revoke_button_for_live_ones() {
    let server = TestServer::start().await;
    let phone = common::pair(&server, &server.crew_code, &server.pin).await;
    let pushed = phone.push(vec![]).await;
    assert!(pushed.results.is_empty());
    let console = Console::signed_in(&server).await;

    let page = console.page("/console/crews").await;
    let crew_one = element(&page, &format!("crew-{}", server.crew_code));
    assert!(crew_one.contains("抢修一班") && crew_one.contains("李师傅") && crew_one.contains("王师傅"));
    let device = element(crew_one, &format!("device-{}", phone.id));
    assert!(
        device.contains("测试手机") && device.contains(&phone.id.to_string()) && device.contains("使用中")
    );
    assert!(page.contains(&format!(r#"data-testid="revoke-{}""#, phone.id)));
    let crew_two = element(&page, &format!("crew-{}", server.other_crew_code));
    assert!(crew_two.contains("尚无已配对设备"), "crew two has no phone");
    assert!(page.contains(r#"href="/console/crews""#), "the nav links the page");
}

#[tokio::test]
async fn a_revoked_phone_is_told_to_pair_again_at_its_next_sync_and_shows_revoked() {
    let server = TestServer::start().await;
    let order = server.create_order(&server.crew_code);
    let (mut phone, client) = sync_common::paired_phone(&server, SyncConfig::default()).await;
    client.sync_once(&mut phone.store).await.expect("the paired phone pulls its order");
    phone.store.record(order.id, EventKind::Arrived, "李师傅", phone.evidence()).unwrap();
    client.sync_once(&mut phone.store).await.expect("the paired phone pushes");
    let device = phone.store.device_id();
    let other = common::pair(&server, &server.crew_code, &server.pin).await;
    let console = Console::signed_in(&server).await;

    let page = console.page("/console/crews").await;
    let row = element(&page, &format!("device-{device}"));
    assert!(!row.contains("从未上传"), "the sync's push time is shown: {row}");
    let response =
        console.post(&format!("/console/devices/{device}/revoke"), &[("csrf", &console.csrf().await)]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/console/crews");

    assert!(matches!(client.sync_once(&mut phone.store).await, Err(SyncError::NeedsPairing)));
    assert_eq!(other.get("/v1/changes").await.status(), StatusCode::OK, "other phones keep working");
    let page = console.page("/console/crews").await;
    assert!(element(&page, &format!("device-{device}")).contains("已停用"));
    assert!(!page.contains(&format!("revoke-{device}")), "nothing left to revoke");
    let again =
        console.post(&format!("/console/devices/{device}/revoke"), &[("csrf", &console.csrf().await)]).await;
    assert_eq!(again.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn anonymous_visitors_and_crews_cannot_see_the_page_or_revoke() {
    let server = TestServer::start().await;
    let phone = common::pair(&server, &server.crew_code, &server.pin).await;
    let revoke = format!("/console/devices/{}/revoke", phone.id);

    let anonymous = Console::new(&server);
    for response in [anonymous.get("/console/crews").await, anonymous.post(&revoke, &[("csrf", "x")]).await] {
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        assert_eq!(location(&response), "/console/login");
    }
    let url = |path: &str| format!("{}{path}", server.base_url);
    let as_bearer = phone.http.get(url("/console/crews")).bearer_auth(&phone.token).send().await.unwrap();
    assert_eq!(as_bearer.status(), StatusCode::FORBIDDEN);
    let as_cookie = phone
        .http
        .post(url(&revoke))
        .header("cookie", format!("fc_session={}", phone.token))
        .form(&[("csrf", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(as_cookie.status(), StatusCode::FORBIDDEN);
    assert_eq!(phone.get("/v1/changes").await.status(), StatusCode::OK, "still paired");
}

#[tokio::test]
async fn a_revoke_without_the_session_csrf_token_is_refused_and_the_phone_keeps_working() {
    let server = TestServer::start().await;
    let phone = common::pair(&server, &server.crew_code, &server.pin).await;
    let console = Console::signed_in(&server).await;
    let revoke = format!("/console/devices/{}/revoke", phone.id);
    assert_eq!(console.post(&revoke, &[]).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        console.post(&revoke, &[("csrf", "0".repeat(64).as_str())]).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(phone.get("/v1/changes").await.status(), StatusCode::OK);
}
