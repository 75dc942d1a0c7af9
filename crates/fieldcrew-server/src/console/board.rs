//! The board: the needs-action strip, open orders with their three service
//! clocks, filters and search, and one form per action (assign / reassign,
//! cancel). The script patches rows in place from `/console/board/live`
//! by each row's key and version, and leaves alone a row being edited.

use super::i18n::{Lang, Strings};
use super::layout::{self, countdown, local_hm};
use super::needs_action::{self, BoardView};
use super::search;
use super::session::{CheckedForm, ConsoleSession};
use crate::db::{AssignRefusal, CancelRefusal, Crew, OrderFilter, OrderSummary};
use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, Utc};
use fieldcrew_domain::event::EventKind;
use fieldcrew_domain::lifecycle::Status;
use fieldcrew_domain::sla::{self, SlaClock, SlaStatus};
use fieldcrew_domain::{OrderId, Thresholds};
use maud::{Markup, html};
use serde::Deserialize;
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

const STATUSES: [Status; 6] =
    [Status::New, Status::Acknowledged, Status::EnRoute, Status::OnSite, Status::Escalated, Status::Restored];

#[derive(Clone, Debug, Default, Deserialize)]
pub struct BoardQuery {
    #[serde(default)]
    crew: String,
    #[serde(default)]
    status: String,
    /// Search text: number, phone, address or reporter (finished orders too).
    #[serde(default)]
    q: String,
}

impl BoardQuery {
    fn status(&self) -> Option<Status> {
        serde_json::from_value(serde_json::Value::String(self.status.clone())).ok()
    }

    fn query_string(&self) -> String {
        serde_urlencoded::to_string([("crew", &self.crew), ("status", &self.status), ("q", &self.q)])
            .unwrap_or_default()
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
    let calendar = &limits.working_calendar;
    Clocks {
        notify: sla::notify_deadline(order).evaluate(now, order.notified_at, limits),
        arrive: sla::arrival_deadline(order, limits).evaluate(now, state.arrived_at, limits),
        restore: sla::restore_deadline(order, limits, calendar).evaluate(now, state.restored_at, limits),
    }
}

/// What the board shows at one instant.
struct Loaded {
    /// The rows, filtered, searched and sorted.
    orders: Vec<OrderSummary>,
    /// Every open order, for the strip (filters never hide what needs action).
    open: Vec<OrderSummary>,
    crews: Vec<Crew>,
    /// The latest escalation text of each escalated open order.
    escalations: HashMap<OrderId, String>,
    /// Delivery receipts of the rows' and the open orders (已送达 / 已查看).
    receipts: super::delivery::Receipts,
    /// Complaints whose answer is due soon or late, for the strip.
    complaints: Vec<super::complaint_needs::ComplaintNeed>,
    handovers: Vec<crate::db::handovers::HandoverEntry>,
    /// Today's daily checks, for the crews not checked yet.
    daily_checks: crate::handlers::daily_checks::DailyChecksDay,
}

pub async fn page(
    session: ConsoleSession,
    State(state): State<AppState>,
    Query(query): Query<BoardQuery>,
) -> Response {
    let t = session.lang.strings();
    let l = session.lang.live();
    let loaded = match load(&state, &query).await {
        Ok(loaded) => loaded,
        Err(e) => return e.into_response(),
    };
    let crews = &loaded.crews;
    let body = html! {
        h1 { (t.board_heading) }
        div #board-live data-src={ "/console/board/live?" (query.query_string()) } data-refresh-ms="5000" {
            (strip(&session, &loaded, &state.settings.thresholds))
        }
        form.filters method="get" action="/console/board" {
            select name="crew" aria-label=(t.col_crew) {
                option value="" { (t.all_crews) }
                @for crew in crews {
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
            input type="search" name="q" value=(query.q) placeholder=(l.search_placeholder) aria-label=(l.search);
            button type="submit" { (t.filter) }
            @if !query.q.trim().is_empty() { a href="/console/board" { (l.clear_search) } }
        }
        @if !query.q.trim().is_empty() { p.muted data-testid="search-results" { (l.search_results) } }
        table.board {
            thead { tr {
                th { (t.col_number) } th { (t.col_reported) } th { (t.col_address) } th { (t.col_fault) }
                th { (t.col_crew) } th { (t.col_status) } th { (t.col_notify) } th { (t.col_arrive) }
                th { (t.col_restore) } th { (t.col_actions) }
            } }
            tbody #board-rows data-src={ "/console/board/rows?" (query.query_string()) } {
                (rows_markup(&session, &loaded, &state.settings.thresholds))
            }
        }
    };
    layout::page(session.lang, Some(&session), t.board_heading, body)
}

/// Only the rows, with the board's filter.
pub async fn rows(
    session: ConsoleSession,
    State(state): State<AppState>,
    Query(query): Query<BoardQuery>,
) -> Response {
    match load(&state, &query).await {
        Ok(loaded) => layout::with_headers(
            StatusCode::OK,
            rows_markup(&session, &loaded, &state.settings.thresholds).into_string(),
        ),
        Err(e) => e.into_response(),
    }
}

/// The board's live update: the strip and the rows in one fragment, which
/// the script merges row by row.
pub async fn live(
    session: ConsoleSession,
    State(state): State<AppState>,
    Query(query): Query<BoardQuery>,
) -> Response {
    match load(&state, &query).await {
        Ok(loaded) => {
            let limits = &state.settings.thresholds;
            let fragment = html! {
                (strip(&session, &loaded, limits))
                table { tbody #board-rows { (rows_markup(&session, &loaded, limits)) } }
            };
            layout::with_headers(StatusCode::OK, fragment.into_string())
        }
        Err(e) => e.into_response(),
    }
}

fn strip(session: &ConsoleSession, loaded: &Loaded, limits: &Thresholds) -> Markup {
    let now = Utc::now();
    let view = BoardView {
        orders: loaded.open.iter().map(|o| (o, clocks(o, now, limits))).collect(),
        escalations: &loaded.escalations,
        receipts: &loaded.receipts,
    };
    html! {
        (needs_action::strip(session.lang, &needs_action::entries(&view), &loaded.complaints, &loaded.handovers))
        (super::daily_checks_section::unchecked_line(session.lang, &loaded.daily_checks))
    }
}

async fn load(state: &AppState, query: &BoardQuery) -> Result<Loaded, ApiError> {
    let now = Utc::now();
    let limits = state.settings.thresholds.clone();
    let sort = |orders: &mut Vec<OrderSummary>| {
        // Most urgent first, by the clock that matters now.
        orders.sort_by_key(|o| {
            let clock = sla::current_clock(&o.order, &o.state, now, &limits, &limits.working_calendar);
            sla::urgency_key(clock.map(|(_, c)| c).as_ref(), o.order.priority)
        });
    };
    let searching = !query.q.trim().is_empty();
    let mut open = state.db(|db| db.list_orders(&OrderFilter::default())).await?;
    sort(&mut open);
    let mut orders = if searching {
        let all = OrderFilter { crew: None, include_finished: true };
        let mut found = search::matching(state.db(move |db| db.list_orders(&all)).await?, &query.q);
        sort(&mut found);
        found
    } else {
        open.clone()
    };
    if !query.crew.is_empty() {
        orders.retain(|o| o.order.assigned_crew.as_deref() == Some(query.crew.as_str()));
    }
    if let Some(status) = query.status() {
        orders.retain(|o| o.state.status() == status);
    }
    let escalated: Vec<OrderId> =
        open.iter().chain(&orders).filter(|o| o.state.escalated).map(|o| o.order.id).collect();
    let escalations = state.db(move |db| escalation_texts(db, &escalated)).await?;
    let crews = state.db(|db| db.crews()).await?;
    // The rows' and the strip's (every open order's).
    let mut ids: Vec<OrderId> = orders.iter().chain(&open).map(|o| o.order.id).collect();
    ids.sort();
    ids.dedup();
    let receipts = state.db(move |db| super::delivery::load(db, &ids)).await?;
    let complaints = super::complaint_needs::load(state).await?;
    let handovers = super::handover_needs::load(state).await?;
    let daily_checks = super::daily_checks_section::load_today(state).await?;
    Ok(Loaded { orders, open, crews, escalations, receipts, complaints, handovers, daily_checks })
}

/// The latest counted escalation text of each order.
fn escalation_texts(
    db: &dyn crate::db::Database,
    ids: &[OrderId],
) -> crate::db::DbResult<HashMap<OrderId, String>> {
    let mut texts = HashMap::new();
    // One read for them all (an id listed twice is loaded once).
    for order in db.orders(ids)? {
        let id = order.order.id;
        let latest = order.events.iter().filter(|e| e.counted).rev().find_map(|e| match &e.event.kind {
            EventKind::Escalated { reason } => Some(reason.clone()),
            _ => None,
        });
        if let Some(reason) = latest {
            texts.insert(id, reason);
        }
    }
    Ok(texts)
}

/// Changes whenever anything the row shows changes, except the ticking
/// countdowns: the script replaces a row only when this differs.
fn row_version(
    summary: &OrderSummary,
    crews: &[Crew],
    escalation: Option<&String>,
    clocks: &Clocks,
    delivery: &str,
) -> String {
    let mut hasher = DefaultHasher::new();
    delivery.hash(&mut hasher);
    serde_json::to_string(summary).unwrap_or_default().hash(&mut hasher);
    for crew in crews {
        crew.code.hash(&mut hasher);
    }
    escalation.hash(&mut hasher);
    for clock in [&clocks.notify, &clocks.arrive, &clocks.restore] {
        sla_class(clock.status).hash(&mut hasher);
    }
    format!("{:016x}", hasher.finish())
}

fn rows_markup(session: &ConsoleSession, loaded: &Loaded, limits: &Thresholds) -> Markup {
    let t = session.lang.strings();
    let now = Utc::now();
    let orders = &loaded.orders;
    let crews = &loaded.crews;
    html! {
        @if orders.is_empty() {
            tr data-order="none" { td colspan="10" .muted { (t.no_open_orders) } }
        }
        @for summary in orders {
            @let order = &summary.order;
            @let clocks = clocks(summary, now, limits);
            @let escalation = loaded.escalations.get(&order.id);
            @let receipt = loaded.receipts.get(&order.id);
            @let delivery = super::delivery::line(session.lang, summary, receipt, now).into_string();
            tr data-order=(order.id) data-version=(row_version(summary, crews, escalation, &clocks, &delivery))
                .undelivered[super::delivery::undelivered(summary, receipt, now)] {
                td { a href={ "/console/orders/" (order.id) } { (order.number) } }
                td { (layout::local_time(order.reported_at)) }
                td { (order.address) }
                td { (order.fault_description) div.muted { (t.equipment(order.equipment)) " · " (t.area(&order.area)) } }
                td { (order.assigned_crew.as_deref().unwrap_or(t.unassigned)) }
                td {
                    @if let Some(at) = summary.cancelled_at { (t.cancelled) " " (local_hm(at)) }
                    @else { (t.status(summary.state.status())) }
                    (maud::PreEscaped(&delivery))
                    @if summary.state.escalated {
                        div.escalation data-testid="row-escalation" {
                            span.chip.warn { (t.words.step_escalated) }
                            @if let Some(text) = escalation { " " (text) }
                        }
                    }
                }
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
    let session_user = session.username.clone();
    let assigned = async move {
        if state.db(move |db| db.crew(&code)).await?.is_none() {
            return Ok(Err(AssignRefusal::UnknownOrder));
        }
        let by = session_user.clone();
        state.db(move |db| db.assign_order_by(id, &form.crew_code, Utc::now(), Some(&by))).await
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
