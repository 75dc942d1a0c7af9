//! A console sign-out is stored, not remembered in memory: after the server
//! process is killed and started again on the same data dir, a cookie
//! copied before sign-out still does not get in.

mod console_client;
mod support;

use console_client::{Console, csrf, location};
use reqwest::StatusCode;
use std::time::Duration;
use support::server_process::{ServerProcess, free_address, seed_demo};

#[tokio::test]
async fn a_signed_out_cookie_stays_refused_after_a_server_restart() {
    let data = tempfile::tempdir().unwrap();
    let listen = free_address();
    seed_demo(data.path());
    let server = ServerProcess::start(data.path(), &listen).await;

    let signed_out = Console::at(&server.base_url);
    signed_out.sign_in("dispatcher", "fieldcrew-demo").await;
    let still_signed_in = Console::at(&server.base_url);
    still_signed_in.sign_in("dispatcher", "fieldcrew-demo").await;
    let copied = signed_out.session_token();
    let board = signed_out.page("/console/board").await;
    let response = signed_out.post("/console/logout", &[("csrf", csrf(&board).as_str())]).await;
    assert_eq!(location(&response), "/console/login");

    server.kill_after(Duration::ZERO).await.unwrap();
    let server = server.restart().await;

    let with_copied_cookie =
        reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let response = with_copied_cookie
        .get(format!("{}/console/board", server.base_url))
        .header("cookie", format!("fc_session={copied}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/console/login");
    assert_eq!(
        still_signed_in.get("/console/board").await.status(),
        StatusCode::OK,
        "only that session ended"
    );
}
