use super::*;
use crate::db::{CallbackOutcome, Satisfaction, ServerOrder, StoredEvent};
use chrono::{Duration, NaiveDate, TimeZone};
use fieldcrew_domain::clock::{DeviceClock, FixedClock};
use fieldcrew_domain::event::EventKind;
use fieldcrew_domain::lifecycle::OrderState;
use fieldcrew_domain::order::{AreaClass, EquipmentKind};
use fieldcrew_domain::sla::china_time;
use fieldcrew_domain::{DeviceId, FieldEvent, OrderId};

fn november() -> DateRange {
    DateRange::parse_month("2026-11").unwrap()
}

/// A wall-clock time in China.
fn local(day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
    china_time().with_ymd_and_hms(2026, 11, day, hour, minute, 0).unwrap().with_timezone(&Utc)
}

fn limits() -> Thresholds {
    Thresholds::default()
}

/// An order being built: steps are recorded with a device time and the
/// server's corrected time, and folded into the state as the server does.
struct Fixture {
    stored: ServerOrder,
    device: DeviceId,
}

impl Fixture {
    fn new(
        area: AreaClass,
        equipment: EquipmentKind,
        reported_at: DateTime<Utc>,
        crew: Option<&str>,
    ) -> Self {
        let mut order = fieldcrew_domain::demo::demo_orders(reported_at).remove(0);
        order.id = OrderId::new();
        order.number = format!("QX-{}", order.id);
        order.area = area;
        order.equipment = equipment;
        order.reported_at = reported_at;
        order.notified_at = Some(reported_at + Duration::minutes(1));
        order.assigned_crew = crew.map(str::to_string);
        let stored = ServerOrder {
            order,
            cancelled_at: None,
            state: OrderState::default(),
            events: vec![],
            media: vec![],
            record: Default::default(),
        };
        Fixture { stored, device: DeviceId::new() }
    }

    fn urban(reported_at: DateTime<Utc>, crew: &str) -> Self {
        Self::new(AreaClass::Urban, EquipmentKind::Line, reported_at, Some(crew))
    }

    /// A step whose device clock was `skew` off the true (corrected) time.
    fn step_skewed(mut self, kind: EventKind, at: DateTime<Utc>, skew: Duration) -> Self {
        let clock = FixedClock { now: at + skew, since_boot_ms: 1000, boot_id: "boot".into() };
        let prev = self.stored.events.last().map(|e| e.event.hash.clone());
        let event = FieldEvent::seal(
            self.stored.order.id,
            kind,
            clock.evidence(None, None),
            "李师傅".into(),
            self.device,
            prev,
        );
        self.stored.state.apply(&event);
        self.stored.events.push(StoredEvent {
            event,
            corrected_time: at,
            time_corrected: true,
            flags: vec![],
            received_at: at,
            counted: true,
        });
        self
    }

    fn step(self, kind: EventKind, at: DateTime<Utc>) -> Self {
        self.step_skewed(kind, at, Duration::zero())
    }

    fn arrived(self, minutes_after_report: i64) -> Self {
        let at = self.stored.order.reported_at + Duration::minutes(minutes_after_report);
        self.step(EventKind::Arrived, at)
    }

    fn restored_at(self, at: DateTime<Utc>) -> Self {
        self.step(EventKind::Restored, at)
    }

    fn id(&self) -> OrderId {
        self.stored.order.id
    }

    fn done(self) -> ServerOrder {
        self.stored
    }
}

fn callback(order: OrderId, reached: bool, at: DateTime<Utc>) -> Callback {
    let outcome = if reached {
        CallbackOutcome::Reached { satisfaction: Satisfaction::Satisfied }
    } else {
        CallbackOutcome::NotReached
    };
    Callback {
        id: uuid::Uuid::now_v7(),
        order_id: order,
        outcome,
        note: String::new(),
        recorded_by: "dispatcher".into(),
        recorded_at: at,
    }
}

fn compute_at(orders: &[ServerOrder], callbacks: &[Callback], now: DateTime<Utc>) -> Report {
    compute(orders, callbacks, november(), now, &limits(), &WorkCalendar::default())
}

fn tally(on_time: usize, late: usize, pending: usize) -> Tally {
    Tally { on_time, late, pending }
}

fn callback_tally(called_back: usize, missed: usize, pending: usize) -> CallbackTally {
    CallbackTally { called_back, missed, pending }
}

#[test]
fn an_empty_range_has_no_rates_and_owes_no_call_backs() {
    let report = compute_at(&[], &[], local(30, 12, 0));
    assert!(report.lines.is_empty());
    assert_eq!(report.arrival, Tally::default());
    assert_eq!(report.arrival.rate(), None);
    assert_eq!(percent(report.arrival.rate()), "—");
    assert_eq!(report.arrival_by_area.len(), AreaGroup::ALL.len(), "every area class is listed");
    assert!(report.arrival_by_crew.is_empty());
    assert_eq!(report.callbacks.rate(), None);
    assert!(report.callbacks.meets_target());
    assert_eq!(report.escalated, 0);
}

#[test]
fn arrival_is_judged_per_area_class_and_per_crew_with_open_orders_past_their_deadline_late() {
    let day = |h| local(10, h, 0);
    let orders = vec![
        Fixture::urban(day(8), "CREW-1").arrived(30).done(),
        Fixture::urban(day(9), "CREW-1").arrived(50).done(),
        Fixture::new(AreaClass::Rural, EquipmentKind::Line, day(10), Some("CREW-2")).arrived(80).done(),
        // Never arrived, and 120 minutes have long passed.
        Fixture::new(AreaClass::Remote, EquipmentKind::Switch, day(11), Some("CREW-2")).done(),
        // Not assigned, the 45 minutes are still running.
        Fixture::new(AreaClass::Urban, EquipmentKind::Line, local(30, 11, 50), None).done(),
        // An appointment tomorrow: met within its hour of grace.
        Fixture::new(
            AreaClass::Appointment(day(14) + Duration::days(1)),
            EquipmentKind::Meter,
            day(12),
            Some("CREW-1"),
        )
        .step(EventKind::Arrived, day(14) + Duration::days(1) + Duration::minutes(40))
        .done(),
    ];
    let report = compute_at(&orders, &[], local(30, 12, 0));
    assert_eq!(report.lines.len(), 6);
    assert_eq!(report.arrival, tally(3, 2, 1));
    assert_eq!(percent(report.arrival.rate()), "60.0%");
    let by_area: Vec<_> = report.arrival_by_area.iter().map(|(g, t)| (*g, *t)).collect();
    assert_eq!(
        by_area,
        vec![
            (AreaGroup::Urban, tally(1, 1, 1)),
            (AreaGroup::Rural, tally(1, 0, 0)),
            (AreaGroup::Remote, tally(0, 1, 0)),
            (AreaGroup::Appointment, tally(1, 0, 0)),
        ]
    );
    assert_eq!(
        report.arrival_by_crew,
        vec![
            (None, tally(0, 0, 1)),
            (Some("CREW-1".to_string()), tally(2, 1, 0)),
            (Some("CREW-2".to_string()), tally(1, 1, 0)),
        ]
    );
}

#[test]
fn the_corrected_time_decides_not_the_phones_clock() {
    // The phone's clock ran 20 minutes slow: it says 40 minutes, truly 60.
    let slow_clock = Fixture::urban(local(5, 9, 0), "CREW-1").step_skewed(
        EventKind::Arrived,
        local(5, 10, 0),
        Duration::minutes(-20),
    );
    let report = compute_at(&[slow_clock.done()], &[], local(30, 12, 0));
    assert_eq!(report.lines[0].arrival, Verdict::Late);
    assert_eq!(report.lines[0].arrived_at, Some(local(5, 10, 0)));
}

#[test]
fn a_state_already_holding_corrected_times_finds_the_same_event() {
    let mut order = Fixture::urban(local(5, 9, 0), "CREW-1")
        .step_skewed(EventKind::Arrived, local(5, 9, 30), Duration::minutes(25))
        .done();
    order.state.arrived_at = Some(local(5, 9, 30));
    let line = &compute_at(&[order], &[], local(30, 12, 0)).lines[0];
    assert_eq!((line.arrived_at, line.arrival), (Some(local(5, 9, 30)), Verdict::OnTime));
}

#[test]
fn an_order_restored_just_before_the_range_ends_counts_and_one_reported_at_the_end_does_not() {
    let end = november().end();
    let last_minute = Fixture::urban(end - Duration::minutes(40), "CREW-1")
        .step(EventKind::Arrived, end - Duration::minutes(10))
        .restored_at(end - Duration::seconds(1));
    let last_id = last_minute.id();
    let next_month = Fixture::urban(end, "CREW-1").arrived(5).restored_at(end + Duration::minutes(30)).done();
    let orders = vec![last_minute.done(), next_month];
    let callbacks = [callback(last_id, true, end + Duration::hours(9))];
    let report = compute_at(&orders, &callbacks, end + Duration::hours(10));
    assert_eq!(report.lines.len(), 1);
    assert_eq!(report.lines[0].id, last_id);
    assert_eq!(report.restoration, tally(1, 0, 0));
    assert_eq!(report.callbacks, callback_tally(1, 0, 0));
}

#[test]
fn a_meter_fault_reported_on_friday_afternoon_is_due_on_tuesday_afternoon() {
    // 6 November 2026 is a Friday; two working days end Tuesday 16:00.
    let friday = local(6, 16, 0);
    let meter = |restored: DateTime<Utc>| {
        Fixture::new(AreaClass::Rural, EquipmentKind::Meter, friday, Some("CREW-1"))
            .arrived(60)
            .restored_at(restored)
            .done()
    };
    let monday_evening = meter(local(9, 19, 0));
    let tuesday_just_in = meter(local(10, 15, 59));
    let tuesday_late = meter(local(10, 16, 1));
    // Reported on the last Friday, still open on Monday night: 76 hours on,
    // but only one working day has passed, so it is not late yet.
    let still_open = Fixture::new(AreaClass::Rural, EquipmentKind::Meter, local(27, 16, 0), Some("CREW-1"))
        .arrived(60)
        .done();
    // A line fault has 24 hours, weekends included.
    let line = Fixture::new(AreaClass::Rural, EquipmentKind::Line, friday, Some("CREW-1"))
        .arrived(60)
        .restored_at(local(9, 10, 0))
        .done();
    let report =
        compute_at(&[monday_evening, tuesday_just_in, tuesday_late, still_open, line], &[], local(30, 20, 0));
    assert_eq!(report.meter_faults, tally(2, 1, 1));
    assert_eq!(report.restoration, tally(2, 2, 1));
}

#[test]
fn the_call_back_rate_counts_repaired_orders_with_a_reached_call_back() {
    let now = local(30, 12, 0);
    let mut orders = Vec::new();
    let mut callbacks = Vec::new();
    for i in 0..10 {
        let order = Fixture::urban(local(3, 8, i), "CREW-1").arrived(20).restored_at(local(3, 10, i));
        // The first is tried once without reaching anyone, then reached.
        if i == 0 {
            callbacks.push(callback(order.id(), false, local(4, 9, 0)));
        }
        // The last is only tried.
        callbacks.push(callback(order.id(), i != 9, local(4, 10, i)));
        orders.push(order.done());
    }
    // Not repaired yet: owes no call-back, even with an attempt on record.
    let open = Fixture::urban(local(3, 12, 0), "CREW-1").arrived(20);
    callbacks.push(callback(open.id(), true, local(4, 11, 0)));
    orders.push(open.done());
    let report = compute_at(&orders, &callbacks, now);
    assert_eq!(report.callbacks, callback_tally(9, 1, 0));
    assert_eq!(percent(report.callbacks.rate()), "90.0%");
    assert!(report.callbacks.meets_target());
    let first = report.lines.iter().find(|l| l.number == orders[0].order.number).unwrap();
    assert_eq!((first.callback_attempts, first.called_back()), (2, true));

    let report = compute_at(&orders[1..], &callbacks, now);
    assert_eq!(report.callbacks, callback_tally(8, 1, 0));
    assert!(!report.callbacks.meets_target(), "88.9 % is under the 90 % target");
}

#[test]
fn cancelled_orders_are_left_out_and_escalations_are_counted_once_per_order() {
    let mut cancelled = Fixture::urban(local(2, 8, 0), "CREW-1").done();
    cancelled.cancelled_at = Some(local(2, 8, 5));
    let escalated = Fixture::urban(local(2, 9, 0), "CREW-2")
        .arrived(30)
        .step(EventKind::Escalated { reason: "变压器烧毁".into() }, local(2, 9, 40))
        .step(EventKind::Escalated { reason: "需要吊车".into() }, local(2, 9, 50))
        .done();
    let report = compute_at(&[cancelled, escalated], &[], local(30, 12, 0));
    assert_eq!(report.cancelled, 1);
    assert_eq!(report.lines.len(), 1);
    assert_eq!(report.escalated, 1);
    assert_eq!(report.arrival, tally(1, 0, 0));
    // Escalated but never restored within 24 hours: late.
    assert_eq!(report.restoration, tally(0, 1, 0));
    assert_eq!(report.range.from, NaiveDate::from_ymd_opt(2026, 11, 1).unwrap());
}

#[test]
fn a_call_back_rate_just_under_the_target_never_shows_as_meeting_it() {
    // 188 / 209 = 89.95 %: rounded to the nearest 0.1 it would read "90.0%"
    // next to "target missed".
    let tally = callback_tally(188, 21, 0);
    assert!(!tally.meets_target());
    assert_eq!(percent(tally.rate()), "89.9%");
    assert_eq!(percent(callback_tally(9, 1, 0).rate()), "90.0%");
    assert_eq!(percent(Some(2.0 / 3.0)), "66.6%", "shown rates are cut, not rounded up");
    assert_eq!(percent(Some(1.0)), "100.0%");
}

/// Ten orders restored on 3 November, nine of them called back: 90.0 %.
fn ninety_percent() -> (Vec<ServerOrder>, Vec<Callback>) {
    let mut orders = Vec::new();
    let mut callbacks = Vec::new();
    for i in 0..10 {
        let order = Fixture::urban(local(3, 8, i), "CREW-1").arrived(20).restored_at(local(3, 10, i));
        if i != 9 {
            callbacks.push(callback(order.id(), true, local(4, 10, i)));
        }
        orders.push(order.done());
    }
    (orders, callbacks)
}

/// Restored at 11:00 on 30 November, not called back.
fn restored_at_eleven() -> Fixture {
    Fixture::urban(local(30, 9, 0), "CREW-2").arrived(30).restored_at(local(30, 11, 0))
}

#[test]
fn an_order_restored_an_hour_ago_without_a_call_back_is_pending_and_leaves_the_rate_untouched() {
    let now = local(30, 12, 0);
    let (mut orders, callbacks) = ninety_percent();
    let before = compute_at(&orders, &callbacks, now).callbacks;
    let fresh = restored_at_eleven();
    let fresh_id = fresh.id();
    orders.push(fresh.done());
    let report = compute_at(&orders, &callbacks, now);
    assert_eq!(report.callbacks, callback_tally(9, 1, 1));
    assert_eq!(report.callbacks.rate(), before.rate());
    assert_eq!(percent(report.callbacks.rate()), "90.0%");
    assert!(report.callbacks.meets_target());
    let line = report.lines.iter().find(|l| l.id == fresh_id).unwrap();
    assert_eq!(line.callback_status, CallbackStatus::Pending);
    assert_eq!(line.repaired_at, Some(local(30, 11, 0)));

    // Only pending orders: nothing is owed yet, so nothing is missed.
    let alone = compute_at(&orders[10..], &callbacks, now).callbacks;
    assert_eq!(alone, callback_tally(0, 0, 1));
    assert_eq!(alone.rate(), None);
    assert!(alone.meets_target());
}

#[test]
fn the_same_order_twenty_five_hours_later_counts_as_missed() {
    let (mut orders, callbacks) = ninety_percent();
    let fresh = restored_at_eleven();
    let fresh_id = fresh.id();
    orders.push(fresh.done());
    let status = |report: &Report| report.lines.iter().find(|l| l.id == fresh_id).unwrap().callback_status;

    let report = compute_at(&orders, &callbacks, local(30, 11, 0) + Duration::hours(25));
    assert_eq!(report.callbacks, callback_tally(9, 2, 0));
    assert_eq!(status(&report), CallbackStatus::Missed);
    assert_eq!(percent(report.callbacks.rate()), "81.8%");
    assert!(!report.callbacks.meets_target());

    // The grace is a whole `CALLBACK_GRACE`: pending a moment before, missed from it on.
    let just_within = local(30, 11, 0) + CALLBACK_GRACE - Duration::seconds(1);
    assert_eq!(status(&compute_at(&orders, &callbacks, just_within)), CallbackStatus::Pending);
    let at_the_end = local(30, 11, 0) + CALLBACK_GRACE;
    assert_eq!(status(&compute_at(&orders, &callbacks, at_the_end)), CallbackStatus::Missed);
}

#[test]
fn a_pending_order_that_gets_a_reached_call_back_counts_as_called_back() {
    let now = local(30, 12, 0);
    let (mut orders, mut callbacks) = ninety_percent();
    let fresh = restored_at_eleven();
    let fresh_id = fresh.id();
    orders.push(fresh.done());
    callbacks.push(callback(fresh_id, false, local(30, 11, 20)));
    let tried = compute_at(&orders, &callbacks, now);
    assert_eq!(tried.callbacks, callback_tally(9, 1, 1), "an attempt that reached no one leaves it pending");

    callbacks.push(callback(fresh_id, true, local(30, 11, 30)));
    let report = compute_at(&orders, &callbacks, now);
    assert_eq!(report.callbacks, callback_tally(10, 1, 0));
    assert_eq!(percent(report.callbacks.rate()), "90.9%");
    let line = report.lines.iter().find(|l| l.id == fresh_id).unwrap();
    assert_eq!((line.callback_status, line.called_back()), (CallbackStatus::CalledBack, true));
}

#[test]
fn an_order_closed_without_a_restoration_time_is_pending_from_its_close() {
    let closed = Fixture::urban(local(29, 9, 0), "CREW-1")
        .arrived(30)
        .step(EventKind::Closed, local(30, 11, 0))
        .done();
    let line = &compute_at(std::slice::from_ref(&closed), &[], local(30, 12, 0)).lines[0];
    assert_eq!((line.restored_at, line.repaired_at), (None, Some(local(30, 11, 0))));
    assert_eq!(line.callback_status, CallbackStatus::Pending);
    let later = compute_at(&[closed], &[], local(30, 12, 0) + Duration::hours(25));
    assert_eq!(later.callbacks, callback_tally(0, 1, 0));
}

#[test]
fn an_order_not_repaired_owes_no_call_back_however_old() {
    let open = Fixture::urban(local(3, 8, 0), "CREW-1").arrived(20).done();
    let report = compute_at(&[open], &[], local(30, 12, 0));
    assert_eq!(report.lines[0].callback_status, CallbackStatus::NotDue);
    assert_eq!(report.callbacks, CallbackTally::default());
}
