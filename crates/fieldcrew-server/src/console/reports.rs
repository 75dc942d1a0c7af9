//! The report page: a month picker and any date range, the rates, the
//! call-back rate against its target, and each order counted. Figures come
//! from `crate::report`; this only lays them out.

use super::follow_up_i18n::{FollowUpStrings, area_group, area_group_with_minutes};
use super::i18n::Strings;
use super::layout::{self, local_time, local_time_or};
use super::live_i18n::LiveStrings;
use super::report_query::{ReportQuery, load, range_query};
use super::session::ConsoleSession;
use crate::report::{CallbackStatus, DateRange, LateReason, OrderLine, Report, Tally, percent};
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};

use crate::state::AppState;

pub async fn page(
    session: ConsoleSession,
    State(state): State<AppState>,
    Query(query): Query<ReportQuery>,
) -> Response {
    let f = session.lang.follow_up();
    let Ok(range) = query.range() else {
        let body = html! { (pickers(f, None)) p.message { (f.bad_date) } };
        return layout::page_with_status(
            session.lang,
            Some(&session),
            f.reports_heading,
            StatusCode::BAD_REQUEST,
            body,
        );
    };
    let (report, complaints) = match load(&state, range).await {
        Ok(loaded) => loaded,
        Err(e) => return e.into_response(),
    };
    let complaints = super::complaint_report::figures(complaints, report.computed_at);
    let body = html! {
        h1 { (f.reports_heading) " " span data-testid="report-range" { (range.from) " " (f.range_to) " " (range.to) } }
        (pickers(f, Some(&range)))
        p { a.button href={ "/console/reports.csv?" (range_query(&range)) } download data-testid="report-csv-link" { (f.download_csv) } }
        p.muted { (f.report_rules) }
        (summary(session.lang.strings(), f, session.lang.live(), &report))
        (super::complaint_report::section(&session, &complaints, &range))
        (super::close_out_section::totals(session.lang, &report.materials))
        h2 { (f.orders_heading) }
        (order_table(session.lang.strings(), f, session.lang.live(), &report.lines))
    };
    layout::page(session.lang, Some(&session), f.reports_heading, body)
}

fn pickers(f: &FollowUpStrings, range: Option<&DateRange>) -> Markup {
    let month = range.and_then(DateRange::whole_month).map(|(y, m)| format!("{y}-{m:02}"));
    html! {
        form.filters method="get" action="/console/reports" data-testid="report-month-form" {
            label { (f.month) " " input type="month" name="month" value=[month] data-testid="report-month"; }
            " " button type="submit" { (f.show) }
        }
        form.filters method="get" action="/console/reports" data-testid="report-range-form" {
            label { (f.from) " " input type="date" name="from" value=[range.map(|r| r.from)] required data-testid="report-from"; }
            " "
            label { (f.to) " " input type="date" name="to" value=[range.map(|r| r.to)] required data-testid="report-to"; }
            " " button type="submit" { (f.show) }
        }
    }
}

/// One row of on time / late / pending / rate.
fn tally_row(label: &str, tally: &Tally, testid: &str) -> Markup {
    html! {
        tr data-testid=(testid) {
            th scope="row" { (label) }
            td.on-time { (tally.on_time) } td.late { (tally.late) } td.pending { (tally.pending) }
            td.rate { (percent(tally.rate())) }
        }
    }
}

fn tally_head(f: &FollowUpStrings) -> Markup {
    html! { thead { tr {
        th { (f.col_class) } th { (f.col_on_time) } th { (f.col_late) } th { (f.col_pending) } th { (f.col_rate) }
    } } }
}

fn summary(t: &Strings, f: &FollowUpStrings, l: &LiveStrings, report: &Report) -> Markup {
    let callbacks = &report.callbacks;
    html! {
        dl.facts {
            dt { (f.orders_counted) } dd data-testid="report-order-count" { (report.lines.len()) }
            dt { (f.cancelled_excluded) } dd data-testid="report-cancelled" { (report.cancelled) }
            dt { (f.escalations_heading) } dd data-testid="report-escalations" { (report.escalated) }
        }
        h2 { (f.callback_heading) " (" (f.callback_target) ")" }
        p class={ "callback-rate " (if callbacks.meets_target() { "valid" } else { "invalid" }) } {
            strong data-testid="report-callback-rate" { (percent(callbacks.rate())) }
            " · " (f.col_called_back) " "
            span data-testid="report-callback-count" { (callbacks.called_back) }
            " / " span data-testid="report-repaired-count" { (callbacks.counted()) }
            " · " (f.callback_pending) " "
            span data-testid="report-callback-pending" { (callbacks.pending) }
            (f.callback_pending_not_counted)
            " · " @if callbacks.meets_target() { (f.target_met) } @else { (f.target_missed) }
        }
        h2 { (l.notify_rate_heading) }
        table.report {
            (tally_head(f))
            tbody { (tally_row(f.total, &report.notify, "report-notify")) }
        }
        h2 { (f.arrival_heading) }
        table.report {
            (tally_head(f))
            tbody {
                (tally_row(f.total, &report.arrival, "report-arrival-total"))
                @for (group, tally) in &report.arrival_by_area {
                    (tally_row(&area_group_with_minutes(t, f, *group, &report.limits), tally, &format!("report-arrival-area-{}", area_code(*group))))
                }
            }
        }
        h3 { (f.arrival_heading) " · " (f.by_crew) }
        table.report {
            (tally_head(f))
            tbody { @for (crew, tally) in &report.arrival_by_crew {
                (tally_row(crew.as_deref().unwrap_or(t.unassigned), tally,
                    &format!("report-arrival-crew-{}", crew.as_deref().unwrap_or("unassigned"))))
            } }
        }
        h2 { (f.restoration_heading) }
        table.report {
            (tally_head(f))
            tbody {
                (tally_row(f.total, &report.restoration, "report-restoration"))
                (tally_row(f.meter_heading, &report.meter_faults, "report-meter-faults"))
            }
        }
    }
}

/// A stable, language-free name for test ids.
pub fn area_code(group: crate::report::AreaGroup) -> &'static str {
    use crate::report::AreaGroup::*;
    match group {
        Urban => "urban",
        Rural => "rural",
        Remote => "remote",
        Appointment => "appointment",
    }
}

/// A line's call-back as the report shows it: pending (待回访) apart from
/// not called back.
pub fn callback_result(f: &FollowUpStrings, line: &OrderLine) -> String {
    match line.callback_status {
        CallbackStatus::Pending => f.callback_pending.to_string(),
        CallbackStatus::Missed => f.not_called_back.to_string(),
        // A reached attempt shows even on an order not repaired (it is not counted).
        CallbackStatus::CalledBack | CallbackStatus::NotDue => match &line.callback {
            Some(c) => match c.outcome.satisfaction() {
                Some(s) => format!("{} · {}", f.called_back, f.satisfaction(s)),
                None => f.called_back.to_string(),
            },
            None => f.not_due.to_string(),
        },
    }
}

/// The reasons for the late steps, each after its step's name; empty when
/// nothing was late.
pub fn late_reasons(t: &Strings, f: &FollowUpStrings, line: &OrderLine) -> String {
    [(f.late_arrival, &line.arrival_late_reason), (f.late_restoration, &line.restore_late_reason)]
        .into_iter()
        .filter_map(|(step, reason)| {
            let reason = match reason.as_ref()? {
                LateReason::Given(reason) => reason.as_str(),
                LateReason::Unexplained => f.late_reason_not_given,
            };
            Some(t.labelled(step, &reason))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The steps withdrawn as mistaken, each with its reason; empty when none.
pub fn corrections(t: &Strings, line: &OrderLine) -> String {
    line.corrections
        .iter()
        .map(|(step, reason)| t.labelled(&format!("{} {}", t.withdrawn, t.event(step.event_type())), reason))
        .collect::<Vec<_>>()
        .join("; ")
}

fn order_table(t: &Strings, f: &FollowUpStrings, l: &LiveStrings, lines: &[OrderLine]) -> Markup {
    html! {
        table.report-orders {
            thead { tr {
                th { (t.col_number) } th { (t.area) } th { (t.col_crew) } th { (t.col_reported) }
                th { (l.notify_verdict) }
                th { (f.col_arrived) } th { (f.col_arrival_verdict) } th { (f.col_restored) } th { (f.col_restoration_verdict) }
                th { (f.col_late_reason) } th { (f.col_corrections) } th { (f.col_escalated) } th { (f.col_callback) }
            } }
            tbody { @for line in lines {
                tr data-testid={ "report-order-" (line.number) } {
                    td { a href={ "/console/orders/" (line.id) } { (line.number) } }
                    td { (area_group(t, line.area)) div.muted { (t.equipment(line.equipment)) } }
                    td { (line.crew.as_deref().unwrap_or(t.unassigned)) }
                    td { (local_time(line.reported_at)) }
                    td.notify { (local_time_or(line.first_notified_at, "—")) div.muted { (f.verdict(line.notify)) } }
                    td { (local_time_or(line.arrived_at, "—")) }
                    td.arrival { (f.verdict(line.arrival)) }
                    td { (local_time_or(line.restored_at, "—")) }
                    td.restoration { (f.verdict(line.restoration)) }
                    td.late-reason { (late_reasons(t, f, line)) }
                    td.corrections { (corrections(t, line)) }
                    td { @if line.escalated { (t.yes) } @else { (t.no) } }
                    td.callback { (callback_result(f, line)) }
                }
            } }
        }
    }
}
