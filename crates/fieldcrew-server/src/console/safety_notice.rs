//! The safety department told of an accident taken at intake (003 §四.1(5)):
//! the contacts configured in the settings at that moment, the time and the
//! dispatcher, kept as a row and shown on the order. Nothing is sent from
//! here (the server has no SMS gateway): the record is the dispatcher's
//! notice, and the list tells them whom to call.

use super::layout::local_time;
use super::session::ConsoleSession;
use crate::db::{AccidentKind, SafetyNotice};
use crate::error::ApiError;
use crate::state::AppState;
use chrono::Utc;
use fieldcrew_domain::OrderId;
use fieldcrew_domain::order::Priority;
use maud::{Markup, html};

/// Records that the safety department is told of `order`'s accident.
pub async fn record(
    state: &AppState,
    order: OrderId,
    accident: AccidentKind,
    by: &str,
) -> Result<(), ApiError> {
    let notice = SafetyNotice {
        order_id: order,
        accident,
        contacts: state.settings.safety.contacts.clone(),
        notified_at: Utc::now(),
        notified_by: by.to_string(),
    };
    state.db(move |db| db.record_safety_notice(&notice)).await
}

/// The order page's section: its priority when above normal, and the
/// safety notices; empty for a normal order without an accident.
pub async fn section(
    state: &AppState,
    session: &ConsoleSession,
    order: OrderId,
    priority: Priority,
) -> Result<Markup, ApiError> {
    let notices = state.db(move |db| db.safety_notices(order)).await?;
    let r = session.lang.routine();
    Ok(html! {
        @if priority != Priority::Normal {
            p data-testid="order-priority" { (r.priority) ": " strong.invalid { (r.priority(priority)) } }
        }
        @if !notices.is_empty() {
            section.card #safety-notice data-testid="safety-notice" {
                h2 { (r.safety_heading) }
                @for n in &notices {
                    p { strong { (r.accident(n.accident)) } " · " (r.safety_notified_at) " " (local_time(n.notified_at)) " · " (n.notified_by) }
                    @if n.contacts.is_empty() {
                        p.message { (r.safety_no_contacts) }
                    } @else {
                        ul { @for c in &n.contacts { li data-testid="safety-contact" { (c.name) " " a href={ "tel:" (c.phone) } { (c.phone) } } } }
                    }
                }
            }
        }
    })
}
