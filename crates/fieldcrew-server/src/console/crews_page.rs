//! Crews and their paired phones, with a revoke button per live phone: a
//! lost or stolen phone is cut off here, and its next sync answers 401.

use super::crew_pin;
use super::i18n::Strings;
use super::layout::{self, local_time};
use super::paired_devices::{DeviceState, PairedDevice, paired_devices};
use super::session::{CheckedForm, ConsoleSession};
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use fieldcrew_domain::DeviceId;
use maud::{Markup, html};
use serde::Deserialize;

pub async fn page(session: ConsoleSession, State(state): State<AppState>) -> Response {
    let t = session.lang.strings();
    let loaded = async {
        let crews = state.db(|db| db.crews()).await?;
        let tokens = state.db(|db| db.devices()).await?;
        let pushes = state.db(|db| db.last_push_by_device()).await?;
        let checks = super::daily_checks_section::load_today(&state).await?;
        Ok::<_, crate::error::ApiError>((crews, paired_devices(tokens, &pushes, Utc::now()), checks))
    };
    let (crews, devices, checks) = match loaded.await {
        Ok(loaded) => loaded,
        Err(e) => return e.into_response(),
    };
    let areas = match super::crew_area::load(&state, &crews).await {
        Ok(areas) => areas,
        Err(e) => return e.into_response(),
    };
    let body = html! {
        h1 { (t.crews_heading) }
        (super::daily_checks_section::section(session.lang, &checks))
        @if crews.is_empty() { p.muted { (t.no_crews) } }
        @for crew in &crews {
            section.crew data-testid={ "crew-" (crew.code) } {
                h2 { (crew.code) " " (crew.name) }
                p { (t.labelled(t.crew_members, &crew.members.join("、"))) }
                (super::crew_area::form(&session, &crew.code, areas.get(&crew.code).map_or(&[][..], Vec::as_slice)))
                (crew_pin::form(&session, &crew.code))
                (devices_table(&session, devices.iter().filter(|d| d.crew_code == crew.code)))
            }
        }
    };
    layout::page(session.lang, Some(&session), t.crews_heading, body)
}

fn devices_table<'a>(session: &ConsoleSession, devices: impl Iterator<Item = &'a PairedDevice>) -> Markup {
    let t = session.lang.strings();
    let mut devices = devices.peekable();
    if devices.peek().is_none() {
        return html! { p.muted { (t.no_devices) } };
    }
    html! {
        table.devices {
            thead { tr {
                th { (t.col_device_label) } th { (t.col_member) } th { (t.col_device_id) }
                th { (t.col_paired_at) } th { (t.col_expires_at) } th { (t.col_device_state) }
                th { (t.col_last_push) } th { (t.col_actions) }
            } }
            tbody {
                @for device in devices {
                    tr data-testid={ "device-" (device.device_id) } {
                        td { (device.device_label) }
                        td { (device.member_name) }
                        td { code { (device.device_id) } }
                        td { (local_time(device.paired_at)) }
                        td { (local_time(device.expires_at)) }
                        td { (state_label(t, &device.state)) }
                        td { (device.last_push.map(local_time).unwrap_or_else(|| t.never_pushed.into())) }
                        td {
                            @if device.state == DeviceState::Live {
                                form.inline method="post" action={ "/console/devices/" (device.device_id) "/revoke" }
                                    data-confirm=(t.confirm_revoke) {
                                    input type="hidden" name="csrf" value=(session.csrf);
                                    button.danger type="submit" data-testid={ "revoke-" (device.device_id) } {
                                        (t.revoke_device)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn state_label(t: &Strings, state: &DeviceState) -> Markup {
    match state {
        DeviceState::Live => html! { span.chip { (t.device_live) } },
        DeviceState::Revoked(at) => html! { span.chip.warn { (t.device_revoked) } " " (local_time(*at)) },
        DeviceState::Expired => html! { span.chip { (t.device_expired) } },
    }
}

#[derive(Deserialize)]
pub struct RevokeForm {}

/// Revokes every token of the device; the phone keeps its unsynced records
/// and asks to pair again.
pub async fn revoke(
    State(state): State<AppState>,
    Path(device): Path<DeviceId>,
    CheckedForm { session, .. }: CheckedForm<RevokeForm>,
) -> Response {
    match state.db(move |db| db.revoke_device(device, Utc::now())).await {
        Ok(0) => {
            layout::message_page(session.lang, StatusCode::NOT_FOUND, session.lang.strings().no_live_device)
        }
        Ok(revoked) => {
            tracing::info!(by = %session.username, %device, revoked, "device revoked from the console");
            Redirect::to("/console/crews").into_response()
        }
        Err(e) => e.into_response(),
    }
}
