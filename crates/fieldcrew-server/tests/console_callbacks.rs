//! Call-backs (回访) in the console: restored orders wait on the list,
//! oldest restoration first; attempts are recorded from the list or the
//! order page; an order leaves the list once the customer was reached.

mod common;
mod console_client;
mod follow_up;

use chrono::{Duration, Utc};
use console_client::Console;
use fieldcrew_domain::event::EventKind;
use fieldcrew_domain::order::{AreaClass, EquipmentKind};
use fieldcrew_server::db::{CallbackOutcome, Satisfaction};
use fieldcrew_server::test_support::TestServer;
use follow_up::{Phone, order, record_callback};
use reqwest::StatusCode;

#[tokio::test]
async fn a_restored_order_waits_for_its_call_back_until_the_customer_is_reached() {
    let server = TestServer::start().await;
    let reported = Utc::now() - Duration::hours(3);
    let restored =
        order(&server, "QX-CB-1", AreaClass::Urban, EquipmentKind::Line, reported, &server.crew_code);
    let mut phone = Phone::of(&server, &server.crew_code, &server.pin).await;
    phone.arrive_and_restore(&restored, 30, Some(90)).await;
    let console = Console::signed_in(&server).await;

    let list = console.page("/console/callbacks").await;
    assert!(list.contains(r#"data-testid="callback-row-QX-CB-1""#), "{list}");
    assert!(list.contains(r#"data-testid="callback-form-QX-CB-1""#));
    for field in [r#"name="reached""#, r#"name="satisfaction""#, r#"name="note""#, r#"name="csrf""#] {
        assert!(list.contains(field), "{field}");
    }

    // Nobody answers: the attempt is kept and the order still waits.
    let back =
        record_callback(&console, &restored, &[("reached", "no"), ("note", "无人接听"), ("back", "list")])
            .await;
    assert_eq!(back, "/console/callbacks");
    let list = console.page("/console/callbacks").await;
    let row = list.split("<tr").find(|r| r.contains("callback-row-QX-CB-1")).expect("still waiting");
    assert!(row.contains("未联系上"), "{row}");

    // The customer answers the second call, recorded from the order page.
    let back = record_callback(
        &console,
        &restored,
        &[("reached", "yes"), ("satisfaction", "fairly_satisfied"), ("note", "灯亮了"), ("back", "order")],
    )
    .await;
    assert_eq!(back, format!("/console/orders/{}#callbacks", restored.id));
    let list = console.page("/console/callbacks").await;
    assert!(!list.contains("callback-row-QX-CB-1"), "called back: off the list");
    assert!(list.contains(r#"data-testid="callbacks-empty""#));

    let page = console.page(&format!("/console/orders/{}", restored.id)).await;
    assert_eq!(page.matches(r#"data-testid="callback-attempt""#).count(), 2);
    assert!(page.contains("基本满意") && page.contains("无人接听") && page.contains("灯亮了"));
    assert!(page.contains(r#"data-testid="callback-form-QX-CB-1""#), "more attempts may follow");

    let stored = server.db().callbacks_for(&[restored.id]).unwrap();
    let outcomes: Vec<_> = stored.iter().map(|c| c.outcome).collect();
    assert_eq!(
        outcomes,
        [
            CallbackOutcome::NotReached,
            CallbackOutcome::Reached { satisfaction: Satisfaction::FairlySatisfied }
        ]
    );
    for callback in &stored {
        assert_eq!(callback.recorded_by, server.dispatcher.0);
        assert!((Utc::now() - callback.recorded_at).num_seconds().abs() < 60, "server time");
    }
}

#[tokio::test]
async fn the_list_shows_restored_and_closed_orders_oldest_restoration_first_and_not_open_ones() {
    let server = TestServer::start().await;
    let now = Utc::now();
    let crew = server.crew_code.clone();
    let reported_hours_ago = |number: &str, hours| {
        order(&server, number, AreaClass::Urban, EquipmentKind::Line, now - Duration::hours(hours), &crew)
    };
    let later = reported_hours_ago("QX-CB-LATER", 2);
    let earlier = reported_hours_ago("QX-CB-EARLIER", 5);
    let open = reported_hours_ago("QX-CB-OPEN", 1);
    let closed = reported_hours_ago("QX-CB-CLOSED", 9);
    let mut phone = Phone::of(&server, &crew, &server.pin).await;
    phone.arrive_and_restore(&later, 20, Some(60)).await;
    phone.arrive_and_restore(&earlier, 20, Some(60)).await;
    phone.arrive_and_restore(&open, 20, None).await;
    // Escalated and closed without power back from this crew: still owed a call-back.
    let at = |m| closed.reported_at + Duration::minutes(m);
    let escalated = EventKind::Escalated { reason: "移交配电运检".into() };
    phone
        .push(&closed, &[(EventKind::Arrived, at(20)), (escalated, at(30)), (EventKind::Closed, at(40))])
        .await;

    let console = Console::signed_in(&server).await;
    let list = console.page("/console/callbacks").await;
    let position = |number: &str| list.find(&format!("callback-row-{number}\""));
    assert!(position("QX-CB-CLOSED").unwrap() < position("QX-CB-EARLIER").unwrap(), "{list}");
    assert!(position("QX-CB-EARLIER").unwrap() < position("QX-CB-LATER").unwrap(), "{list}");
    assert_eq!(position("QX-CB-OPEN"), None, "not restored: no call-back yet");
    // The restoration time is shown in China time.
    let restored_at = fieldcrew_domain::sla::to_local(earlier.reported_at + Duration::minutes(60));
    assert!(list.contains(&restored_at.format("%Y-%m-%d %H:%M:%S").to_string()));
}

#[tokio::test]
async fn a_call_back_needs_a_repaired_order_and_a_stated_outcome() {
    let server = TestServer::start().await;
    let console = Console::signed_in(&server).await;
    let csrf = console.csrf().await;
    let crew = server.crew_code.clone();
    let open = order(&server, "QX-CB-OPEN", AreaClass::Urban, EquipmentKind::Line, Utc::now(), &crew);
    let post = |id, fields: Vec<(&'static str, &'static str)>| {
        let mut form = vec![("csrf", csrf.clone())];
        form.extend(fields.into_iter().map(|(k, v)| (k, v.to_string())));
        let console = &console;
        async move {
            console
                .http
                .post(format!("{}/console/orders/{id}/callbacks", console.base))
                .form(&form)
                .send()
                .await
                .unwrap()
        }
    };
    let not_due = post(open.id, vec![("reached", "yes"), ("satisfaction", "satisfied")]).await;
    assert_eq!(not_due.status(), StatusCode::CONFLICT);
    let page = console.page(&format!("/console/orders/{}", open.id)).await;
    assert!(!page.contains("callback-form-"), "no form before restoration");

    let restored = order(&server, "QX-CB-DONE", AreaClass::Urban, EquipmentKind::Line, Utc::now(), &crew);
    Phone::of(&server, &crew, &server.pin).await.arrive_and_restore(&restored, 10, Some(20)).await;
    let no_grade = post(restored.id, vec![("reached", "yes")]).await;
    assert_eq!(no_grade.status(), StatusCode::BAD_REQUEST);
    assert!(no_grade.text().await.unwrap().contains("请选择满意度"));
    let no_outcome = post(restored.id, vec![("satisfaction", "satisfied")]).await;
    assert_eq!(no_outcome.status(), StatusCode::BAD_REQUEST);
    let unknown = post(fieldcrew_domain::OrderId::new(), vec![("reached", "no")]).await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);

    // A repaired order can no longer be cancelled, so a cancelled one never owes a call-back.
    let cancelled =
        order(&server, "QX-CB-CANCELLED", AreaClass::Urban, EquipmentKind::Line, Utc::now(), &crew);
    server.cancel(cancelled.id);
    let refused = post(cancelled.id, vec![("reached", "no")]).await;
    assert_eq!(refused.status(), StatusCode::CONFLICT);
    assert!(server.db().callbacks_for(&[open.id, restored.id, cancelled.id]).unwrap().is_empty());
}

#[tokio::test]
async fn a_call_back_form_sent_twice_records_one_attempt() {
    let server = TestServer::start().await;
    let console = Console::signed_in(&server).await;
    let crew = server.crew_code.clone();
    let restored = order(&server, "QX-CB-TWICE", AreaClass::Urban, EquipmentKind::Line, Utc::now(), &crew);
    Phone::of(&server, &crew, &server.pin).await.arrive_and_restore(&restored, 10, Some(20)).await;

    let fields = [("reached", "no"), ("note", "无人接听"), ("back", "order")];
    let (first, second) = tokio::join!(
        record_callback(&console, &restored, &fields),
        record_callback(&console, &restored, &fields)
    );
    assert_eq!(first, second, "both land on the order page");
    assert_eq!(server.db().callbacks_for(&[restored.id]).unwrap().len(), 1);
    let page = console.page(&format!("/console/orders/{}", restored.id)).await;
    assert_eq!(page.matches(r#"data-testid="callback-attempt""#).count(), 1);
}
