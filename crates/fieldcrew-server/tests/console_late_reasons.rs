//! The reason a crew gives for a missed deadline reaches the record: a
//! phone pushes it like any step, the order page shows it in the timeline,
//! and the report's order rows and CSV carry it under 超时原因.

mod common;
mod console_client;
mod follow_up;

use chrono::Duration;
use console_client::Console;
use fieldcrew_domain::event::{EventKind, LateStep};
use fieldcrew_domain::order::{AreaClass, EquipmentKind};
use fieldcrew_server::test_support::TestServer;
use follow_up::{Phone, china, csv_rows, order};

#[tokio::test]
async fn a_pushed_delay_reason_shows_on_the_order_page_and_in_the_report_and_csv_rows() {
    let server = TestServer::start().await;
    let crew = server.crew_code.clone();
    // Urban: 45 minutes to arrive; the crew took 70 and said why.
    let late = order(&server, "QX-L", AreaClass::Urban, EquipmentKind::Line, china(2026, 3, 2, 9, 0), &crew);
    let at = |m| late.reported_at + Duration::minutes(m);
    let mut phone = Phone::of(&server, &crew, &server.pin).await;
    phone
        .push(
            &late,
            &[
                (EventKind::Arrived, at(70)),
                (EventKind::DelayExplained { step: LateStep::Arrived, reason: "路途远".into() }, at(71)),
                (EventKind::DelayExplained { step: LateStep::Arrived, reason: "交通受阻".into() }, at(72)),
                (EventKind::Restored, at(120)),
            ],
        )
        .await;
    assert_eq!(
        server.db().order(late.id).unwrap().unwrap().state.late_reason(LateStep::Arrived),
        Some("交通受阻"),
        "the latest reason counts"
    );

    let console = Console::signed_in(&server).await;
    let page = console.page(&format!("/console/orders/{}", late.id)).await;
    assert!(page.contains("超时原因"), "the timeline labels the event");
    assert!(page.contains("到达现场：交通受阻"), "with its step and reason: {page}");

    let report = console.page("/console/reports?month=2026-03").await;
    let row = &report[report.find(r#"data-testid="report-order-QX-L""#).unwrap()..];
    assert!(row[..row.find("</tr>").unwrap()].contains("到达：交通受阻"));

    let bytes = console.get("/console/reports.csv?month=2026-03").await.bytes().await.unwrap();
    let rows = csv_rows(&bytes);
    let header = rows.iter().find(|r| r.get(0) == Some("工单号")).expect("the order rows' header");
    let column = header.iter().position(|c| c == "超时原因").expect("a 超时原因 column");
    let line = rows.iter().find(|r| r.get(0) == Some("QX-L")).expect("the order's row");
    assert_eq!(line.get(column), Some("到达：交通受阻"), "restoration was on time, so only arrival");
}

#[tokio::test]
async fn a_restoration_withdrawn_as_a_mistake_is_not_counted_and_the_report_and_csv_say_why() {
    use fieldcrew_domain::event::CorrectableStep;
    let server = TestServer::start().await;
    let crew = server.crew_code.clone();
    let order = order(&server, "QX-C", AreaClass::Urban, EquipmentKind::Line, china(2026, 3, 3, 9, 0), &crew);
    let at = |m| order.reported_at + Duration::minutes(m);
    let mut phone = Phone::of(&server, &crew, &server.pin).await;
    let withdrawn = EventKind::StepCorrected {
        step: CorrectableStep::Restored,
        reason: "误触，客户仍无电".into(),
    };
    phone
        .push(&order, &[(EventKind::Arrived, at(30)), (EventKind::Restored, at(31)), (withdrawn, at(32))])
        .await;
    let state = server.db().order(order.id).unwrap().unwrap().state;
    assert_eq!(state.restored_at, None, "the withdrawn restoration no longer counts");

    let console = Console::signed_in(&server).await;
    let page = console.page(&format!("/console/orders/{}", order.id)).await;
    assert!(
        page.contains("撤销 已送电：误触，客户仍无电"),
        "the timeline says what was withdrawn and why: {page}"
    );

    let report = console.page("/console/reports?month=2026-03").await;
    let row = &report[report.find(r#"data-testid="report-order-QX-C""#).unwrap()..];
    let row = &row[..row.find("</tr>").unwrap()];
    assert!(row.contains("撤销 已送电：误触，客户仍无电"), "{row}");

    let bytes = console.get("/console/reports.csv?month=2026-03").await.bytes().await.unwrap();
    let rows = csv_rows(&bytes);
    let header = rows.iter().find(|r| r.get(0) == Some("工单号")).expect("the order rows' header");
    let column = header.iter().position(|c| c == "更正记录").expect("a 更正记录 column");
    let restored = header.iter().position(|c| c == "恢复送电时间").expect("a restoration column");
    let line = rows.iter().find(|r| r.get(0) == Some("QX-C")).expect("the order's row");
    assert_eq!(line.get(column), Some("撤销 已送电：误触，客户仍无电"));
    assert_eq!(line.get(restored), Some(""), "no restoration time once withdrawn");
}
