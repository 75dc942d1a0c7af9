//! Which planned outages a crew's phones hold: those touching the places the
//! crew serves, not cancelled, and not over more than a day ago. Sent whole
//! with a pull when the phone's fingerprint differs, so a cancelled outage
//! leaves the phone by being absent from the next list.

use crate::db::PlannedOutage;
use crate::state::AppState;
use chrono::{DateTime, Duration, Utc};
use fieldcrew_domain::planned_outage::touches_places;
use fieldcrew_protocol::outages::{CrewOutage, KEPT_AFTER_END_HOURS};

/// The crew's list at `now`, the earliest start first.
pub fn for_crew(outages: &[PlannedOutage], places: &[String], now: DateTime<Utc>) -> Vec<CrewOutage> {
    let kept_from = now - Duration::hours(KEPT_AFTER_END_HOURS);
    let mut list: Vec<CrewOutage> = outages
        .iter()
        .filter(|o| o.cancelled_at.is_none() && o.ends_at >= kept_from)
        .filter(|o| touches_places(&o.area, &o.villages, places))
        .map(|o| CrewOutage {
            id: o.id.to_string(),
            area: o.area.clone(),
            villages: o.villages.clone(),
            starts_at: o.starts_at,
            ends_at: o.ends_at,
            reason: o.reason.clone(),
        })
        .collect();
    list.sort_by(|a, b| (a.starts_at, &a.id).cmp(&(b.starts_at, &b.id)));
    list
}

/// Wakes every crew's held long-poll: an outage was recorded or called off,
/// or a crew's places changed. Each re-reads its list; one whose list did
/// not change goes back to waiting.
pub async fn wake_crews(state: &AppState) {
    if let Ok(crews) = state.db(|db| db.crews()).await {
        for crew in crews {
            state.changes.changed(&crew.code, 0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fieldcrew_domain::planned_outage::Notice;

    fn outage(area: &str, villages: &[&str], ends_in_h: i64, now: DateTime<Utc>) -> PlannedOutage {
        PlannedOutage {
            id: uuid::Uuid::now_v7(),
            area: area.into(),
            villages: villages.iter().map(|v| v.to_string()).collect(),
            starts_at: now + Duration::hours(ends_in_h - 4),
            ends_at: now + Duration::hours(ends_in_h),
            reason: "检修".into(),
            recorded_by: "wang".into(),
            recorded_at: now,
            notice: Notice::Enough,
            cancelled_at: None,
        }
    }

    #[test]
    fn a_crew_gets_its_areas_outages_until_a_day_after_they_end() {
        let now = Utc::now();
        let places = vec!["东湖村".to_string()];
        let coming = outage("10kV东湖线", &["东湖村"], 30, now);
        let ended_yesterday_evening = outage("10kV东湖线", &["东湖村"], -20, now);
        let ended_two_days_ago = outage("10kV东湖线", &["东湖村"], -48, now);
        let elsewhere = outage("10kV北山线", &["北村"], 30, now);
        let mut cancelled = outage("", &["东湖村"], 30, now);
        cancelled.cancelled_at = Some(now);
        let all = [coming.clone(), ended_yesterday_evening.clone(), ended_two_days_ago, elsewhere, cancelled];
        let ids: Vec<String> = for_crew(&all, &places, now).into_iter().map(|o| o.id).collect();
        assert_eq!(ids, [ended_yesterday_evening.id.to_string(), coming.id.to_string()]);
        assert!(for_crew(&all, &[], now).is_empty(), "a crew with no places set gets none");
    }
}
