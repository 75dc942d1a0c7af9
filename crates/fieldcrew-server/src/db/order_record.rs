//! What the seeds require each report's record to hold beyond the order
//! itself (003 §四.1(7), 004 §3.3 4)): who took the call, every assignment
//! with its time and dispatcher, and the repeat calls linked to the order.

use chrono::{DateTime, Utc};
use fieldcrew_domain::OrderId;
use serde::{Deserialize, Serialize};

/// One assign or reassign, as it happened.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assignment {
    pub crew_code: String,
    pub at: DateTime<Utc>,
    /// The dispatcher's user name; `None` when the order came through the
    /// API or was assigned before this record existed.
    pub by: Option<String>,
}

/// A repeat call about an open order, kept as an inquiry on that order
/// rather than a second order (催办/重复来电).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUp {
    pub id: uuid::Uuid,
    pub order_id: OrderId,
    pub caller_name: String,
    pub caller_phone: String,
    pub content: String,
    pub received_at: DateTime<Utc>,
    /// The dispatcher who took the repeat call.
    pub taken_by: String,
}

/// The record kept beside one order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderRecord {
    /// The dispatcher who took the first call.
    pub taken_by: Option<String>,
    /// Oldest first.
    pub assignments: Vec<Assignment>,
    /// Oldest first.
    pub follow_ups: Vec<FollowUp>,
}

impl OrderRecord {
    /// When a crew was first notified: the 3-minute rule is about the first
    /// hand-over, not the latest reassignment.
    pub fn first_notified_at(&self) -> Option<DateTime<Utc>> {
        self.assignments.iter().map(|a| a.at).min()
    }
}

/// The notify rule (003 §四.1(5)): a crew must have the order within three
/// minutes of the report. `Some(true)` in time, `Some(false)` late (or
/// still unassigned after three minutes), `None` while the clock runs.
pub fn notified_in_time(
    reported_at: DateTime<Utc>,
    notified_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Option<bool> {
    let limit = chrono::Duration::minutes(3);
    match notified_at {
        Some(at) => Some(at - reported_at <= limit),
        None if now - reported_at > limit => Some(false),
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    #[test]
    fn three_minutes_is_in_time_and_one_second_more_is_late() {
        let reported = Utc::now() - Duration::hours(1);
        let now = Utc::now();
        assert_eq!(notified_in_time(reported, Some(reported + Duration::minutes(3)), now), Some(true));
        assert_eq!(notified_in_time(reported, Some(reported + Duration::seconds(181)), now), Some(false));
        assert_eq!(notified_in_time(reported, None, now), Some(false));
        assert_eq!(notified_in_time(now - Duration::seconds(30), None, now), None);
    }
}
