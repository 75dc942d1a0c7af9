//! The shift handover's glue: the crew's latest handover, the problems still
//! open and the crew's open orders read from the store; the draft turned
//! into the signed record. The form keeps one handover id until it is
//! saved, so a second tap records nothing more (the store answers "already").

use super::{AppContext, Screen, Ui, pair_flow};
use crate::format::local_short;
use crate::i18n::Lang;
use crate::screens::handover::{
    CarriedView, DraftProblem, HandoverDraft, HandoverScreen, LatestHandover, OrderChoice,
};
use chrono::{DateTime, Utc};
use dioxus::prelude::*;
use fieldcrew_core::RecordError;
use fieldcrew_core::clock::SystemClock;
use fieldcrew_core::handover::{Handover, HandoverAck, HandoverError, OpenProblem, ProblemClosure};
use fieldcrew_core::lifecycle::Status;
use fieldcrew_core::store::{HandoverRow, OrderRow};
use uuid::Uuid;

/// The list's button: 交接班, with 待确认接班 while the crew's latest
/// handover waits for someone to take over.
pub(super) fn open_button(ctx: &AppContext, mut ui: Ui) -> Element {
    let h = (ui.lang)().handover();
    let pending = latest(ctx).is_some_and(|row| row.ack.is_none());
    rsx! {
        button {
            class: if pending { "action handover-open pending" } else { "action handover-open" },
            "data-testid": "handover-open",
            onclick: move |_| {
                ui.message.set(None);
                ui.screen.set(Screen::Handover);
            },
            "{h.ho_open}"
            if pending { " · {h.ho_pending_badge}" }
        }
    }
}

fn latest(ctx: &AppContext) -> Option<HandoverRow> {
    ctx.store.as_ref().ok()?.borrow().latest_handover().ok().flatten()
}

pub(super) fn screen(ctx: &AppContext, ui: Ui) -> Element {
    let lang = (ui.lang)();
    let Ok(store) = &ctx.store else { return rsx! {} };
    let (latest, open, member) = {
        let store = store.borrow();
        (
            store.latest_handover().ok().flatten(),
            store.open_problems().unwrap_or_default(),
            pair_flow::member(ctx, &store),
        )
    };
    let rows: Vec<OrderRow> = (ui.snapshot)().map(|s| s.rows).unwrap_or_default();
    let orders = rows
        .iter()
        .filter(|r| r.removed.is_none() && r.state.status() != Status::Closed)
        .map(|r| OrderChoice {
            id: r.order.id.to_string(),
            label: format!("{} {}", r.order.number, r.order.address.village_or_street),
        })
        .collect();
    let carried = open
        .iter()
        .map(|p| CarriedView {
            id: p.problem.id.to_string(),
            text: p.problem.text.clone(),
            order_number: p.problem.order_number.clone(),
            equipment: p.problem.equipment.clone(),
            raised: lang.handover().written(&p.raised_by, &local_short(p.raised_at)),
            age: lang.handover().age(Utc::now() - p.raised_at),
        })
        .collect();
    let view = latest.as_ref().map(|row| LatestHandover {
        written_by: row.handover.written_by.clone(),
        written_at: local_short(row.handover.written_at),
        summary: row.handover.summary.clone(),
        problems: row.handover.problems.iter().map(problem_line).collect(),
        ack: row.ack.as_ref().map(|a| (a.acknowledged_by.clone(), local_short(a.acknowledged_at))),
        unsent: row.unsent,
    });
    let crew = pair_flow::crew(ctx).unwrap_or_default();
    let write = {
        let (ctx, member) = (ctx.clone(), member.clone());
        Callback::new(move |(id, draft): (Uuid, HandoverDraft)| -> Result<bool, String> {
            let mut ui = ui;
            let h = lang.handover();
            let outcome = ui.with_store(&ctx, |store, _| {
                let (now, _) = store.corrected_now(&SystemClock);
                store.write_handover(&to_handover(id, &crew, &member, now, draft, &rows))
            });
            match outcome {
                Some(Ok(true)) => Ok(true),
                Some(Ok(false)) => Ok(false),
                Some(Err(e)) => Err(refusal(lang, &e)),
                None => Err(h.ho_failed.to_string()),
            }
        })
    };
    let handover_id = latest.as_ref().map(|row| row.handover.id);
    let acknowledge = {
        let ctx = ctx.clone();
        Callback::new(move |name: String| -> Result<bool, String> {
            let mut ui = ui;
            let h = lang.handover();
            let Some(handover_id) = handover_id else { return Err(h.ho_failed.to_string()) };
            let outcome = ui.with_store(&ctx, |store, _| {
                let (now, _) = store.corrected_now(&SystemClock);
                let ack = HandoverAck {
                    handover_id,
                    acknowledged_by: name.trim().to_string(),
                    acknowledged_at: now,
                };
                store.acknowledge_handover(&ack)
            });
            match outcome {
                Some(Ok(recorded)) => Ok(recorded),
                Some(Err(e)) => Err(refusal(lang, &e)),
                None => Err(h.ho_failed.to_string()),
            }
        })
    };
    rsx! {
        HandoverFlow { member, latest: view, carried, orders, write, acknowledge, on_back: move |_| {
            let mut ui = ui;
            ui.screen.set(Screen::Orders);
        } }
    }
}

fn problem_line(p: &OpenProblem) -> String {
    [Some(p.text.clone()), p.order_number.clone(), p.equipment.clone()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The record the outgoing member signs. A problem row left wholly blank
/// is dropped (an "add" tapped once too often); one with an order or
/// equipment but no text is kept, and refused with its position.
fn to_handover(
    id: Uuid,
    crew: &str,
    member: &str,
    now: DateTime<Utc>,
    draft: HandoverDraft,
    rows: &[OrderRow],
) -> Handover {
    let blank =
        |p: &DraftProblem| p.text.trim().is_empty() && p.order.is_empty() && p.equipment.trim().is_empty();
    let problems = draft
        .problems
        .into_iter()
        .filter(|p| !blank(p))
        .map(|p| {
            let order = rows.iter().find(|r| r.order.id.to_string() == p.order);
            let equipment = p.equipment.trim();
            OpenProblem {
                id: Uuid::now_v7(),
                text: p.text.trim().to_string(),
                order_id: order.map(|r| r.order.id),
                order_number: order.map(|r| r.order.number.clone()),
                equipment: (!equipment.is_empty()).then(|| equipment.to_string()),
            }
        })
        .collect();
    let closed = draft
        .closed
        .into_iter()
        .filter_map(|(problem, note)| {
            Some(ProblemClosure { problem_id: problem.parse().ok()?, note: note.trim().to_string() })
        })
        .collect();
    Handover {
        id,
        crew_code: crew.to_string(),
        written_by: member.to_string(),
        written_at: now,
        summary: draft.summary.trim().to_string(),
        problems,
        closed,
    }
}

/// A refusal in the crew's words.
fn refusal(lang: Lang, error: &RecordError) -> String {
    let h = lang.handover();
    match error {
        RecordError::Handover(HandoverError::Empty) => h.ho_err_empty.to_string(),
        RecordError::Handover(HandoverError::EmptyProblem(n)) => {
            h.ho_err_empty_problem.format(&[("n", (*n as u32).into())])
        }
        RecordError::Handover(HandoverError::SamePerson(name)) => {
            h.ho_err_same_person.format(&[("name", name.as_str().into())])
        }
        RecordError::Handover(HandoverError::NoAcknowledger) => h.ho_needs_name.to_string(),
        RecordError::Handover(HandoverError::EmptyCloseNote(_)) => h.ho_err_close_note.to_string(),
        other => lang.strings().labelled(h.ho_failed, &other),
    }
}

/// Holds the form's handover id and the screen's message; a saved form
/// starts afresh under a new id.
#[component]
fn HandoverFlow(
    member: String,
    latest: Option<LatestHandover>,
    carried: Vec<CarriedView>,
    orders: Vec<OrderChoice>,
    write: Callback<(Uuid, HandoverDraft), Result<bool, String>>,
    acknowledge: Callback<String, Result<bool, String>>,
    on_back: EventHandler<()>,
) -> Element {
    let mut form_id = use_signal(Uuid::now_v7);
    let mut message = use_signal(|| None::<String>);
    let h = super::use_lang().handover();
    // Keyed in a one-item list: a new id replaces the form and its state
    // (a lone keyed child would be diffed in place and keep what was typed).
    rsx! {
        for id in [form_id()] {
            HandoverScreen {
                key: "{id}",
                member: member.clone(),
                latest: latest.clone(),
                carried: carried.clone(),
                orders: orders.clone(),
                message: message(),
                on_write: move |draft: HandoverDraft| match write.call((form_id(), draft)) {
                    Ok(recorded) => {
                        message.set(Some(if recorded { h.ho_saved } else { h.ho_already }.to_string()));
                        form_id.set(Uuid::now_v7());
                    }
                    Err(why) => message.set(Some(why)),
                },
                on_acknowledge: move |name: String| match acknowledge.call(name) {
                    Ok(recorded) => {
                        message.set(Some(if recorded { h.ho_ack_saved } else { h.ho_already }.to_string()))
                    }
                    Err(why) => message.set(Some(why)),
                },
                on_back,
            }
        }
    }
}
