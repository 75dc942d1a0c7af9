//! The shift handover log (交接班记录) as the server keeps it: each handover
//! with both signatures, the problems it raised and the ones it carried,
//! and each problem open until someone closes it with a note.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use uuid::Uuid;

/// How a problem was closed: on a phone while writing a handover, or on
/// the console by a dispatcher.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ProblemClosed {
    pub closed_by: String,
    pub closed_at: DateTime<Utc>,
    pub note: String,
    /// The handover it was closed in; none when closed on the console.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub in_handover: Option<Uuid>,
}

/// One problem handed over (遗留问题).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct HandoverProblem {
    pub id: Uuid,
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order_id: Option<Uuid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub equipment: Option<String>,
    /// The handover that raised it, by whom and when.
    pub handover_id: Uuid,
    pub raised_by: String,
    pub raised_at: DateTime<Utc>,
    /// None while it is open.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub closed: Option<ProblemClosed>,
}

/// One handover in the log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct HandoverEntry {
    pub id: Uuid,
    pub crew_code: String,
    /// 交班人 and the phone's time of signing.
    pub written_by: String,
    pub written_at: DateTime<Utc>,
    pub received_at: DateTime<Utc>,
    pub summary: String,
    /// Raised in this handover.
    pub problems: Vec<HandoverProblem>,
    /// Open from earlier handovers when this one arrived: handed over again.
    pub carried: Vec<HandoverProblem>,
    /// 接班人 and the time of 确认接班, once acknowledged.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub acknowledged_by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub acknowledged_at: Option<DateTime<Utc>>,
}

/// What the log is searched by; every part optional.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HandoverFilter {
    /// Words in the summary, a problem, equipment, order number or a name.
    pub text: Option<String>,
    pub crew: Option<String>,
    /// The day (UTC+8) the handover was written.
    pub day: Option<NaiveDate>,
    pub limit: u32,
}

/// Why a problem could not be closed on the console.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CloseRefusal {
    UnknownProblem,
    AlreadyClosed,
}
