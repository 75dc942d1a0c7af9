//! The reason a deadline was missed: when the crew may give it, which one
//! counts, and which late steps still lack one.

mod common;

use chrono::Duration;
use common::*;
use fieldcrew_core::event::{EventKind, LateStep};
use fieldcrew_core::late::{recorded_late, unexplained_late_steps};
use fieldcrew_core::lifecycle::OrderState;
use fieldcrew_core::order::{AreaClass, EquipmentKind};
use fieldcrew_core::sla::WorkCalendar;
use fieldcrew_core::{RecordError, RuleViolation, Thresholds};

fn explain(step: LateStep, reason: &str) -> EventKind {
    EventKind::DelayExplained { step, reason: reason.into() }
}

#[test]
fn a_delay_is_explained_only_after_its_step_is_recorded() {
    let (_dir, mut store) = open_store();
    let order = order(EquipmentKind::Line, AreaClass::Rural, friday_morning_utc());
    store.upsert_order(&order).unwrap();
    let refused = |r: Result<_, RecordError>| match r {
        Err(RecordError::Rule(v)) => v,
        other => panic!("expected a rule violation, got {other:?}"),
    };
    assert_eq!(
        refused(store.record(order.id, explain(LateStep::Arrived, "路途远"), "李师傅", evidence())),
        RuleViolation::NotArrived
    );
    store.record(order.id, EventKind::Arrived, "李师傅", evidence()).unwrap();
    store.record(order.id, explain(LateStep::Arrived, "路途远"), "李师傅", evidence()).unwrap();
    assert_eq!(
        refused(store.record(order.id, explain(LateStep::Restored, "天气恶劣"), "李师傅", evidence())),
        RuleViolation::StepNotRecorded(LateStep::Restored)
    );
}

#[test]
fn the_latest_reason_counts_and_a_closed_order_still_takes_one() {
    let (_dir, mut store) = open_store();
    let order = order(EquipmentKind::Line, AreaClass::Rural, friday_morning_utc());
    store.upsert_order(&order).unwrap();
    for kind in [EventKind::Arrived, EventKind::Restored, all_ticked(false), EventKind::Closed] {
        store.record(order.id, kind, "李师傅", evidence()).unwrap();
    }
    store.record(order.id, explain(LateStep::Restored, "交通受阻"), "李师傅", evidence()).unwrap();
    store.record(order.id, explain(LateStep::Restored, "天气恶劣"), "李师傅", evidence()).unwrap();
    let state = store.order(order.id).unwrap().unwrap().state;
    assert_eq!(state.late_reason(LateStep::Restored), Some("天气恶劣"));
    assert_eq!(state.late_reason(LateStep::Arrived), None);
}

#[test]
fn an_overlong_reason_is_refused_like_other_free_text() {
    let (_dir, mut store) = open_store();
    let order = meter_order();
    store.upsert_order(&order).unwrap();
    store.record(order.id, EventKind::Arrived, "李师傅", evidence()).unwrap();
    let long = "远".repeat(100_000);
    assert!(store.record(order.id, explain(LateStep::Arrived, &long), "李师傅", evidence()).is_err());
}

#[test]
fn only_steps_recorded_past_their_deadline_and_without_a_reason_are_unexplained() {
    let order = order(EquipmentKind::Line, AreaClass::Urban, friday_morning_utc());
    let (limits, calendar) = (Thresholds::default(), WorkCalendar::default());
    let mut state =
        OrderState { arrived_at: Some(order.reported_at + Duration::minutes(44)), ..Default::default() };
    assert!(unexplained_late_steps(&order, &state, &limits, &calendar).is_empty());

    state.arrived_at = Some(order.reported_at + Duration::minutes(50));
    assert!(recorded_late(LateStep::Arrived, &order, &state, &limits, &calendar));
    assert_eq!(unexplained_late_steps(&order, &state, &limits, &calendar), vec![LateStep::Arrived]);

    state.arrival_late_reason = Some("交通受阻".into());
    assert!(unexplained_late_steps(&order, &state, &limits, &calendar).is_empty());
}

#[test]
fn a_state_stored_before_reasons_existed_still_parses() {
    let mut old = serde_json::to_value(OrderState::default()).unwrap();
    let fields = old.as_object_mut().unwrap();
    fields.remove("arrival_late_reason");
    fields.remove("restore_late_reason");
    let state: OrderState = serde_json::from_value(old).unwrap();
    assert_eq!(state.late_reason(LateStep::Arrived), None);
}
