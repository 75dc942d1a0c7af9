//! A repeat call attached to an open order (004 §3.3 4)): from intake's
//! 疑似重复报修 warning, the caller, phone and what they said go on the
//! existing order as a follow-up instead of a second order; the order page
//! lists them with the dispatcher who took each call.

use super::layout::{self, local_time};
use super::session::{CheckedForm, ConsoleSession};
use crate::db::FollowUp;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use fieldcrew_domain::{OrderId, WorkOrder};
use maud::{Markup, html};
use serde::Deserialize;

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct FollowUpForm {
    caller_name: String,
    caller_phone: String,
    content: String,
}

/// The button offered beside each suspected repeat, carrying the call as
/// typed into the intake form.
pub fn attach_form(
    session: &ConsoleSession,
    order: &WorkOrder,
    name: &str,
    phone: &str,
    content: &str,
) -> Markup {
    let l = session.lang.live();
    html! {
        form.inline.attach method="post" action={ "/console/orders/" (order.id) "/follow-ups" }
            data-testid={ "attach-" (order.number) } {
            input type="hidden" name="csrf" value=(session.csrf);
            input type="hidden" name="caller_name" value=(name);
            input type="hidden" name="caller_phone" value=(phone);
            input type="hidden" name="content" value=(content);
            button.primary type="submit" title=(l.attach_explain) { (l.attach_to) }
        }
    }
}

pub async fn attach(
    State(state): State<AppState>,
    Path(id): Path<OrderId>,
    CheckedForm { session, form }: CheckedForm<FollowUpForm>,
) -> Response {
    let t = session.lang.strings();
    let limit = state.settings.thresholds.max_text_chars;
    let (name, phone, content) = (form.caller_name.trim(), form.caller_phone.trim(), form.content.trim());
    if name.is_empty() && phone.is_empty() {
        return layout::message_page(session.lang, StatusCode::BAD_REQUEST, t.reporter_phone);
    }
    if [name, phone, content].iter().any(|f| f.chars().count() > limit) {
        return layout::message_page(
            session.lang,
            StatusCode::BAD_REQUEST,
            session.lang.follow_up().note_too_long,
        );
    }
    let follow_up = FollowUp {
        id: uuid::Uuid::now_v7(),
        order_id: id,
        caller_name: name.to_string(),
        caller_phone: phone.to_string(),
        content: content.to_string(),
        received_at: Utc::now(),
        taken_by: session.username.clone(),
    };
    match state.db(move |db| db.add_follow_up(&follow_up)).await {
        Ok(true) => Redirect::to(&format!("/console/orders/{id}#follow-ups")).into_response(),
        Ok(false) => layout::message_page(session.lang, StatusCode::NOT_FOUND, t.not_found),
        Err(e) => e.into_response(),
    }
}

/// The order page's list of repeat calls, oldest first.
pub fn section(session: &ConsoleSession, follow_ups: &[FollowUp]) -> Markup {
    let l = session.lang.live();
    html! {
        section #follow-ups {
            h2 { (l.follow_ups) " (" (follow_ups.len()) ")" }
            @if follow_ups.is_empty() { p.muted { (l.no_follow_ups) } } @else {
                table.follow-ups {
                    thead { tr { th { (l.col_received_at) } th { (l.col_caller) } th { (l.col_content) } th { (l.col_taken_by) } } }
                    tbody { @for f in follow_ups {
                        tr data-testid="follow-up" {
                            td { (local_time(f.received_at)) }
                            td { (f.caller_name) " " a href={ "tel:" (f.caller_phone) } { (f.caller_phone) } }
                            td { (f.content) }
                            td { (f.taken_by) }
                        }
                    } }
                }
            }
        }
    }
}
