//! The station's routine in the console (issue 17): complaints and reports
//! with their answer deadlines and report figures, planned outages with the
//! 7-day rule and their match at intake, accidents that tell the safety
//! department, and priority chosen at intake. Real server, real SQLite file.

mod console_client;

use chrono::{Duration, Utc};
use console_client::{Console, csrf, location};
use fieldcrew_domain::complaint::{ComplaintKind, ComplaintStatus, answer_deadline};
use fieldcrew_domain::order::Priority;
use fieldcrew_domain::planned_outage::Notice;
use fieldcrew_domain::sla::{WorkCalendar, to_local};
use fieldcrew_server::db::{AccidentKind, Complaint, SafetyContact};
use fieldcrew_server::test_support::TestServer;
use reqwest::StatusCode;

async fn take_complaint(console: &Console, kind: &str, phone: &str, content: &str) -> reqwest::Response {
    let csrf = csrf(&console.page("/console/complaints/new").await);
    console
        .post(
            "/console/complaints",
            &[
                ("csrf", csrf.as_str()),
                ("kind", kind),
                ("reporter_name", "李女士"),
                ("reporter_phone", phone),
                ("place", "东湖村营业厅"),
                ("content", content),
                ("owner", "营业班 张三"),
            ],
        )
        .await
}

/// A repair call; each village calls from its own phone, so no call reads
/// as a repeat of another.
async fn intake(console: &Console, village: &str, priority: &str, accident: &str) -> reqwest::Response {
    let csrf = csrf(&console.page("/console/intake").await);
    let phone = format!("139{:08}", village.chars().map(u32::from).sum::<u32>());
    console
        .post(
            "/console/intake",
            &[
                ("csrf", csrf.as_str()),
                ("reporter_name", "王先生"),
                ("reporter_phone", phone.as_str()),
                ("village_or_street", village),
                ("house_number", "17号"),
                ("fault_description", "家里没电"),
                ("equipment", "line"),
                ("area", "rural"),
                ("safety_reminder", "1"),
                ("crew_code", ""),
                ("priority", priority),
                ("accident", accident),
            ],
        )
        .await
}

/// `datetime-local` text in China time, as the browser sends it.
fn local_input(t: chrono::DateTime<Utc>) -> String {
    to_local(t).format("%Y-%m-%dT%H:%M").to_string()
}

async fn record_outage(
    console: &Console,
    villages: &str,
    starts: chrono::DateTime<Utc>,
    ends: chrono::DateTime<Utc>,
) -> reqwest::Response {
    let csrf = csrf(&console.page("/console/outages").await);
    let (starts, ends) = (local_input(starts), local_input(ends));
    console
        .post(
            "/console/outages",
            &[
                ("csrf", csrf.as_str()),
                ("area", "10kV东湖线"),
                ("villages", villages),
                ("starts_at", starts.as_str()),
                ("ends_at", ends.as_str()),
                ("reason", "线路检修"),
            ],
        )
        .await
}

#[tokio::test]
async fn a_complaint_is_due_in_five_working_days_and_a_report_in_ten_shown_counting_down() {
    let server = TestServer::start().await;
    let console = Console::signed_in(&server).await;
    let intake_page = console.page("/console/intake").await;
    assert!(intake_page.contains(r#"href="/console/complaints/new""#), "intake offers the complaint form");

    let taken = take_complaint(&console, "complaint", "138 0000 5555", "抄表员态度不好").await;
    assert_eq!(taken.status(), StatusCode::SEE_OTHER);
    assert!(take_complaint(&console, "report", "13700006666", "有人窃电").await.status().is_redirection());

    let stored = server.db().complaints().unwrap();
    assert_eq!(stored.len(), 2);
    let calendar = WorkCalendar::default();
    for c in &stored {
        assert_eq!(c.due_at, answer_deadline(c.kind, c.received_at, &calendar).due);
        assert_eq!(c.status, ComplaintStatus::Open);
        assert_eq!(c.taken_by, server.dispatcher.0);
        assert_eq!(c.owner, "营业班 张三");
    }
    let complaint = stored.iter().find(|c| c.kind == ComplaintKind::Complaint).unwrap();
    let report = stored.iter().find(|c| c.kind == ComplaintKind::Report).unwrap();
    // Working days: five of them always span a weekend, ten span two.
    assert!(complaint.due_at - complaint.received_at >= Duration::days(7));
    assert!(report.due_at - report.received_at >= Duration::days(14));

    let list = console.page("/console/complaints").await;
    assert_eq!(list.matches(r#"data-testid="complaint-row""#).count(), 2);
    assert!(list.contains(&format!(r#"data-due="{}""#, complaint.due_at.timestamp_millis())), "{list}");
    assert!(list.contains(&format!(r#"data-due="{}""#, report.due_at.timestamp_millis())));

    let found = console.page("/console/complaints?q=00005555").await;
    assert_eq!(found.matches(r#"data-testid="complaint-row""#).count(), 1);
    assert!(found.contains("抄表员态度不好") && !found.contains("有人窃电"));
    let none = console.page("/console/complaints?q=%E7%94%B5%E8%B4%B9").await;
    assert!(none.contains(r#"data-testid="complaints-empty""#));

    // Missing owner: refused with the form kept.
    let csrf = csrf(&console.page("/console/complaints/new").await);
    let refused = console
        .post(
            "/console/complaints",
            &[
                ("csrf", csrf.as_str()),
                ("kind", "complaint"),
                ("reporter_name", "李"),
                ("reporter_phone", "1"),
                ("content", "x"),
            ],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    assert_eq!(server.db().complaints().unwrap().len(), 2);
}

#[tokio::test]
async fn an_answer_is_recorded_once_with_who_and_when_and_then_closed() {
    let server = TestServer::start().await;
    let console = Console::signed_in(&server).await;
    take_complaint(&console, "complaint", "13800005555", "抄表员态度不好").await;
    let id = server.db().complaints().unwrap()[0].id;
    let csrf = console.csrf().await;
    let answered = console
        .post(
            &format!("/console/complaints/{id}/answer"),
            &[("csrf", csrf.as_str()), ("answer", "已批评教育，向客户道歉")],
        )
        .await;
    assert_eq!(answered.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&answered), format!("/console/complaints#complaint-{id}"));
    let again = console
        .post(&format!("/console/complaints/{id}/answer"), &[("csrf", csrf.as_str()), ("answer", "再答")])
        .await;
    assert_eq!(again.status(), StatusCode::CONFLICT);

    let c = server.db().complaint(id).unwrap().unwrap();
    assert_eq!(c.status, ComplaintStatus::Answered);
    assert_eq!(c.answer.as_deref(), Some("已批评教育，向客户道歉"));
    assert_eq!(c.answered_by.as_deref(), Some(server.dispatcher.0.as_str()));
    assert!((Utc::now() - c.answered_at.unwrap()).num_seconds().abs() < 60);
    let list = console.page("/console/complaints").await;
    assert!(list.contains("按期答复") && list.contains("已答复"), "{list}");

    let closed = console.post(&format!("/console/complaints/{id}/close"), &[("csrf", csrf.as_str())]).await;
    assert_eq!(closed.status(), StatusCode::SEE_OTHER);
    assert_eq!(server.db().complaint(id).unwrap().unwrap().status, ComplaintStatus::Closed);
    let unknown = console
        .post(
            &format!("/console/complaints/{}/answer", uuid::Uuid::now_v7()),
            &[("csrf", csrf.as_str()), ("answer", "x")],
        )
        .await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
}

fn stored_complaint(kind: ComplaintKind, days_ago: i64, answered_after_days: Option<i64>) -> Complaint {
    let received_at = Utc::now() - Duration::days(days_ago);
    let answered_at = answered_after_days.map(|d| received_at + Duration::days(d));
    Complaint {
        id: uuid::Uuid::now_v7(),
        kind,
        received_at,
        due_at: answer_deadline(kind, received_at, &WorkCalendar::default()).due,
        reporter_name: "客户".into(),
        reporter_phone: "=HYPERLINK(\"x\")".into(),
        place: String::new(),
        content: "停电太频繁".into(),
        owner: "运检班".into(),
        taken_by: "dispatcher".into(),
        status: if answered_at.is_some() { ComplaintStatus::Answered } else { ComplaintStatus::Open },
        answer: answered_at.map(|_| "已答复".into()),
        answered_by: answered_at.map(|_| "dispatcher".into()),
        answered_at,
        closed_at: None,
    }
}

#[tokio::test]
async fn answers_on_time_and_late_are_counted_in_the_report_and_its_csv() {
    let server = TestServer::start().await;
    let db = server.db();
    // 20 days ago: 5 working days is at most 9 calendar days, 10 at most 16.
    db.save_complaint(&stored_complaint(ComplaintKind::Complaint, 20, Some(2))).unwrap();
    db.save_complaint(&stored_complaint(ComplaintKind::Complaint, 20, Some(12))).unwrap();
    db.save_complaint(&stored_complaint(ComplaintKind::Report, 20, None)).unwrap();
    db.save_complaint(&stored_complaint(ComplaintKind::Report, 0, None)).unwrap();
    let console = Console::signed_in(&server).await;
    let from = to_local(Utc::now() - Duration::days(25)).date_naive();
    let to = to_local(Utc::now()).date_naive();

    let page = console.page(&format!("/console/reports?from={from}&to={to}")).await;
    let row = |key: &str| {
        let marker = format!(r#"data-testid="complaint-tally-{key}""#);
        page.split("<tr").find(|r| r.contains(&marker)).unwrap_or_else(|| panic!("{key}: {page}")).to_string()
    };
    let total = row("total");
    for cell in [
        r#"class="received">4<"#,
        r#"class="on-time">1<"#,
        r#"class="late">1<"#,
        r#"class="overdue">1<"#,
        r#"class="pending">1<"#,
        r#"class="rate">33.3%<"#,
    ] {
        assert!(total.contains(cell), "{cell} in {total}");
    }
    let complaints = row("complaint");
    assert!(complaints.contains(r#"class="rate">50.0%<"#), "{complaints}");
    let reports = row("report");
    assert!(
        reports.contains(r#"class="overdue">1<"#) && reports.contains(r#"class="rate">0.0%<"#),
        "{reports}"
    );

    let csv = console.get(&format!("/console/reports/complaints.csv?from={from}&to={to}")).await;
    assert_eq!(csv.status(), StatusCode::OK);
    assert!(csv.headers()["content-disposition"].to_str().unwrap().contains("fieldcrew-complaints-"));
    let bytes = csv.bytes().await.unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "BOM for Excel");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(text.contains("合计,4,1,1,1,1,33.3%"), "{text}");
    assert_eq!(text.matches("逾期答复").count(), 2, "the header and the late answer: {text}");
}

#[tokio::test]
async fn a_planned_outage_is_offered_at_intake_inside_its_window_and_not_outside() {
    let server = TestServer::start().await;
    let console = Console::signed_in(&server).await;
    let now = Utc::now();
    let running =
        record_outage(&console, "东湖村、西湖村", now - Duration::hours(1), now + Duration::hours(5)).await;
    assert_eq!(running.status(), StatusCode::SEE_OTHER);
    let later = record_outage(
        &console,
        "南山村",
        now + Duration::days(8),
        now + Duration::days(8) + Duration::hours(6),
    )
    .await;
    assert_eq!(later.status(), StatusCode::SEE_OTHER);

    let offered = intake(&console, "东湖村二组", "normal", "none").await;
    assert_eq!(offered.status(), StatusCode::CONFLICT);
    let page = offered.text().await.unwrap();
    assert!(page.contains(r#"data-testid="planned-outage-match""#) && page.contains("线路检修"), "{page}");
    assert!(page.contains(r#"name="confirm_outage""#), "the dispatcher may still create the order");
    assert!(server.db().list_orders(&Default::default()).unwrap().is_empty(), "no order yet");

    let outage = server
        .db()
        .planned_outages()
        .unwrap()
        .into_iter()
        .find(|o| o.villages.contains(&"东湖村".into()))
        .unwrap();
    let action = format!("/console/outages/{}/answer", outage.id);
    assert!(page.contains(&action));
    let answered = console
        .post(
            &action,
            &[
                ("csrf", csrf(&page).as_str()),
                ("reporter_name", "王先生"),
                ("reporter_phone", "13900001111"),
                ("address", "东湖村二组17号"),
            ],
        )
        .await;
    assert_eq!(answered.status(), StatusCode::SEE_OTHER);
    let answers = server.db().outage_answers(outage.id).unwrap();
    assert_eq!(answers.len(), 1);
    assert_eq!(
        (answers[0].reporter_phone.as_str(), answers[0].answered_by.as_str()),
        ("13900001111", server.dispatcher.0.as_str())
    );
    let list = console.page("/console/outages").await;
    assert!(list.contains("东湖村二组17号"), "the call is listed with its outage");
    assert!(server.db().list_orders(&Default::default()).unwrap().is_empty(), "answered without an order");

    // Outside the villages, and inside the villages but outside the window: a plain order.
    assert_eq!(intake(&console, "北村", "normal", "none").await.status(), StatusCode::SEE_OTHER);
    assert_eq!(intake(&console, "南山村", "normal", "none").await.status(), StatusCode::SEE_OTHER);
    assert_eq!(server.db().list_orders(&Default::default()).unwrap().len(), 2);
}

#[tokio::test]
async fn an_outage_announced_a_week_ahead_passes_and_a_shorter_notice_is_kept_but_flagged() {
    let server = TestServer::start().await;
    let console = Console::signed_in(&server).await;
    let now = Utc::now();
    let ahead = record_outage(
        &console,
        "东湖村",
        now + Duration::days(8),
        now + Duration::days(8) + Duration::hours(4),
    )
    .await;
    assert_eq!(location(&ahead), "/console/outages?saved=ok");
    let short = record_outage(
        &console,
        "西湖村",
        now + Duration::days(2),
        now + Duration::days(2) + Duration::hours(4),
    )
    .await;
    assert_eq!(location(&short), "/console/outages?saved=short");
    let note = console.page("/console/outages?saved=short").await;
    assert!(note.contains("不足7天"), "{note}");

    let outages = server.db().planned_outages().unwrap();
    let notice_of = |village: &str| outages.iter().find(|o| o.villages == [village]).unwrap().notice;
    assert_eq!(notice_of("东湖村"), Notice::Enough);
    assert!(matches!(notice_of("西湖村"), Notice::Short { hours_ahead } if (47..=48).contains(&hours_ahead)));

    let backwards = record_outage(&console, "北村", now + Duration::days(9), now + Duration::days(8)).await;
    assert_eq!(backwards.status(), StatusCode::BAD_REQUEST);
    assert!(backwards.text().await.unwrap().contains("送电时间必须晚于停电开始时间"));
    assert_eq!(server.db().planned_outages().unwrap().len(), 2);
}

#[tokio::test]
async fn an_accident_at_intake_is_an_emergency_and_the_safety_contacts_are_recorded_and_shown() {
    let server = TestServer::start_with(|s| {
        s.safety.contacts = vec![SafetyContact { name: "安监 赵工".into(), phone: "13812345678".into() }];
    })
    .await;
    let console = Console::signed_in(&server).await;
    let made = intake(&console, "北村", "normal", "personal_injury").await;
    assert_eq!(made.status(), StatusCode::SEE_OTHER);
    let order_path = location(&made);
    let id: fieldcrew_domain::OrderId = order_path.rsplit('/').next().unwrap().parse().unwrap();
    assert_eq!(server.order(id).unwrap().order.priority, Priority::Emergency);

    let notices = server.db().safety_notices(id).unwrap();
    assert_eq!(notices.len(), 1);
    assert_eq!(notices[0].accident, AccidentKind::PersonalInjury);
    assert_eq!(notices[0].contacts[0].phone, "13812345678");
    assert_eq!(notices[0].notified_by, server.dispatcher.0);
    assert!((Utc::now() - notices[0].notified_at).num_seconds().abs() < 60);

    let page = console.page(&order_path).await;
    assert!(page.contains(r#"data-testid="safety-notice""#) && page.contains("人身事故"), "{page}");
    assert!(page.contains(r#"href="tel:13812345678""#));
    assert!(page.contains(r#"data-testid="order-priority""#) && page.contains("紧急"));

    // Priority without an accident: no notice.
    let high = intake(&console, "南村", "high", "none").await;
    let id: fieldcrew_domain::OrderId = location(&high).rsplit('/').next().unwrap().parse().unwrap();
    assert_eq!(server.order(id).unwrap().order.priority, Priority::High);
    assert!(server.db().safety_notices(id).unwrap().is_empty());
    assert_eq!(intake(&console, "西村", "urgent", "none").await.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn an_overdue_complaint_joins_the_boards_needs_action_strip_until_answered() {
    let server = TestServer::start().await;
    let db = server.db();
    let late = stored_complaint(ComplaintKind::Complaint, 12, None);
    let fresh = stored_complaint(ComplaintKind::Report, 0, None);
    db.save_complaint(&late).unwrap();
    db.save_complaint(&fresh).unwrap();
    let console = Console::signed_in(&server).await;

    let board = console.page("/console/board").await;
    let key = format!(r#"data-need="complaint:{}""#, late.id);
    assert!(board.contains(&key), "{board}");
    assert!(!board.contains(&format!("complaint:{}", fresh.id)), "ten working days left: not yet");
    let live = console.page("/console/board/live").await;
    let strip = live.split(r#"id="needs-action""#).nth(1).expect("the strip in the live fragment");
    let row = strip.split("<tr").find(|r| r.contains(&key)).expect("the complaint's row");
    assert!(
        row.contains(&format!("/console/complaints#complaint-{}", late.id)) && row.contains("breached"),
        "{row}"
    );

    let csrf = console.csrf().await;
    let answered = console
        .post(
            &format!("/console/complaints/{}/answer", late.id),
            &[("csrf", csrf.as_str()), ("answer", "已答复")],
        )
        .await;
    assert_eq!(answered.status(), StatusCode::SEE_OTHER);
    assert!(!console.page("/console/board/live").await.contains(&key), "answered: off the strip");
    let list = console.page("/console/complaints").await;
    assert!(list.contains("逾期答复"), "answered after its deadline");
}

#[tokio::test]
async fn creating_the_order_after_an_outage_notice_still_offers_a_repeat_call() {
    let server = TestServer::start().await;
    let console = Console::signed_in(&server).await;
    let now = Utc::now();
    // Village 北村 calls first, before any outage: an open order from that phone.
    assert_eq!(intake(&console, "北村", "normal", "none").await.status(), StatusCode::SEE_OTHER);
    record_outage(&console, "北村", now - Duration::hours(1), now + Duration::hours(3)).await;

    let offered = intake(&console, "北村", "normal", "none").await;
    assert_eq!(offered.status(), StatusCode::CONFLICT);
    let page = offered.text().await.unwrap();
    assert!(page.contains(r#"data-testid="planned-outage-match""#));
    assert!(page.contains(r#"name="confirm_outage" value="1""#), "{page}");
    assert!(!page.contains(r#"name="confirm_new""#), "the repeat check is still to come");

    // The dispatcher sends the form again: not the outage, the same caller's open order.
    let phone = format!("139{:08}", "北村".chars().map(u32::from).sum::<u32>());
    let again = console
        .post(
            "/console/intake",
            &[
                ("csrf", csrf(&page).as_str()),
                ("reporter_name", "王先生"),
                ("reporter_phone", phone.as_str()),
                ("village_or_street", "北村"),
                ("house_number", "17号"),
                ("fault_description", "家里没电"),
                ("equipment", "line"),
                ("area", "rural"),
                ("safety_reminder", "1"),
                ("confirm_outage", "1"),
            ],
        )
        .await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
    let page = again.text().await.unwrap();
    assert!(page.contains(r#"id="repeat-report""#) && !page.contains("planned-outage-match"), "{page}");
    assert_eq!(server.db().list_orders(&Default::default()).unwrap().len(), 1);
}

#[tokio::test]
async fn the_routine_pages_want_a_signed_in_dispatcher_and_their_forms_a_csrf_token() {
    let server = TestServer::start().await;
    let anonymous = Console::new(&server);
    for path in [
        "/console/complaints",
        "/console/complaints/new",
        "/console/outages",
        "/console/reports/complaints.csv",
    ] {
        let response = anonymous.get(path).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{path}");
        assert_eq!(location(&response), "/console/login", "{path}");
    }
    let console = Console::signed_in(&server).await;
    let forged = console
        .post(
            "/console/complaints",
            &[
                ("csrf", "forged"),
                ("kind", "complaint"),
                ("reporter_name", "x"),
                ("reporter_phone", "1"),
                ("content", "x"),
                ("owner", "x"),
            ],
        )
        .await;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    let now = local_input(Utc::now() + Duration::days(8));
    let forged = console
        .post(
            "/console/outages",
            &[("csrf", "forged"), ("area", "x"), ("starts_at", now.as_str()), ("ends_at", now.as_str())],
        )
        .await;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    assert!(
        server.db().complaints().unwrap().is_empty() && server.db().planned_outages().unwrap().is_empty()
    );
}

#[tokio::test]
async fn outages_that_ended_over_a_month_ago_are_kept_but_not_listed() {
    let server = TestServer::start().await;
    let now = Utc::now();
    let old = fieldcrew_server::db::PlannedOutage {
        cancelled_at: None,
        id: uuid::Uuid::now_v7(),
        area: "10kV旧线".into(),
        villages: vec!["旧村".into()],
        starts_at: now - Duration::days(41),
        ends_at: now - Duration::days(40),
        reason: "去年的检修".into(),
        recorded_by: "dispatcher".into(),
        recorded_at: now - Duration::days(50),
        notice: Notice::Enough,
    };
    server.db().save_planned_outage(&old).unwrap();
    let console = Console::signed_in(&server).await;
    record_outage(&console, "新村", now + Duration::days(8), now + Duration::days(8) + Duration::hours(2))
        .await;
    let page = console.page("/console/outages").await;
    assert_eq!(page.matches(r#"data-testid="outage-row""#).count(), 1);
    assert!(!page.contains("去年的检修") && page.contains("新村"));
    let older = page.split(r#"data-testid="outages-older""#).nth(1).expect("the older ones counted");
    assert!(older.split("</p>").next().unwrap().contains(" 1"), "{older}");
    assert_eq!(server.db().planned_outages().unwrap().len(), 2, "kept");
}
