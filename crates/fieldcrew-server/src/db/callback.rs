//! Call-backs (回访): after a repair the centre calls the customer for their
//! opinion (001 第十三条(五), at least 90 % of repairs). Every attempt is
//! kept; an order counts as called back once one attempt reached the customer.

use chrono::{DateTime, Utc};
use fieldcrew_core::OrderId;
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
