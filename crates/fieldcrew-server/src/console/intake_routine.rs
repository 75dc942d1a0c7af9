//! What intake takes beside the repair itself: the call type (a complaint
//! or report goes to its own form), the priority, an accident that brings
//! in the safety department, and a planned outage covering the caller.

use super::outages;
use super::session::ConsoleSession;
use crate::db::{AccidentKind, PlannedOutage};
use crate::error::ApiError;
use crate::state::AppState;
use chrono::Utc;
use fieldcrew_domain::order::Priority;
use maud::{Markup, html};

/// The priority the form asks for: an accident is always an emergency
/// (the phone's 优先 badge and the board's order follow it); otherwise
/// normal or high as chosen. `None` for a value the form never offers.
pub fn priority(chosen: &str, accident: &str) -> Option<(Priority, Option<AccidentKind>)> {
    let accident = match accident {
        "" | "none" => None,
        code => Some(AccidentKind::from_code(code)?),
    };
    if accident.is_some() {
        return Some((Priority::Emergency, accident));
    }
    let priority = match chosen {
        "" | "normal" => Priority::Normal,
        "high" => Priority::High,
        "emergency" => Priority::Emergency,
        _ => return None,
    };
    Some((priority, None))
}

/// Planned outages running now that cover the caller's address.
pub async fn outage_matches(state: &AppState, address: String) -> Result<Vec<PlannedOutage>, ApiError> {
    let all = state.db(|db| db.planned_outages()).await?;
    Ok(outages::matching(&all, &address, Utc::now()).into_iter().cloned().collect())
}

/// The call-type choice at the top of intake.
pub fn choice_bar(session: &ConsoleSession) -> Markup {
    let r = session.lang.routine();
    html! {
        p.filters data-testid="intake-choice" {
            (r.intake_choice) " " strong { (r.intake_repair) } " · "
            a href="/console/complaints/new" data-testid="intake-complaint" { (r.complaint) " / " (r.report) }
            " · " a href="/console/outages" { (r.nav_outages) }
        }
    }
}

/// Priority and accident fields, and whether a planned outage was already
/// shown for this call (so sending the form again creates the order).
pub fn fields(session: &ConsoleSession, priority: &str, accident: &str, outage_shown: bool) -> Markup {
    let r = session.lang.routine();
    let priorities =
        [("normal", r.priority_normal), ("high", r.priority_high), ("emergency", r.priority_emergency)];
    let priority = if priority.is_empty() { "normal" } else { priority };
    let accident = if accident.is_empty() { "none" } else { accident };
    html! {
        @if outage_shown { input type="hidden" name="confirm_outage" value="1"; }
        div.row {
            div { label for="priority" { (r.priority) }
                select #priority name="priority" {
                    @for (value, label) in priorities { option value=(value) selected[priority == value] { (label) } }
                } }
            div { fieldset { legend { (r.accident) }
                label.check { input type="radio" name="accident" value="none" checked[accident == "none"]; " " (r.accident_none) } " "
                @for kind in AccidentKind::ALL {
                    label.check { input type="radio" name="accident" value=(kind.code()) checked[accident == kind.code()]; " " (r.accident(kind)) } " "
                }
            } }
        }
        p.muted { (r.accident_explain) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_accident_makes_the_order_an_emergency_whatever_was_chosen() {
        assert_eq!(priority("normal", "none"), Some((Priority::Normal, None)));
        assert_eq!(priority("", ""), Some((Priority::Normal, None)));
        assert_eq!(priority("high", "none"), Some((Priority::High, None)));
        assert_eq!(
            priority("normal", "personal_injury"),
            Some((Priority::Emergency, Some(AccidentKind::PersonalInjury)))
        );
        assert_eq!(priority("high", "equipment"), Some((Priority::Emergency, Some(AccidentKind::Equipment))));
        assert_eq!(priority("urgent", "none"), None);
        assert_eq!(priority("normal", "fire"), None);
    }
}
