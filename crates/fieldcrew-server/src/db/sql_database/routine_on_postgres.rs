//! The station routine's storage (handovers, daily checks, call-backs, the
//! order record, complaints) run on a real PostgreSQL through the same
//! functions the SQLite file uses: what PostgreSQL reads back as its own
//! types (times, booleans, BIGINT), and the read-then-write decisions under
//! several connections. Skipped, saying so, without
//! FIELDCREW_TEST_DATABASE_URL (scripts/postgres.sh prints one).

use super::{callbacks, complaints, daily_checks, handovers, insert_order, order_record, to_json};
use crate::db::backend::postgres::PostgresBackend;
use crate::db::backend::postgres::scratch_backend as open;
use crate::db::backend::run;
use crate::db::handovers::{CloseRefusal, HandoverFilter};
use crate::db::{
    Callback, CallbackOutcome, Complaint, ComplaintRefusal, FollowUp, StoredDailyCheck, callback_due,
};
use chrono::{DateTime, Duration, TimeZone, Utc};
use fieldcrew_domain::complaint::{ComplaintKind, ComplaintStatus};
use fieldcrew_domain::daily_check::{DailyCheck, check_day};
use fieldcrew_domain::handover::{Handover, HandoverAck, OpenProblem, ProblemClosure};
use fieldcrew_domain::lifecycle::OrderState;
use fieldcrew_domain::{DeviceId, Evidence, OrderId};
use fieldcrew_sql::args;
use uuid::Uuid;

fn at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 7, 1, 30, 0).unwrap()
}

fn handover(written_by: &str, written_at: DateTime<Utc>, problems: &[&str], closes: &[Uuid]) -> Handover {
    Handover {
        id: Uuid::now_v7(),
        crew_code: "CREW-1".into(),
        written_by: written_by.into(),
        written_at,
        summary: "夜班巡视 10kV 东湖线 50%_完成".into(),
        problems: problems
            .iter()
            .map(|text| OpenProblem {
                id: Uuid::now_v7(),
                text: (*text).into(),
                order_id: None,
                order_number: None,
                equipment: Some("3 号杆".into()),
            })
            .collect(),
        closed: closes.iter().map(|id| ProblemClosure { problem_id: *id, note: "已紧固".into() }).collect(),
    }
}

#[test]
fn handovers_carry_close_and_sign_on_postgres_as_on_sqlite() {
    let Some((_db, backend)) = open() else { return };
    let device = DeviceId::new();
    let first = handover("张伟", at(), &["拉线松动", "表箱门坏"], &[]);
    let [loose, door] = [first.problems[0].id, first.problems[1].id];
    assert!(run(&backend, |sql| handovers::insert(sql, "CREW-1", device, &first, at())).unwrap());
    // The same handover again stores nothing.
    assert!(!run(&backend, |sql| handovers::insert(sql, "CREW-1", device, &first, at())).unwrap());

    let later = at() + Duration::hours(8);
    let second = handover("李娜", later, &[], &[loose]);
    assert!(run(&backend, |sql| handovers::insert(sql, "CREW-1", device, &second, later)).unwrap());
    let state = run(&backend, |sql| handovers::crew_state(sql, "CREW-1")).unwrap();
    assert_eq!(state.latest.unwrap().handover, second);
    assert_eq!(state.open_problems.iter().map(|p| p.problem.id).collect::<Vec<_>>(), vec![door]);

    // Signed once: a second signature is the first one's duplicate.
    let ack =
        HandoverAck { handover_id: second.id, acknowledged_by: "王强".into(), acknowledged_at: later };
    let first_ack = run(&backend, |sql| handovers::acknowledge(sql, "CREW-1", device, &ack, later)).unwrap();
    assert!(matches!(first_ack, handovers::AckStored::First));
    let again = run(&backend, |sql| handovers::acknowledge(sql, "CREW-1", device, &ack, later)).unwrap();
    assert!(matches!(again, handovers::AckStored::AlreadyAcknowledged));

    // The log: by day (UTC+8), by crew code in either case, by words with
    // LIKE's own characters taken literally, newest first.
    let filter = |text: &str| HandoverFilter {
        text: Some(text.into()),
        crew: Some("CREW-1".into()),
        day: Some(check_day(later)),
        limit: 10,
    };
    let log = run(&backend, |sql| handovers::log(sql, &filter("50%_完成"))).unwrap();
    assert_eq!(log.iter().map(|e| e.id).collect::<Vec<_>>(), vec![second.id, first.id]);
    assert_eq!(log[0].acknowledged_by.as_deref(), Some("王强"));
    assert_eq!(log[0].acknowledged_at, Some(later));
    assert_eq!(log[0].carried.iter().map(|p| p.id).collect::<Vec<_>>(), vec![door]);
    assert_eq!(log[1].problems.iter().map(|p| p.id).collect::<Vec<_>>(), vec![loose, door], "as raised");
    let closed = log[1].problems.iter().find(|p| p.id == loose).unwrap().closed.clone().unwrap();
    assert_eq!(
        (closed.closed_by.as_str(), closed.closed_at, closed.in_handover),
        ("李娜", later, Some(second.id))
    );
    assert_eq!(run(&backend, |sql| handovers::log(sql, &filter("crew-1"))).unwrap().len(), 2);
    assert!(run(&backend, |sql| handovers::log(sql, &filter("50%x"))).unwrap().is_empty());

    // Closed from the console once; the crew's latest handover is signed,
    // so none is waiting to be chased.
    let close = |sql: &mut dyn fieldcrew_sql::Sql| handovers::close(sql, door, "调度员", "已修", later);
    assert_eq!(run(&backend, close).unwrap(), Ok("CREW-1".to_string()));
    assert_eq!(run(&backend, close).unwrap(), Err(CloseRefusal::AlreadyClosed));
    assert!(
        run(&backend, |sql| handovers::unacknowledged(sql, later + Duration::hours(1))).unwrap().is_empty()
    );
}

#[test]
fn a_daily_check_is_stored_once_and_found_by_day_and_time_on_postgres() {
    let Some((_db, backend)) = open() else { return };
    let checked_at = at();
    let check = DailyCheck {
        id: Uuid::now_v7(),
        crew_code: "CREW-1".into(),
        checked_by: "王师傅".into(),
        device_id: DeviceId::new(),
        evidence: Evidence {
            device_time: checked_at,
            monotonic_ms: 1,
            boot_id: "b".into(),
            gnss_time: None,
            fix: None,
        },
        items: vec![],
    };
    let stored = StoredDailyCheck {
        check,
        checked_at,
        time_corrected: false,
        day: check_day(checked_at),
        received_at: at(),
    };
    assert!(run(&backend, |sql| daily_checks::insert(sql, "CREW-1", &stored)).unwrap());
    assert!(!run(&backend, |sql| daily_checks::insert(sql, "CREW-1", &stored)).unwrap());
    let before =
        |t: DateTime<Utc>| run(&backend, |sql| daily_checks::checked_before(sql, "CREW-1", t)).unwrap();
    assert!(before(checked_at));
    assert!(!before(checked_at - Duration::milliseconds(1)));
    let day = run(&backend, |sql| daily_checks::on_day(sql, stored.day)).unwrap();
    assert_eq!(day, vec![("CREW-1".to_string(), stored.clone())]);
}

/// A restored order, as a pushed Restored event leaves it.
fn restored_order(backend: &PostgresBackend) -> OrderId {
    let mut order = fieldcrew_domain::demo::demo_orders(at()).remove(0);
    order.id = OrderId::new();
    order.assigned_crew = Some("CREW-1".into());
    let state = OrderState { restored_at: Some(at()), ..OrderState::default() };
    assert!(callback_due(&state, None));
    run(backend, |sql| {
        insert_order(sql, &order)?;
        sql.execute(
            "UPDATE orders SET state = ?2 WHERE id = ?1",
            args![order.id.to_string(), to_json(&state)],
        )?;
        Ok(())
    })
    .unwrap();
    order.id
}

#[test]
fn a_call_back_form_sent_twice_at_once_on_two_connections_is_stored_once() {
    let Some((_db, backend)) = open() else { return };
    let order = restored_order(&backend);
    for round in 0..5 {
        // Each request stamps its own time and id before reaching the
        // database, as two clicks of one form do.
        let barrier = std::sync::Barrier::new(2);
        std::thread::scope(|s| {
            for i in 0..2 {
                let (backend, barrier) = (&backend, &barrier);
                s.spawn(move || {
                    let callback = Callback {
                        id: Uuid::now_v7(),
                        order_id: order,
                        outcome: CallbackOutcome::NotReached,
                        note: format!("第 {round} 次"),
                        recorded_by: "dispatcher".into(),
                        recorded_at: at() + Duration::minutes(round) + Duration::milliseconds(i),
                    };
                    barrier.wait();
                    run(backend, |sql| callbacks::record(sql, &callback)).unwrap().unwrap();
                });
            }
        });
    }
    let stored = run(&backend, |sql| callbacks::for_orders(sql, &[order])).unwrap();
    assert_eq!(stored.len(), 5, "{stored:#?}");
    assert!(stored.windows(2).all(|w| w[0].recorded_at < w[1].recorded_at));
}

#[test]
fn the_order_record_reads_back_on_postgres() {
    let Some((_db, backend)) = open() else { return };
    let order = restored_order(&backend);
    let follow_up = FollowUp {
        id: Uuid::now_v7(),
        order_id: order,
        caller_name: "赵女士".into(),
        caller_phone: "13800000000".into(),
        content: "还是没电".into(),
        received_at: at() + Duration::minutes(20),
        taken_by: "dispatcher".into(),
    };
    run(&backend, |sql| {
        order_record::add_assignment(sql, order, "CREW-2", at() + Duration::minutes(5), Some("lead"))?;
        order_record::set_taken_by(sql, order, "dispatcher")?;
        order_record::set_taken_by(sql, order, "someone else")?;
        order_record::add_follow_up(sql, &follow_up)
    })
    .unwrap();
    let record = run(&backend, |sql| order_record::load(sql, order)).unwrap();
    assert_eq!(record.taken_by.as_deref(), Some("dispatcher"));
    let crews: Vec<_> = record.assignments.iter().map(|a| (a.crew_code.as_str(), a.by.as_deref())).collect();
    // The intake's own assignment takes the dispatcher's name; a later one keeps its own.
    assert_eq!(crews, vec![("CREW-1", Some("dispatcher")), ("CREW-2", Some("lead"))]);
    assert_eq!(record.follow_ups, vec![follow_up]);
}

#[test]
fn two_dispatchers_answering_one_complaint_at_once_leave_one_answer() {
    let Some((_db, backend)) = open() else { return };
    let complaint = Complaint {
        id: Uuid::now_v7(),
        kind: ComplaintKind::Complaint,
        received_at: at(),
        due_at: at() + Duration::days(1),
        reporter_name: "钱先生".into(),
        reporter_phone: "13900000000".into(),
        place: "东湖村".into(),
        content: "抢修太慢".into(),
        owner: "营销部".into(),
        taken_by: "dispatcher".into(),
        status: ComplaintStatus::Open,
        answer: None,
        answered_by: None,
        answered_at: None,
        closed_at: None,
    };
    run(&backend, |sql| complaints::insert(sql, &complaint)).unwrap();
    let barrier = std::sync::Barrier::new(2);
    let answers: Vec<Result<Complaint, ComplaintRefusal>> = std::thread::scope(|s| {
        let handles: Vec<_> = ["甲", "乙"]
            .into_iter()
            .map(|by| {
                let (backend, barrier) = (&backend, &barrier);
                s.spawn(move || {
                    barrier.wait();
                    run(backend, |sql| complaints::answer(sql, complaint.id, "已回复", by, at())).unwrap()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let answered: Vec<_> = answers.iter().filter_map(|a| a.as_ref().ok()).collect();
    assert_eq!(answered.len(), 1, "{answers:?}");
    assert!(answers.iter().any(|a| a == &Err(ComplaintRefusal::WrongStatus)));
    let stored = run(&backend, |sql| complaints::get(sql, complaint.id)).unwrap().unwrap();
    assert_eq!(&stored, answered[0]);
    assert!(run(&backend, |sql| complaints::open(sql)).unwrap().is_empty());
}
