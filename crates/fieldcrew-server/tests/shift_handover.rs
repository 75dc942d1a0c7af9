//! The shift handover (交接班) end to end on loopback: real phone stores and
//! the real sync client against the real server, the log read back through
//! `GET /v1/handovers` and the console's close.

mod common;

use chrono::{Duration, Utc};
use common::dispatcher_token;
use fieldcrew_core::clock::SystemClock;
use fieldcrew_core::handover::{Handover, HandoverAck, OpenProblem, ProblemClosure};
use fieldcrew_core::store::Store;
use fieldcrew_server::test_support::TestServer;
use fieldcrew_sync::{SyncClient, SyncConfig};
use serde_json::Value;
use std::sync::Arc;
use uuid::Uuid;

struct Phone {
    _dir: tempfile::TempDir,
    store: Store,
    client: SyncClient,
}

impl Phone {
    async fn paired(server: &TestServer, crew: &str, pin: &str, member: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        let client = SyncClient::new(&server.base_url, Arc::new(SystemClock), SyncConfig::default()).unwrap();
        client.pair(&mut store, crew, pin, member, "test phone").await.unwrap();
        Self { _dir: dir, store, client }
    }

    async fn sync(&mut self) {
        self.client.sync_once(&mut self.store).await.unwrap();
    }
}

fn problem(text: &str, order: Option<(fieldcrew_core::OrderId, &str)>) -> OpenProblem {
    OpenProblem {
        id: Uuid::now_v7(),
        text: text.into(),
        order_id: order.map(|(id, _)| id),
        order_number: order.map(|(_, n)| n.to_string()),
        equipment: Some("10kV东湖线3号杆".into()),
    }
}

fn handover(crew: &str, by: &str, problems: Vec<OpenProblem>, closed: Vec<ProblemClosure>) -> Handover {
    Handover {
        id: Uuid::now_v7(),
        crew_code: crew.into(),
        written_by: by.into(),
        written_at: Utc::now(),
        summary: format!("{by}值班:处理故障2起"),
        problems,
        closed,
    }
}

async fn log(server: &TestServer, token: &str, query: &str) -> Vec<Value> {
    let response = reqwest::Client::new()
        .get(format!("{}/v1/handovers{query}", server.base_url))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "{query}");
    response.json().await.unwrap()
}

#[tokio::test]
async fn a_handover_written_offline_reaches_the_log_once_and_the_second_phone_acknowledges_it() {
    let server = TestServer::start().await;
    let crew = server.crew_code.clone();
    let order = server.create_order(&crew);
    let mut outgoing = Phone::paired(&server, &crew, &server.pin, "张伟").await;
    let mut incoming = Phone::paired(&server, &crew, &server.pin, "李强").await;
    outgoing.sync().await;

    // Written with no network (nothing is sent until the sync), the app
    // killed and reopened before the sync.
    let h = handover(&crew, "张伟", vec![problem("拉线松动待紧固", Some((order.id, &order.number)))], vec![]);
    assert!(outgoing.store.write_handover(&h).unwrap());
    assert!(!outgoing.store.write_handover(&h).unwrap(), "double tap");
    outgoing.store = Store::open(outgoing._dir.path()).unwrap();
    assert_eq!(outgoing.store.outbox_len().unwrap(), 1);

    // Pushed twice: the reply of the first is lost, the same items go again.
    let pending = outgoing.store.outbox_pending(10).unwrap();
    outgoing.sync().await;
    let token = outgoing.store.pairing().unwrap().unwrap().token;
    let batch = serde_json::json!({
        "device_id": outgoing.store.device_id(),
        "boot_epochs": [],
        "items": [{ "device_seq": pending[0].device_seq, "kind": "handover",
                    "handover": serde_json::from_str::<Value>(&pending[0].payload).unwrap() }],
    });
    let again: Value = reqwest::Client::new()
        .post(format!("{}/v1/push", server.base_url))
        .bearer_auth(token)
        .json(&batch)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(again["results"][0]["outcome"], "accepted", "the slot's first answer, repeated: {again}");

    let dispatcher = dispatcher_token(&server).await;
    let entries = log(&server, &dispatcher, "").await;
    assert_eq!(entries.len(), 1, "{entries:?}");
    assert_eq!(entries[0]["written_by"], "张伟");
    assert_eq!(entries[0]["problems"][0]["order_number"], order.number.as_str());
    assert!(entries[0].get("acknowledged_by").is_none());

    // The second phone of the crew gets it with its pull and acknowledges.
    incoming.sync().await;
    let arrived = incoming.store.latest_handover().unwrap().expect("pulled");
    assert_eq!((arrived.handover.id, arrived.ack.is_none()), (h.id, true));
    assert_eq!(incoming.store.open_problems().unwrap().len(), 1);
    let ack =
        HandoverAck { handover_id: h.id, acknowledged_by: "李强".into(), acknowledged_at: Utc::now() };
    assert!(incoming.store.acknowledge_handover(&ack).unwrap());
    assert!(!incoming.store.acknowledge_handover(&ack).unwrap(), "double tap");
    incoming.sync().await;
    incoming.sync().await;

    let entries = log(&server, &dispatcher, "").await;
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["written_by"], "张伟");
    assert_eq!(entries[0]["acknowledged_by"], "李强");
    let written: chrono::DateTime<Utc> = serde_json::from_value(entries[0]["written_at"].clone()).unwrap();
    let acked: chrono::DateTime<Utc> = serde_json::from_value(entries[0]["acknowledged_at"].clone()).unwrap();
    assert!((written - h.written_at).abs() < Duration::milliseconds(1));
    assert!((acked - ack.acknowledged_at).abs() < Duration::milliseconds(1));

    // The writer's phone hears of the acknowledgment by its pull too.
    outgoing.sync().await;
    assert_eq!(outgoing.store.latest_handover().unwrap().unwrap().ack.unwrap().acknowledged_by, "李强");
}

#[tokio::test]
async fn an_open_problem_is_carried_into_the_next_handover_until_closed_and_the_log_is_searchable() {
    let server = TestServer::start().await;
    let crew = server.crew_code.clone();
    let mut phone = Phone::paired(&server, &crew, &server.pin, "张伟").await;
    let mut other = Phone::paired(&server, &server.other_crew_code, &server.other_pin, "王芳").await;
    let dispatcher = dispatcher_token(&server).await;

    let first =
        handover(&crew, "张伟", vec![problem("2号配变异响", None), problem("路灯线搭接发热", None)], vec![]);
    phone.store.write_handover(&first).unwrap();
    phone.sync().await;
    let elsewhere =
        handover(&server.other_crew_code, "王芳", vec![problem("西湖村表箱门损坏", None)], vec![]);
    other.store.write_handover(&elsewhere).unwrap();
    other.sync().await;

    // The next shift closes one on the phone; the other is carried.
    let noise = first.problems[0].id;
    let heat = first.problems[1].id;
    let second = handover(
        &crew,
        "李强",
        vec![],
        vec![ProblemClosure { problem_id: noise, note: "已紧固螺栓".into() }],
    );
    phone.store.write_handover(&second).unwrap();
    phone.sync().await;
    let open: Vec<Uuid> = phone.store.open_problems().unwrap().iter().map(|p| p.problem.id).collect();
    assert_eq!(open, [heat]);

    let entries = log(&server, &dispatcher, &format!("?crew={crew}")).await;
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0]["id"], second.id.to_string(), "newest first");
    let carried: Vec<&str> =
        entries[0]["carried"].as_array().unwrap().iter().map(|p| p["text"].as_str().unwrap()).collect();
    assert_eq!(carried, ["路灯线搭接发热"]);
    assert_eq!(entries[1]["problems"][0]["closed"]["note"], "已紧固螺栓");

    // Closed on the console with a note: gone from the phone after its pull,
    // and no longer carried into the next handover.
    server.db().close_handover_problem(heat, "调度员", "已派专班更换", Utc::now()).unwrap().unwrap();
    phone.sync().await;
    assert!(phone.store.open_problems().unwrap().is_empty());
    let third = handover(&crew, "张伟", vec![], vec![]);
    let third = Handover { summary: "本班无新问题".into(), ..third };
    phone.store.write_handover(&third).unwrap();
    phone.sync().await;
    let entries = log(&server, &dispatcher, &format!("?crew={crew}")).await;
    assert!(entries[0]["carried"].as_array().unwrap().is_empty(), "{}", entries[0]);

    // Search by text and by crew.
    let found = log(&server, &dispatcher, "?q=%E8%A1%A8%E7%AE%B1").await; // 表箱
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["crew_code"], server.other_crew_code.as_str());
    let by_crew = log(&server, &dispatcher, &format!("?crew={}", server.other_crew_code)).await;
    assert_eq!(by_crew.len(), 1);
    assert!(log(&server, &dispatcher, "?q=nothing-like-this").await.is_empty());
    let today = (Utc::now() + Duration::hours(8)).format("%Y-%m-%d");
    assert_eq!(log(&server, &dispatcher, &format!("?date={today}")).await.len(), 4);
    assert!(log(&server, &dispatcher, "?date=2020-01-01").await.is_empty());
}
