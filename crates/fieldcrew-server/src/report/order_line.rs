//! One order as a report sees it: its steps at the server's corrected times
//! and how it did against the same deadlines the board shows.

use super::CALLBACK_GRACE;
use crate::db::{Assignment, Callback, ServerOrder, settling_callback};
use chrono::{DateTime, Utc};
use fieldcrew_domain::event::{CorrectableStep, EventKind, LateStep};
use fieldcrew_domain::order::{AreaClass, EquipmentKind};
use fieldcrew_domain::sla::{self, Deadline, SlaStatus, WorkCalendar};
use fieldcrew_domain::{OrderId, Thresholds};

/// How an order did against one promise.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    OnTime,
    /// Done after the deadline, or not done and the deadline has passed.
    Late,
    /// Not done and still within its deadline: not counted in a rate yet.
    Pending,
}

/// Where an order's call-back stands at report time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CallbackStatus {
    /// Not repaired: no call-back is owed.
    NotDue,
    /// Repaired, with a reached call-back.
    CalledBack,
    /// Repaired less than `CALLBACK_GRACE` ago and not called back yet: not
    /// in the rate until it is called back or the grace runs out.
    Pending,
    /// Repaired `CALLBACK_GRACE` or longer ago and never reached.
    Missed,
}

impl CallbackStatus {
    fn of(repaired_at: Option<DateTime<Utc>>, called_back: bool, now: DateTime<Utc>) -> CallbackStatus {
        match repaired_at {
            None => CallbackStatus::NotDue,
            Some(_) if called_back => CallbackStatus::CalledBack,
            Some(at) if now - at < CALLBACK_GRACE => CallbackStatus::Pending,
            Some(_) => CallbackStatus::Missed,
        }
    }
}

/// The crew's reason for a missed deadline, or that none was given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LateReason {
    Unexplained,
    Given(String),
}

/// The arrival commitment classes, in the order reports list them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AreaGroup {
    Urban,
    Rural,
    Remote,
    Appointment,
}

impl AreaGroup {
    pub const ALL: [AreaGroup; 4] =
        [AreaGroup::Urban, AreaGroup::Rural, AreaGroup::Remote, AreaGroup::Appointment];

    pub fn of(area: &AreaClass) -> AreaGroup {
        match area {
            AreaClass::Urban => AreaGroup::Urban,
            AreaClass::Rural => AreaGroup::Rural,
            AreaClass::Remote => AreaGroup::Remote,
            AreaClass::Appointment(_) => AreaGroup::Appointment,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct OrderLine {
    pub id: OrderId,
    pub number: String,
    pub area: AreaGroup,
    pub equipment: EquipmentKind,
    pub crew: Option<String>,
    pub reported_at: DateTime<Utc>,
    pub notified_at: Option<DateTime<Utc>>,
    /// When a crew first had the order, and whether that met the 3-minute
    /// notify rule (003 §四.1(5)); a reassignment does not restart it.
    pub first_notified_at: Option<DateTime<Utc>>,
    pub notify: Verdict,
    /// The dispatcher who took the call.
    pub taken_by: Option<String>,
    /// Every assign and reassign, oldest first.
    pub assignments: Vec<Assignment>,
    /// Repeat calls linked to the order.
    pub follow_ups: usize,
    /// The corrected time of the counted close.
    pub closed_at: Option<DateTime<Utc>>,
    /// The crew member who accepted the order.
    pub person_in_charge: Option<String>,
    /// Corrected times of the steps the order's state counted.
    pub arrived_at: Option<DateTime<Utc>>,
    pub restored_at: Option<DateTime<Utc>>,
    pub arrival: Verdict,
    pub restoration: Verdict,
    /// What the record says about each late step (003 §四.1(7)); `None`
    /// when the step was not late.
    pub arrival_late_reason: Option<LateReason>,
    pub restore_late_reason: Option<LateReason>,
    pub escalated: bool,
    /// Steps the crew withdrew as recorded by mistake, with their reasons.
    pub corrections: Vec<(CorrectableStep, String)>,
    /// When power came back (the corrected time), or else when the order was
    /// closed; `None` while neither happened. Once repaired, the customer is
    /// due a call-back.
    pub repaired_at: Option<DateTime<Utc>>,
    /// The reached attempt that settles the call-back, if any.
    pub callback: Option<Callback>,
    pub callback_attempts: usize,
    pub callback_status: CallbackStatus,
    /// The latest materials record (empty when none was made).
    pub materials: Vec<fieldcrew_domain::close_out::MaterialUse>,
}

impl OrderLine {
    pub fn is_meter_fault(&self) -> bool {
        self.equipment == EquipmentKind::Meter
    }

    pub fn called_back(&self) -> bool {
        self.callback.is_some()
    }

    pub fn evaluate(
        stored: &ServerOrder,
        callbacks: &[Callback],
        now: DateTime<Utc>,
        limits: &Thresholds,
        calendar: &WorkCalendar,
    ) -> OrderLine {
        let order = &stored.order;
        let state = &stored.state;
        let arrived_at = step_time(stored, state.arrived_at, |k| matches!(k, EventKind::Arrived));
        let restored_at = step_time(stored, state.restored_at, |k| matches!(k, EventKind::Restored));
        let repaired_at =
            restored_at.or_else(|| step_time(stored, state.closed_at, |k| matches!(k, EventKind::Closed)));
        let callback = settling_callback(callbacks, order.id).cloned();
        let callback_status = CallbackStatus::of(repaired_at, callback.is_some(), now);
        let first_notified = first_notified_at(stored);
        let notify = verdict(sla::notify_deadline(order), first_notified, now, limits);
        let arrival = verdict(sla::arrival_deadline(order, limits), arrived_at, now, limits);
        let restoration = verdict(sla::restore_deadline(order, limits, calendar), restored_at, now, limits);
        let reason_if_late = |v: Verdict, step| {
            (v == Verdict::Late).then(|| match state.late_reason(step) {
                Some(reason) => LateReason::Given(reason.to_string()),
                None => LateReason::Unexplained,
            })
        };
        OrderLine {
            id: order.id,
            number: order.number.clone(),
            area: AreaGroup::of(&order.area),
            equipment: order.equipment,
            crew: order.assigned_crew.clone(),
            reported_at: order.reported_at,
            notified_at: order.notified_at,
            first_notified_at: first_notified,
            notify,
            taken_by: stored.record.taken_by.clone(),
            assignments: stored.record.assignments.clone(),
            follow_ups: stored.record.follow_ups.len(),
            closed_at: closed_at(stored),
            person_in_charge: person_in_charge(stored).map(str::to_string),
            arrived_at,
            restored_at,
            arrival,
            restoration,
            arrival_late_reason: reason_if_late(arrival, LateStep::Arrived),
            restore_late_reason: reason_if_late(restoration, LateStep::Restored),
            escalated: state.escalated,
            corrections: state.corrections.clone(),
            repaired_at,
            callback,
            callback_attempts: callbacks.iter().filter(|c| c.order_id == order.id).count(),
            callback_status,
            materials: state.materials.clone().unwrap_or_default(),
        }
    }
}

/// When a crew first had the order: the first assignment on record, or the
/// order's own time for orders from before the history was kept.
pub fn first_notified_at(stored: &ServerOrder) -> Option<DateTime<Utc>> {
    stored.record.first_notified_at().or(stored.order.notified_at)
}

/// When the order was closed (the corrected time of the counted close).
pub fn closed_at(stored: &ServerOrder) -> Option<DateTime<Utc>> {
    step_time(stored, stored.state.closed_at, |k| matches!(k, EventKind::Closed))
}

/// The crew member who accepted the order on the phone: the person in
/// charge of the repair on site.
pub fn person_in_charge(stored: &ServerOrder) -> Option<&str> {
    stored.events.iter().filter(|e| e.counted).find_map(|e| match e.event.kind {
        EventKind::Acknowledged => Some(e.event.author.as_str()),
        _ => None,
    })
}

/// The corrected time of the event the order's state counted for a step.
/// The state holds either that event's corrected time or (orders folded
/// before the server corrected times) its device time; both identify it.
/// Without a match the state's own time is the best there is.
pub fn step_time(
    stored: &ServerOrder,
    state_time: Option<DateTime<Utc>>,
    is_step: impl Fn(&EventKind) -> bool,
) -> Option<DateTime<Utc>> {
    let at = state_time?;
    let counted = stored
        .events
        .iter()
        .filter(|e| is_step(&e.event.kind))
        .find(|e| e.corrected_time == at || e.event.evidence.device_time == at);
    Some(counted.map_or(at, |e| e.corrected_time))
}

/// The board's status of the deadline, read as a report verdict.
fn verdict(
    deadline: Deadline,
    done: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    limits: &Thresholds,
) -> Verdict {
    match (deadline.evaluate(now, done, limits).status, done) {
        (SlaStatus::Breached, _) => Verdict::Late,
        (_, Some(_)) => Verdict::OnTime,
        (_, None) => Verdict::Pending,
    }
}
