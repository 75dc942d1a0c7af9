//! Planned outages (计划停电) down to the crews whose area they touch: the
//! whole current list rides on a pull page when its fingerprint differs from
//! the phone's, so a cancelled or ended outage leaves the phone by being
//! absent, and an idle pull stays small.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// How long after its end an outage is still sent: a crew called out the
/// morning after can still tell the customer what happened.
pub const KEPT_AFTER_END_HOURS: i64 = 24;

/// One planned outage as a crew's phone keeps it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CrewOutage {
    /// The server's id (a UUID).
    pub id: String,
    /// The line or area announced (停电线路、区域).
    pub area: String,
    pub villages: Vec<String>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub reason: String,
}

/// A short digest of a list, sent by the phone as `outages=` with each pull.
/// The empty list has one too, so a phone that holds none is not sent an
/// empty list on every pull.
pub fn fingerprint(outages: &[CrewOutage]) -> String {
    let json = serde_json::to_vec(outages).expect("outages always serialise");
    fieldcrew_domain::hash::sha256_hex(&json)[..16].to_string()
}
