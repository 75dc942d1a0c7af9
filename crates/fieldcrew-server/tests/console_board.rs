//! The board: open orders with running clocks, filters, and one form per
//! action.

mod console_client;

use console_client::{Console, location};
use fieldcrew_server::test_support::TestServer;
use reqwest::StatusCode;

#[tokio::test]
async fn the_board_lists_open_orders_with_countdowns_and_filters_by_crew_and_status() {
    let server = TestServer::start().await;
    let mine = server.create_order(&server.crew_code);
    let theirs = server.create_order(&server.other_crew_code);
    let gone = server.create_order(&server.crew_code);
    server.cancel(gone.id);
    let console = Console::signed_in(&server).await;

    let board = console.page("/console/board").await;
    assert!(board.contains(&mine.number) && board.contains(&theirs.number));
    assert!(!board.contains(&gone.number), "cancelled orders leave the board");
    // Rural arrival: 90 minutes from now, counting down in the browser.
    assert!(board.contains("data-due="), "a running countdown");
    assert!(board.contains("clock on-time"));
    assert!(board.contains(r#"id="board-rows""#) && board.contains("/console/assets/console.js"));

    let crew_two = console.page(&format!("/console/board?crew={}&status=", server.other_crew_code)).await;
    assert!(crew_two.contains(&theirs.number) && !crew_two.contains(&mine.number));
    let restored_only = console.page("/console/board?crew=&status=restored").await;
    assert!(!restored_only.contains(&mine.number) && !restored_only.contains(&theirs.number));

    // The refresh fragment is rows only, with the same filter.
    let rows = console.page(&format!("/console/board/rows?crew={}", server.crew_code)).await;
    assert!(rows.contains(&mine.number) && !rows.contains(&theirs.number) && !rows.contains("<html"));
}

#[tokio::test]
async fn an_overdue_arrival_shows_breached() {
    let server = TestServer::start().await;
    let mut late = server.create_order(&server.crew_code);
    late.id = fieldcrew_domain::OrderId::new();
    late.number = "LATE-1".into();
    late.reported_at = chrono::Utc::now() - chrono::Duration::hours(2);
    late.notified_at = Some(late.reported_at + chrono::Duration::minutes(1));
    assert!(server.db().create_order(&late).unwrap());
    let console = Console::signed_in(&server).await;
    let rows = console.page("/console/board/rows").await;
    let row = rows.split("<tr").find(|r| r.contains("LATE-1")).expect("the late order's row");
    assert!(row.contains("clock breached"), "{row}");
    assert!(row.contains("data-due=") && row.contains(">-"), "a negative countdown: {row}");
}

#[tokio::test]
async fn assign_reassign_and_cancel_are_one_form_each() {
    let server = TestServer::start().await;
    let order = server.create_order(&server.crew_code);
    let console = Console::signed_in(&server).await;
    let csrf = console.csrf().await;

    let response = console
        .post(
            &format!("/console/orders/{}/assign", order.id),
            &[("csrf", &csrf), ("crew_code", &server.other_crew_code)],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/console/board");
    assert_eq!(
        server.order(order.id).unwrap().order.assigned_crew.as_deref(),
        Some(server.other_crew_code.as_str())
    );

    let unknown = console
        .post(&format!("/console/orders/{}/assign", order.id), &[("csrf", &csrf), ("crew_code", "CREW-404")])
        .await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);

    let response = console.post(&format!("/console/orders/{}/cancel", order.id), &[("csrf", &csrf)]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert!(server.order(order.id).unwrap().cancelled_at.is_some());
    assert!(!console.page("/console/board").await.contains(&order.number));
}

#[tokio::test]
async fn the_console_speaks_chinese_first_and_english_on_request() {
    let server = TestServer::start().await;
    let console = Console::signed_in(&server).await;
    let zh = console.page("/console/board").await;
    assert!(zh.contains(r#"lang="zh-CN""#) && zh.contains("在办工单"));
    let switch = console.get("/console/lang/en").await;
    assert_eq!(switch.status(), StatusCode::SEE_OTHER);
    let en = console.page("/console/board").await;
    assert!(en.contains(r#"lang="en""#) && en.contains("Open orders"));
}
