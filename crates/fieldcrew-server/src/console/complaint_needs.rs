//! Complaints and reports on the board's needs-action strip: an unanswered
//! one joins the strip once its answer clock is at risk (the same share of
//! the window as the repair clocks) or overdue, with the clock counting
//! down, and leaves it when answered. Keyed `complaint:<id>`, so the
//! board's script highlights and sounds it like an order's entry.

use super::board::clock_cell;
use super::i18n::Lang;
use crate::db::Complaint;
use crate::error::ApiError;
use crate::state::AppState;
use chrono::{DateTime, Utc};
use fieldcrew_domain::Thresholds;
use fieldcrew_domain::complaint::ComplaintStatus;
use fieldcrew_domain::sla::{SlaClock, SlaStatus};
use maud::{Markup, html};

#[derive(Clone, Debug)]
pub struct ComplaintNeed {
    pub complaint: Complaint,
    pub clock: SlaClock,
}

/// The open complaints whose answer is at risk or late, the latest due first
/// among the late, then the soonest due.
pub fn needing_action(
    complaints: Vec<Complaint>,
    now: DateTime<Utc>,
    limits: &Thresholds,
) -> Vec<ComplaintNeed> {
    let mut needs: Vec<ComplaintNeed> = complaints
        .into_iter()
        .filter(|c| c.status == ComplaintStatus::Open)
        .map(|c| {
            let clock = c.deadline().evaluate(now, None, limits);
            ComplaintNeed { complaint: c, clock }
        })
        .filter(|n| n.clock.status != SlaStatus::OnTime)
        .collect();
    needs.sort_by_key(|n| n.complaint.due_at);
    needs
}

pub async fn load(state: &AppState) -> Result<Vec<ComplaintNeed>, ApiError> {
    let limits = state.settings.thresholds.clone();
    let open = state.db(|db| db.open_complaints()).await?;
    Ok(needing_action(open, Utc::now(), &limits))
}

/// The strip's rows for them, in the strip's five columns.
pub fn rows(lang: Lang, needs: &[ComplaintNeed]) -> Markup {
    let r = lang.routine();
    let t = lang.strings();
    html! {
        @for n in needs {
            @let c = &n.complaint;
            tr data-need={ "complaint:" (c.id) } data-kind="complaint" {
                td.need-kind { (r.kind(c.kind)) " " (r.open) }
                td { a href={ "/console/complaints#complaint-" (c.id) } { (r.kind(c.kind)) } }
                td { (c.reporter_name) " " (c.reporter_phone) div.muted { (c.content) } }
                td { (c.owner) }
                (clock_cell(t, &n.clock))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;
    use fieldcrew_domain::complaint::ComplaintKind;

    fn complaint(received_days_ago: i64, window_days: i64, status: ComplaintStatus) -> Complaint {
        let now = Utc::now();
        Complaint {
            id: uuid::Uuid::now_v7(),
            kind: ComplaintKind::Complaint,
            received_at: now - Duration::days(received_days_ago),
            due_at: now - Duration::days(received_days_ago) + Duration::days(window_days),
            reporter_name: "李".into(),
            reporter_phone: "1".into(),
            place: String::new(),
            content: "x".into(),
            owner: "营业班".into(),
            taken_by: "d".into(),
            status,
            answer: None,
            answered_by: None,
            answered_at: None,
            closed_at: None,
        }
    }

    #[test]
    fn only_open_complaints_near_or_past_their_deadline_need_action() {
        let limits = Thresholds::default();
        let fresh = complaint(0, 7, ComplaintStatus::Open);
        let last_day = complaint(6, 7, ComplaintStatus::Open);
        let late = complaint(9, 7, ComplaintStatus::Open);
        let answered_late = complaint(9, 7, ComplaintStatus::Answered);
        let needs =
            needing_action(vec![fresh, last_day.clone(), late.clone(), answered_late], Utc::now(), &limits);
        let ids: Vec<_> = needs.iter().map(|n| n.complaint.id).collect();
        assert_eq!(ids, [late.id, last_day.id], "the most overdue first");
        assert_eq!(needs[0].clock.status, SlaStatus::Breached);
        assert_eq!(needs[1].clock.status, SlaStatus::AtRisk);
    }
}
