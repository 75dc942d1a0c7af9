//! The dispatcher console for the customer service centre (95598): server-
//! rendered HTML under `/console`, Chinese first, no external assets.
//! One module per page; `session` holds the cookie and CSRF checks.

mod assets;
mod board;
mod callback_form;
mod callbacks;
#[cfg(test)]
mod catalogue_check;
mod close_out_section;
mod complaint_needs;
mod complaint_report;
mod complaints;
mod crew_area;
mod crew_pin;
mod crews_page;
mod csv_text;
mod daily_check_i18n;
mod daily_checks_section;
mod delivery;
mod error_i18n;
mod error_pages;
mod follow_up_i18n;
mod follow_ups;
mod handover_i18n;
mod handover_needs;
mod handovers;
pub mod i18n;
mod intake;
mod intake_routine;
mod layout;
mod live_i18n;
mod login;
mod media_i18n;
mod needs_action;
mod order_page;
mod order_photos;
mod order_record;
mod outages;
mod paired_devices;
mod report_csv;
mod report_query;
mod reports;
mod routine_i18n;
mod safety_notice;
mod search;
mod session;

use crate::state::AppState;
use axum::Router;
use axum::response::Redirect;
use axum::routing::{get, post};

pub use session::ConsoleSession;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/console", get(|| async { Redirect::to("/console/board") }))
        .route("/console/assets/console.css", get(assets::css))
        .route("/console/assets/console.js", get(assets::js))
        .route("/console/lang/{code}", get(login::switch_language))
        .route("/console/login", get(login::form).post(login::submit))
        .route("/console/logout", post(login::logout))
        .route("/console/board", get(board::page))
        .route("/console/board/rows", get(board::rows))
        .route("/console/board/live", get(board::live))
        .route("/console/intake", get(intake::form).post(intake::submit))
        .route("/console/orders/{id}", get(order_page::page))
        .route("/console/media/{id}", get(order_page::media))
        .route("/console/orders/{id}/assign", post(board::assign))
        .route("/console/orders/{id}/cancel", post(board::cancel))
        .route("/console/orders/{id}/callbacks", post(callbacks::record))
        .route("/console/orders/{id}/follow-ups", post(follow_ups::attach))
        .route("/console/callbacks", get(callbacks::page))
        .route("/console/reports", get(reports::page))
        .route("/console/reports.csv", get(report_csv::download))
        .route("/console/reports/complaints.csv", get(complaint_report::download))
        .route("/console/complaints", get(complaints::list).post(complaints::create))
        .route("/console/complaints/new", get(complaints::new_form))
        .route("/console/complaints/{id}/answer", post(complaints::answer))
        .route("/console/complaints/{id}/close", post(complaints::close))
        .route("/console/outages", get(outages::page).post(outages::create))
        .route("/console/outages/{id}/answer", post(outages::answer))
        .route("/console/outages/{id}/cancel", post(crew_area::cancel_outage))
        .route("/console/handovers", get(handovers::page))
        .route("/console/handovers/problems/{id}/close", post(handovers::close))
        .route("/console/crews", get(crews_page::page))
        .route("/console/devices/{id}/revoke", post(crews_page::revoke))
        .route("/console/crews/{code}/pin", post(crew_pin::change))
        .route("/console/crews/{code}/area", post(crew_area::save))
        .layer(axum::middleware::from_fn(error_pages::as_pages))
}
