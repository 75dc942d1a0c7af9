//! The console's side of the shift handover: a handover nobody took over
//! joins the needs-action strip after the configured minutes and leaves it
//! once acknowledged; the log page finds by text and crew and closes an open
//! problem with a note, the dispatcher's name recorded, once.

mod console_client;

use chrono::{Duration, Utc};
use console_client::{Console, location};
use fieldcrew_core::clock::SystemClock;
use fieldcrew_core::handover::{Handover, HandoverAck, OpenProblem};
use fieldcrew_core::store::Store;
use fieldcrew_server::db::handovers::HandoverFilter;
use fieldcrew_server::test_support::TestServer;
use fieldcrew_sync::{SyncClient, SyncConfig};
use reqwest::StatusCode;
use std::sync::Arc;
use uuid::Uuid;

async fn phone(server: &TestServer, crew: &str, pin: &str) -> (tempfile::TempDir, Store, SyncClient) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let client = SyncClient::new(&server.base_url, Arc::new(SystemClock), SyncConfig::default()).unwrap();
    client.pair(&mut store, crew, pin, "张伟", "test phone").await.unwrap();
    (dir, store, client)
}

fn handover(crew: &str, minutes_ago: i64, problem: &str) -> Handover {
    Handover {
        id: Uuid::now_v7(),
        crew_code: crew.into(),
        written_by: "张伟".into(),
        written_at: Utc::now() - Duration::minutes(minutes_ago),
        summary: String::new(),
        problems: vec![OpenProblem {
            id: Uuid::now_v7(),
            text: problem.into(),
            order_id: None,
            order_number: None,
            equipment: None,
        }],
        closed: vec![],
    }
}

fn strip_kinds(live: &str) -> usize {
    live.matches(r#"data-kind="handover""#).count()
}

#[tokio::test]
async fn a_handover_nobody_took_over_in_time_is_on_the_strip_until_acknowledged() {
    let server = TestServer::start_with(|s| s.handover_ack_minutes = 30).await;
    let console = Console::signed_in(&server).await;
    let (_a, mut late, client) = phone(&server, &server.crew_code, &server.pin).await;
    let (_b, mut fresh, other) = phone(&server, &server.other_crew_code, &server.other_pin).await;
    let waiting = handover(&server.crew_code, 31, "拉线松动");
    late.write_handover(&waiting).unwrap();
    client.sync_once(&mut late).await.unwrap();
    fresh.write_handover(&handover(&server.other_crew_code, 5, "表箱门损坏")).unwrap();
    other.sync_once(&mut fresh).await.unwrap();

    let live = console.page("/console/board/live").await;
    assert_eq!(strip_kinds(&live), 1, "only the one signed 31 minutes ago");
    assert!(live.contains(&format!(r#"data-need="handover:{}""#, waiting.id)));

    let ack =
        HandoverAck {
            handover_id: waiting.id, acknowledged_by: "李强".into(), acknowledged_at: Utc::now()
        };
    // The second phone of the crew pulls it and takes over.
    let (_c, mut incoming, third) = phone(&server, &server.crew_code, &server.pin).await;
    third.sync_once(&mut incoming).await.unwrap();
    incoming.acknowledge_handover(&ack).unwrap();
    third.sync_once(&mut incoming).await.unwrap();
    assert_eq!(strip_kinds(&console.page("/console/board/live").await), 0);
}

#[tokio::test]
async fn the_log_page_finds_by_text_and_crew_and_closes_a_problem_once_with_the_dispatcher_s_name() {
    let server = TestServer::start().await;
    let console = Console::signed_in(&server).await;
    let (_a, mut store, client) = phone(&server, &server.crew_code, &server.pin).await;
    let h = handover(&server.crew_code, 90, "2号配变异响");
    store.write_handover(&h).unwrap();
    client.sync_once(&mut store).await.unwrap();
    let problem = h.problems[0].id;

    let page = console.page("/console/handovers?q=%E9%85%8D%E5%8F%98").await; // 配变
    assert!(page.contains("2号配变异响") && page.contains("张伟"));
    assert!(page.contains("已持续 1 小时"), "the problem's age is shown");
    let other_crew = console.page(&format!("/console/handovers?crew={}", server.other_crew_code)).await;
    assert!(!other_crew.contains("2号配变异响"));

    let csrf = console.csrf().await;
    let path = format!("/console/handovers/problems/{problem}/close");
    let blank = console.post(&path, &[("csrf", csrf.as_str()), ("note", "  ")]).await;
    assert_eq!(blank.status(), StatusCode::BAD_REQUEST);
    let closed = console.post(&path, &[("csrf", csrf.as_str()), ("note", "已更换套管")]).await;
    assert_eq!(closed.status(), StatusCode::SEE_OTHER);
    assert!(location(&closed).starts_with("/console/handovers?saved=closed"));
    let again = console.post(&path, &[("csrf", csrf.as_str()), ("note", "再关一次")]).await;
    assert_eq!(again.status(), StatusCode::CONFLICT);

    let log = server.db().handovers(&HandoverFilter { limit: 10, ..Default::default() }).unwrap();
    let closure = log[0].problems[0].closed.clone().expect("closed");
    assert_eq!(
        (closure.closed_by.as_str(), closure.note.as_str()),
        (server.dispatcher.0.as_str(), "已更换套管")
    );
    // The crew's phone drops it from its open problems with its next pull.
    client.sync_once(&mut store).await.unwrap();
    assert!(store.open_problems().unwrap().is_empty());
}
