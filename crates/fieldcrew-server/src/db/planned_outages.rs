//! Planned outages (计划停电) and the calls answered by them.

use chrono::{DateTime, Utc};
use fieldcrew_domain::planned_outage::Notice;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedOutage {
    pub id: Uuid,
    /// The line or area announced (停电线路、区域).
    pub area: String,
    pub villages: Vec<String>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub reason: String,
    pub recorded_by: String,
    pub recorded_at: DateTime<Utc>,
    /// The notice it had when recorded (the 7-day rule).
    pub notice: Notice,
    /// Called off: no longer matched at intake nor sent to phones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancelled_at: Option<DateTime<Utc>>,
}

/// A caller told that their outage is the planned one: no order, no crew.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutageAnswer {
    pub id: Uuid,
    pub outage_id: Uuid,
    pub reporter_name: String,
    pub reporter_phone: String,
    pub address: String,
    pub answered_by: String,
    pub answered_at: DateTime<Utc>,
}
