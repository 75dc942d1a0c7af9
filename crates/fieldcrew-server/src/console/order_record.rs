//! The order page's record section: what the seeds require each report's
//! record to hold (003 §四.1(7)) in one place: who took the call, when the
//! crew was notified and whether within 3 minutes, every assign and
//! reassign with its time and dispatcher, the close time and the person in
//! charge.

use super::layout::{local_time, local_time_or};
use super::session::ConsoleSession;
use crate::db::{ServerOrder, notified_in_time};
use crate::report::{closed_at, first_notified_at, person_in_charge};
use chrono::Utc;
use maud::{Markup, html};

pub fn section(session: &ConsoleSession, order: &ServerOrder) -> Markup {
    let l = session.lang.live();
    let t = session.lang.strings();
    let notified = first_notified_at(order);
    let verdict = notified_in_time(order.order.reported_at, notified, Utc::now());
    let history = &order.record.assignments;
    html! {
        section #record {
            h2 { (l.record_heading) }
            dl.facts {
                dt { (l.taken_by) } dd data-testid="taken-by" { (order.record.taken_by.as_deref().unwrap_or("—")) }
                dt { (l.notified_at) } dd { (local_time_or(notified, "—")) }
                dt { (l.notify_verdict) } dd data-testid="notify-verdict" { @match verdict {
                    Some(true) => { span.valid { (l.notify_in_time) } }
                    Some(false) => { span.invalid { (l.notify_late) } }
                    None => { span.muted { (l.notify_running) } }
                } }
                dt { (l.closed_at) } dd data-testid="closed-at" { (local_time_or(closed_at(order), l.not_closed)) }
                dt { (l.person_in_charge) } dd data-testid="person-in-charge" { (person_in_charge(order).unwrap_or("—")) }
            }
            h3 { (l.assignment_history) }
            @if history.is_empty() { p.muted { (l.no_assignments) } } @else {
                table.record data-testid="assignment-history" {
                    thead { tr { th { (t.col_crew) } th { (l.notified_at) } th { (l.col_assigned_by) } } }
                    tbody { @for (i, a) in history.iter().enumerate() {
                        tr {
                            td { @if i == 0 { (l.assigned_to) } @else { (l.reassigned_to) } " " (a.crew_code) }
                            td { (local_time(a.at)) }
                            td { (a.by.as_deref().unwrap_or(l.by_api)) }
                        }
                    } }
                }
            }
        }
    }
}
