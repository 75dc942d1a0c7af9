//! The board: open orders with their three service clocks, filters, and
//! one form per action (assign / reassign, cancel).

use super::i18n::{Lang, Strings};
use super::layout::{self, countdown, local_hm};
use super::session::{CheckedForm, ConsoleSession};
use crate::db::{AssignRefusal, CancelRefusal, Crew, OrderFilter, OrderSummary};
use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, Utc};
use fieldcrew_core::lifecycle::Status;
use fieldcrew_core::sla::{self, SlaClock, SlaStatus, WorkCalendar};
use fieldcrew_core::{OrderId, Thresholds};
use maud::{Markup, html};
use serde::Deserialize;

const STATUSES: [Status; 6] =
    [Status::New, Status::Acknowledged, Status::EnRoute, Status::OnSite, Status::Escalated, Status::Restored];

#[derive(Clone, Debug, Default, Deserialize)]
pub struct BoardQuery {
    #[serde(default)]
    crew: String,
    #[serde(default)]
    status: String,
}

impl BoardQuery {
    fn status(&self) -> Option<Status> {
        serde_json::from_value(serde_json::Value::String(self.status.clone())).ok()
    }

    fn query_string(&self) -> String {
        serde_urlencoded::to_string([("crew", &self.crew), ("status", &self.status)]).unwrap_or_default()
    }
}

/// The three clocks of one order at one instant.
pub struct Clocks {
    pub notify: SlaClock,
    pub arrive: SlaClock,
    pub restore: SlaClock,
}

pub fn clocks(summary: &OrderSummary, now: DateTime<Utc>, limits: &Thresholds) -> Clocks {
    let order = &summary.order;
    let state = &summary.state;
    // Holidays are not configured on the server yet: weekends only.
    let calendar = WorkCalendar::default();
    Clocks {
        notify: sla::notify_deadline(order).evaluate(now, order.notified_at, limits),
        arrive: sla::arrival_deadline(order, limits).evaluate(now, state.arrived_at, limits),
        restore: sla::restore_deadline(order, limits, &calendar).evaluate(now, state.restored_at, limits),
    }
}

pub async fn page(
    session: ConsoleSession,
    State(state): State<AppState>,
    Query(query): Query<BoardQuery>,
) -> Response {
    let t = session.lang.strings();
    let (orders, crews) = match load(&state, &query).await {
        Ok(loaded) => loaded,
        Err(e) => return e.into_response(),
    };
    let body = html! {
        h1 { (t.board_heading) }
        form.filters method="get" action="/console/board" {
            select name="crew" aria-label=(t.col_crew) {
                option value="" { (t.all_crews) }
                @for crew in &crews {
                    option value=(crew.code) selected[crew.code == query.crew] { (crew.code) " " (crew.name) }
                }
            }
            select name="status" aria-label=(t.col_status) {
                option value="" { (t.all_statuses) }
                @for status in STATUSES {
                    @let value = serde_json::to_value(status).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
                    option value=(value) selected[query.status == value] { (t.status(status)) }
                }
            }
            button type="submit" { (t.filter) }
        }
        table.board {
            thead { tr {
                th { (t.col_number) } th { (t.col_reported) } th { (t.col_address) } th { (t.col_fault) }
                th { (t.col_crew) } th { (t.col_status) } th { (t.col_notify) } th { (t.col_arrive) }
                th { (t.col_restore) } th { (t.col_actions) }
            } }
            tbody #board-rows data-src={ "/console/board/rows?" (query.query_string()) } {
                (rows_markup(&session, &orders, &crews, &state.settings.thresholds))
            }
        }
    };
    layout::page(session.lang, Some(&session), t.board_heading, body)
}

/// Only the rows, for the board's ten-second refresh.
pub async fn rows(
    session: ConsoleSession,
    State(state): State<AppState>,
    Query(query): Query<BoardQuery>,
) -> Response {
    match load(&state, &query).await {
        Ok((orders, crews)) => layout::with_headers(
            StatusCode::OK,
            rows_markup(&session, &orders, &crews, &state.settings.thresholds).into_string(),
        ),
        Err(e) => e.into_response(),
    }
}

async fn load(state: &AppState, query: &BoardQuery) -> Result<(Vec<OrderSummary>, Vec<Crew>), ApiError> {
    let filter =
        OrderFilter { crew: (!query.crew.is_empty()).then(|| query.crew.clone()), include_finished: false };
    let mut orders = state.db(move |db| db.list_orders(&filter)).await?;
    if let Some(status) = query.status() {
        orders.retain(|o| o.state.status() == status);
    }
    let now = Utc::now();
    let limits = state.settings.thresholds.clone();
    // Most urgent first, by the clock that matters now.
    orders.sort_by_key(|o| {
        let clock = sla::current_clock(&o.order, &o.state, now, &limits, &WorkCalendar::default());
        sla::urgency_key(clock.map(|(_, c)| c).as_ref(), o.order.priority)
    });
    let crews = state.db(|db| db.crews()).await?;
    Ok((orders, crews))
}

fn rows_markup(
    session: &ConsoleSession,
    orders: &[OrderSummary],
    crews: &[Crew],
    limits: &Thresholds,
) -> Markup {
    let t = session.lang.strings();
    let now = Utc::now();
    html! {
        @if orders.is_empty() {
            tr { td colspan="10" .muted { (t.no_open_orders) } }
        }
        @for summary in orders {
            @let order = &summary.order;
            @let clocks = clocks(summary, now, limits);
            tr data-order=(order.id) {
                td { a href={ "/console/orders/" (order.id) } { (order.number) } }
                td { (layout::local_time(order.reported_at)) }
                td { (order.address) }
                td { (order.fault_description) div.muted { (t.equipment(order.equipment)) " · " (t.area(&order.area)) } }
                td { (order.assigned_crew.as_deref().unwrap_or(t.unassigned)) }
                td { (t.status(summary.state.status())) }
                (clock_cell(t, &clocks.notify))
                (clock_cell(t, &clocks.arrive))
                (clock_cell(t, &clocks.restore))
                td { (actions(session, summary, crews)) }
            }
        }
    }
}

pub fn sla_class(status: SlaStatus) -> &'static str {
    match status {
        SlaStatus::OnTime => "clock on-time",
        SlaStatus::AtRisk => "clock at-risk",
        SlaStatus::Breached => "clock breached",
    }
}

/// A running clock counts down in the browser from `data-due`; a finished
/// one shows when it was done.
pub fn clock_cell(t: &Strings, clock: &SlaClock) -> Markup {
    html! {
        td class=(sla_class(clock.status)) title=(t.sla(clock.status)) {
            @match (clock.done_at, clock.remaining) {
                (Some(done), _) => { (t.done_at) " " (local_hm(done)) }
                (None, Some(left)) => {
                    span.countdown data-due=(clock.deadline.due.timestamp_millis()) { (countdown(left)) }
                }
                (None, None) => {}
            }
            span.muted { " " (t.sla(clock.status)) }
        }
    }
}

fn actions(session: &ConsoleSession, summary: &OrderSummary, crews: &[Crew]) -> Markup {
    let t = session.lang.strings();
    let id = summary.order.id;
    html! {
        form.inline method="post" action={ "/console/orders/" (id) "/assign" } {
            input type="hidden" name="csrf" value=(session.csrf);
            select name="crew_code" aria-label=(t.crew) {
                @for crew in crews {
                    option value=(crew.code) selected[summary.order.assigned_crew.as_deref() == Some(crew.code.as_str())] {
                        (crew.code)
                    }
                }
            }
            " "
            button type="submit" { (t.assign) }
        }
        // A restored order's repair stays on record: the server refuses to cancel it.
        @if !summary.state.is_repaired() {
            " "
            form.inline method="post" action={ "/console/orders/" (id) "/cancel" } data-confirm=(t.confirm_cancel) {
                input type="hidden" name="csrf" value=(session.csrf);
                button.danger type="submit" { (t.cancel_order) }
            }
        }
    }
}

#[derive(Deserialize)]
pub struct AssignForm {
    crew_code: String,
}

pub async fn assign(
    State(state): State<AppState>,
    Path(id): Path<OrderId>,
    CheckedForm { session, form }: CheckedForm<AssignForm>,
) -> Response {
    let code = form.crew_code.clone();
    let assigned = async move {
        if state.db(move |db| db.crew(&code)).await?.is_none() {
            return Ok(Err(AssignRefusal::UnknownOrder));
        }
        state.db(move |db| db.assign_order(id, &form.crew_code, Utc::now())).await
    };
    let t = session.lang.strings();
    match assigned.await {
        Ok(Ok(_)) => Redirect::to("/console/board").into_response(),
        Ok(Err(AssignRefusal::UnknownOrder)) => not_found(session.lang),
        Ok(Err(AssignRefusal::Cancelled)) => {
            layout::message_page(session.lang, StatusCode::CONFLICT, t.assign_refused_cancelled)
        }
        Ok(Err(AssignRefusal::Closed)) => {
            layout::message_page(session.lang, StatusCode::CONFLICT, t.assign_refused_closed)
        }
        Err(e) => e.into_response(),
    }
}

#[derive(Deserialize)]
pub struct CancelForm {}

pub async fn cancel(
    State(state): State<AppState>,
    Path(id): Path<OrderId>,
    CheckedForm { session, .. }: CheckedForm<CancelForm>,
) -> Response {
    let t = session.lang.strings();
    match state.db(move |db| db.cancel_order(id, Utc::now())).await {
        Ok(Ok(())) => Redirect::to("/console/board").into_response(),
        Ok(Err(CancelRefusal::UnknownOrder)) => not_found(session.lang),
        Ok(Err(CancelRefusal::Cancelled)) => {
            layout::message_page(session.lang, StatusCode::CONFLICT, t.cancel_refused_cancelled)
        }
        Ok(Err(CancelRefusal::Repaired)) => {
            layout::message_page(session.lang, StatusCode::CONFLICT, t.cancel_refused_repaired)
        }
        Err(e) => e.into_response(),
    }
}

fn not_found(lang: Lang) -> Response {
    layout::message_page(lang, StatusCode::NOT_FOUND, lang.strings().not_found)
}
