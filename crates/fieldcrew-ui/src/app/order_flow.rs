//! The order screen's glue: watching the position while an order is open,
//! and turning a tap on a step into at most one record, with a fresh fix
//! where distance matters and a confirmation where the step can not be
//! taken back by another tap.

use super::{AppContext, Screen, Ui};
use crate::location::{Located, NoFix, PositionWatch};
use crate::screens::order_detail::{FixState, OrderDetail, PendingStep};
use crate::step_gate::{self, FixChoice};
use chrono::Utc;
use dioxus::prelude::*;
use fieldcrew_core::event::EventKind;
use fieldcrew_core::store::OrderRow;
use fieldcrew_core::{OrderId, Thresholds};
use std::cell::RefCell;
use std::rc::Rc;
use std::time::Instant;

/// The position watch of the open order and the task reading it.
#[derive(Clone)]
pub(super) struct Watching {
    task: dioxus::core::Task,
    watch: Rc<RefCell<Box<dyn PositionWatch>>>,
}

/// A step waiting: for the crew's confirmation, or for a fresh fix.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct HeldStep {
    order: OrderId,
    kind: EventKind,
    since: Instant,
    pending: Option<PendingStep>,
}

/// Opening an order starts watching the position, not waiting for "arrived".
pub(super) fn open_order(ctx: &AppContext, mut ui: Ui) -> impl FnMut(OrderId) + Clone + 'static {
    let ctx = ctx.clone();
    move |id: OrderId| {
        ui.screen.set(Screen::Order(id));
        ui.message.set(None);
        ui.held.set(None);
        // Opened: the alert stops and 已查看 goes to dispatch.
        let seen =
            ui.with_store(&ctx, |store, _| store.mark_order_seen(id, &fieldcrew_core::clock::SystemClock));
        if let Some(Err(e)) = seen {
            ui.message.set(Some(e.to_string()));
        }
        // Photos not saved into a damage record belong to the order they
        // were taken for: never carry them to another.
        ui.discard_draft(&ctx, |_| true);
        start_watching(&ctx, ui);
    }
}

pub(super) fn start_watching(ctx: &AppContext, mut ui: Ui) {
    stop_watching(ui);
    ui.fix.set(FixState::Waiting);
    let watch = Rc::new(RefCell::new(ctx.locator.watch()));
    let reader = watch.clone();
    let ctx = ctx.clone();
    let task = spawn(async move {
        loop {
            let next = reader.borrow_mut().next();
            let update = next.await;
            // An error after a fix leaves the last fix showing with its age.
            match (update, ui.current_located()) {
                (Ok(located), _) => {
                    fix_arrived(&ctx, ui, located);
                    continue;
                }
                (Err(e), None) => ui.fix.set(FixState::Missing(e)),
                (Err(_), Some(_)) => {}
            }
            // A watch that keeps failing (denied, or its script ended) is
            // asked again now and then, not in a tight loop.
            tokio::time::sleep(std::time::Duration::from_secs(3)).await;
        }
    });
    ui.watching.set(Some(Watching { task, watch }));
}

/// Ends the position watch when no order screen is showing.
pub(super) fn stop_watching(mut ui: Ui) {
    if let Some(w) = ui.watching.take() {
        w.watch.borrow_mut().stop();
        w.task.cancel();
    }
}

/// A new fix: show it, and record a step that was waiting for one.
fn fix_arrived(ctx: &AppContext, mut ui: Ui, located: Located) {
    ui.fix.set(FixState::Got(located));
    let limits = super::limits(ctx);
    let Some(held) = ui.held.peek().clone() else { return };
    if held.pending.is_some() && located.age_s(Utc::now()) <= limits.fresh_fix_s {
        ui.held.set(None);
        record(ctx, ui, held.order, held.kind, Some(located));
    }
}

fn record(ctx: &AppContext, mut ui: Ui, id: OrderId, kind: EventKind, position: Option<Located>) {
    let strings = (ui.lang)().strings();
    let outcome = ui.with_store(ctx, |store, r| r.record(store, id, kind, position));
    ui.message.set(outcome.map(|o| match o {
        Ok(event) => format!("{} · {}", strings.recorded, strings.event(event.kind.event_type())),
        Err(message) => message,
    }));
}

/// A tap on a step. Ignored inside the guard time after the last counted
/// tap; otherwise confirmed first where needed, then recorded with the
/// freshest fix, or held until a fresh one comes.
fn tap(ctx: &AppContext, mut ui: Ui, id: OrderId, kind: EventKind) {
    let now = Instant::now();
    if !ui.gate.write().admit(now) {
        return;
    }
    if step_gate::needs_confirmation(kind.event_type()) {
        ui.held.set(Some(HeldStep { order: id, kind, since: now, pending: None }));
        return;
    }
    take(ctx, ui, id, kind);
}

/// Records `kind` now if the fix allows, else holds it for a fresh fix.
fn take(ctx: &AppContext, mut ui: Ui, id: OrderId, kind: EventKind) {
    let limits = super::limits(ctx);
    let step = kind.event_type();
    let gps_denied = matches!((ui.fix)(), FixState::Missing(NoFix::Denied));
    match step_gate::fix_for_step(step, ui.current_located(), Utc::now(), &limits, gps_denied) {
        FixChoice::Record(position) => {
            ui.held.set(None);
            record(ctx, ui, id, kind, position);
        }
        FixChoice::WaitForFresh => {
            let pending = PendingStep { step, tapped_at: Utc::now() };
            ui.held.set(Some(HeldStep { order: id, kind, since: Instant::now(), pending: Some(pending) }));
            // Ask for a fix now rather than wait for the watch: a phone
            // standing still may not report again on its own.
            let locator = ctx.locator.clone();
            let ctx = ctx.clone();
            spawn(async move {
                if let Ok(located) = locator.current_fix().await {
                    fix_arrived(&ctx, ui, located);
                }
            });
        }
    }
}

pub(super) fn order_screen(
    ctx: &AppContext,
    mut ui: Ui,
    row: OrderRow,
    limits: &Thresholds,
    now: chrono::DateTime<Utc>,
) -> Element {
    let id = row.order.id;
    let (events, checklist, contact, close_out) = match &ctx.store {
        Ok(store) => {
            let store = store.borrow();
            (
                store.events(id).unwrap_or_default(),
                store.checklist().to_vec(),
                store.station_contact(),
                store.close_out_settings(),
            )
        }
        Err(_) => Default::default(),
    };
    let photo_ctx = ctx.clone();
    let held = (ui.held)().filter(|h| h.order == id);
    let confirming = held.as_ref().filter(|h| h.pending.is_none()).map(|h| h.kind.event_type());
    let pending = held.as_ref().and_then(|h| h.pending);
    // Never blocks a step: a repair does not wait on paperwork.
    let check_warning = super::daily_check_flow::warning(ctx, ui, &row);
    let (tap_ctx, confirm_ctx, bare_ctx) = (ctx.clone(), ctx.clone(), ctx.clone());
    rsx! {
        {check_warning}
        OrderDetail {
            row,
            events,
            fix: (ui.fix)(),
            limits: limits.clone(),
            contact,
            close_out,
            checklist,
            message: (ui.message)(),
            photo_busy: (ui.photo_busy)(),
            on_completion_photo: move |_| super::completion_photo_flow::take(&photo_ctx, ui, id),
            now,
            confirming,
            pending,
            on_back: move |_| ui.screen.set(Screen::Orders),
            on_record: move |kind: EventKind| tap(&tap_ctx, ui, id, kind),
            on_confirm: move |_| {
                let Some(held) = ui.held.peek().clone() else { return };
                // The second tap of a double tap lands here: not yet.
                if !step_gate::confirm_armed(held.since, Instant::now()) {
                    return;
                }
                take(&confirm_ctx, ui, held.order, held.kind);
            },
            on_cancel_step: move |_| ui.held.set(None),
            on_record_without_fix: move |_| {
                if let Some(held) = ui.held.take() {
                    record(&bare_ctx, ui, held.order, held.kind, None);
                }
            },
            on_meter_damage: move |_| {
                ui.message.set(None);
                ui.screen.set(Screen::MeterDamage(id));
            },
            on_customer_sign: move |_| {
                ui.message.set(None);
                ui.screen.set(Screen::CustomerConfirm(id));
            },
        }
    }
}
