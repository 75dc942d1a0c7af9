//! The dispatcher's path through the console: intake → board → assign → a
//! phone records its arrival through the real API → the order page shows
//! it with corrected time and flags; a second call is offered as a repeat.

mod common;
mod console_client;

use console_client::{Console, intake_form, location};
use fieldcrew_domain::OrderId;
use fieldcrew_domain::event::EventKind;
use fieldcrew_domain::sla::to_local;
use fieldcrew_protocol::push::{Flag, Outcome};
use fieldcrew_server::db::OrderFilter;
use fieldcrew_server::test_support::TestServer;
use reqwest::StatusCode;

fn order_id_from(location: &str) -> OrderId {
    location.strip_prefix("/console/orders/").expect("the order page").parse().unwrap()
}

fn open_orders(server: &TestServer) -> usize {
    server.db().list_orders(&OrderFilter::default()).unwrap().len()
}

#[tokio::test]
async fn intake_board_assign_arrival_and_the_order_page() {
    let server = TestServer::start().await;
    let console = Console::signed_in(&server).await;
    let csrf = console.csrf().await;

    // Intake creates the order through the API's creation path.
    let created = console.post("/console/intake", &intake_form(&csrf, "13912345678", "17号")).await;
    assert_eq!(created.status(), StatusCode::SEE_OTHER, "{}", created.text().await.unwrap());
    let id = order_id_from(&location(&created));
    let order = server.order(id).expect("stored").order;
    assert!(order.number.starts_with("QX-"));
    assert_eq!(order.reporter_phone, "13912345678");
    assert_eq!(order.assigned_crew, None);

    // The board lists it with a running countdown; nobody is notified yet.
    let board = console.page("/console/board").await;
    let row = board.split("<tr").find(|r| r.contains(&order.number)).expect("the order's row");
    assert!(row.contains("data-due=") && row.contains("未派工"), "{row}");

    let assigned = console
        .post(
            &format!("/console/orders/{id}/assign"),
            &[("csrf", csrf.as_str()), ("crew_code", &server.crew_code)],
        )
        .await;
    assert_eq!(assigned.status(), StatusCode::SEE_OTHER);
    let rows = console.page(&format!("/console/board/rows?crew={}", server.crew_code)).await;
    assert!(rows.contains(&order.number));

    // A phone of CREW-1 pulls nothing special and pushes its arrival, with
    // no clock sample: the server keeps the device time and says so.
    let device = common::pair(&server, &server.crew_code, &server.pin).await;
    let arrived = device.event(id, EventKind::Arrived, None);
    let response = device.push(vec![common::item(1, &arrived)]).await;
    assert!(
        matches!(&response.results[0].outcome, Outcome::AcceptedWithFlags { flags } if flags.contains(&Flag::ClockUncorrected)),
        "{response:?}"
    );

    let stored = server.order(id).unwrap();
    let corrected = to_local(stored.events[0].corrected_time).format("%Y-%m-%d %H:%M:%S").to_string();
    let page = console.page(&format!("/console/orders/{id}")).await;
    assert!(page.contains(&order.number));
    let arrival = page.split("<tr").find(|r| r.contains(&arrived.id.to_string())).expect("the arrival row");
    assert!(arrival.contains("到达现场"), "{arrival}");
    assert!(arrival.contains(&corrected), "corrected time in UTC+8: {arrival}");
    assert!(arrival.contains("设备时钟未校正"), "{arrival}");
    assert!(arrival.contains("0 m"), "distance to the site: {arrival}");
    assert!(page.contains("已到达"), "status on site");
}

#[tokio::test]
async fn a_second_call_from_the_same_phone_is_offered_as_a_repeat_report() {
    let server = TestServer::start().await;
    let console = Console::signed_in(&server).await;
    let csrf = console.csrf().await;
    let first = console.post("/console/intake", &intake_form(&csrf, "13912345678", "17号")).await;
    let first_id = order_id_from(&location(&first));

    // Same phone, another house: not created, the open order is offered.
    let again = console.post("/console/intake", &intake_form(&csrf, "139 1234 5678", "18号")).await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
    let page = again.text().await.unwrap();
    assert!(page.contains("疑似重复报修") && page.contains(&format!("/console/orders/{first_id}")), "{page}");
    assert!(page.contains(r#"name="confirm_new""#), "the form can be sent again to create anyway");
    assert_eq!(open_orders(&server), 1);

    // The dispatcher decides it is a new fault after all.
    let mut confirmed = intake_form(&csrf, "139 1234 5678", "18号");
    confirmed.push(("confirm_new", "1"));
    let created = console.post("/console/intake", &confirmed).await;
    assert_eq!(created.status(), StatusCode::SEE_OTHER);
    assert_ne!(order_id_from(&location(&created)), first_id);
    assert_eq!(open_orders(&server), 2);
}

#[tokio::test]
async fn intake_refuses_without_the_safety_reminder_and_keeps_the_input() {
    let server = TestServer::start().await;
    let console = Console::signed_in(&server).await;
    let csrf = console.csrf().await;
    let form: Vec<_> = intake_form(&csrf, "13912345678", "17号")
        .into_iter()
        .filter(|(k, _)| *k != "safety_reminder")
        .collect();
    let refused = console.post("/console/intake", &form).await;
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    let page = refused.text().await.unwrap();
    assert!(page.contains("请先提醒报修人注意安全") && page.contains("整户停电，闻到焦味"));
    assert_eq!(open_orders(&server), 0);
}

#[tokio::test]
async fn media_and_order_pages_need_a_dispatcher_session() {
    let server = TestServer::start().await;
    let order = server.create_order(&server.crew_code);
    let anonymous = Console::new(&server);
    for path in [
        format!("/console/orders/{}", order.id),
        format!("/console/media/{}", fieldcrew_domain::MediaId::new()),
    ] {
        let response = anonymous.get(&path).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{path}");
    }
    let console = Console::signed_in(&server).await;
    let missing = console.get(&format!("/console/media/{}", fieldcrew_domain::MediaId::new())).await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}
