//! The report over a known month: phones push arrivals and restorations
//! through the real API, the dispatcher records call-backs in the console,
//! and the page and the CSV count them by area class, crew and target.

mod common;
mod console_client;
mod follow_up;

use console_client::Console;
use fieldcrew_domain::event::EventKind;
use fieldcrew_domain::order::{AreaClass, EquipmentKind};
use fieldcrew_server::test_support::TestServer;
use follow_up::{Phone, china, csv_rows, order, record_callback};
use reqwest::StatusCode;

/// March 2026, in China time. Four orders count:
/// - QX-A urban, crew 1: arrived in 30 min, restored in 2 h, called back (satisfied);
/// - QX-B urban, crew 1: arrived in 60 min (late), escalated, restored in 3 h,
///   call-back tried without reaching anyone;
/// - QX-C rural meter fault, crew 2: arrived in 80 min, restored in 5 h;
/// - QX-D remote, crew 2: never arrived, long past its deadlines.
///
/// Left out: QX-E (cancelled) and QX-F (reported on 1 April, 00:30).
async fn march(server: &TestServer, console: &Console) {
    let (crew1, crew2) = (server.crew_code.clone(), server.other_crew_code.clone());
    let a = order(server, "QX-A", AreaClass::Urban, EquipmentKind::Line, china(2026, 3, 2, 9, 0), &crew1);
    let b = order(server, "QX-B", AreaClass::Urban, EquipmentKind::Switch, china(2026, 3, 3, 9, 0), &crew1);
    let c = order(server, "QX-C", AreaClass::Rural, EquipmentKind::Meter, china(2026, 3, 4, 9, 0), &crew2);
    order(server, "QX-D", AreaClass::Remote, EquipmentKind::Line, china(2026, 3, 5, 9, 0), &crew2);
    let e = order(server, "QX-E", AreaClass::Urban, EquipmentKind::Line, china(2026, 3, 6, 9, 0), &crew1);
    let f = order(server, "QX-F", AreaClass::Urban, EquipmentKind::Line, china(2026, 4, 1, 0, 30), &crew1);
    server.cancel(e.id);

    let mut phone1 = Phone::of(server, &crew1, &server.pin).await;
    phone1.arrive_and_restore(&a, 30, Some(120)).await;
    let at = |m| b.reported_at + chrono::Duration::minutes(m);
    phone1
        .push(
            &b,
            &[
                (EventKind::Arrived, at(60)),
                (EventKind::Escalated { reason: "开关损坏，需要更换".into() }, at(70)),
                (EventKind::Restored, at(180)),
            ],
        )
        .await;
    phone1.arrive_and_restore(&f, 20, Some(40)).await;
    Phone::of(server, &crew2, &server.other_pin).await.arrive_and_restore(&c, 80, Some(300)).await;

    record_callback(console, &a, &[("reached", "yes"), ("satisfaction", "satisfied"), ("back", "list")])
        .await;
    record_callback(console, &b, &[("reached", "no"), ("back", "list")]).await;
}

/// The text of the element with this test id (its first text node).
fn testid_text(html: &str, testid: &str) -> String {
    let marker = format!(r#"data-testid="{testid}""#);
    let start = html.find(&marker).unwrap_or_else(|| panic!("no {testid}")) + marker.len();
    let rest = &html[start..];
    let text = &rest[rest.find('>').unwrap() + 1..];
    text[..text.find('<').unwrap()].trim().to_string()
}

/// A tally row's on time, late, pending and rate cells.
fn tally_row(html: &str, testid: &str) -> [String; 4] {
    let marker = format!(r#"data-testid="{testid}""#);
    let row = &html[html.find(&marker).unwrap_or_else(|| panic!("no {testid}"))..];
    let row = &row[..row.find("</tr>").unwrap()];
    ["on-time", "late", "pending", "rate"].map(|class| {
        let cell = &row[row.find(&format!(r#"class="{class}""#)).unwrap()..];
        cell[cell.find('>').unwrap() + 1..cell.find("</td>").unwrap()].to_string()
    })
}

fn row(cells: [&str; 4]) -> [String; 4] {
    cells.map(str::to_string)
}

#[tokio::test]
async fn the_months_report_counts_arrival_by_area_and_crew_restoration_meter_faults_and_call_backs() {
    let server = TestServer::start().await;
    let console = Console::signed_in(&server).await;
    march(&server, &console).await;

    let page = console.page("/console/reports?month=2026-03").await;
    assert_eq!(testid_text(&page, "report-range"), "2026-03-01 至 2026-03-31");
    assert_eq!(testid_text(&page, "report-order-count"), "4");
    assert_eq!(testid_text(&page, "report-cancelled"), "1");
    assert_eq!(testid_text(&page, "report-escalations"), "1");
    assert_eq!(tally_row(&page, "report-arrival-total"), row(["2", "2", "0", "50.0%"]));
    assert_eq!(tally_row(&page, "report-arrival-area-urban"), row(["1", "1", "0", "50.0%"]));
    assert_eq!(tally_row(&page, "report-arrival-area-rural"), row(["1", "0", "0", "100.0%"]));
    assert_eq!(tally_row(&page, "report-arrival-area-remote"), row(["0", "1", "0", "0.0%"]));
    assert_eq!(tally_row(&page, "report-arrival-area-appointment"), row(["0", "0", "0", "—"]));
    assert_eq!(tally_row(&page, "report-arrival-crew-CREW-1"), row(["1", "1", "0", "50.0%"]));
    assert_eq!(tally_row(&page, "report-arrival-crew-CREW-2"), row(["1", "1", "0", "50.0%"]));
    assert_eq!(tally_row(&page, "report-restoration"), row(["3", "1", "0", "75.0%"]));
    assert_eq!(tally_row(&page, "report-meter-faults"), row(["1", "0", "0", "100.0%"]));
    assert_eq!(testid_text(&page, "report-callback-rate"), "33.3%");
    assert_eq!(testid_text(&page, "report-callback-count"), "1");
    assert_eq!(testid_text(&page, "report-repaired-count"), "3");
    assert_eq!(testid_text(&page, "report-callback-pending"), "0", "repaired weeks ago");
    assert!(page.contains("未达标"), "33 % is under the 90 % target");
    assert!(page.contains(r#"href="/console/reports.csv?from=2026-03-01&amp;to=2026-03-31""#));
    for number in ["QX-A", "QX-B", "QX-C", "QX-D"] {
        assert!(page.contains(&format!(r#"data-testid="report-order-{number}""#)), "{number}");
    }
    for number in ["QX-E", "QX-F"] {
        assert!(!page.contains(&format!(r#"data-testid="report-order-{number}""#)), "{number}");
    }

    // A range of two days holds only QX-A and QX-B.
    let page = console.page("/console/reports?from=2026-03-02&to=2026-03-03").await;
    assert_eq!(testid_text(&page, "report-order-count"), "2");
    assert_eq!(testid_text(&page, "report-callback-rate"), "50.0%");
}

#[tokio::test]
async fn the_csv_starts_with_a_bom_is_an_attachment_and_parses_to_the_same_counts() {
    let server = TestServer::start().await;
    let console = Console::signed_in(&server).await;
    march(&server, &console).await;

    let response = console.get("/console/reports.csv?from=2026-03-01&to=2026-03-31").await;
    assert_eq!(response.status(), StatusCode::OK);
    let header = |name: &str| response.headers()[name].to_str().unwrap().to_string();
    assert_eq!(header("content-type"), "text/csv; charset=utf-8");
    assert_eq!(header("content-disposition"), r#"attachment; filename="fieldcrew-report-2026-03.csv""#);
    let bytes = response.bytes().await.unwrap();
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF");

    let records = csv_rows(&bytes);
    let find = |first: &str, second: &str| {
        records
            .iter()
            .find(|r| r.get(0) == Some(first) && (second.is_empty() || r.get(1) == Some(second)))
            .unwrap_or_else(|| panic!("no row {first} {second}"))
            .iter()
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    assert_eq!(find("统计工单数", "")[1], "4");
    assert_eq!(find("已取消（不计）", "")[1], "1");
    assert_eq!(find("升级上报工单数", "")[1], "1");
    assert_eq!(find("到达现场及时率", "合计")[2..], ["2", "2", "0", "50.0%"]);
    assert_eq!(find("到达现场及时率", "城区（45分钟）")[2..], ["1", "1", "0", "50.0%"]);
    assert_eq!(find("到达现场及时率", "按班组 CREW-2")[2..], ["1", "1", "0", "50.0%"]);
    assert_eq!(find("修复（恢复送电）及时率", "合计")[2..], ["3", "1", "0", "75.0%"]);
    assert_eq!(find("电能表故障2个工作日内处理", "合计")[2..], ["1", "0", "0", "100.0%"]);
    assert_eq!(find("回访率", "")[2..], ["1", "2", "0", "33.3%"]);

    let header_at = records.iter().position(|r| r.get(0) == Some("工单号")).expect("the order rows' header");
    let orders: Vec<_> = records[header_at + 1..].iter().collect();
    assert_eq!(orders.len(), 4);
    let a = orders.iter().find(|r| r.get(0) == Some("QX-A")).unwrap();
    assert_eq!(a.get(3), Some(server.crew_code.as_str()));
    assert_eq!(a.get(4), Some("2026-03-02 09:00:00"), "reported, China time");
    assert_eq!(a.get(6), Some("2026-03-02 09:30:00"), "arrived, China time");
    assert_eq!(a.get(7), Some("2026-03-02 11:00:00"), "restored, China time");
    assert_eq!((a.get(8), a.get(9)), (Some("按时"), Some("按时")));
    assert_eq!(a.get(10), Some(""), "nothing late, no late reason");
    assert_eq!(a.get(12), Some("已回访 · 满意"));
    let b = orders.iter().find(|r| r.get(0) == Some("QX-B")).unwrap();
    assert_eq!((b.get(8), b.get(11), b.get(12)), (Some("超时"), Some("是"), Some("未回访")));
    assert_eq!(b.get(10), Some("到达：未说明"), "late without a reason says so");
    let d = orders.iter().find(|r| r.get(0) == Some("QX-D")).unwrap();
    assert_eq!((d.get(6), d.get(8), d.get(12)), (Some(""), Some("超时"), Some("无需回访")));
}

#[tokio::test]
async fn the_report_opens_on_the_current_month_and_refuses_bad_dates() {
    let server = TestServer::start().await;
    let console = Console::signed_in(&server).await;
    let page = console.page("/console/reports").await;
    let this_month = fieldcrew_domain::sla::to_local(chrono::Utc::now()).format("%Y-%m").to_string();
    assert!(testid_text(&page, "report-range").starts_with(&format!("{this_month}-01")));
    assert!(page.contains(&format!(r#"value="{this_month}""#)), "the month picker shows it");
    assert_eq!(testid_text(&page, "report-order-count"), "0");
    assert_eq!(testid_text(&page, "report-callback-rate"), "—");

    for query in
        ["month=2026-13", "from=2026-03-05&to=2026-03-01", "from=2026-03-01", "from=yesterday&to=today"]
    {
        let response = console.get(&format!("/console/reports?{query}")).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{query}");
        let response = console.get(&format!("/console/reports.csv?{query}")).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{query}");
    }
    let csv = console.get("/console/reports.csv").await;
    let disposition = csv.headers()["content-disposition"].to_str().unwrap().to_string();
    assert!(disposition.contains(&format!("fieldcrew-report-{this_month}.csv")), "{disposition}");
}

#[tokio::test]
async fn dates_at_the_calendars_edge_are_refused_with_a_400_naming_the_years() {
    let server = TestServer::start().await;
    let console = Console::signed_in(&server).await;
    for query in ["from=+262142-12-31&to=+262142-12-31", "from=1999-12-31&to=2000-01-01", "month=262142-12"] {
        let page = console.get(&format!("/console/reports?{query}")).await;
        assert_eq!(page.status(), StatusCode::BAD_REQUEST, "{query}");
        assert!(page.text().await.unwrap().contains("2000年至2100年"), "{query}");
        let csv = console.get(&format!("/console/reports.csv?{query}")).await;
        assert_eq!(csv.status(), StatusCode::BAD_REQUEST, "{query}");
    }
    assert_eq!(console.get("/console/board").await.status(), StatusCode::OK, "the server is still up");
}

/// The call-back cell of an order's row on the report page.
fn callback_cell(html: &str, number: &str) -> String {
    let marker = format!(r#"data-testid="report-order-{number}""#);
    let row = &html[html.find(&marker).unwrap_or_else(|| panic!("no {number}"))..];
    let row = &row[..row.find("</tr>").unwrap()];
    let cell = &row[row.find(r#"class="callback""#).unwrap()..];
    cell[cell.find('>').unwrap() + 1..cell.find("</td>").unwrap()].to_string()
}

#[tokio::test]
async fn an_order_restored_an_hour_ago_is_pending_on_the_page_and_in_the_csv_until_called_back() {
    let server = TestServer::start().await;
    let console = Console::signed_in(&server).await;
    let now = chrono::Utc::now();
    let fresh = order(
        &server,
        "QX-NEW",
        AreaClass::Urban,
        EquipmentKind::Line,
        now - chrono::Duration::hours(3),
        &server.crew_code,
    );
    Phone::of(&server, &server.crew_code, &server.pin).await.arrive_and_restore(&fresh, 30, Some(120)).await;
    // Yesterday and today in China: the order may have been reported before midnight.
    let day = |at: chrono::DateTime<chrono::Utc>| {
        fieldcrew_domain::sla::to_local(at).format("%Y-%m-%d").to_string()
    };
    let range = format!("from={}&to={}", day(now - chrono::Duration::days(1)), day(now));

    let page = console.page(&format!("/console/reports?{range}")).await;
    assert_eq!(testid_text(&page, "report-callback-pending"), "1");
    assert_eq!(testid_text(&page, "report-callback-count"), "0");
    assert_eq!(testid_text(&page, "report-repaired-count"), "0");
    assert_eq!(testid_text(&page, "report-callback-rate"), "—", "nothing is counted yet");
    assert!(page.contains("修复未满24小时，暂不计入回访率"), "the page says why");
    assert!(page.contains("达标"), "nothing owed yet is not a missed target");
    assert!(!page.contains("未达标"));
    assert_eq!(callback_cell(&page, "QX-NEW"), "待回访");

    let csv = console.get(&format!("/console/reports.csv?{range}")).await.bytes().await.unwrap();
    let records = csv_rows(&csv);
    let summary =
        records.iter().find(|r| r.get(0) == Some("回访率") && r.get(1) == Some("目标 90%")).unwrap();
    assert_eq!(summary.iter().skip(2).collect::<Vec<_>>(), ["0", "0", "1", "—"]);
    let row = records.iter().find(|r| r.get(0) == Some("QX-NEW")).expect("the order's row");
    assert_eq!(row.get(12), Some("待回访"));

    console.get("/console/lang/en").await;
    let page = console.page(&format!("/console/reports?{range}")).await;
    assert_eq!(testid_text(&page, "report-callback-pending"), "1");
    assert!(page.contains("not counted in the rate yet"));
    assert_eq!(callback_cell(&page, "QX-NEW"), "Pending");

    record_callback(&console, &fresh, &[("reached", "yes"), ("satisfaction", "satisfied"), ("back", "list")])
        .await;
    let page = console.page(&format!("/console/reports?{range}")).await;
    assert_eq!(testid_text(&page, "report-callback-pending"), "0");
    assert_eq!(testid_text(&page, "report-callback-count"), "1");
    assert_eq!(testid_text(&page, "report-repaired-count"), "1");
    assert_eq!(testid_text(&page, "report-callback-rate"), "100.0%");
}
