//! The service clock across midnight, weekends and appointment windows, in
//! China Standard Time.

mod common;

use chrono::{Duration, TimeZone, Utc};
use common::*;
use fieldcrew_core::Thresholds;
use fieldcrew_core::lifecycle::OrderState;
use fieldcrew_core::order::{AreaClass, EquipmentKind};
use fieldcrew_core::sla::{
    self, SlaStatus, Stage, WorkCalendar, arrival_deadline, notify_deadline, restore_deadline, to_local,
};

fn limits() -> Thresholds {
    Thresholds::default()
}

#[test]
fn arrival_promise_is_45_90_120_minutes_by_area() {
    let at = friday_morning_utc();
    for (area, minutes) in [(AreaClass::Urban, 45), (AreaClass::Rural, 90), (AreaClass::Remote, 120)] {
        let d = arrival_deadline(&order(EquipmentKind::Line, area, at), &limits());
        assert_eq!(d.due - at, Duration::minutes(minutes), "{area:?}");
    }
}

#[test]
fn an_appointment_is_due_one_hour_after_the_agreed_time() {
    let reported = friday_morning_utc();
    let agreed = reported + Duration::hours(5);
    let d =
        arrival_deadline(&order(EquipmentKind::Meter, AreaClass::Appointment(agreed), reported), &limits());
    assert_eq!(d.due, agreed + Duration::hours(1));
}

#[test]
fn the_clock_turns_from_on_time_to_at_risk_to_breached() {
    let at = friday_morning_utc();
    let d = arrival_deadline(&order(EquipmentKind::Line, AreaClass::Urban, at), &limits());
    assert_eq!(d.evaluate(at + Duration::minutes(10), None, &limits()).status, SlaStatus::OnTime);
    assert_eq!(d.evaluate(at + Duration::minutes(40), None, &limits()).status, SlaStatus::AtRisk);
    let late = d.evaluate(at + Duration::minutes(50), None, &limits());
    assert_eq!(late.status, SlaStatus::Breached);
    assert_eq!(late.remaining, Some(Duration::minutes(-5)));
}

#[test]
fn a_kept_promise_stays_on_time_and_a_late_arrival_stays_breached() {
    let at = friday_morning_utc();
    let d = arrival_deadline(&order(EquipmentKind::Line, AreaClass::Urban, at), &limits());
    let next_day = at + Duration::days(1);
    assert_eq!(d.evaluate(next_day, Some(at + Duration::minutes(44)), &limits()).status, SlaStatus::OnTime);
    assert_eq!(d.evaluate(next_day, Some(at + Duration::minutes(46)), &limits()).status, SlaStatus::Breached);
}

#[test]
fn crew_notification_is_due_three_minutes_after_the_report() {
    let o = meter_order();
    assert_eq!(notify_deadline(&o).due - o.reported_at, Duration::minutes(3));
}

#[test]
fn an_urban_call_just_before_midnight_local_is_due_after_midnight() {
    // 23:30 in China is 15:30 UTC.
    let at = Utc.with_ymd_and_hms(2026, 11, 18, 15, 30, 0).unwrap();
    let d = arrival_deadline(&order(EquipmentKind::Line, AreaClass::Urban, at), &limits());
    let local = to_local(d.due);
    assert_eq!(local.format("%Y-%m-%d %H:%M").to_string(), "2026-11-19 00:15");
}

#[test]
fn a_meter_fault_reported_friday_evening_is_due_tuesday_at_the_same_time() {
    // Friday 18:00 local.
    let o = order(EquipmentKind::Meter, AreaClass::Rural, friday_morning_utc());
    let due = to_local(restore_deadline(&o, &limits(), &WorkCalendar::default()).due);
    assert_eq!(due.format("%a %Y-%m-%d %H:%M").to_string(), "Tue 2026-11-24 18:00");
}

#[test]
fn a_meter_fault_reported_on_saturday_starts_counting_on_monday() {
    let saturday_noon_local = Utc.with_ymd_and_hms(2026, 11, 21, 4, 0, 0).unwrap();
    let o = order(EquipmentKind::Meter, AreaClass::Rural, saturday_noon_local);
    let due = to_local(restore_deadline(&o, &limits(), &WorkCalendar::default()).due);
    assert_eq!(due.format("%a %Y-%m-%d %H:%M").to_string(), "Wed 2026-11-25 00:00");
}

#[test]
fn holidays_and_make_up_workdays_come_from_the_calendar() {
    let o = order(EquipmentKind::Meter, AreaClass::Rural, friday_morning_utc());
    let calendar = WorkCalendar {
        holidays: vec![chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()],
        make_up_workdays: vec![chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()],
    };
    // Friday 6 h, Sunday (make-up) 24 h, Monday off, Tuesday 18 h.
    let due = to_local(restore_deadline(&o, &limits(), &calendar).due);
    assert_eq!(due.format("%a %Y-%m-%d %H:%M").to_string(), "Tue 2026-11-24 18:00");
}

#[test]
fn a_general_fault_is_due_within_24_hours() {
    let o = order(EquipmentKind::Line, AreaClass::Rural, friday_morning_utc());
    let d = restore_deadline(&o, &limits(), &WorkCalendar::default());
    assert_eq!(d.due - o.reported_at, Duration::hours(24));
}

#[test]
fn the_current_clock_moves_from_arrival_to_restoration_and_stops_when_closed() {
    let o = order(EquipmentKind::Line, AreaClass::Urban, friday_morning_utc());
    let cal = WorkCalendar::default();
    let now = o.reported_at + Duration::minutes(5);
    let mut state = OrderState::default();
    assert_eq!(sla::current_clock(&o, &state, now, &limits(), &cal).unwrap().0, Stage::Arrival);
    state.arrived_at = Some(now);
    assert_eq!(sla::current_clock(&o, &state, now, &limits(), &cal).unwrap().0, Stage::Restoration);
    state.closed_at = Some(now);
    assert!(sla::current_clock(&o, &state, now, &limits(), &cal).is_none());
}
