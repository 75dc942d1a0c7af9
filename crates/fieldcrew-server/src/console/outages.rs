//! Planned outages (计划停电): recorded with the 7-day notice rule checked,
//! listed with the calls they answered, and offered at intake when a caller's
//! address lies in an outage running now, so the dispatcher can answer
//! without sending a crew.
//!
//! Short notice warns, it does not refuse: the seeds allow temporary repairs
//! (临时检修) announced late as long as key customers are told at once (001
//! 第十条 10), and an outage left unrecorded would hide a real, announced
//! outage from intake and send crews to it. The outage is kept with its
//! notice, shown in red on the list.

use super::layout::{self, local_time};
use super::routine_i18n::RoutineStrings;
use super::session::{CheckedForm, ConsoleSession};
use crate::db::{OutageAnswer, PlannedOutage};
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use fieldcrew_domain::planned_outage::{self, Notice, OutageError};
use fieldcrew_domain::sla::china_time;
use maud::{Markup, html};
use serde::Deserialize;
use uuid::Uuid;

const MAX_TEXT: usize = 2000;

/// Outages that ended longer ago than this are kept but not listed.
const LIST_DAYS: i64 = 30;

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct OutageForm {
    area: String,
    villages: String,
    /// `datetime-local`, read as UTC+8.
    starts_at: String,
    ends_at: String,
    reason: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Saved {
    /// `short` or `ok`: which note to show after saving.
    saved: String,
}

/// The caller as intake took them down, carried by the answer button.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AnswerForm {
    reporter_name: String,
    reporter_phone: String,
    address: String,
}

pub async fn page(
    session: ConsoleSession,
    State(state): State<AppState>,
    Query(saved): Query<Saved>,
) -> Response {
    let r = session.lang.routine();
    let note = match saved.saved.as_str() {
        "short" => Some(r.short_notice_saved),
        "ok" => Some(r.outage_saved),
        "answered" => Some(r.answered_by_outage),
        _ => None,
    };
    render(&session, &state, &OutageForm::default(), note, StatusCode::OK).await
}

pub async fn create(
    State(state): State<AppState>,
    CheckedForm { session, form }: CheckedForm<OutageForm>,
) -> Response {
    let r = session.lang.routine();
    let outage = match to_outage(&form, &session.username, Utc::now()) {
        Ok(outage) => outage,
        Err(message) => {
            return render(&session, &state, &form, Some(message(r)), StatusCode::BAD_REQUEST).await;
        }
    };
    let short = matches!(outage.notice, Notice::Short { .. });
    if let Err(e) = state.db(move |db| db.save_planned_outage(&outage)).await {
        return e.into_response();
    }
    crate::crew_outages::wake_crews(&state).await;
    Redirect::to(if short { "/console/outages?saved=short" } else { "/console/outages?saved=ok" })
        .into_response()
}

type Message = fn(&RoutineStrings) -> &'static str;

fn local(text: &str) -> Option<DateTime<Utc>> {
    let naive = NaiveDateTime::parse_from_str(text.trim(), "%Y-%m-%dT%H:%M").ok()?;
    Some(china_time().from_local_datetime(&naive).single()?.with_timezone(&Utc))
}

fn to_outage(form: &OutageForm, by: &str, now: DateTime<Utc>) -> Result<PlannedOutage, Message> {
    let (Some(starts_at), Some(ends_at)) = (local(&form.starts_at), local(&form.ends_at)) else {
        return Err(|r| r.bad_time);
    };
    let text = |s: &str| s.trim().chars().take(MAX_TEXT).collect::<String>();
    let area = text(&form.area);
    let villages = planned_outage::split_villages(&text(&form.villages));
    planned_outage::check(&area, &villages, starts_at, ends_at).map_err(|e| -> Message {
        match e {
            OutageError::EndsBeforeStart => |r| r.ends_before_start,
            OutageError::NoPlace => |r| r.no_place,
        }
    })?;
    Ok(PlannedOutage {
        id: Uuid::now_v7(),
        area,
        villages,
        starts_at,
        ends_at,
        reason: text(&form.reason),
        recorded_by: by.to_string(),
        recorded_at: now,
        notice: planned_outage::notice(now, starts_at),
        cancelled_at: None,
    })
}

/// Outages running at `at` whose villages or area the address names.
pub fn matching<'a>(
    outages: &'a [PlannedOutage],
    address: &str,
    at: DateTime<Utc>,
) -> Vec<&'a PlannedOutage> {
    outages
        .iter()
        .filter(|o| o.cancelled_at.is_none())
        .filter(|o| planned_outage::in_window(o.starts_at, o.ends_at, at))
        .filter(|o| planned_outage::covers_address(&o.area, &o.villages, address))
        .collect()
}

/// The notice intake shows above its form: each outage with a button that
/// records the call as answered by it.
pub fn intake_notice(
    session: &ConsoleSession,
    outages: &[PlannedOutage],
    reporter_name: &str,
    reporter_phone: &str,
    address: &str,
) -> Markup {
    let r = session.lang.routine();
    html! {
        div.notice #planned-outage-match data-testid="planned-outage-match" {
            strong { (r.outage_match_heading) } " " (r.outage_match_explain)
            ul { @for o in outages {
                li {
                    strong { (o.area) } " " (o.villages.join("、")) " · " (local_time(o.starts_at)) " – " (local_time(o.ends_at))
                    " · " (o.reason)
                    form.inline method="post" action={ "/console/outages/" (o.id) "/answer" } {
                        input type="hidden" name="csrf" value=(session.csrf);
                        input type="hidden" name="reporter_name" value=(reporter_name);
                        input type="hidden" name="reporter_phone" value=(reporter_phone);
                        input type="hidden" name="address" value=(address);
                        " " button.primary type="submit" data-testid="answer-by-outage" { (r.answer_by_outage) }
                    }
                }
            } }
        }
    }
}

pub async fn answer(
    State(state): State<AppState>,
    Path(id): Path<Uuid>,
    CheckedForm { session, form }: CheckedForm<AnswerForm>,
) -> Response {
    let text = |s: &str| s.trim().chars().take(MAX_TEXT).collect::<String>();
    let answer = OutageAnswer {
        id: Uuid::now_v7(),
        outage_id: id,
        reporter_name: text(&form.reporter_name),
        reporter_phone: text(&form.reporter_phone),
        address: text(&form.address),
        answered_by: session.username.clone(),
        answered_at: Utc::now(),
    };
    match state.db(move |db| db.record_outage_answer(&answer)).await {
        Ok(true) => Redirect::to(&format!("/console/outages?saved=answered#outage-{id}")).into_response(),
        Ok(false) => {
            layout::message_page(session.lang, StatusCode::NOT_FOUND, session.lang.routine().unknown_outage)
        }
        Err(e) => e.into_response(),
    }
}

async fn render(
    session: &ConsoleSession,
    state: &AppState,
    form: &OutageForm,
    note: Option<&str>,
    status: StatusCode,
) -> Response {
    let all = match state.db(|db| db.planned_outages()).await {
        Ok(all) => all,
        Err(e) => return e.into_response(),
    };
    // The list is for today's calls: running, coming, and recently ended.
    let cutoff = Utc::now() - chrono::Duration::days(LIST_DAYS);
    let (outages, older): (Vec<PlannedOutage>, Vec<PlannedOutage>) =
        all.into_iter().partition(|o| o.ends_at >= cutoff);
    let mut answers = Vec::with_capacity(outages.len());
    for o in &outages {
        let id = o.id;
        match state.db(move |db| db.outage_answers(id)).await {
            Ok(a) => answers.push(a),
            Err(e) => return e.into_response(),
        }
    }
    let r = session.lang.routine();
    let body = html! {
        h1 { (r.outages_heading) }
        @if let Some(note) = note { p.message data-testid="outage-note" { (note) } }
        (outage_form(session, r, form))
        @if !older.is_empty() { p.muted data-testid="outages-older" { (r.older_outages) " " (older.len()) } }
        @if outages.is_empty() {
            p.muted data-testid="outages-empty" { (r.no_outages) }
        } @else {
            div.table-wrap { table.board #outages {
                thead { tr { th { (r.area) } th { (r.villages) } th { (r.starts) } th { (r.ends) } th { (r.reason) } th { (r.calls_answered) } } }
                tbody { @for (o, calls) in outages.iter().zip(&answers) {
                    tr #{ "outage-" (o.id) } data-testid="outage-row" {
                        td { strong { (o.area) } br;
                            @if o.cancelled_at.is_some() {
                                span.chip.warn data-testid="outage-cancelled" { (super::crew_area::words(session.lang).outage_cancelled) } br;
                            }
                            @match o.notice {
                                Notice::Enough => { span.muted data-testid="outage-notice" { (r.notice_enough) } }
                                Notice::Short { .. } => { span.invalid data-testid="outage-notice" { (r.notice_short) } }
                            } }
                        td { (o.villages.join("、")) }
                        td { (local_time(o.starts_at)) }
                        td { (local_time(o.ends_at)) }
                        td { (o.reason) br; span.muted { (o.recorded_by) " · " (local_time(o.recorded_at)) } }
                        td data-testid="outage-calls" {
                            @if o.cancelled_at.is_none() { (super::crew_area::cancel_button(session, o.id)) }
                            @for a in calls { div { (a.reporter_name) " " (a.reporter_phone) " · " (a.address) " · " (local_time(a.answered_at)) " · " (a.answered_by) } }
                        }
                    }
                } }
            } }
        }
    };
    layout::page_with_status(session.lang, Some(session), r.outages_heading, status, body)
}

fn outage_form(session: &ConsoleSession, r: &RoutineStrings, form: &OutageForm) -> Markup {
    html! {
        form.card #outage method="post" action="/console/outages" {
            h2 { (r.new_outage) }
            p.muted { (r.notice_rule) }
            input type="hidden" name="csrf" value=(session.csrf);
            div.row {
                div { label for="area" { (r.area) } input #area type="text" name="area" value=(form.area); }
                div { label for="villages" { (r.villages) }
                    input #villages type="text" name="villages" value=(form.villages) placeholder=(r.villages_hint); }
            }
            div.row {
                div { label for="starts_at" { (r.starts) } input #starts_at type="datetime-local" name="starts_at" value=(form.starts_at) required; }
                div { label for="ends_at" { (r.ends) } input #ends_at type="datetime-local" name="ends_at" value=(form.ends_at) required; }
            }
            label for="reason" { (r.reason) }
            input #reason type="text" name="reason" value=(form.reason);
            div.actions { button.primary type="submit" { (r.save_outage) } }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_form_in_china_time_becomes_an_outage_with_its_notice() {
        let now = local("2026-12-07T10:00").unwrap();
        let form = OutageForm {
            area: "10kV东湖线".into(),
            villages: "东湖村、西湖村".into(),
            starts_at: "2026-12-14T08:00".into(),
            ends_at: "2026-12-14T18:00".into(),
            reason: "线路检修".into(),
        };
        let outage = to_outage(&form, "d", now).unwrap();
        assert_eq!(outage.villages, ["东湖村", "西湖村"]);
        assert_eq!(outage.starts_at.to_rfc3339(), "2026-12-14T00:00:00+00:00");
        assert_eq!(outage.notice, Notice::Short { hours_ahead: 166 });
        let early = to_outage(&form, "d", local("2026-12-07T08:00").unwrap()).unwrap();
        assert_eq!(early.notice, Notice::Enough);
        let backwards = OutageForm { ends_at: "2026-12-13T18:00".into(), ..form.clone() };
        assert!(to_outage(&backwards, "d", now).is_err());
        let garbled = OutageForm { starts_at: "tomorrow".into(), ..form };
        assert!(to_outage(&garbled, "d", now).is_err());
    }
}
