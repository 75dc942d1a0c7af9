//! The shift handover log page (交接班记录): every handover newest first
//! with both signatures and times, the problems it raised and the ones it
//! carried with their age, searchable by text, crew and day; an open
//! problem is closed here with a note, the dispatcher's name recorded.

use super::handover_i18n::HandoverStrings;
use super::layout::{self, local_time};
use super::session::{CheckedForm, ConsoleSession};
use crate::db::handovers::{CloseRefusal, HandoverEntry, HandoverFilter, HandoverProblem};
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, NaiveDate, Utc};
use maud::{Markup, html};
use serde::Deserialize;
use uuid::Uuid;

const MAX_NOTE: usize = 2000;
const LISTED: u32 = 200;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LogQuery {
    q: String,
    crew: String,
    /// `YYYY-MM-DD` from the date input; anything else is ignored.
    date: String,
    /// `closed`: the note shown after closing a problem.
    saved: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CloseForm {
    note: String,
}

pub async fn page(
    session: ConsoleSession,
    State(state): State<AppState>,
    Query(query): Query<LogQuery>,
) -> Response {
    let h = session.lang.handover();
    let note = (query.saved == "closed").then_some(h.hol_closed_saved);
    render(&session, &state, &query, note, StatusCode::OK).await
}

pub async fn close(
    State(state): State<AppState>,
    Path(id): Path<Uuid>,
    CheckedForm { session, form }: CheckedForm<CloseForm>,
) -> Response {
    let h = session.lang.handover();
    let note: String = form.note.trim().chars().take(MAX_NOTE).collect();
    if note.is_empty() {
        return render(
            &session,
            &state,
            &LogQuery::default(),
            Some(h.hol_close_needs_note),
            StatusCode::BAD_REQUEST,
        )
        .await;
    }
    let by = session.username.clone();
    match state.db(move |db| db.close_handover_problem(id, &by, &note, Utc::now())).await {
        Ok(Ok(crew)) => {
            // The crew's phones drop it from their open problems at once.
            state.changes.changed(&crew, 0);
            Redirect::to(&format!("/console/handovers?saved=closed#problem-{id}")).into_response()
        }
        Ok(Err(CloseRefusal::AlreadyClosed)) => {
            layout::message_page(session.lang, StatusCode::CONFLICT, h.hol_already_closed)
        }
        Ok(Err(CloseRefusal::UnknownProblem)) => {
            layout::message_page(session.lang, StatusCode::NOT_FOUND, h.hol_unknown_problem)
        }
        Err(e) => e.into_response(),
    }
}

async fn render(
    session: &ConsoleSession,
    state: &AppState,
    query: &LogQuery,
    note: Option<&str>,
    status: StatusCode,
) -> Response {
    let filter = HandoverFilter {
        text: Some(query.q.clone()),
        crew: Some(query.crew.clone()),
        day: NaiveDate::parse_from_str(query.date.trim(), "%Y-%m-%d").ok(),
        limit: LISTED,
    };
    let (entries, crews) =
        match (state.db(move |db| db.handovers(&filter)).await, state.db(|db| db.crews()).await) {
            (Ok(entries), Ok(crews)) => (entries, crews),
            (Err(e), _) | (_, Err(e)) => return e.into_response(),
        };
    let h = session.lang.handover();
    let now = Utc::now();
    let body = html! {
        h1 { (h.hol_heading) }
        p.muted { (h.hol_explain) }
        // A refusal reads as an error, a closed problem as done.
        @if let Some(note) = note {
            p class=(if status.is_success() { "ok" } else { "message" }) data-testid="handover-note" { (note) }
        }
        form.card.row #handover-search method="get" action="/console/handovers" {
            div { label for="q" { (h.hol_search_text) } input #q type="search" name="q" value=(query.q) placeholder=(h.hol_search_placeholder); }
            div { label for="crew" { (h.hol_crew) }
                select #crew name="crew" {
                    option value="" { (h.hol_all_crews) }
                    @for c in &crews { option value=(c.code) selected[c.code == query.crew] { (c.code) " " (c.name) } }
                } }
            div { label for="date" { (h.hol_date) } input #date type="date" name="date" value=(query.date); }
            div.actions { button.primary type="submit" data-testid="handover-search" { (h.hol_search) } }
        }
        @if entries.is_empty() { p.muted data-testid="handovers-empty" { (h.hol_none) } }
        @for e in &entries { (entry(session, h, e, now)) }
    };
    layout::page_with_status(session.lang, Some(session), h.hol_heading, status, body)
}

fn entry(session: &ConsoleSession, h: &HandoverStrings, e: &HandoverEntry, now: DateTime<Utc>) -> Markup {
    html! {
        article.card #{ "handover-" (e.id) } data-testid="handover" {
            h2 { (e.crew_code) " · " (local_time(e.written_at)) }
            p data-testid="handover-signatures" {
                strong { (h.hol_handed_over_by) } " " span data-testid="written-by" { (e.written_by) } " " (local_time(e.written_at))
                " → "
                @match (&e.acknowledged_by, e.acknowledged_at) {
                    (Some(by), Some(at)) => { strong { (h.hol_taken_over_by) } " " span data-testid="acknowledged-by" { (by) } " " (local_time(at)) }
                    _ => { span.invalid data-testid="not-acknowledged" { (h.hol_not_acknowledged) } }
                }
            }
            @if !e.summary.trim().is_empty() { p { strong { (h.hol_summary) } " " (e.summary) } }
            @if !e.problems.is_empty() {
                h3 { (h.hol_raised) }
                ul { @for p in &e.problems { (problem(session, h, p, now)) } }
            }
            @if !e.carried.is_empty() {
                h3 { (h.hol_carried) }
                ul data-testid="carried" { @for p in &e.carried { (problem(session, h, p, now)) } }
            }
        }
    }
}

fn problem(session: &ConsoleSession, h: &HandoverStrings, p: &HandoverProblem, now: DateTime<Utc>) -> Markup {
    html! {
        li #{ "problem-" (p.id) } data-testid="problem" data-open=(p.closed.is_none()) {
            (p.text)
            @if let Some(number) = &p.order_number {
                " · " (h.hol_order) " "
                @if let Some(id) = p.order_id { a href={ "/console/orders/" (id) } { (number) } } @else { (number) }
            }
            @if let Some(equipment) = &p.equipment { " · " (h.hol_equipment) " " (equipment) }
            span.muted { " · " (p.raised_by) " " (local_time(p.raised_at)) }
            @match &p.closed {
                Some(c) => { div.muted data-testid="problem-closed" { (h.hol_closed_by) " " (c.closed_by) " " (local_time(c.closed_at)) " · " (c.note) } }
                None => {
                    span.invalid data-testid="problem-age" { " · " (h.hol_open_for) " " (h.age(now - p.raised_at)) }
                    form.inline method="post" action={ "/console/handovers/problems/" (p.id) "/close" } {
                        input type="hidden" name="csrf" value=(session.csrf);
                        " " input type="text" name="note" placeholder=(h.hol_close_note) required aria-label=(h.hol_close_note);
                        " " button type="submit" data-testid="close-problem" { (h.hol_close) }
                    }
                }
            }
        }
    }
}
