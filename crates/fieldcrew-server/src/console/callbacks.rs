//! Call-backs (回访): the list of repaired orders whose customer has not been
//! reached yet, longest waiting first, and recording an attempt. An order
//! leaves the list once an attempt reached the customer.

use super::callback_form::{self, Back, Entered};
use super::layout::{self, local_time};
use super::session::{CheckedForm, ConsoleSession};
use crate::db::{Callback, CallbackOutcome, CallbackRefusal, Satisfaction, ServerOrder};
use crate::error::ApiError;
use crate::report::step_time;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, Utc};
use fieldcrew_domain::OrderId;
use fieldcrew_domain::event::EventKind;
use maud::html;
use serde::Deserialize;

/// An order waiting for its call-back, with when it was repaired.
struct Waiting {
    order: ServerOrder,
    repaired_at: DateTime<Utc>,
    attempts: Vec<Callback>,
}

/// When power came back (the corrected time), or else when it was closed.
fn repaired_at(order: &ServerOrder) -> Option<DateTime<Utc>> {
    step_time(order, order.state.restored_at, |k| matches!(k, EventKind::Restored))
        .or_else(|| step_time(order, order.state.closed_at, |k| matches!(k, EventKind::Closed)))
}

/// Read in one transaction (`Database::awaiting_callbacks`), so an order
/// and its attempts are one moment's state.
async fn waiting(state: &AppState) -> Result<Vec<Waiting>, ApiError> {
    let awaiting = state.db(|db| db.awaiting_callbacks()).await?;
    let mut waiting: Vec<Waiting> = awaiting
        .into_iter()
        .filter_map(|a| {
            let repaired_at = repaired_at(&a.order)?;
            Some(Waiting { order: a.order, repaired_at, attempts: a.attempts })
        })
        .collect();
    waiting.sort_by_key(|w| w.repaired_at);
    Ok(waiting)
}

pub async fn page(session: ConsoleSession, State(state): State<AppState>) -> Response {
    let t = session.lang.strings();
    let f = session.lang.follow_up();
    let waiting = match waiting(&state).await {
        Ok(waiting) => waiting,
        Err(e) => return e.into_response(),
    };
    let body = html! {
        h1 { (f.callbacks_heading) }
        p.muted { (f.callbacks_explain) " " (t.times_note) }
        @if waiting.is_empty() { p.message data-testid="callbacks-empty" { (f.no_waiting) } } @else {
            table.callbacks-waiting {
                thead { tr {
                    th { (t.col_number) } th { (f.col_repaired_at) } th { (t.reporter) } th { (t.col_address) }
                    th { (t.col_crew) } th { (f.col_attempts) } th { (f.col_record) }
                } }
                tbody { @for w in &waiting {
                    @let o = &w.order.order;
                    tr data-testid={ "callback-row-" (o.number) } {
                        td { a href={ "/console/orders/" (o.id) } { (o.number) } }
                        td { (local_time(w.repaired_at)) }
                        td { (o.reporter_name) " " a href={ "tel:" (o.reporter_phone) } { (o.reporter_phone) } }
                        td { (o.address) }
                        td { (o.assigned_crew.as_deref().unwrap_or(t.unassigned)) }
                        td { (w.attempts.len())
                            @if let Some(last) = w.attempts.last() {
                                div.muted { (f.reached_no) " " (local_time(last.recorded_at)) }
                            } }
                        td { (callback_form::form(&session, &w.order, Back::List)) }
                    }
                } }
            }
        }
    };
    layout::page(session.lang, Some(&session), f.callbacks_heading, body)
}

#[derive(Deserialize)]
pub struct CallbackForm {
    #[serde(default)]
    reached: String,
    #[serde(default)]
    satisfaction: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    back: String,
}

impl CallbackForm {
    /// The outcome the form states, or the message saying what is missing.
    fn outcome(&self, session: &ConsoleSession) -> Result<CallbackOutcome, &'static str> {
        let f = session.lang.follow_up();
        match self.reached.as_str() {
            "no" => Ok(CallbackOutcome::NotReached),
            "yes" => Satisfaction::from_code(&self.satisfaction)
                .map(|satisfaction| CallbackOutcome::Reached { satisfaction })
                .ok_or(f.choose_satisfaction),
            _ => Err(f.choose_reached),
        }
    }
}

pub async fn record(
    State(state): State<AppState>,
    Path(id): Path<OrderId>,
    CheckedForm { session, form }: CheckedForm<CallbackForm>,
) -> Response {
    let lang = session.lang;
    let f = lang.follow_up();
    let refuse = |status, message: &str| layout::message_page(lang, status, message);
    let outcome = match form.outcome(&session) {
        Ok(outcome) => outcome,
        Err(message) => return send_back(&state, &session, id, &form, message).await,
    };
    if form.note.chars().count() > state.settings.thresholds.max_text_chars {
        return send_back(&state, &session, id, &form, f.note_too_long).await;
    }
    let callback = Callback {
        id: uuid::Uuid::now_v7(),
        order_id: id,
        outcome,
        note: form.note.trim().to_string(),
        recorded_by: session.username.clone(),
        recorded_at: Utc::now(),
    };
    // The due check and the insert are one transaction; a double submit
    // lands on the same redirect with one attempt stored.
    match state.db(move |db| db.record_callback(&callback)).await {
        Ok(Ok(())) => {}
        Ok(Err(CallbackRefusal::UnknownOrder)) => {
            return refuse(StatusCode::NOT_FOUND, lang.strings().not_found);
        }
        Ok(Err(CallbackRefusal::NotDue)) => return refuse(StatusCode::CONFLICT, f.callback_not_due),
        Err(e) => return e.into_response(),
    }
    match Back::from_code(&form.back) {
        Back::Order => Redirect::to(&format!("/console/orders/{id}#callbacks")).into_response(),
        Back::List => Redirect::to("/console/callbacks").into_response(),
    }
}

/// A form missing something comes back with what was entered (the note
/// above all: it may be the whole conversation) and the message, not a
/// bare error page.
async fn send_back(
    state: &AppState,
    session: &ConsoleSession,
    id: OrderId,
    form: &CallbackForm,
    message: &str,
) -> Response {
    let order = match state.db(move |db| db.order(id)).await {
        Ok(Some(order)) => order,
        Ok(None) => {
            return layout::message_page(
                session.lang,
                StatusCode::NOT_FOUND,
                session.lang.strings().not_found,
            );
        }
        Err(e) => return e.into_response(),
    };
    let entered = Entered {
        reached: form.reached.clone(),
        satisfaction: form.satisfaction.clone(),
        note: form.note.clone(),
    };
    let f = session.lang.follow_up();
    let body = html! {
        h1 { (f.order_callbacks) " · " a href={ "/console/orders/" (id) } { (order.order.number) } }
        p.message data-testid="callback-message" { (message) }
        (callback_form::form_with(session, &order, Back::from_code(&form.back), &entered))
    };
    layout::page_with_status(session.lang, Some(session), &order.order.number, StatusCode::BAD_REQUEST, body)
}
