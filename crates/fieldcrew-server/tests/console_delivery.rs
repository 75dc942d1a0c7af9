//! The board and the order page tell the dispatcher whether the crew's
//! phone has the order: 未送达 a minute after assignment, then 已送达 and
//! 已查看 with their times.

mod console_client;

use chrono::{Duration, Utc};
use console_client::Console;
use fieldcrew_domain::DeviceId;
use fieldcrew_protocol::receipts::ReceiptStage;
use fieldcrew_server::test_support::TestServer;

fn row<'a>(rows: &'a str, number: &str) -> &'a str {
    rows.split("<tr").find(|r| r.contains(number)).expect("the order's row")
}

#[tokio::test]
async fn an_order_on_no_phone_a_minute_after_assignment_is_flagged_until_delivered() {
    let server = TestServer::start().await;
    let mut order = server.create_order(&server.crew_code);
    order.id = fieldcrew_domain::OrderId::new();
    order.number = "SLOW-1".into();
    order.notified_at = Some(Utc::now() - Duration::minutes(2));
    assert!(server.db().create_order(&order).unwrap());
    let fresh = server.create_order(&server.crew_code);
    let console = Console::signed_in(&server).await;

    let rows = console.page("/console/board/rows").await;
    let slow = row(&rows, "SLOW-1");
    assert!(slow.contains("undelivered") && slow.contains("未送达"), "{slow}");
    let board = console.page("/console/board").await;
    let strip = board.split(r#"id="needs-action""#).nth(1).expect("the needs-action strip");
    let entry = strip.split("<tr").find(|r| r.contains("SLOW-1")).expect("an entry for the order");
    assert!(entry.contains(r#"data-kind="undelivered""#) && entry.contains("未送达"), "{entry}");
    let just_assigned = row(&rows, &fresh.number);
    assert!(!just_assigned.contains("未送达"), "within its first minute: {just_assigned}");

    let device = DeviceId::new();
    let delivered = Utc::now() - Duration::seconds(20);
    let receipts =
        [(order.id, ReceiptStage::Delivered, delivered), (order.id, ReceiptStage::Seen, Utc::now())];
    assert_eq!(server.db().store_receipts(device, &server.crew_code, &receipts).unwrap(), 2);
    let rows = console.page("/console/board/rows").await;
    let slow = row(&rows, "SLOW-1");
    assert!(!slow.contains("未送达"), "{slow}");
    assert!(slow.contains("已送达 ") && slow.contains("已查看 ") && slow.contains("已接单 未"), "{slow}");
    let board = console.page("/console/board").await;
    assert!(!board.contains(r#"data-kind="undelivered""#), "delivered: off the strip");

    let page = console.page(&format!("/console/orders/{}", order.id)).await;
    assert!(page.contains("已送达 ") && page.contains("已查看 "), "the order page shows them too");
}
