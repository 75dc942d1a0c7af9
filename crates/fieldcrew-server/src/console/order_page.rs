//! One order as the dispatcher checks it: the clocks, the timeline with
//! corrected and raw device times, positions and flags, photos, the
//! signature with what it covers, the checklist and escalations. Media
//! bytes are served here too, to signed-in dispatchers only.

use super::board::{clock_cell, clocks};
use super::callback_form;
use super::follow_ups;
use super::i18n::Strings;
use super::layout::{self, local_time};
use super::order_photos::OrderPhotos;
use super::order_record;
use super::safety_notice;
use super::session::ConsoleSession;
use crate::db::{OrderSummary, ServerOrder, StoredEvent, StoredMedia};
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use fieldcrew_domain::event::EventKind;
use fieldcrew_domain::geo::check_fix;
use fieldcrew_domain::{MediaId, OrderId};
use fieldcrew_protocol::push::Flag;
use maud::{Markup, html};

pub async fn page(
    session: ConsoleSession,
    State(state): State<AppState>,
    Path(id): Path<OrderId>,
) -> Response {
    let t = session.lang.strings();
    let order = match state.db(move |db| db.order(id)).await {
        Ok(Some(order)) => order,
        Ok(None) => return layout::message_page(session.lang, StatusCode::NOT_FOUND, t.not_found),
        Err(e) => return e.into_response(),
    };
    let callbacks = match state.db(move |db| db.callbacks_for(&[id])).await {
        Ok(callbacks) => callbacks,
        Err(e) => return e.into_response(),
    };
    let delivery = match state.db(move |db| super::delivery::load(db, &[id])).await {
        Ok(receipts) => {
            let as_summary = OrderSummary {
                order: order.order.clone(),
                cancelled_at: order.cancelled_at,
                state: order.state.clone(),
            };
            super::delivery::line(session.lang, &as_summary, receipts.get(&id), Utc::now())
        }
        Err(e) => return e.into_response(),
    };
    let safety = match safety_notice::section(&state, &session, id, order.order.priority).await {
        Ok(safety) => safety,
        Err(e) => return e.into_response(),
    };
    let body = html! {
        (summary(t, &order, &state))
        (delivery)
        (safety)
        (follow_ups::section(&session, &order.record.follow_ups))
        (order_record::section(&session, &order))
        h2 { (t.timeline) } p.muted { (t.times_note) }
        (timeline(&session, &order, &state))
        (photo_sections(&session, &OrderPhotos::of(&order)))
        (super::close_out_section::section(session.lang, &order))
        h2 { (t.signature) }
        (signature(t, &order))
        h2 { (t.checklist) }
        (checklist(t, &order))
        h2 { (t.escalations) }
        (escalations(t, &order))
        (callback_form::order_section(&session, &order, &callbacks))
    };
    layout::page(session.lang, Some(&session), &order.order.number, body)
}

fn summary(t: &Strings, order: &ServerOrder, state: &AppState) -> Markup {
    let o = &order.order;
    let as_summary =
        OrderSummary { order: o.clone(), cancelled_at: order.cancelled_at, state: order.state.clone() };
    let clocks = clocks(&as_summary, Utc::now(), &state.settings.thresholds);
    html! {
        h1 { (t.order_heading) " " (o.number) }
        @if let Some(at) = order.cancelled_at { p.message { (t.cancelled) " " (local_time(at)) } }
        dl.facts {
            dt { (t.col_status) } dd { (t.status(order.state.status())) }
            dt { (t.col_reported) } dd { (local_time(o.reported_at)) }
            dt { (t.reporter) } dd { (o.reporter_name) " " (o.reporter_phone) }
            dt { (t.col_address) } dd { (o.address) }
            dt { (t.col_fault) } dd { (o.fault_description) " · " (t.equipment(o.equipment)) " · " (t.area(&o.area)) }
            dt { (t.col_crew) } dd { (o.assigned_crew.as_deref().unwrap_or(t.unassigned)) }
            dt { (t.site) } dd { @if let Some(site) = o.site { (format!("{:.5}, {:.5}", site.lat, site.lon)) } @else { "—" } }
        }
        table.clocks {
            thead { tr { th { (t.col_notify) } th { (t.col_arrive) } th { (t.col_restore) } } }
            tbody { tr { (clock_cell(t, &clocks.notify)) (clock_cell(t, &clocks.arrive)) (clock_cell(t, &clocks.restore)) } }
        }
    }
}

/// The stored flags, plus "clock uncorrected" whenever the server kept the
/// device's own time (the push may predate that flag).
fn event_flags(event: &StoredEvent) -> Vec<Flag> {
    let mut flags = event.flags.clone();
    if !event.time_corrected && !flags.contains(&Flag::ClockUncorrected) {
        flags.push(Flag::ClockUncorrected);
    }
    flags
}

fn timeline(session: &ConsoleSession, order: &ServerOrder, state: &AppState) -> Markup {
    let t = session.lang.strings();
    let mut events: Vec<&StoredEvent> = order.events.iter().collect();
    events.sort_by_key(|e| e.corrected_time);
    html! {
        @if events.is_empty() { p.muted { (t.no_events) } } @else {
            table.timeline {
                thead { tr {
                    th { (t.col_event) } th { (t.col_corrected_time) } th { (t.col_device_time) }
                    th { (t.col_author) } th { (t.col_distance) } th { (t.col_flags) }
                } }
                tbody { @for stored in events {
                    @let event = &stored.event;
                    @let geo = event.evidence.fix.map(|fix| check_fix(&fix, order.order.site, &state.settings.thresholds));
                    tr data-event=(event.id) {
                        td { (t.event(event.kind.event_type())) (event_detail(t, &event.kind)) }
                        td.corrected { (local_time(stored.corrected_time)) }
                        td.raw { (local_time(event.evidence.device_time))
                            // Only an auditor needs the boot and uptime: folded away.
                            details.device { summary { (session.lang.live().device_details) }
                                div.muted { "boot " (event.evidence.boot_id) " +" (event.evidence.monotonic_ms / 1000) "s" } } }
                        td { (event.author) }
                        td.position { @match (event.evidence.fix, geo.and_then(|g| g.distance_m)) {
                            (None, _) => { span.chip.warn data-testid="no-fix" { (t.no_fix) } }
                            (Some(_), Some(d)) => { (format!("{d:.0} m")) }
                            (Some(_), None) => { "—" }
                        } @if let Some(fix) = event.evidence.fix { div.muted { "±" (format!("{:.0}", fix.accuracy_m)) " m" } }
                        @if let Some(age) = fix_age_s(&event.evidence) {
                            div.muted data-testid="fix-age" { (t.fix_taken_before) " " (age) " " (t.seconds) }
                        } }
                        td {
                            @if !stored.counted { span.chip.warn data-testid="not-counted" { (t.not_counted) } }
                            @for flag in event_flags(stored) { span.chip.warn { (t.flag(&flag)) } }
                        }
                    }
                } }
            }
        }
    }
}

/// How old the position was when the step was recorded, in whole seconds.
fn fix_age_s(evidence: &fieldcrew_domain::event::Evidence) -> Option<i64> {
    let taken = evidence.gnss_time.filter(|_| evidence.fix.is_some())?;
    Some((evidence.device_time - taken).num_seconds().max(0))
}

/// The free text an event carries, after its label.
fn event_detail(t: &Strings, kind: &EventKind) -> Markup {
    let text = match kind {
        EventKind::SiteReport { text }
        | EventKind::CustomerFaultAssisted { text }
        | EventKind::Note { text } => Some(text.clone()),
        EventKind::Escalated { reason } => Some(reason.clone()),
        EventKind::MeterDamageRecorded { cause, .. } => Some(cause.clone()),
        // What was recorded, so a correction shows what it changed to.
        EventKind::MaterialsUsed { items } => Some(fieldcrew_domain::close_out::materials_line(items)),
        // Which step was late, then why.
        EventKind::DelayExplained { step, reason } => Some(t.labelled(t.event(step.event_type()), reason)),
        // Which step was withdrawn, then why.
        EventKind::StepCorrected { step, reason } => {
            Some(t.labelled(&format!("{} {}", t.withdrawn, t.event(step.event_type())), reason))
        }
        _ => None,
    };
    html! { @if let Some(text) = text { div.muted { (text) } } }
}

/// The recorded photos, then any file no record names, muted and apart.
/// Recorded photos are labelled by their record (电能表损坏记录照片 1), the
/// others by position; the hash is in the tooltip for an auditor.
fn photo_sections(session: &ConsoleSession, split: &OrderPhotos) -> Markup {
    let t = session.lang.strings();
    let l = session.lang.live();
    let recorded = record_photo_label(t);
    html! {
        h2 { (t.photos) }
        div data-testid="recorded-photos" { (photos(t, split.recorded.iter().copied(), &recorded)) }
        @if !split.not_counted.is_empty() {
            section.muted data-testid="not-counted-photos" {
                h3 { (t.photos_not_counted) }
                p { (t.photos_not_counted_note) }
                (photos(t, split.not_counted.iter().copied(), l.photo))
            }
        }
        @if !split.unrecorded.is_empty() {
            section.muted data-testid="unrecorded-photos" {
                h3 { (t.photos_on_no_record) }
                p { (t.photos_on_no_record_note) }
                (photos(t, split.unrecorded.iter().copied(), l.photo))
            }
        }
    }
}

/// "电能表损坏记录照片" in Chinese, "Meter damage recorded photo" in English.
fn record_photo_label(t: &Strings) -> String {
    if std::ptr::eq(t, &*super::i18n::ZH_CN) {
        format!("{}{}", t.words.step_meter_damage, super::i18n::Lang::ZhCn.live().photo)
    } else {
        format!("{} {}", t.words.step_meter_damage, super::i18n::Lang::En.live().photo.to_lowercase())
    }
}

fn photos<'a>(t: &Strings, media: impl Iterator<Item = &'a StoredMedia>, label: &str) -> Markup {
    let media: Vec<&StoredMedia> = media.collect();
    html! {
        @if media.is_empty() { p.muted { (t.no_photos) } } @else {
            div.photos { @for (i, m) in media.iter().enumerate() {
                @let caption = format!("{label} {}", i + 1);
                figure title=(m.sha256) {
                    @if m.present {
                        a href={ "/console/media/" (m.id) } { img src={ "/console/media/" (m.id) } alt=(caption); }
                    } @else { span.muted { (t.waiting_upload) } }
                    figcaption.muted { (caption) }
                }
            } }
        }
    }
}

/// The events that count in the order's state: the page presents only
/// these as the order's record (signature, checklist, escalations).
fn counted(order: &ServerOrder) -> impl DoubleEndedIterator<Item = &StoredEvent> {
    order.events.iter().filter(|e| e.counted)
}

fn signature(t: &Strings, order: &ServerOrder) -> Markup {
    let latest = counted(order).rev().find_map(|e| match &e.event.kind {
        EventKind::CustomerSignature { signer_name, image, .. } => {
            Some((signer_name, *image, e.corrected_time))
        }
        _ => None,
    });
    let Some((signer, image, at)) = latest else {
        return html! { p.muted { (t.no_signature) } };
    };
    let current = order.state.signature_is_current(order.order.id);
    let damage = order.state.meter_damage.as_ref();
    let covered: Vec<&StoredMedia> = damage
        .map(|d| order.media.iter().filter(|m| d.photo_sha256.contains(&m.sha256)).collect())
        .unwrap_or_default();
    html! {
        section.card #signature {
            @if current { p.valid { (t.signature_current) } } @else { p.invalid { (t.signature_stale) } }
            dl.facts {
                dt { (t.signer) } dd { (signer) " · " (local_time(at)) }
                @if let Some(d) = damage {
                    dt { (t.damage_cause) } dd.cause { (d.cause) }
                    @if !d.meter_number.is_empty() { dt { (t.meter_number) } dd.meter-number { (d.meter_number) } }
                    @if !d.meter_reading.is_empty() { dt { (t.meter_reading) } dd.meter-reading { (d.meter_reading) } }
                    dt { (t.customer_responsible) } dd { @if d.customer_responsible { (t.yes) } @else { (t.no) } }
                }
            }
            img.signature src={ "/console/media/" (image) } alt=(t.signature);
            h2 { (t.covered_photos) }
            (photos(t, covered.into_iter(), &record_photo_label(t)))
        }
    }
}

/// The item's name in the page's language, from the checklist definition.
fn checklist_item_name(t: &Strings, key: &str) -> String {
    let definition = fieldcrew_domain::checklist::standard_items();
    match definition.into_iter().find(|i| i.key == key) {
        Some(item) if std::ptr::eq(t, &*super::i18n::ZH_CN) => item.zh,
        Some(item) => item.en,
        None => key.to_string(),
    }
}

fn checklist(t: &Strings, order: &ServerOrder) -> Markup {
    let items = counted(order).rev().find_map(|e| match &e.event.kind {
        EventKind::CleanupCompleted { items } => Some(items),
        _ => None,
    });
    html! {
        @match items {
            None => { p.muted { (t.no_checklist) } }
            Some(items) => { ul.checklist { @for item in items {
                li data-key=(item.key) {
                    @if item.not_applicable { span.muted { (t.not_applicable) " · " } }
                    @else if item.done { "☑ " } @else { "☐ " }
                    (checklist_item_name(t, &item.key))
                    @if let Some(value) = &item.value { " · " (value) } }
            } } }
        }
    }
}

fn escalations(t: &Strings, order: &ServerOrder) -> Markup {
    let escalations: Vec<(&str, chrono::DateTime<Utc>, &str)> = counted(order)
        .filter_map(|e| match &e.event.kind {
            EventKind::Escalated { reason } => {
                Some((reason.as_str(), e.corrected_time, e.event.author.as_str()))
            }
            _ => None,
        })
        .collect();
    html! {
        @if escalations.is_empty() { p.muted { (t.no_escalations) } } @else {
            ul { @for (reason, at, author) in escalations { li { (local_time(at)) " · " (author) " · " (reason) } } }
        }
    }
}

/// A photo's bytes, from the media store; a store that fails says so in
/// the dispatcher's language (the details go to the log).
pub async fn media(
    session: ConsoleSession,
    State(state): State<AppState>,
    Path(id): Path<MediaId>,
) -> Response {
    use crate::error::ApiError;
    let words = session.lang.media();
    match crate::handlers::media::finished_file(&state, id).await {
        Ok(response) => response,
        Err(ApiError::NotFound(_)) => StatusCode::NOT_FOUND.into_response(),
        Err(ApiError::MediaStoreUnavailable(detail)) => {
            tracing::warn!(media = %id, %detail, "photo not shown: the media store can not be reached");
            let mut page = layout::message_page(
                session.lang,
                StatusCode::SERVICE_UNAVAILABLE,
                words.media_store_unavailable,
            );
            page.headers_mut()
                .insert(axum::http::header::RETRY_AFTER, axum::http::HeaderValue::from_static("30"));
            page
        }
        Err(ApiError::MediaStoreFailed(detail)) => {
            tracing::error!(media = %id, %detail, "photo not shown: the media store failed");
            layout::message_page(session.lang, StatusCode::INTERNAL_SERVER_ERROR, words.media_store_failed)
        }
        Err(e) => e.into_response(),
    }
}
