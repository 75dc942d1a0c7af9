//! Call-backs (回访): after a repair the centre calls the customer for their
//! opinion (001 第十三条(五), at least 90 % of repairs). Every attempt is
//! kept; an order counts as called back once one attempt reached the customer.

use chrono::{DateTime, Duration, Utc};
use fieldcrew_domain::OrderId;
use fieldcrew_domain::lifecycle::OrderState;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The customer's verdict, in the three grades the centre records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Satisfaction {
    /// 满意
    Satisfied,
    /// 基本满意
    FairlySatisfied,
    /// 不满意
    Dissatisfied,
}

impl Satisfaction {
    pub const ALL: [Satisfaction; 3] =
        [Satisfaction::Satisfied, Satisfaction::FairlySatisfied, Satisfaction::Dissatisfied];

    /// The value forms and the database use.
    pub fn code(self) -> &'static str {
        match self {
            Satisfaction::Satisfied => "satisfied",
            Satisfaction::FairlySatisfied => "fairly_satisfied",
            Satisfaction::Dissatisfied => "dissatisfied",
        }
    }

    pub fn from_code(code: &str) -> Option<Satisfaction> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// How an attempt ended: a satisfaction grade exists only when the customer
/// was reached, so the type does not allow one without the other.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "reached", rename_all = "snake_case")]
pub enum CallbackOutcome {
    NotReached,
    Reached { satisfaction: Satisfaction },
}

impl CallbackOutcome {
    pub fn reached(&self) -> bool {
        matches!(self, CallbackOutcome::Reached { .. })
    }

    pub fn satisfaction(&self) -> Option<Satisfaction> {
        match self {
            CallbackOutcome::Reached { satisfaction } => Some(*satisfaction),
            CallbackOutcome::NotReached => None,
        }
    }
}

/// One call-back attempt, as the dispatcher recorded it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Callback {
    pub id: Uuid,
    pub order_id: OrderId,
    pub outcome: CallbackOutcome,
    pub note: String,
    /// The dispatcher's username.
    pub recorded_by: String,
    /// Server time: the dispatcher's browser clock is not evidence.
    pub recorded_at: DateTime<Utc>,
}

/// Two identical attempts this close together are one form sent twice (a
/// double click, a resend after a slow answer), not two calls.
pub const DOUBLE_SUBMIT: Duration = Duration::seconds(5);

/// A call-back is owed once power is back or the order is closed, and
/// never for a cancelled order.
pub fn callback_due(state: &OrderState, cancelled_at: Option<DateTime<Utc>>) -> bool {
    cancelled_at.is_none() && state.is_repaired()
}

/// Why `Database::record_callback` stored nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CallbackRefusal {
    UnknownOrder,
    /// Not repaired yet, or cancelled.
    NotDue,
}

impl Callback {
    /// Same order, outcome, note and dispatcher as `earlier`, recorded
    /// within `DOUBLE_SUBMIT` of it. Either side: two requests of one
    /// double click stamp their time before queueing for the database, so
    /// the one stored first may carry the later time.
    pub fn repeats(&self, earlier: &Callback) -> bool {
        let gap = (self.recorded_at - earlier.recorded_at).abs();
        self.order_id == earlier.order_id
            && self.outcome == earlier.outcome
            && self.note == earlier.note
            && self.recorded_by == earlier.recorded_by
            && gap <= DOUBLE_SUBMIT
    }
}

/// The attempt that settles an order's call-back: its latest reached one.
pub fn settling_callback<'a>(
    callbacks: impl IntoIterator<Item = &'a Callback>,
    order: OrderId,
) -> Option<&'a Callback> {
    callbacks.into_iter().filter(|c| c.order_id == order && c.outcome.reached()).max_by_key(|c| c.recorded_at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attempt(order: OrderId, outcome: CallbackOutcome, minute: i64) -> Callback {
        Callback {
            id: Uuid::now_v7(),
            order_id: order,
            outcome,
            note: String::new(),
            recorded_by: "dispatcher".into(),
            recorded_at: DateTime::UNIX_EPOCH + chrono::Duration::minutes(minute),
        }
    }

    #[test]
    fn the_same_attempt_within_seconds_is_a_repeat_and_a_later_or_different_one_is_not() {
        let order = OrderId::new();
        let first = attempt(order, CallbackOutcome::NotReached, 0);
        let again = Callback {
            id: Uuid::now_v7(),
            recorded_at: first.recorded_at + Duration::seconds(2),
            ..first.clone()
        };
        assert!(again.repeats(&first));
        assert!(first.repeats(&again), "the double click stamped first may be stored second");
        let later = Callback { recorded_at: first.recorded_at + Duration::seconds(6), ..again.clone() };
        assert!(!later.repeats(&first), "a second call a little later is a new attempt");
        let other_note = Callback { note: "打了第二次".into(), ..again.clone() };
        assert!(!other_note.repeats(&first));
        let reached = Callback {
            outcome: CallbackOutcome::Reached { satisfaction: Satisfaction::Satisfied },
            ..again.clone()
        };
        assert!(!reached.repeats(&first));
        let other_dispatcher = Callback { recorded_by: "zhang".into(), ..again };
        assert!(!other_dispatcher.repeats(&first));
    }

    #[test]
    fn satisfaction_codes_round_trip() {
        for s in Satisfaction::ALL {
            assert_eq!(Satisfaction::from_code(s.code()), Some(s));
        }
        assert_eq!(Satisfaction::from_code("happy"), None);
    }

    #[test]
    fn an_unreached_attempt_does_not_settle_the_order_a_later_reached_one_does() {
        let order = OrderId::new();
        let unreached = attempt(order, CallbackOutcome::NotReached, 1);
        assert_eq!(settling_callback([&unreached], order), None);
        let reached = attempt(order, CallbackOutcome::Reached { satisfaction: Satisfaction::Satisfied }, 2);
        let other_order =
            attempt(OrderId::new(), CallbackOutcome::Reached { satisfaction: Satisfaction::Satisfied }, 3);
        assert_eq!(settling_callback([&unreached, &reached, &other_order], order), Some(&reached));
    }
}
