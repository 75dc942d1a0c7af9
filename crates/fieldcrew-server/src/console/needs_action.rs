//! The "needs action" strip on top of the board: what the dispatcher must
//! act on now, whatever the board's sort or filter. One function per kind
//! of entry, so a new kind is one more function added to `entries`.
//! Each entry has a stable key (kind + order id): the board's script
//! highlights and sounds a key it has not seen before.

use super::board::{Clocks, clock_cell};
use super::i18n::Lang;
use crate::db::OrderSummary;
use fieldcrew_core::order::EquipmentKind;
use fieldcrew_core::sla::{SlaClock, SlaStatus};
use maud::{Markup, html};
use std::collections::HashMap;

/// Why an order is on the strip.
#[derive(Clone, Debug, PartialEq)]
pub enum Need {
    /// No crew yet, with the 3-minute notify clock.
    Unassigned(SlaClock),
    /// The arrival clock is at risk or overdue.
    Arrival(SlaClock),
    /// The crew escalated (升级上报), with its latest text.
    Escalated(String),
    /// The fault is on customer-owned equipment: the crew guides the customer.
    CustomerOwned,
}

impl Need {
    fn kind(&self) -> &'static str {
        match self {
            Need::Unassigned(_) => "unassigned",
            Need::Arrival(_) => "arrival",
            Need::Escalated(_) => "escalated",
            Need::CustomerOwned => "customer-owned",
        }
    }
}

pub struct Entry<'a> {
    pub order: &'a OrderSummary,
    pub need: Need,
}

impl Entry<'_> {
    pub fn key(&self) -> String {
        format!("{}:{}", self.need.kind(), self.order.order.id)
    }
}

/// The board's open orders with their clocks and the latest escalation text
/// of each escalated one.
pub struct BoardView<'a> {
    pub orders: Vec<(&'a OrderSummary, Clocks)>,
    pub escalations: &'a HashMap<fieldcrew_core::OrderId, String>,
}

/// Every entry, most pressing kind first; within a kind, the board's order.
pub fn entries<'a>(view: &BoardView<'a>) -> Vec<Entry<'a>> {
    let kinds: [&dyn Fn(&'a OrderSummary, &Clocks) -> Option<Need>; 4] = [
        &unassigned,
        &|o, _| escalated(o, view.escalations),
        &arrival_at_risk,
        &|o, _| customer_owned(o),
    ];
    let mut out = Vec::new();
    for kind in kinds {
        for (order, clocks) in &view.orders {
            if let Some(need) = kind(order, clocks) {
                out.push(Entry { order, need });
            }
        }
    }
    out
}

fn unassigned(order: &OrderSummary, clocks: &Clocks) -> Option<Need> {
    order.order.assigned_crew.is_none().then(|| Need::Unassigned(clocks.notify.clone()))
}

/// Only while the crew is not there yet: an arrived order's clock is done.
fn arrival_at_risk(order: &OrderSummary, clocks: &Clocks) -> Option<Need> {
    let running = clocks.arrive.done_at.is_none() && order.state.arrived_at.is_none();
    (running && clocks.arrive.status != SlaStatus::OnTime).then(|| Need::Arrival(clocks.arrive.clone()))
}

fn escalated(
    order: &OrderSummary,
    reasons: &HashMap<fieldcrew_core::OrderId, String>,
) -> Option<Need> {
    let restored = order.state.restored_at.is_some();
    (order.state.escalated && !restored)
        .then(|| Need::Escalated(reasons.get(&order.order.id).cloned().unwrap_or_default()))
}

/// Until power is back: after that there is nothing left to guide.
fn customer_owned(order: &OrderSummary) -> Option<Need> {
    let customer = order.order.equipment == EquipmentKind::CustomerOwned || order.state.customer_fault_assisted;
    (customer && order.state.restored_at.is_none()).then_some(Need::CustomerOwned)
}

pub fn strip(lang: Lang, entries: &[Entry]) -> Markup {
    let t = lang.strings();
    let l = lang.live();
    html! {
        section #needs-action aria-live="polite" {
            h2 { (l.needs_action) " " span.count { (entries.len()) } }
            @if entries.is_empty() { p.muted { (l.nothing_needs_action) } } @else {
                table.needs-action { tbody {
                    @for entry in entries {
                        @let o = &entry.order.order;
                        tr data-need=(entry.key()) data-kind=(entry.need.kind()) {
                            td.need-kind { @match &entry.need {
                                Need::Unassigned(_) => { (l.unassigned_entry) }
                                Need::Arrival(clock) => {
                                    @if clock.status == SlaStatus::Breached { (l.arrival_breached) }
                                    @else { (l.arrival_at_risk) }
                                }
                                Need::Escalated(_) => { (t.words.step_escalated) }
                                Need::CustomerOwned => { (l.customer_owned_entry) }
                            } }
                            td { a href={ "/console/orders/" (o.id) } { (o.number) } }
                            td { (o.address) div.muted { (o.fault_description) } }
                            td { (o.assigned_crew.as_deref().unwrap_or(t.unassigned)) }
                            @match &entry.need {
                                Need::Unassigned(clock) | Need::Arrival(clock) => { (clock_cell(t, clock)) }
                                Need::Escalated(reason) => { td.escalation-text { (reason) } }
                                Need::CustomerOwned => { td {} }
                            }
                        }
                    }
                } }
            }
        }
    }
}
