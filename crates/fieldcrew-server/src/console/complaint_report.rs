//! Complaints and reports (投诉, 举报) in the monthly report: how many were
//! taken in the range, answered on time, late, overdue and pending, with
//! the on-time rate; on the report page and as a second CSV, so the order
//! CSV keeps its columns.

use super::csv_text::text_cell;
use super::i18n::Lang;
use super::layout::{local_time, local_time_or};
use super::report_csv::{BOM, csv_attachment};
use super::report_query::{ReportQuery, range_query};
use super::routine_i18n::RoutineStrings;
use super::session::ConsoleSession;
use crate::db::Complaint;
use crate::error::ApiError;
use crate::report::{DateRange, percent};
use crate::state::AppState;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use fieldcrew_domain::complaint::{AnswerTally, ComplaintKind};
use maud::{Markup, html};

/// The complaints received in a range and their tallies.
#[derive(Clone, Debug)]
pub struct ComplaintFigures {
    pub total: AnswerTally,
    pub by_kind: Vec<(ComplaintKind, AnswerTally)>,
    pub rows: Vec<Complaint>,
    pub computed_at: DateTime<Utc>,
}

pub fn figures(rows: Vec<Complaint>, now: DateTime<Utc>) -> ComplaintFigures {
    let mut total = AnswerTally::default();
    let mut by_kind: Vec<(ComplaintKind, AnswerTally)> =
        ComplaintKind::ALL.into_iter().map(|k| (k, AnswerTally::default())).collect();
    for c in &rows {
        total.add(&c.deadline(), c.answered_at, now);
        if let Some((_, tally)) = by_kind.iter_mut().find(|(k, _)| *k == c.kind) {
            tally.add(&c.deadline(), c.answered_at, now);
        }
    }
    ComplaintFigures { total, by_kind, rows, computed_at: now }
}

pub async fn load(state: &AppState, range: DateRange) -> Result<ComplaintFigures, ApiError> {
    let rows = state.db(move |db| db.complaints_received_between(range.start(), range.end())).await?;
    Ok(figures(rows, Utc::now()))
}

/// The report page's section.
pub fn section(session: &ConsoleSession, figures: &ComplaintFigures, range: &DateRange) -> Markup {
    let r = session.lang.routine();
    html! {
        h2 { (r.report_heading) }
        p { a.button href={ "/console/reports/complaints.csv?" (range_query(range)) } download data-testid="complaint-csv-link" { (r.complaint_csv) } }
        p.muted { (r.deadline_rule) }
        div.table-wrap { table.report data-testid="complaint-tally" {
            thead { tr {
                th { (r.kind) } th { (r.col_received_count) } th { (r.col_on_time) } th { (r.col_late) }
                th { (r.col_overdue) } th { (r.col_pending) } th { (r.col_rate) }
            } }
            tbody {
                @for (kind, tally) in &figures.by_kind { (tally_row(r.kind(*kind), tally, kind.code())) }
                (tally_row(session.lang.follow_up().total, &figures.total, "total"))
            }
        } }
    }
}

fn tally_row(label: &str, t: &AnswerTally, key: &str) -> Markup {
    html! {
        tr data-testid={ "complaint-tally-" (key) } {
            th scope="row" { (label) }
            td.received { (t.received) } td.on-time { (t.on_time) } td.late { (t.late) }
            td.overdue { (t.overdue) } td.pending { (t.pending) } td.rate { (percent(t.on_time_rate())) }
        }
    }
}

pub async fn download(
    session: ConsoleSession,
    State(state): State<AppState>,
    Query(query): Query<ReportQuery>,
) -> Response {
    let Ok(range) = query.range() else {
        return (StatusCode::BAD_REQUEST, session.lang.follow_up().bad_date).into_response();
    };
    let figures = match load(&state, range).await {
        Ok(figures) => figures,
        Err(e) => return e.into_response(),
    };
    match write(&figures) {
        Ok(bytes) => csv_attachment(bytes, &format!("fieldcrew-complaints-{}.csv", range.label())),
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    }
}

/// In Chinese like the order CSV: the tallies, an empty line, one row per
/// complaint. Typed text goes through `text_cell`.
pub fn write(figures: &ComplaintFigures) -> Result<Vec<u8>, csv::Error> {
    let r: &RoutineStrings = Lang::ZhCn.routine();
    let total = Lang::ZhCn.follow_up().total;
    let mut out = BOM.to_vec();
    {
        let mut w =
            csv::WriterBuilder::new().flexible(true).terminator(csv::Terminator::CRLF).from_writer(&mut out);
        w.write_record([
            r.kind,
            r.col_received_count,
            r.col_on_time,
            r.col_late,
            r.col_overdue,
            r.col_pending,
            r.col_rate,
        ])?;
        let rows = figures.by_kind.iter().map(|(k, t)| (r.kind(*k), t)).chain([(total, &figures.total)]);
        for (label, t) in rows {
            let counts = [t.received, t.on_time, t.late, t.overdue, t.pending].map(|n| n.to_string());
            w.write_record([
                label,
                &counts[0],
                &counts[1],
                &counts[2],
                &counts[3],
                &counts[4],
                &percent(t.on_time_rate()),
            ])?;
        }
        w.write_record([""])?;
        w.write_record([
            r.kind,
            r.col_received,
            r.col_caller,
            r.content,
            r.owner,
            r.col_due,
            r.col_status,
            r.answer,
            r.answered_by,
            r.answered_on_time,
        ])?;
        for c in &figures.rows {
            let verdict = match c.answered_at {
                Some(at) if at <= c.due_at => r.answered_on_time,
                Some(_) => r.answered_late,
                None if figures.computed_at > c.due_at => r.col_overdue,
                None => r.col_pending,
            };
            w.write_record([
                r.kind(c.kind),
                &local_time(c.received_at),
                &text_cell(&format!("{} {}", c.reporter_name, c.reporter_phone)),
                &text_cell(&c.content),
                &text_cell(&c.owner),
                &local_time(c.due_at),
                r.status(c.status),
                &text_cell(c.answer.as_deref().unwrap_or("")),
                &format!(
                    "{} {}",
                    text_cell(c.answered_by.as_deref().unwrap_or("")),
                    local_time_or(c.answered_at, "")
                ),
                verdict,
            ])?;
        }
        w.flush()?;
    }
    Ok(out)
}
