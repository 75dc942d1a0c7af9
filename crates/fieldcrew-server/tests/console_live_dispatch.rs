//! The dispatcher's live loop on a real server with its SQLite file: the
//! needs-action strip, escalations on the board, the order's record (who
//! took the call, assignments, the 3-minute verdict), repeat calls attached
//! to the open order, search, and the call-back form kept on a mistake.

mod common;
mod console_client;
mod follow_up;

use chrono::{Duration, Utc};
use console_client::{Console, location};
use fieldcrew_domain::OrderId;
use fieldcrew_domain::event::EventKind;
use fieldcrew_domain::order::{AreaClass, EquipmentKind};
use fieldcrew_server::db::OrderFilter;
use fieldcrew_server::test_support::TestServer;
use follow_up::{Phone, china, csv_rows, order};
use reqwest::StatusCode;

fn intake<'a>(
    csrf: &'a str,
    name: &'a str,
    phone: &'a str,
    fault: &'a str,
    crew: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("csrf", csrf),
        ("reporter_name", name),
        ("reporter_phone", phone),
        ("village_or_street", "东湖村二组"),
        ("house_number", "17号"),
        ("fault_description", fault),
        ("equipment", "line"),
        ("area", "rural"),
        ("appointment_at", ""),
        ("lat", ""),
        ("lon", ""),
        ("safety_reminder", "1"),
        ("crew_code", crew),
    ]
}

fn order_id_from(location: &str) -> OrderId {
    location
        .strip_prefix("/console/orders/")
        .expect("the order page")
        .split('#')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

/// The part of `html` from `marker` to the end of its table row.
fn row_of<'a>(html: &'a str, marker: &str) -> &'a str {
    let start = html.find(marker).unwrap_or_else(|| panic!("{marker} in {html}"));
    let rest = &html[start..];
    &rest[..rest.find("</tr>").unwrap()]
}

#[tokio::test]
async fn an_unassigned_call_and_an_escalation_appear_in_the_needs_action_strip_and_on_the_board() {
    let server = TestServer::start().await;
    let console = Console::signed_in(&server).await;
    let csrf = console.csrf().await;
    let created =
        console.post("/console/intake", &intake(&csrf, "陈女士", "13911112222", "整户停电", "")).await;
    assert_eq!(created.status(), StatusCode::SEE_OTHER);
    let unassigned = order_id_from(&location(&created));

    let escalated = order(
        &server,
        "QX-E",
        AreaClass::Rural,
        EquipmentKind::Line,
        Utc::now() - Duration::minutes(20),
        &server.crew_code,
    );
    let mut phone = Phone::of(&server, &server.crew_code, &server.pin).await;
    let now = Utc::now();
    phone
        .push(
            &escalated,
            &[
                (EventKind::Arrived, now),
                (EventKind::Escalated { reason: "变压器烧毁，需抢修队".into() }, now),
            ],
        )
        .await;

    let live = console.page("/console/board/live").await;
    let strip = &live[..live.find("board-rows").unwrap()];
    let entry = row_of(strip, &format!(r#"data-need="unassigned:{unassigned}""#));
    assert!(entry.contains("未派工") && entry.contains("data-due="), "the 3-minute clock runs: {entry}");
    let entry = row_of(strip, &format!(r#"data-need="escalated:{}""#, escalated.id));
    assert!(entry.contains("变压器烧毁，需抢修队"), "with the crew's text: {entry}");

    // The board row says so too, not only the order page.
    let row = row_of(&live, &format!(r#"data-order="{}""#, escalated.id));
    assert!(row.contains("row-escalation") && row.contains("变压器烧毁，需抢修队"), "{row}");
    assert!(row.contains("data-version="), "rows carry a version for the in-place patch");
}

#[tokio::test]
async fn every_assignment_is_recorded_with_its_dispatcher_and_the_3_minute_verdict_reaches_the_report() {
    let server = TestServer::start().await;
    let console = Console::signed_in(&server).await;
    let csrf = console.csrf().await;
    let created = console
        .post("/console/intake", &intake(&csrf, "陈女士", "13911113333", "整户停电", &server.crew_code))
        .await;
    let id = order_id_from(&location(&created));
    let moved = console
        .post(
            &format!("/console/orders/{id}/assign"),
            &[("csrf", &csrf), ("crew_code", &server.other_crew_code)],
        )
        .await;
    assert_eq!(moved.status(), StatusCode::SEE_OTHER);

    let stored = server.order(id).unwrap();
    let user = server.dispatcher.0.clone();
    assert_eq!(stored.record.taken_by.as_deref(), Some(user.as_str()));
    let history: Vec<(&str, Option<&str>)> =
        stored.record.assignments.iter().map(|a| (a.crew_code.as_str(), a.by.as_deref())).collect();
    assert_eq!(
        history,
        [
            (server.crew_code.as_str(), Some(user.as_str())),
            (server.other_crew_code.as_str(), Some(user.as_str()))
        ]
    );

    let page = console.page(&format!("/console/orders/{id}")).await;
    assert!(row_of(&page, r#"data-testid="taken-by""#).contains(&user));
    assert!(page.contains(r#"data-testid="notify-verdict"><span class="valid">按时"#), "notified at once");
    let history = &page[page.find(r#"data-testid="assignment-history""#).unwrap()..];
    assert!(history.contains("派给 ") && history.contains(&format!("改派给 {}", server.other_crew_code)));

    // An order notified 7 min 53 s after the call: late in the report and the CSV.
    let reported = china(2026, 4, 6, 9, 0);
    let mut late = order(&server, "QX-N", AreaClass::Urban, EquipmentKind::Line, reported, &server.crew_code);
    late.id = OrderId::new();
    late.number = "QX-N2".into();
    late.notified_at = Some(reported + Duration::seconds(7 * 60 + 53));
    assert!(server.db().create_order(&late).unwrap());
    let report = console.page("/console/reports?month=2026-04").await;
    let notify = row_of(&report, r#"data-testid="report-notify""#);
    assert!(notify.contains(r#"<td class="on-time">1</td><td class="late">1</td>"#), "{notify}");
    assert!(notify.contains("50.0%"), "{notify}");

    let bytes = console.get("/console/reports.csv?month=2026-04").await.bytes().await.unwrap();
    let rows = csv_rows(&bytes);
    let header = rows.iter().find(|r| r.get(0) == Some("工单号")).expect("the order rows' header");
    let col = |name: &str| header.iter().position(|c| c == name).unwrap_or_else(|| panic!("a {name} column"));
    for name in ["受理人", "首次通知时间", "3分钟通知", "派工记录", "结单时间", "负责人", "重复来电"]
    {
        col(name);
    }
    let line = rows.iter().find(|r| r.get(0) == Some("QX-N2")).expect("the late order's row");
    assert_eq!(line.get(col("3分钟通知")), Some("超时"));
    assert_eq!(line.get(col("首次通知时间")), Some("2026-04-06 09:07:53"));
    let summary = rows.iter().find(|r| r.get(0) == Some("3分钟内通知班组")).expect("the notify rate line");
    assert_eq!(summary.get(5), Some("50.0%"));
}

#[tokio::test]
async fn a_repeat_call_attaches_to_the_open_order_and_no_second_order_is_made() {
    let server = TestServer::start().await;
    let console = Console::signed_in(&server).await;
    let csrf = console.csrf().await;
    let first =
        console.post("/console/intake", &intake(&csrf, "陈女士", "13911114444", "整户停电", "")).await;
    let id = order_id_from(&location(&first));
    let open = || server.db().list_orders(&OrderFilter::default()).unwrap().len();
    assert_eq!(open(), 1);

    let again = console
        .post("/console/intake", &intake(&csrf, "陈先生", "13911114444", "还没来电，邻居也停了", ""))
        .await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
    let warning = again.text().await.unwrap();
    assert!(warning.contains("疑似重复报修") || warning.contains("repeat-report"));
    let action = format!("/console/orders/{id}/follow-ups");
    assert!(warning.contains(&action), "the warning offers to attach to the open order");

    let attached = console
        .post(
            &action,
            &[
                ("csrf", &csrf),
                ("caller_name", "陈先生"),
                ("caller_phone", "13911114444"),
                ("content", "还没来电，邻居也停了"),
            ],
        )
        .await;
    assert_eq!(attached.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&attached), format!("/console/orders/{id}#follow-ups"));
    assert_eq!(open(), 1, "no duplicate order");

    let page = console.page(&format!("/console/orders/{id}")).await;
    assert!(page.contains("陈女士"), "the first caller");
    let follow_up = row_of(&page, r#"data-testid="follow-up""#);
    assert!(
        follow_up.contains("陈先生")
            && follow_up.contains("还没来电，邻居也停了")
            && follow_up.contains(&server.dispatcher.0)
    );

    // A call with no caller at all is refused with a message, not stored.
    let empty = console
        .post(&action, &[("csrf", &csrf), ("caller_name", ""), ("caller_phone", ""), ("content", "x")])
        .await;
    assert_eq!(empty.status(), StatusCode::BAD_REQUEST);
    assert_eq!(server.order(id).unwrap().record.follow_ups.len(), 1);
}

#[tokio::test]
async fn search_finds_orders_by_number_phone_address_or_reporter_finished_ones_too() {
    let server = TestServer::start().await;
    let open = order(&server, "QX-S1", AreaClass::Rural, EquipmentKind::Line, Utc::now(), &server.crew_code);
    let mut gone =
        order(&server, "QX-S2", AreaClass::Rural, EquipmentKind::Line, Utc::now(), &server.crew_code);
    server.cancel(gone.id);
    gone = server.order(gone.id).unwrap().order;
    let console = Console::signed_in(&server).await;

    let by_number = console.page("/console/board?q=QX-S2").await;
    let rows = &by_number[by_number.find(r#"id="board-rows""#).unwrap()..];
    assert!(rows.contains("QX-S2") && !rows.contains("QX-S1"), "a cancelled order is found by number");
    let digits: String = gone.reporter_phone.chars().filter(char::is_ascii_digit).collect();
    let by_phone = console.page(&format!("/console/board?q={digits}")).await;
    assert!(by_phone.contains("QX-S1") && by_phone.contains("QX-S2"), "both orders share the demo phone");
    let by_reporter = console.page(&format!("/console/board?q={}", urlencode(&open.reporter_name))).await;
    assert!(by_reporter.contains("QX-S1"));
    let nothing = console.page("/console/board?q=%E6%97%A0%E6%AD%A4%E5%9C%B0%E5%9D%80").await;
    let rows = &nothing[nothing.find(r#"id="board-rows""#).unwrap()..];
    assert!(!rows.contains("QX-S1") && !rows.contains("QX-S2"));
}

fn urlencode(text: &str) -> String {
    serde_urlencoded::to_string([("q", text)]).unwrap().trim_start_matches("q=").to_string()
}

#[tokio::test]
async fn a_call_back_marked_reached_without_a_rating_comes_back_with_the_note_and_a_message() {
    let server = TestServer::start().await;
    let done = order(
        &server,
        "QX-C",
        AreaClass::Rural,
        EquipmentKind::Line,
        Utc::now() - Duration::hours(3),
        &server.crew_code,
    );
    let mut phone = Phone::of(&server, &server.crew_code, &server.pin).await;
    phone.arrive_and_restore(&done, 30, Some(60)).await;
    let console = Console::signed_in(&server).await;
    let csrf = console.csrf().await;
    let response = console
        .post(
            &format!("/console/orders/{}/callbacks", done.id),
            &[("csrf", &csrf), ("reached", "yes"), ("note", "客户说晚上又跳闸一次"), ("back", "order")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let page = response.text().await.unwrap();
    assert!(page.contains("callback-message"), "a message, in the console's frame");
    assert!(page.contains("客户说晚上又跳闸一次</textarea>"), "the note is kept: {page}");
    assert!(page.contains(r#"value="yes" required checked"#), "and the choice made");
    assert!(server.db().callbacks_for(&[done.id]).unwrap().is_empty(), "nothing stored");
}

#[tokio::test]
async fn the_language_link_names_the_other_language() {
    let server = TestServer::start().await;
    let console = Console::signed_in(&server).await;
    let zh = console.page("/console/board").await;
    assert!(zh.contains(r#"href="/console/lang/en">English</a>"#));
    let switched = console.get("/console/lang/en").await;
    assert!(switched.status().is_redirection());
    let en = console.page("/console/board").await;
    assert!(en.contains(r#"href="/console/lang/zh">中文</a>"#));
}

#[tokio::test]
async fn a_repeat_call_reaches_the_crews_phone_with_the_order_and_the_record_keeps_the_first_words() {
    use fieldcrew_protocol::pull::{OrderChange, PullPage};
    let server = TestServer::start().await;
    let held = order(&server, "QX-R", AreaClass::Rural, EquipmentKind::Line, Utc::now(), &server.crew_code);
    let phone = common::pair(&server, &server.crew_code, &server.pin).await;
    let first: PullPage = phone.get("/v1/changes?since=0").await.json().await.unwrap();
    assert!(!first.changes.is_empty());

    let console = Console::signed_in(&server).await;
    let csrf = console.csrf().await;
    let attached = console
        .post(
            &format!("/console/orders/{}/follow-ups", held.id),
            &[
                ("csrf", &csrf),
                ("caller_name", "陈先生"),
                ("caller_phone", "13911115555"),
                ("content", "电线冒火花"),
            ],
        )
        .await;
    assert_eq!(attached.status(), StatusCode::SEE_OTHER);

    let next: PullPage =
        phone.get(&format!("/v1/changes?since={}", first.cursor)).await.json().await.unwrap();
    let sent = next
        .changes
        .iter()
        .find_map(|c| match c {
            OrderChange::Upsert { order } if order.id == held.id => Some(order),
            _ => None,
        })
        .expect("the order comes to the phone again");
    assert!(sent.fault_description.starts_with(&held.fault_description), "{}", sent.fault_description);
    assert!(
        sent.fault_description.contains("重复来电")
            && sent.fault_description.contains("陈先生 13911115555：电线冒火花")
    );
    assert_eq!(
        server.order(held.id).unwrap().order.fault_description,
        held.fault_description,
        "the record keeps the call's words"
    );
}

#[tokio::test]
async fn orders_taken_and_assigned_through_the_api_name_the_dispatcher_too() {
    let server = TestServer::start().await;
    let token = common::dispatcher_token(&server).await;
    let http = reqwest::Client::new();
    let created: fieldcrew_domain::WorkOrder = http
        .post(format!("{}/v1/orders", server.base_url))
        .bearer_auth(&token)
        .json(&serde_json::json!({
            "reporter_name": "孙女士", "reporter_phone": "13911116666",
            "address": { "village_or_street": "北山村", "house_number": "2号" },
            "fault_description": "停电", "equipment": "line", "area": { "class": "rural" },
            "crew_code": server.crew_code,
        }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let moved = http
        .post(format!("{}/v1/orders/{}/assign", server.base_url, created.id))
        .bearer_auth(&token)
        .json(&serde_json::json!({ "crew_code": server.other_crew_code }))
        .send()
        .await
        .unwrap();
    assert!(moved.status().is_success());
    let record = server.order(created.id).unwrap().record;
    let user = server.dispatcher.0.as_str();
    assert_eq!(record.taken_by.as_deref(), Some(user));
    let by: Vec<Option<&str>> = record.assignments.iter().map(|a| a.by.as_deref()).collect();
    assert_eq!(by, [Some(user), Some(user)], "the intake's assignment and the reassignment");
}
