//! Complaints and reports (投诉, 举报): taken from intake on their own form,
//! listed with their answer deadlines counting down like the board's clocks,
//! searchable, answered and closed from the list. The deadline rules are
//! the domain's (`fieldcrew_domain::complaint`).

use super::board::clock_cell;
use super::layout::{self, local_time};
use super::routine_i18n::RoutineStrings;
use super::session::{CheckedForm, ConsoleSession};
use crate::db::{Complaint, ComplaintRefusal};
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, Utc};
use fieldcrew_domain::complaint::{ComplaintKind, ComplaintStatus, answer_deadline};
use fieldcrew_domain::sla::WorkCalendar;
use maud::{Markup, html};
use serde::Deserialize;
use uuid::Uuid;

/// Longest text kept from a form field: a complaint is a note, not a file.
const MAX_TEXT: usize = 4000;

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct ComplaintForm {
    kind: String,
    reporter_name: String,
    reporter_phone: String,
    place: String,
    content: String,
    owner: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    q: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AnswerForm {
    answer: String,
}

pub async fn new_form(session: ConsoleSession) -> Response {
    let form = ComplaintForm { kind: ComplaintKind::Complaint.code().into(), ..Default::default() };
    render_form(&session, &form, None, StatusCode::OK)
}

pub async fn create(
    State(state): State<AppState>,
    CheckedForm { session, form }: CheckedForm<ComplaintForm>,
) -> Response {
    let r = session.lang.routine();
    let Some(kind) = ComplaintKind::from_code(&form.kind) else {
        return render_form(&session, &form, Some(r.kind), StatusCode::BAD_REQUEST);
    };
    let text = |s: &str| s.trim().chars().take(MAX_TEXT).collect::<String>();
    // The same working days the repair clocks count.
    let calendar = &state.settings.thresholds.working_calendar;
    let complaint = new_complaint(kind, &form, &session.username, Utc::now(), calendar, text);
    if [&complaint.reporter_name, &complaint.reporter_phone, &complaint.content, &complaint.owner]
        .iter()
        .any(|f| f.is_empty())
    {
        return render_form(&session, &form, Some(r.complaint_needs), StatusCode::BAD_REQUEST);
    }
    let saved = complaint.clone();
    if let Err(e) = state.db(move |db| db.save_complaint(&saved)).await {
        return e.into_response();
    }
    Redirect::to(&format!("/console/complaints#complaint-{}", complaint.id)).into_response()
}

fn new_complaint(
    kind: ComplaintKind,
    form: &ComplaintForm,
    taken_by: &str,
    now: DateTime<Utc>,
    calendar: &WorkCalendar,
    text: impl Fn(&str) -> String,
) -> Complaint {
    Complaint {
        id: Uuid::now_v7(),
        kind,
        received_at: now,
        due_at: answer_deadline(kind, now, calendar).due,
        reporter_name: text(&form.reporter_name),
        reporter_phone: text(&form.reporter_phone),
        place: text(&form.place),
        content: text(&form.content),
        owner: text(&form.owner),
        taken_by: taken_by.to_string(),
        status: ComplaintStatus::Open,
        answer: None,
        answered_by: None,
        answered_at: None,
        closed_at: None,
    }
}

pub async fn list(
    session: ConsoleSession,
    State(state): State<AppState>,
    Query(query): Query<ListQuery>,
) -> Response {
    let all = match state.db(|db| db.complaints()).await {
        Ok(all) => all,
        Err(e) => return e.into_response(),
    };
    let shown: Vec<&Complaint> = all.iter().filter(|c| matches(c, &query.q)).collect();
    let r = session.lang.routine();
    let body = html! {
        h1 { (r.complaints_heading) }
        p { a.button href="/console/complaints/new" data-testid="new-complaint" { (r.new_complaint) } }
        p.muted { (r.deadline_rule) }
        form.filters method="get" action="/console/complaints" {
            input type="search" name="q" value=(query.q) placeholder=(r.search_placeholder) aria-label=(r.search) data-testid="complaint-search";
            " " button type="submit" { (r.search) }
        }
        @if shown.is_empty() {
            p.muted data-testid="complaints-empty" { (r.no_complaints) }
        } @else {
            (table(&session, &state, &shown))
        }
    };
    layout::page(session.lang, Some(&session), r.complaints_heading, body)
}

/// Case-blind match on phone digits, caller, place, content and owner.
fn matches(c: &Complaint, q: &str) -> bool {
    let q = q.trim().to_lowercase();
    if q.is_empty() {
        return true;
    }
    let digits: String = q.chars().filter(char::is_ascii_digit).collect();
    let phone: String = c.reporter_phone.chars().filter(char::is_ascii_digit).collect();
    (!digits.is_empty() && digits.len() == q.len() && phone.contains(&digits))
        || [&c.reporter_name, &c.place, &c.content, &c.owner, &c.reporter_phone]
            .iter()
            .any(|f| f.to_lowercase().contains(&q))
}

fn table(session: &ConsoleSession, state: &AppState, rows: &[&Complaint]) -> Markup {
    let r = session.lang.routine();
    let t = session.lang.strings();
    let now = Utc::now();
    html! {
        div.table-wrap { table.board #complaints {
            thead { tr {
                th { (r.kind) } th { (r.col_received) } th { (r.col_caller) } th { (r.content) }
                th { (r.owner) } th { (r.col_due) } th { (r.col_status) } th {}
            } }
            tbody { @for c in rows {
                @let clock = c.deadline().evaluate(now, c.answered_at, &state.settings.thresholds);
                tr #{ "complaint-" (c.id) } data-testid="complaint-row" data-kind=(c.kind.code()) data-status=(c.status.code()) {
                    td { strong { (r.kind(c.kind)) } }
                    td { (local_time(c.received_at)) br; span.muted { (r.taken_by) " " (c.taken_by) } }
                    td { (c.reporter_name) br; (c.reporter_phone) }
                    td { @if !c.place.is_empty() { span.muted { (c.place) } br; } (c.content) }
                    td { (c.owner) }
                    (clock_cell(t, &clock))
                    td data-testid="complaint-status" { (r.status(c.status)) }
                    td { (actions(session, r, c)) }
                }
            } }
        } }
    }
}

fn actions(session: &ConsoleSession, r: &RoutineStrings, c: &Complaint) -> Markup {
    html! {
        @if let (Some(answer), Some(at)) = (&c.answer, c.answered_at) {
            p data-testid="complaint-answer" {
                (answer) br;
                span.muted { (r.answered_by) " " (c.answered_by.as_deref().unwrap_or("")) " · " (local_time(at)) " · "
                    @if at <= c.due_at { (r.answered_on_time) } @else { (r.answered_late) } }
            }
        }
        @if c.status == ComplaintStatus::Open {
            form method="post" action={ "/console/complaints/" (c.id) "/answer" } data-testid="complaint-answer-form" {
                input type="hidden" name="csrf" value=(session.csrf);
                textarea name="answer" rows="2" required placeholder=(r.answer_placeholder) aria-label=(r.answer) {}
                button type="submit" { (r.save_answer) }
            }
        }
        @if c.status != ComplaintStatus::Closed {
            form.inline method="post" action={ "/console/complaints/" (c.id) "/close" } {
                input type="hidden" name="csrf" value=(session.csrf);
                button type="submit" data-testid="complaint-close" { (r.close) }
            }
        }
    }
}

pub async fn answer(
    State(state): State<AppState>,
    Path(id): Path<Uuid>,
    CheckedForm { session, form }: CheckedForm<AnswerForm>,
) -> Response {
    let r = session.lang.routine();
    let text: String = form.answer.trim().chars().take(MAX_TEXT).collect();
    if text.is_empty() {
        return layout::message_page(session.lang, StatusCode::BAD_REQUEST, r.answer_needs_text);
    }
    let by = session.username.clone();
    let result = state.db(move |db| db.answer_complaint(id, &text, &by, Utc::now())).await;
    after_change(&session, result, id)
}

pub async fn close(
    State(state): State<AppState>,
    Path(id): Path<Uuid>,
    CheckedForm { session, .. }: CheckedForm<AnswerForm>,
) -> Response {
    let result = state.db(move |db| db.close_complaint(id, Utc::now())).await;
    after_change(&session, result, id)
}

fn after_change(
    session: &ConsoleSession,
    result: Result<Result<Complaint, ComplaintRefusal>, crate::error::ApiError>,
    id: Uuid,
) -> Response {
    let r = session.lang.routine();
    match result {
        Ok(Ok(_)) => Redirect::to(&format!("/console/complaints#complaint-{id}")).into_response(),
        Ok(Err(ComplaintRefusal::Unknown)) => {
            layout::message_page(session.lang, StatusCode::NOT_FOUND, r.unknown_complaint)
        }
        Ok(Err(ComplaintRefusal::WrongStatus)) => {
            layout::message_page(session.lang, StatusCode::CONFLICT, r.not_open)
        }
        Err(e) => e.into_response(),
    }
}

fn render_form(
    session: &ConsoleSession,
    form: &ComplaintForm,
    error: Option<&str>,
    status: StatusCode,
) -> Response {
    let r = session.lang.routine();
    let t = session.lang.strings();
    let body = html! {
        h1 { (r.new_complaint_heading) }
        p.muted { (r.deadline_rule) }
        @if let Some(error) = error { p.message { (error) } }
        form.card #complaint method="post" action="/console/complaints" {
            input type="hidden" name="csrf" value=(session.csrf);
            fieldset { legend { (r.kind) }
                @for kind in ComplaintKind::ALL {
                    label.check { input type="radio" name="kind" value=(kind.code()) checked[form.kind == kind.code()]; " " (r.kind(kind)) }
                    " "
                }
            }
            div.row {
                div { label for="reporter_name" { (r.col_caller) }
                    input #reporter_name type="text" name="reporter_name" value=(form.reporter_name) required; }
                div { label for="reporter_phone" { (t.reporter_phone) }
                    input #reporter_phone type="tel" name="reporter_phone" value=(form.reporter_phone) required; }
            }
            label for="place" { (r.place) }
            input #place type="text" name="place" value=(form.place);
            label for="content" { (r.content) }
            textarea #content name="content" rows="4" required { (form.content) }
            label for="owner" { (r.owner) }
            input #owner type="text" name="owner" value=(form.owner) required;
            p.muted { (r.confidential) }
            div.actions { button.primary type="submit" { (r.save_complaint) } }
        }
    };
    layout::page_with_status(session.lang, Some(session), r.new_complaint_heading, status, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn complaint(phone: &str, content: &str) -> Complaint {
        let form = ComplaintForm {
            reporter_phone: phone.into(),
            content: content.into(),
            owner: "营业班".into(),
            ..Default::default()
        };
        new_complaint(ComplaintKind::Complaint, &form, "d", Utc::now(), &WorkCalendar::default(), |s| {
            s.to_string()
        })
    }

    #[test]
    fn search_finds_by_phone_digits_or_words() {
        let c = complaint("138 0000 1234", "抄表员态度不好");
        assert!(matches(&c, ""));
        assert!(matches(&c, "00001234"));
        assert!(matches(&c, "态度"));
        assert!(matches(&c, "营业"));
        assert!(!matches(&c, "9999"));
        assert!(!matches(&c, "电费"));
    }
}
