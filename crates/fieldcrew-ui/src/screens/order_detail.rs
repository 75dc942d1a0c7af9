//! One order: who called, where, what is wrong, what happened so far, and
//! the next valid steps as big buttons. The buttons come from the lifecycle
//! table, so the screen never offers a step the store would refuse.

use crate::app::use_lang;
use crate::format::local_short;
use crate::i18n::Strings;
use crate::location::{Located, NoFix};
use crate::screens::checklist_form::ChecklistForm;
use crate::screens::close_out::CloseOut;
use crate::screens::completion_photo::CompletionPhoto;
use crate::screens::late_reason::LateReasons;
use crate::screens::leave_sheet::LeaveSheet;
use crate::screens::materials::{MaterialsPanel, UnsavedMaterials};
use chrono::{DateTime, Utc};
use dioxus::prelude::*;
use fieldcrew_core::event::{CorrectableStep, EventKind, EventType, FieldEvent};
use fieldcrew_core::geo::check_fix;
use fieldcrew_core::lifecycle::RuleContext;
use fieldcrew_core::store::OrderRow;
use fieldcrew_core::{StationContact, Thresholds};

/// The GPS as the screen knows it.
#[derive(Clone, Debug, PartialEq)]
pub enum FixState {
    Waiting,
    Got(Located),
    Missing(NoFix),
}

/// A step tapped while no fresh fix was known: it waits for one, or for the
/// crew to choose to record it without a position.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PendingStep {
    pub step: EventType,
    pub tapped_at: DateTime<Utc>,
}

#[derive(Clone, PartialEq, Props)]
pub struct OrderDetailProps {
    pub row: OrderRow,
    pub events: Vec<FieldEvent>,
    pub fix: FixState,
    pub limits: Thresholds,
    /// The number left with the customer once power is back.
    #[props(default)]
    pub contact: StationContact,
    /// The station's materials list and completion-photo rule.
    #[props(default)]
    pub close_out: fieldcrew_core::close_out::CloseOutSettings,
    pub checklist: Vec<fieldcrew_core::checklist::ChecklistItem>,
    /// The outcome of the last action, already in words.
    pub message: Option<String>,
    /// The screen's clock, ticking each second: fix ages and countdowns.
    #[props(default = Utc::now())]
    pub now: DateTime<Utc>,
    /// An irreversible step waiting for the crew's confirmation.
    #[props(default)]
    pub confirming: Option<EventType>,
    #[props(default)]
    pub pending: Option<PendingStep>,
    pub on_back: EventHandler<()>,
    pub on_record: EventHandler<EventKind>,
    #[props(default)]
    pub on_confirm: EventHandler<()>,
    /// Drops the step waiting for confirmation or for a fix.
    #[props(default)]
    pub on_cancel_step: EventHandler<()>,
    #[props(default)]
    pub on_record_without_fix: EventHandler<()>,
    pub on_meter_damage: EventHandler<()>,
    pub on_customer_sign: EventHandler<()>,
    /// Opens the camera for a photo of the completed work.
    #[props(default)]
    pub on_completion_photo: EventHandler<()>,
    /// A photo is being shrunk and stamped.
    #[props(default)]
    pub photo_busy: bool,
}

/// Steps recorded with one press.
const ONE_PRESS: [EventType; 5] = [
    EventType::Acknowledged,
    EventType::Departed,
    EventType::Arrived,
    EventType::Restored,
    EventType::Closed,
];
/// Steps that carry a text.
const WITH_TEXT: [EventType; 3] =
    [EventType::SiteReport, EventType::Escalated, EventType::CustomerFaultAssisted];

fn action_label(s: &Strings, t: EventType) -> &'static str {
    match t {
        EventType::Acknowledged => s.action_acknowledge,
        EventType::Departed => s.action_depart,
        EventType::Arrived => s.action_arrive,
        EventType::Restored => s.action_restore,
        EventType::Closed => s.action_close,
        EventType::SiteReport => s.action_site_report,
        EventType::Escalated => s.action_escalate,
        EventType::CustomerFaultAssisted => s.action_customer_fault,
        _ => s.action_note,
    }
}

fn one_press_kind(t: EventType) -> EventKind {
    match t {
        EventType::Acknowledged => EventKind::Acknowledged,
        EventType::Departed => EventKind::Departed,
        EventType::Arrived => EventKind::Arrived,
        EventType::Restored => EventKind::Restored,
        _ => EventKind::Closed,
    }
}

fn text_kind(t: EventType, text: String) -> EventKind {
    match t {
        EventType::SiteReport => EventKind::SiteReport { text },
        EventType::Escalated => EventKind::Escalated { reason: text },
        EventType::CustomerFaultAssisted => EventKind::CustomerFaultAssisted { text },
        _ => EventKind::Note { text },
    }
}

#[component]
pub fn OrderDetail(props: OrderDetailProps) -> Element {
    let lang = use_lang();
    let s = lang.strings();
    let o = &props.row.order;
    let read_only = props.row.removed.is_some();
    let rules = RuleContext {
        order: o,
        state: &props.row.state,
        checklist: &props.checklist,
        completion_photo_required: props.close_out.completion_photo_required,
    };
    let allowed = if read_only { Vec::new() } else { rules.allowed_now() };
    let meter_touched = rules.meter_touched();
    let mut text = use_signal(String::new);
    // ← 返回 with a note typed or materials counted and not saved asks first.
    let materials_unsaved = use_context_provider(|| UnsavedMaterials(Signal::new(false))).0;
    let mut leaving = use_signal(|| false);
    let on_back = props.on_back;
    let on_record = props.on_record;
    let map = o.site.map(|c| format!("geo:{},{}?q={},{}", c.lat, c.lon, c.lat, c.lon));
    rsx! {
        section { class: "order-detail",
            button {
                class: "back",
                onclick: move |_| {
                    if materials_unsaved() || !text.peek().trim().is_empty() {
                        leaving.set(true);
                    } else {
                        on_back.call(());
                    }
                },
                "{s.back}"
            }
            if leaving() {
                LeaveSheet { on_stay: move |_| leaving.set(false), on_leave: move |_| on_back.call(()) }
            }
            h2 { class: "detail-address", "{o.address}" }
            p { class: "number", "{o.number}" }
            dl { class: "facts",
                dt { "{s.reporter}" }
                dd { "{o.reporter_name} " a { class: "tel", href: "tel:{o.reporter_phone}", "{s.phone_call} {o.reporter_phone}" } }
                dt { "{s.fault}" }
                dd { "{o.fault_description}" }
            }
            if let Some(href) = map {
                a { class: "map-link", href: "{href}", "{s.open_map}" }
            }
            if read_only {
                p { class: "warning", role: "alert", "{s.read_only_removed}" }
            }
            GpsLine { fix: props.fix.clone(), row: props.row.clone(), limits: props.limits.clone(), now: props.now }
            if let Some(message) = &props.message {
                p { class: "message", role: "status", "{message}" }
            }
            if let Some(step) = props.confirming {
                ConfirmSheet { step, on_confirm: props.on_confirm, on_cancel: props.on_cancel_step }
            }
            if let Some(pending) = props.pending {
                WaitingForFix {
                    pending,
                    now: props.now,
                    limits: props.limits.clone(),
                    on_record_without_fix: props.on_record_without_fix,
                    on_cancel: props.on_cancel_step,
                }
            }
            LateReasons { row: props.row.clone(), limits: props.limits.clone(), on_record }
            div { class: "actions",
                for t in allowed.iter().copied().filter(|t| ONE_PRESS.contains(t)) {
                    button {
                        class: if t == EventType::Arrived { "action primary" } else { "action" },
                        onclick: move |_| on_record.call(one_press_kind(t)),
                        "{action_label(s, t)}"
                    }
                }
            }
            div { class: "actions",
                EvidenceSection {
                    row: props.row.clone(),
                    can_record_damage: allowed.contains(&EventType::MeterDamageRecorded),
                    on_meter_damage: props.on_meter_damage,
                    on_customer_sign: props.on_customer_sign,
                }
            }
            if let (false, Some(restored_at)) = (read_only, props.row.state.restored_at) {
                CloseOut { order: o.clone(), restored_at, contact: props.contact.clone() }
            }
            if allowed.contains(&EventType::MaterialsUsed) {
                MaterialsPanel {
                    list: props.close_out.materials.clone(),
                    recorded: props.row.state.materials.clone(),
                    on_save: move |items| on_record.call(EventKind::MaterialsUsed { items }),
                }
            }
            if !read_only && (props.row.state.restored_at.is_some() || props.row.state.escalated) {
                CompletionPhoto {
                    taken: props.row.state.completion_photos.len(),
                    required: props.close_out.completion_photo_required,
                    can_take: allowed.contains(&EventType::CompletionPhoto),
                    busy: props.photo_busy,
                    on_take: props.on_completion_photo,
                }
            }
            if allowed.iter().any(|t| WITH_TEXT.contains(t)) {
                div { class: "text-actions",
                    textarea {
                        class: "report-text",
                        placeholder: "{s.text_placeholder}",
                        value: "{text}",
                        oninput: move |e| text.set(e.value()),
                    }
                    for t in allowed.iter().copied().filter(|t| WITH_TEXT.contains(t)) {
                        button {
                            class: "action",
                            disabled: text().trim().is_empty(),
                            onclick: move |_| {
                                on_record.call(text_kind(t, text().trim().to_string()));
                                text.set(String::new());
                            },
                            "{action_label(s, t)}"
                        }
                    }
                }
            }
            if allowed.contains(&EventType::CleanupCompleted) && !props.row.state.cleanup_done {
                ChecklistForm {
                    items: props.checklist.clone(),
                    meter_touched,
                    on_done: move |items| on_record.call(EventKind::CleanupCompleted { items }),
                }
            }
            if allowed.contains(&EventType::StepCorrected) {
                Correction { steps: props.row.state.correctable_now(), on_record }
            }
            h3 { "{s.history}" }
            Timeline { events: props.events.clone() }
        }
    }
}

/// Asks before a step that can not be taken back by another tap. The
/// buttons sit apart from where the step button was, and the app ignores
/// the confirm button for a moment after the sheet opens.
#[component]
fn ConfirmSheet(step: EventType, on_confirm: EventHandler<()>, on_cancel: EventHandler<()>) -> Element {
    let s = use_lang().strings();
    let question = if step == EventType::Closed { s.confirm_close } else { s.confirm_restore };
    rsx! {
        div { class: "sheet-backdrop",
            section { class: "confirm-sheet", role: "dialog", "aria-modal": "true",
                p { class: "confirm-question", "{question}" }
                p { class: "confirm-note", "{s.confirm_is_evidence}" }
                div { class: "sheet-buttons",
                    button { class: "action", onclick: move |_| on_cancel.call(()), "{s.cancel}" }
                    button { class: "action primary confirm-step", onclick: move |_| on_confirm.call(()), "{s.confirm_yes} · {s.event(step)}" }
                }
            }
        }
    }
}

/// A step waiting for a fresh fix, with the time the crew is still offered
/// to wait and the choice to record without a position.
#[component]
fn WaitingForFix(
    pending: PendingStep,
    now: DateTime<Utc>,
    limits: Thresholds,
    on_record_without_fix: EventHandler<()>,
    on_cancel: EventHandler<()>,
) -> Element {
    let s = use_lang().strings();
    let left = crate::step_gate::wait_left_s(pending.tapped_at, now, &limits);
    let waiting = s.fix_pending(left);
    rsx! {
        section { class: "waiting-fix", role: "status",
            p { class: "waiting-step", "{s.event(pending.step)}" }
            if left > 0 {
                p { class: "gps waiting", "{waiting}" }
            } else {
                p { class: "warning", "{s.fix_timed_out}" }
            }
            div { class: "sheet-buttons",
                button { class: "action", onclick: move |_| on_cancel.call(()), "{s.cancel}" }
                button { class: "action record-without-fix", onclick: move |_| on_record_without_fix.call(()), "{s.record_without_fix}" }
            }
        }
    }
}

/// Withdraws a step recorded by mistake: the record stays, with the reason.
#[component]
fn Correction(steps: Vec<CorrectableStep>, on_record: EventHandler<EventKind>) -> Element {
    let s = use_lang().strings();
    let mut reason = use_signal(String::new);
    rsx! {
        details { class: "correction",
            summary { "{s.correct_step}" }
            textarea {
                class: "report-text correction-reason",
                placeholder: "{s.correction_reason}",
                value: "{reason}",
                oninput: move |e| reason.set(e.value()),
            }
            for step in steps {
                button {
                    class: "action correct-step",
                    disabled: reason().trim().is_empty(),
                    onclick: move |_| {
                        on_record.call(EventKind::StepCorrected { step, reason: reason().trim().to_string() });
                        reason.set(String::new());
                    },
                    "{s.withdrawn} · {s.event(step.event_type())}"
                }
            }
        }
    }
}

/// Meter damage and the customer's signature: what is on record and what
/// is still needed.
#[component]
fn EvidenceSection(
    row: OrderRow,
    can_record_damage: bool,
    on_meter_damage: EventHandler<()>,
    on_customer_sign: EventHandler<()>,
) -> Element {
    let s = use_lang().strings();
    let damage = row.state.meter_damage.clone();
    let signed = row.state.signature_is_current(row.order.id);
    let needs_signature = damage.as_ref().is_some_and(|d| d.customer_responsible) && !signed;
    let open = row.removed.is_none() && row.state.closed_at.is_none();
    rsx! {
        if let Some(d) = damage {
            p { class: "damage-on-record", {s.labelled(s.event(EventType::MeterDamageRecorded), &d.cause)} }
            if signed {
                p { class: "message", "{s.signature_current}" }
            }
            if needs_signature {
                p { class: "warning", role: "alert", "{s.signature_needed}" }
                if open {
                    button { class: "action primary", onclick: move |_| on_customer_sign.call(()), "{s.action_customer_sign}" }
                }
            }
        }
        if can_record_damage {
            button { class: "action", onclick: move |_| on_meter_damage.call(()), "{s.action_meter_damage}" }
        }
    }
}

#[component]
fn GpsLine(fix: FixState, row: OrderRow, limits: Thresholds, now: DateTime<Utc>) -> Element {
    let s = use_lang().strings();
    match fix {
        FixState::Waiting => rsx! { p { class: "gps waiting", "{s.gps_waiting}" } },
        FixState::Missing(NoFix::Denied) => {
            rsx! { p { class: "gps missing", "{s.gps_denied} · {s.gps_none}" } }
        }
        FixState::Missing(_) => rsx! { p { class: "gps missing", "{s.gps_none}" } },
        FixState::Got(located) => {
            let fix = located.fix;
            let check = check_fix(&fix, row.order.site, &limits);
            let accuracy = fix.accuracy_m.round();
            let age = s.fix_age(located.age_s(now));
            rsx! {
                p { class: "gps",
                    if let Some(d) = check.distance_m {
                        "{s.distance_to_site} {d.round()} {s.metres} · "
                    }
                    "{s.accuracy} ±{accuracy} {s.metres} · {age}"
                }
                if check.far_from_site {
                    p { class: "warning", role: "alert", "{s.warn_far}" }
                }
                if check.poor_accuracy {
                    p { class: "warning", "{s.warn_poor_accuracy}" }
                }
            }
        }
    }
}

#[component]
fn Timeline(events: Vec<FieldEvent>) -> Element {
    let lang = use_lang();
    let s = lang.strings();
    let none_used = lang.close_out().co_materials_none;
    if events.is_empty() {
        return rsx! { p { class: "empty-history", "{s.no_history}" } };
    }
    rsx! {
        ol { class: "timeline",
            for e in events.iter().rev() {
                li { key: "{e.id}",
                    span { class: "when", "{local_short(e.evidence.device_time)}" }
                    strong { " {s.event(e.kind.event_type())}" }
                    if let EventKind::MaterialsUsed { items } = &e.kind {
                        span { class: "what", " {materials_or(items, none_used)}" }
                    } else if let Some((_, text)) = e.kind.text_fields().first() {
                        span { class: "what", " {text}" }
                    }
                    if e.evidence.fix.is_none() && e.kind.event_type().distance_matters() {
                        span { class: "no-fix", " · {s.no_fix}" }
                    }
                    span { class: "who", " · {e.author}" }
                }
            }
        }
    }
}

/// A materials record on the timeline: what was recorded, so a correction
/// shows what it changed to.
fn materials_or(items: &[fieldcrew_core::close_out::MaterialUse], none_used: &str) -> String {
    match fieldcrew_core::close_out::materials_line(items) {
        line if line.is_empty() => none_used.to_string(),
        line => line,
    }
}
