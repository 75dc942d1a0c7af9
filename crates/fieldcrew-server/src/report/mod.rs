//! The service report for a range of days: crews notified within 3 minutes,
//! arrival on time by area class and
//! by crew, restoration within its limit, meter faults within the working
//! days allowed, the call-back rate against its 90 % target, escalations.
//!
//! Pure: orders, call-backs and "now" in, a `Report` out; the console pages
//! and the CSV only display it. The rules:
//! - an order belongs to the range by its report time (UTC+8 days), so every
//!   figure is about the same orders and the CSV's rows add up to the summary;
//! - cancelled orders are left out (and counted as such);
//! - steps are judged at the server's corrected times against the deadlines
//!   of `fieldcrew_domain::sla`, the ones the board shows;
//! - a step not done while its deadline has passed counts late; one still
//!   within its deadline is pending and not in any rate yet;
//! - the call-back rate is orders repaired (power restored or closed) with a
//!   reached call-back ÷ orders repaired; an order repaired less than
//!   `CALLBACK_GRACE` ago and not called back yet is pending, in neither.

mod order_line;
mod range;

pub use order_line::{
    AreaGroup, CallbackStatus, LateReason, OrderLine, Verdict, closed_at, first_notified_at,
    person_in_charge, step_time,
};
pub use range::{DateRange, MAX_DAYS, RangeError};

use crate::db::{Callback, ServerOrder};
use chrono::{DateTime, TimeDelta, Utc};
use fieldcrew_domain::Thresholds;
use fieldcrew_domain::sla::WorkCalendar;
use std::collections::BTreeMap;

/// At least this share of repairs gets a call-back (001 第十三条(五)).
pub const CALLBACK_TARGET: f64 = 0.9;

/// How long after the repair a call-back not made yet is pending rather
/// than missed. The centre calls back on the next working shift, so an
/// order restored this afternoon can not have been called back yet; a day
/// covers the next shift whenever the repair ended.
pub const CALLBACK_GRACE: TimeDelta = TimeDelta::hours(24);

/// On time / late / pending counts for one promise.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub on_time: usize,
    pub late: usize,
    pub pending: usize,
}

impl Tally {
    fn add(&mut self, verdict: Verdict) {
        match verdict {
            Verdict::OnTime => self.on_time += 1,
            Verdict::Late => self.late += 1,
            Verdict::Pending => self.pending += 1,
        }
    }

    /// Orders whose outcome is known.
    pub fn decided(&self) -> usize {
        self.on_time + self.late
    }

    /// Share on time among the decided; `None` when nothing is decided.
    pub fn rate(&self) -> Option<f64> {
        ratio(self.on_time, self.decided())
    }
}

/// The repaired orders (restored or closed) by where their call-back stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CallbackTally {
    /// With a reached call-back.
    pub called_back: usize,
    /// Without one, repaired `CALLBACK_GRACE` or longer ago.
    pub missed: usize,
    /// Without one, repaired less than `CALLBACK_GRACE` ago: not in the rate yet.
    pub pending: usize,
}

impl CallbackTally {
    fn add(&mut self, status: CallbackStatus) {
        match status {
            CallbackStatus::CalledBack => self.called_back += 1,
            CallbackStatus::Missed => self.missed += 1,
            CallbackStatus::Pending => self.pending += 1,
            CallbackStatus::NotDue => {}
        }
    }

    /// The orders the rate is over: called back or missed.
    pub fn counted(&self) -> usize {
        self.called_back + self.missed
    }

    /// Share called back among the counted; `None` when none is counted.
    pub fn rate(&self) -> Option<f64> {
        ratio(self.called_back, self.counted())
    }

    /// Nothing counted (nothing repaired, or all still pending) means nothing
    /// was owed yet: the target is not missed.
    pub fn meets_target(&self) -> bool {
        self.rate().is_none_or(|rate| rate >= CALLBACK_TARGET)
    }
}

fn ratio(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// `87.5%`, or `—` for a rate of nothing. Cut down to 0.1 %, never rounded
/// up, so a rate under a target never reads as meeting it (188/209 is
/// 89.9 %, not 90.0 %). The nudge keeps an exact 0.1 step from dropping
/// below itself in floating point; it is far smaller than any real gap
/// (1/orders).
pub fn percent(rate: Option<f64>) -> String {
    rate.map_or_else(|| "—".to_string(), |r| format!("{:.1}%", ((r * 1000.0 + 1e-9).floor() / 10.0)))
}

#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    pub range: DateRange,
    pub computed_at: DateTime<Utc>,
    /// The orders counted, oldest report first.
    pub lines: Vec<OrderLine>,
    /// Orders reported in the range but cancelled: not counted anywhere else.
    pub cancelled: usize,
    /// Crews notified within 3 minutes of the report (first assignment).
    pub notify: Tally,
    pub arrival: Tally,
    /// Every area group, in `AreaGroup::ALL` order, even when empty.
    pub arrival_by_area: Vec<(AreaGroup, Tally)>,
    /// By crew code, the unassigned (`None`) first.
    pub arrival_by_crew: Vec<(Option<String>, Tally)>,
    pub restoration: Tally,
    pub meter_faults: Tally,
    pub callbacks: CallbackTally,
    /// Orders escalated at least once.
    pub escalated: usize,
    /// The thresholds the report judged by (its labels show the minutes).
    pub limits: Thresholds,
    /// Each material used on the counted orders, summed, by code.
    pub materials: Vec<MaterialTotal>,
}

/// How much of one material the counted orders used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MaterialTotal {
    pub code: String,
    /// The name and unit of its latest use.
    pub name: String,
    pub unit: String,
    pub quantity: u64,
    pub orders: usize,
}

/// Sums the materials of `lines` by code, in code order.
pub fn material_totals(lines: &[OrderLine]) -> Vec<MaterialTotal> {
    let mut totals: BTreeMap<&str, MaterialTotal> = BTreeMap::new();
    for m in lines.iter().flat_map(|l| &l.materials) {
        let total = totals.entry(&m.code).or_insert_with(|| MaterialTotal {
            code: m.code.clone(),
            name: String::new(),
            unit: String::new(),
            quantity: 0,
            orders: 0,
        });
        total.name = m.name.clone();
        total.unit = m.unit.clone();
        total.quantity += u64::from(m.quantity);
        total.orders += 1;
    }
    totals.into_values().collect()
}

pub fn compute(
    orders: &[ServerOrder],
    callbacks: &[Callback],
    range: DateRange,
    now: DateTime<Utc>,
    limits: &Thresholds,
    calendar: &WorkCalendar,
) -> Report {
    let in_range: Vec<&ServerOrder> = orders.iter().filter(|o| range.contains(o.order.reported_at)).collect();
    let cancelled = in_range.iter().filter(|o| o.cancelled_at.is_some()).count();
    let mut lines: Vec<OrderLine> = in_range
        .into_iter()
        .filter(|o| o.cancelled_at.is_none())
        .map(|o| OrderLine::evaluate(o, callbacks, now, limits, calendar))
        .collect();
    lines.sort_by(|a, b| (a.reported_at, &a.number).cmp(&(b.reported_at, &b.number)));

    let mut report = Report {
        range,
        computed_at: now,
        lines: Vec::new(),
        cancelled,
        notify: Tally::default(),
        arrival: Tally::default(),
        arrival_by_area: AreaGroup::ALL.iter().map(|g| (*g, Tally::default())).collect(),
        arrival_by_crew: Vec::new(),
        restoration: Tally::default(),
        meter_faults: Tally::default(),
        callbacks: CallbackTally::default(),
        escalated: 0,
        limits: limits.clone(),
        materials: material_totals(&lines),
    };
    let mut by_crew: BTreeMap<Option<String>, Tally> = BTreeMap::new();
    for line in &lines {
        report.notify.add(line.notify);
        report.arrival.add(line.arrival);
        if let Some((_, tally)) = report.arrival_by_area.iter_mut().find(|(g, _)| *g == line.area) {
            tally.add(line.arrival);
        }
        by_crew.entry(line.crew.clone()).or_default().add(line.arrival);
        report.restoration.add(line.restoration);
        if line.is_meter_fault() {
            report.meter_faults.add(line.restoration);
        }
        report.callbacks.add(line.callback_status);
        report.escalated += usize::from(line.escalated);
    }
    report.arrival_by_crew = by_crew.into_iter().collect();
    report.lines = lines;
    report
}

#[cfg(test)]
mod tests;
