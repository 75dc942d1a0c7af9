//! Steps recorded after their deadline, and whether the crew has said why:
//! the record of each report must hold the reason a deadline was missed
//! (003 §四.1(7)). Deadlines come from the SLA clock, never computed here.

use crate::config::Thresholds;
use crate::event::{EventType, LateStep};
use crate::lifecycle::OrderState;
use crate::order::WorkOrder;
use crate::sla::{self, Deadline, SlaStatus, WorkCalendar};

impl LateStep {
    pub const ALL: [LateStep; 2] = [LateStep::Arrived, LateStep::Restored];

    /// The event that records the step.
    pub fn event_type(self) -> EventType {
        match self {
            LateStep::Arrived => EventType::Arrived,
            LateStep::Restored => EventType::Restored,
        }
    }

    /// The promise this step is judged against.
    pub fn deadline(self, order: &WorkOrder, limits: &Thresholds, calendar: &WorkCalendar) -> Deadline {
        match self {
            LateStep::Arrived => sla::arrival_deadline(order, limits),
            LateStep::Restored => sla::restore_deadline(order, limits, calendar),
        }
    }
}

/// Whether `step` is recorded, and recorded past its deadline.
pub fn recorded_late(
    step: LateStep,
    order: &WorkOrder,
    state: &OrderState,
    limits: &Thresholds,
    calendar: &WorkCalendar,
) -> bool {
    state.step_at(step).is_some_and(|at| {
        // A finished clock does not depend on "now"; its own time will do.
        step.deadline(order, limits, calendar).evaluate(at, Some(at), limits).status == SlaStatus::Breached
    })
}

/// The late steps the crew has not yet given a reason for, arrival first.
pub fn unexplained_late_steps(
    order: &WorkOrder,
    state: &OrderState,
    limits: &Thresholds,
    calendar: &WorkCalendar,
) -> Vec<LateStep> {
    LateStep::ALL
        .into_iter()
        .filter(|step| state.late_reason(*step).is_none())
        .filter(|step| recorded_late(*step, order, state, limits, calendar))
        .collect()
}
