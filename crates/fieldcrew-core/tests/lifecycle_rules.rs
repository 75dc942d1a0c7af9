//! Every row of the lifecycle table, exercised through the real store.

mod common;

use common::*;
use fieldcrew_core::checklist::CheckedItem;
use fieldcrew_core::event::{EventKind, EventType};
use fieldcrew_core::lifecycle::{RULES, RuleContext, Status};
use fieldcrew_core::order::{AreaClass, EquipmentKind};
use fieldcrew_core::{RecordError, RuleViolation, Store, WorkOrder};

fn record(store: &mut Store, order: &WorkOrder, kind: EventKind) -> Result<(), RecordError> {
    store.record(order.id, kind, "李师傅", evidence()).map(|_| ())
}

fn refused(result: Result<(), RecordError>) -> RuleViolation {
    match result {
        Err(RecordError::Rule(v)) => v,
        other => panic!("expected a rule violation, got {other:?}"),
    }
}

fn line_order_on_site() -> (tempfile::TempDir, Store, WorkOrder) {
    let (dir, mut store) = open_store();
    let order = order(EquipmentKind::Line, AreaClass::Rural, friday_morning_utc());
    store.upsert_order(&order).unwrap();
    record(&mut store, &order, EventKind::Arrived).unwrap();
    (dir, store, order)
}

#[test]
fn every_event_type_has_exactly_one_rule_row() {
    let types: Vec<EventType> = RULES.iter().map(|(t, _)| *t).collect();
    let unique: std::collections::HashSet<_> = types.iter().collect();
    assert_eq!(types.len(), 16);
    assert_eq!(unique.len(), types.len());
}

#[test]
fn restoring_power_needs_arrival_first() {
    let (_dir, mut store) = open_store();
    let order = meter_order();
    store.upsert_order(&order).unwrap();
    assert_eq!(refused(record(&mut store, &order, EventKind::Restored)), RuleViolation::NotArrived);
    record(&mut store, &order, EventKind::Arrived).unwrap();
    record(&mut store, &order, EventKind::Restored).unwrap();
    assert_eq!(store.order(order.id).unwrap().unwrap().state.status(), Status::Restored);
}

#[test]
fn site_report_escalation_and_customer_fault_help_need_arrival() {
    let (_dir, mut store) = open_store();
    let order = meter_order();
    store.upsert_order(&order).unwrap();
    for kind in [
        EventKind::SiteReport { text: "表箱烧毁".into() },
        EventKind::Escalated { reason: "需要更换配变".into() },
        EventKind::CustomerFaultAssisted { text: "指导客户更换漏保".into() },
        all_ticked(true),
    ] {
        assert_eq!(refused(record(&mut store, &order, kind)), RuleViolation::NotArrived);
    }
}

#[test]
fn arrival_and_restoration_are_recorded_once() {
    let (_dir, mut store, order) = line_order_on_site();
    assert_eq!(
        refused(record(&mut store, &order, EventKind::Arrived)),
        RuleViolation::AlreadyRecorded(EventType::Arrived)
    );
    record(&mut store, &order, EventKind::Restored).unwrap();
    assert_eq!(
        refused(record(&mut store, &order, EventKind::Restored)),
        RuleViolation::AlreadyRecorded(EventType::Restored)
    );
}

#[test]
fn steps_on_the_way_are_not_offered_or_taken_once_on_site() {
    let (_dir, mut store, order) = line_order_on_site();
    assert_eq!(refused(record(&mut store, &order, EventKind::Departed)), RuleViolation::AlreadyOnSite);
    assert_eq!(refused(record(&mut store, &order, EventKind::Acknowledged)), RuleViolation::AlreadyOnSite);
}

#[test]
fn a_meter_damage_record_needs_a_photo() {
    let (_dir, mut store, order) = line_order_on_site();
    assert_eq!(
        refused(record(&mut store, &order, damage("外壳破损", true, vec![]))),
        RuleViolation::NoPhotos
    );
}

#[test]
fn closing_needs_restoration_or_escalation_then_cleanup() {
    let (_dir, mut store, order) = line_order_on_site();
    assert_eq!(refused(record(&mut store, &order, EventKind::Closed)), RuleViolation::NotRestoredOrEscalated);
    record(&mut store, &order, EventKind::Escalated { reason: "主线故障，需调度处理".into() }).unwrap();
    assert_eq!(refused(record(&mut store, &order, EventKind::Closed)), RuleViolation::CleanupNotDone);
    record(&mut store, &order, all_ticked(false)).unwrap();
    record(&mut store, &order, EventKind::Closed).unwrap();
    assert_eq!(store.order(order.id).unwrap().unwrap().state.status(), Status::Closed);
}

#[test]
fn an_incomplete_checklist_is_refused_with_the_missing_item() {
    let (_dir, mut store, order) = line_order_on_site();
    let EventKind::CleanupCompleted { mut items } = all_ticked(false) else { unreachable!() };
    items.retain(|i: &CheckedItem| i.key != "phone_left");
    assert!(matches!(
        refused(record(&mut store, &order, EventKind::CleanupCompleted { items })),
        RuleViolation::ChecklistIncomplete(_)
    ));
}

#[test]
fn a_meter_order_needs_the_seal_number_in_its_checklist() {
    let (_dir, mut store) = open_store();
    let order = meter_order();
    store.upsert_order(&order).unwrap();
    record(&mut store, &order, EventKind::Arrived).unwrap();
    assert!(matches!(
        refused(record(&mut store, &order, all_ticked(false))),
        RuleViolation::ChecklistIncomplete(_)
    ));
    record(&mut store, &order, all_ticked(true)).unwrap();
}

#[test]
fn customer_caused_meter_damage_cannot_close_without_a_current_signature() {
    let (_dir, mut store) = open_store();
    let order = meter_order();
    store.upsert_order(&order).unwrap();
    record(&mut store, &order, EventKind::Arrived).unwrap();
    let photos = vec![photo(&mut store, order.id, 1)];
    record(&mut store, &order, damage("客户私自开启表箱", true, photos.clone())).unwrap();
    record(&mut store, &order, EventKind::Restored).unwrap();
    record(&mut store, &order, all_ticked(true)).unwrap();
    assert_eq!(refused(record(&mut store, &order, EventKind::Closed)), RuleViolation::SignatureMissing);

    let signed = signature(&mut store, order.id, "客户私自开启表箱", true, &photos);
    record(&mut store, &order, signed).unwrap();
    // The crew edits the cause after the customer signed: the signature is stale.
    record(&mut store, &order, damage("客户私自开启表箱并接线", true, photos.clone())).unwrap();
    assert_eq!(refused(record(&mut store, &order, EventKind::Closed)), RuleViolation::SignatureStale);

    let resigned = signature(&mut store, order.id, "客户私自开启表箱并接线", true, &photos);
    record(&mut store, &order, resigned).unwrap();
    record(&mut store, &order, EventKind::Closed).unwrap();
}

#[test]
fn a_signature_over_other_content_than_on_record_is_refused() {
    let (_dir, mut store, order) = line_order_on_site();
    let photos = vec![photo(&mut store, order.id, 7)];
    let early = signature(&mut store, order.id, "表计进水", true, &photos);
    assert_eq!(refused(record(&mut store, &order, early)), RuleViolation::NoMeterDamage);
    record(&mut store, &order, damage("表计进水", true, photos.clone())).unwrap();
    let other_photo = vec![photo(&mut store, order.id, 8)];
    let wrong = signature(&mut store, order.id, "表计进水", true, &other_photo);
    assert_eq!(refused(record(&mut store, &order, wrong)), RuleViolation::SignatureDoesNotMatch);
}

#[test]
fn damage_not_caused_by_the_customer_closes_without_a_signature() {
    let (_dir, mut store, order) = line_order_on_site();
    let photos = vec![photo(&mut store, order.id, 3)];
    record(&mut store, &order, damage("雷击损坏", false, photos)).unwrap();
    record(&mut store, &order, EventKind::Restored).unwrap();
    record(&mut store, &order, all_ticked(true)).unwrap();
    record(&mut store, &order, EventKind::Closed).unwrap();
}

#[test]
fn a_closed_order_takes_notes_but_nothing_else() {
    let (_dir, mut store, order) = line_order_on_site();
    record(&mut store, &order, EventKind::Restored).unwrap();
    record(&mut store, &order, all_ticked(false)).unwrap();
    record(&mut store, &order, EventKind::Closed).unwrap();
    assert_eq!(
        refused(record(&mut store, &order, EventKind::SiteReport { text: "补充".into() })),
        RuleViolation::OrderClosed
    );
    record(&mut store, &order, EventKind::Note { text: "客户来电致谢".into() }).unwrap();
}

#[test]
fn the_next_valid_actions_follow_the_table() {
    let (_dir, mut store) = open_store();
    let order = meter_order();
    store.upsert_order(&order).unwrap();
    let allowed = |store: &Store| {
        let row = store.order(order.id).unwrap().unwrap();
        RuleContext {
            order: &row.order,
            state: &row.state,
            checklist: store.checklist(),
            completion_photo_required: false,
        }
        .allowed_now()
    };
    let fresh = allowed(&store);
    assert!(fresh.contains(&EventType::Arrived) && !fresh.contains(&EventType::Restored));
    record(&mut store, &order, EventKind::Arrived).unwrap();
    let on_site = allowed(&store);
    assert!(on_site.contains(&EventType::Restored) && !on_site.contains(&EventType::Arrived));
    assert!(!on_site.contains(&EventType::Closed));
}

#[test]
fn when_two_phones_record_arrival_the_earlier_counts_whatever_order_their_pushes_arrive_in() {
    use fieldcrew_core::FieldEvent;
    use fieldcrew_core::ids::DeviceId;
    use fieldcrew_core::lifecycle::OrderState;
    let order = meter_order();
    let arrived =
        |device| FieldEvent::seal(order.id, EventKind::Arrived, evidence(), "李师傅".into(), device, None);
    let (first_phone, second_phone) = (arrived(DeviceId::new()), arrived(DeviceId::new()));
    let early = friday_morning_utc();
    let late = early + chrono::Duration::minutes(30);

    let mut state = OrderState::default();
    state.apply_at(&second_phone, late);
    state.apply_at(&first_phone, early);
    assert_eq!(state.arrived_at, Some(early));
}

#[test]
fn a_restoration_recorded_by_mistake_is_withdrawn_and_both_records_stay_in_the_chain() {
    use fieldcrew_core::event::CorrectableStep;
    let (_dir, mut store, order) = line_order_on_site();
    record(&mut store, &order, EventKind::Restored).unwrap();
    record(
        &mut store,
        &order,
        EventKind::StepCorrected {
            step: CorrectableStep::Restored, reason: "误触，客户仍无电".into()
        },
    )
    .unwrap();
    let row = store.order(order.id).unwrap().unwrap();
    assert_eq!(row.state.status(), Status::OnSite, "the order is back on site, not repaired");
    assert!(!row.state.is_repaired(), "no call-back falls due for a withdrawn restoration");
    assert_eq!(row.state.corrections, vec![(CorrectableStep::Restored, "误触，客户仍无电".to_string())]);
    let events = store.events(order.id).unwrap();
    assert_eq!(events.len(), 3, "the mistaken step is kept as evidence");
    fieldcrew_core::event::verify_chain(&events).unwrap();
    // Power restored for real later: the step can be recorded again.
    record(&mut store, &order, EventKind::Restored).unwrap();
    assert_eq!(store.order(order.id).unwrap().unwrap().state.status(), Status::Restored);
}

#[test]
fn arrival_can_not_be_withdrawn_once_power_is_restored_on_it() {
    use fieldcrew_core::event::CorrectableStep;
    let (_dir, mut store, order) = line_order_on_site();
    record(&mut store, &order, EventKind::Restored).unwrap();
    let correct_arrival =
        EventKind::StepCorrected { step: CorrectableStep::Arrived, reason: "误触".into() };
    assert_eq!(
        refused(record(&mut store, &order, correct_arrival)),
        RuleViolation::NotCorrectable(CorrectableStep::Arrived)
    );
}

#[test]
fn a_step_never_recorded_can_not_be_corrected() {
    use fieldcrew_core::event::CorrectableStep;
    let (_dir, mut store, order) = line_order_on_site();
    let kind = EventKind::StepCorrected { step: CorrectableStep::Restored, reason: "误触".into() };
    assert_eq!(
        refused(record(&mut store, &order, kind)),
        RuleViolation::NotCorrectable(CorrectableStep::Restored)
    );
    let row = store.order(order.id).unwrap().unwrap();
    let rules = RuleContext {
        order: &row.order,
        state: &row.state,
        checklist: store.checklist(),
        completion_photo_required: false,
    };
    assert_eq!(row.state.correctable_now(), vec![CorrectableStep::Arrived]);
    assert!(rules.allowed_now().contains(&EventType::StepCorrected));
}

#[test]
fn a_closed_order_takes_no_correction() {
    use fieldcrew_core::event::CorrectableStep;
    let (_dir, mut store, order) = line_order_on_site();
    record(&mut store, &order, EventKind::Restored).unwrap();
    record(&mut store, &order, all_ticked(false)).unwrap();
    record(&mut store, &order, EventKind::Closed).unwrap();
    let kind = EventKind::StepCorrected { step: CorrectableStep::Restored, reason: "误触".into() };
    assert_eq!(refused(record(&mut store, &order, kind)), RuleViolation::OrderClosed);
}
