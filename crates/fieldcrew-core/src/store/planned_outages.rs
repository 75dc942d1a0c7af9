//! The planned outages (计划停电) in the crew's area, as the last pull sent
//! them: kept on the phone so the crew can answer a customer offline. The
//! server sends the whole list, so storing it replaces the one held (a
//! cancelled outage leaves by being absent). One JSON value in the sync
//! state: a short list read whole, no table needed.

use super::sync_state::{get, set};
use super::{Store, StoreError};
use chrono::{DateTime, Utc};
pub use fieldcrew_protocol::outages::CrewOutage;

const KEY: &str = "planned_outages";

impl Store {
    /// Replaces the outages held with the server's list.
    pub fn set_planned_outages(&mut self, outages: &[CrewOutage]) -> Result<(), StoreError> {
        set(&self.conn, KEY, &serde_json::to_string(outages).expect("outages always serialise"))
    }

    /// The outages held, the earliest start first; none before the first pull.
    pub fn planned_outages(&self) -> Result<Vec<CrewOutage>, StoreError> {
        get(&self.conn, KEY)?.map_or(Ok(Vec::new()), |json| {
            serde_json::from_str(&json).map_err(|e| StoreError::Corrupt(format!("planned outages: {e}")))
        })
    }

    /// The fingerprint of the list held, sent with each pull.
    pub fn planned_outages_fingerprint(&self) -> Result<String, StoreError> {
        Ok(fieldcrew_protocol::outages::fingerprint(&self.planned_outages()?))
    }
}

/// Whether an outage's window touches the Beijing calendar day of `now`
/// (for the order list's 今日有计划停电 banner).
pub fn on_today(outage: &CrewOutage, now: DateTime<Utc>) -> bool {
    let day = |t: DateTime<Utc>| t.with_timezone(&crate::sla::china_time()).date_naive();
    let today = day(now);
    day(outage.starts_at) <= today && today <= day(outage.ends_at)
}
