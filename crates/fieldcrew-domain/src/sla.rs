//! The service clock: deadlines promised to the customer and where an order
//! stands against them at any instant. Times are kept in UTC; working days
//! and display use China Standard Time (UTC+8, no DST).

use crate::config::Thresholds;
use crate::lifecycle::OrderState;
use crate::order::{AreaClass, EquipmentKind, WorkOrder};
use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use serde::{Deserialize, Serialize};

/// China Standard Time.
pub fn china_time() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset")
}

/// A UTC instant as local time in China, for display.
pub fn to_local(t: DateTime<Utc>) -> DateTime<FixedOffset> {
    t.with_timezone(&china_time())
}

/// Which days count as working days. Weekends are off; statutory holidays
/// and the weekend make-up days (调休) vary by year, so they are data.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct WorkCalendar {
    pub holidays: Vec<NaiveDate>,
    pub make_up_workdays: Vec<NaiveDate>,
}

impl WorkCalendar {
    pub fn is_working_day(&self, day: NaiveDate) -> bool {
        if self.make_up_workdays.contains(&day) {
            return true;
        }
        !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) && !self.holidays.contains(&day)
    }

    /// Adds `days` × 24 working hours to `start`, counting only the hours of
    /// working days in UTC+8. A fault reported on Friday 16:00 with two
    /// working days is due Tuesday 16:00; one reported on Saturday starts
    /// counting on Monday 00:00.
    pub fn add_working_days(&self, start: DateTime<Utc>, days: u32) -> DateTime<Utc> {
        let tz = china_time();
        let mut left = Duration::days(i64::from(days));
        let mut cursor = start.with_timezone(&tz);
        loop {
            let next_midnight = tz
                .from_local_datetime(&(cursor.date_naive() + Duration::days(1)).and_time(NaiveTime::MIN))
                .single()
                .expect("a fixed offset has no gaps");
            if self.is_working_day(cursor.date_naive()) {
                let rest_of_day = next_midnight - cursor;
                if left <= rest_of_day {
                    return (cursor + left).with_timezone(&Utc);
                }
                left -= rest_of_day;
            }
            cursor = next_midnight;
        }
    }
}

/// A promise with a start and a due instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadline {
    pub starts: DateTime<Utc>,
    pub due: DateTime<Utc>,
}

/// Where a promise stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SlaStatus {
    OnTime,
    AtRisk,
    Breached,
}

/// A deadline evaluated at an instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaClock {
    pub deadline: Deadline,
    pub status: SlaStatus,
    /// When the promise was kept or missed; `None` while it runs.
    pub done_at: Option<DateTime<Utc>>,
    /// Time left (negative when overdue) while it runs.
    pub remaining: Option<Duration>,
}

impl Deadline {
    /// Status at `now`, given when the promised step happened (if it did).
    pub fn evaluate(
        &self,
        now: DateTime<Utc>,
        done_at: Option<DateTime<Utc>>,
        limits: &Thresholds,
    ) -> SlaClock {
        let status = match done_at {
            Some(done) if done <= self.due => SlaStatus::OnTime,
            Some(_) => SlaStatus::Breached,
            None if now > self.due => SlaStatus::Breached,
            None => {
                let window = (self.due - self.starts).num_milliseconds() as f64;
                let left = (self.due - now).num_milliseconds() as f64;
                if left < window * limits.at_risk_fraction { SlaStatus::AtRisk } else { SlaStatus::OnTime }
            }
        };
        SlaClock { deadline: *self, status, done_at, remaining: done_at.is_none().then(|| self.due - now) }
    }
}

/// The crew must be notified within 3 minutes of the report (003 §四.1(5)).
pub fn notify_deadline(order: &WorkOrder) -> Deadline {
    Deadline { starts: order.reported_at, due: order.reported_at + Duration::minutes(3) }
}

/// The arrival promise: 45/90/120 minutes by area, or the appointment ± grace.
pub fn arrival_deadline(order: &WorkOrder, limits: &Thresholds) -> Deadline {
    let minutes =
        |m: i64| Deadline { starts: order.reported_at, due: order.reported_at + Duration::minutes(m) };
    match order.area {
        AreaClass::Urban => minutes(limits.urban_arrival_min),
        AreaClass::Rural => minutes(limits.rural_arrival_min),
        AreaClass::Remote => minutes(limits.remote_arrival_min),
        AreaClass::Appointment(at) => {
            let grace = Duration::minutes(limits.appointment_grace_min);
            Deadline { starts: order.reported_at.min(at - grace), due: at + grace }
        }
    }
}

/// The restoration promise: a meter fault within N working days, any other
/// fault within the general limit (24 h for rural faults, 001 第五条 2).
pub fn restore_deadline(order: &WorkOrder, limits: &Thresholds, calendar: &WorkCalendar) -> Deadline {
    let due = match order.equipment {
        EquipmentKind::Meter => {
            calendar.add_working_days(order.reported_at, limits.meter_restore_working_days)
        }
        _ => order.reported_at + Duration::hours(limits.general_restore_hours),
    };
    Deadline { starts: order.reported_at, due }
}

/// The clock that matters most right now for an order: arrival until the
/// crew is on site, then restoration. `None` once the order is closed.
pub fn current_clock(
    order: &WorkOrder,
    state: &OrderState,
    now: DateTime<Utc>,
    limits: &Thresholds,
    calendar: &WorkCalendar,
) -> Option<(Stage, SlaClock)> {
    if state.closed_at.is_some() {
        return None;
    }
    match state.arrived_at {
        None => Some((Stage::Arrival, arrival_deadline(order, limits).evaluate(now, None, limits))),
        Some(_) => Some((
            Stage::Restoration,
            restore_deadline(order, limits, calendar).evaluate(now, state.restored_at, limits),
        )),
    }
}

/// Which promise a clock is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Notify,
    Arrival,
    Restoration,
}

/// Sort key for "most urgent first": running clocks by time left (overdue
/// first), then finished clocks, then closed orders; higher priority first
/// when the times are equal.
pub fn urgency_key(
    clock: Option<&SlaClock>,
    priority: crate::order::Priority,
) -> (u8, i64, std::cmp::Reverse<crate::order::Priority>) {
    let (group, seconds) = match clock {
        Some(SlaClock { remaining: Some(left), .. }) => (0, left.num_seconds()),
        Some(SlaClock { deadline, .. }) => (1, deadline.due.timestamp()),
        None => (2, 0),
    };
    (group, seconds, std::cmp::Reverse(priority))
}
