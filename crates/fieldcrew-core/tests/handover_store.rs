//! The shift handover on the phone's store: written and acknowledged
//! offline, once each however often the button is tapped, and still there
//! after the app is killed and reopened.

use chrono::{Duration, TimeZone, Utc};
use fieldcrew_core::OrderId;
use fieldcrew_core::handover::{
    CarriedProblem, CrewHandover, Handover, HandoverAck, HandoverError, OpenProblem, ProblemClosure,
    SignedHandover,
};
use fieldcrew_core::store::{OutboxKind, RecordError, Store};
use uuid::Uuid;

fn problem(text: &str) -> OpenProblem {
    OpenProblem {
        id: Uuid::now_v7(),
        text: text.into(),
        order_id: Some(OrderId::new()),
        order_number: Some("QX-20261207-0003".into()),
        equipment: Some("东湖线3号杆".into()),
    }
}

fn handover(by: &str, problems: Vec<OpenProblem>) -> Handover {
    Handover {
        id: Uuid::now_v7(),
        crew_code: "CREW-1".into(),
        written_by: by.into(),
        written_at: Utc.with_ymd_and_hms(2026, 12, 7, 0, 30, 0).unwrap(),
        summary: "夜班处理故障 3 起".into(),
        problems,
        closed: vec![],
    }
}

#[test]
fn a_handover_written_offline_survives_reopening_and_a_double_tap_records_it_once() {
    let dir = tempfile::tempdir().unwrap();
    let h = handover("张伟", vec![problem("拉线松动,待紧固")]);
    {
        let mut store = Store::open(dir.path()).unwrap();
        assert!(store.write_handover(&h).unwrap());
        assert!(!store.write_handover(&h).unwrap(), "the second tap adds nothing");
    }
    let store = Store::open(dir.path()).unwrap();
    let queued = store.outbox_pending(10).unwrap();
    assert_eq!(queued.len(), 1);
    assert_eq!(queued[0].kind, OutboxKind::Handover);
    assert_eq!(queued[0].order_id, None);
    assert_eq!(serde_json::from_str::<Handover>(&queued[0].payload).unwrap(), h);
    let latest = store.latest_handover().unwrap().unwrap();
    assert_eq!((latest.handover, latest.ack, latest.unsent), (h.clone(), None, true));
    let open = store.open_problems().unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!((open[0].problem.text.as_str(), open[0].raised_by.as_str()), ("拉线松动,待紧固", "张伟"));
}

#[test]
fn the_incoming_member_acknowledges_once_and_not_as_the_outgoing_one() {
    let (_dir, mut store) = open();
    let h = handover("张伟", vec![]);
    store.write_handover(&h).unwrap();
    let ack = |by: &str| HandoverAck {
        handover_id: h.id,
        acknowledged_by: by.into(),
        acknowledged_at: h.written_at + Duration::minutes(5),
    };
    assert!(matches!(
        store.acknowledge_handover(&ack("张伟")),
        Err(RecordError::Handover(HandoverError::SamePerson(_)))
    ));
    assert!(matches!(
        store.acknowledge_handover(&HandoverAck { handover_id: Uuid::now_v7(), ..ack("李强") }),
        Err(RecordError::UnknownHandover(_))
    ));
    assert!(store.acknowledge_handover(&ack("李强")).unwrap());
    assert!(!store.acknowledge_handover(&ack("李强")).unwrap(), "a double tap records one acknowledgment");
    let kinds: Vec<OutboxKind> = store.outbox_pending(10).unwrap().iter().map(|i| i.kind).collect();
    assert_eq!(kinds, [OutboxKind::Handover, OutboxKind::HandoverAck]);
    assert_eq!(store.latest_handover().unwrap().unwrap().ack.unwrap().acknowledged_by, "李强");
}

#[test]
fn a_blank_problem_is_refused_and_nothing_is_queued() {
    let (_dir, mut store) = open();
    let h = handover("张伟", vec![problem(" ")]);
    assert!(matches!(store.write_handover(&h), Err(RecordError::Handover(HandoverError::EmptyProblem(1)))));
    assert_eq!(store.outbox_len().unwrap(), 0);
    assert!(store.latest_handover().unwrap().is_none());
}

#[test]
fn a_pulled_handover_arrives_for_acknowledgment_and_its_open_problems_are_carried() {
    let (_dir, mut store) = open();
    let written_elsewhere = handover("张伟", vec![problem("2号变压器异响")]);
    let carried = CarriedProblem {
        problem: written_elsewhere.problems[0].clone(),
        handover_id: written_elsewhere.id,
        raised_by: "张伟".into(),
        raised_at: written_elsewhere.written_at,
    };
    let state = CrewHandover {
        latest: Some(SignedHandover { handover: written_elsewhere.clone(), ack: None }),
        open_problems: vec![carried.clone()],
    };
    store.apply_crew_handover(&state).unwrap();
    assert_eq!(store.crew_handover().unwrap().fingerprint(), state.fingerprint());
    let latest = store.latest_handover().unwrap().unwrap();
    assert_eq!((latest.handover.id, latest.unsent), (written_elsewhere.id, false));
    assert_eq!(store.open_problems().unwrap(), vec![carried.clone()]);

    // The next handover, written here, closes it and raises a new one:
    // until the server has it, the phone already shows the result.
    let mut next = handover("李强", vec![problem("路灯线搭接处发热")]);
    next.written_at += Duration::hours(12);
    next.closed = vec![ProblemClosure { problem_id: carried.problem.id, note: "已更换".into() }];
    store.write_handover(&next).unwrap();
    let open: Vec<String> = store.open_problems().unwrap().into_iter().map(|p| p.problem.text).collect();
    assert_eq!(open, ["路灯线搭接处发热"]);
}

fn open() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    (dir, store)
}
