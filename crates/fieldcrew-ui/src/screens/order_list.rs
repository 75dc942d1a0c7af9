//! "My orders": every order on the phone, most urgent first, each with its
//! live SLA countdown, status and whether it still waits for sync.

use crate::app::use_strings;
use crate::format::{countdown, local_short};
use chrono::{DateTime, Utc};
use dioxus::prelude::*;
use fieldcrew_core::sla::{self, SlaClock, SlaStatus, Stage};
use fieldcrew_core::store::OrderRow;
use fieldcrew_core::{OrderId, Thresholds};

/// An order with its current clock, ready to render.
#[derive(Clone, PartialEq)]
pub struct ListedOrder {
    pub row: OrderRow,
    pub clock: Option<(Stage, SlaClock)>,
}

/// Computes each order's clock at `now` and sorts by urgency.
pub fn listed(rows: Vec<OrderRow>, now: DateTime<Utc>, limits: &Thresholds) -> Vec<ListedOrder> {
    let calendar = &limits.working_calendar;
    let mut listed: Vec<ListedOrder> = rows
        .into_iter()
        .map(|row| {
            let clock = sla::current_clock(&row.order, &row.state, now, limits, calendar);
            ListedOrder { row, clock }
        })
        .collect();
    listed.sort_by_key(|o| sla::urgency_key(o.clock.as_ref().map(|(_, c)| c), o.row.order.priority));
    listed
}

#[component]
pub fn OrderList(orders: Vec<ListedOrder>, on_open: EventHandler<OrderId>) -> Element {
    let strings = use_strings();
    if orders.is_empty() {
        return rsx! {
            section { class: "empty",
                p { class: "empty-title", "{strings.no_orders}" }
                p { "{strings.no_orders_hint}" }
            }
        };
    }
    rsx! {
        ul { class: "order-list",
            for order in orders {
                OrderCard { key: "{order.row.order.id}", order: order.clone(), on_open }
            }
        }
    }
}

#[component]
fn OrderCard(order: ListedOrder, on_open: EventHandler<OrderId>) -> Element {
    let strings = use_strings();
    let o = &order.row.order;
    let id = o.id;
    let status = order.row.state.status();
    let status_class = format!("chip status-{status:?}").to_lowercase();
    let equipment = strings.equipment(o.equipment);
    let area = strings.area(o.area);
    let priority = strings.priority(o.priority);
    let unsynced = order.row.unsynced;
    rsx! {
        li { class: "order-card", onclick: move |_| on_open.call(id),
            div { class: "card-top",
                span { class: "{status_class}", "{strings.status(status)}" }
                if let Some(p) = priority {
                    span { class: "chip priority", "{p}" }
                }
                span { class: "number", "{o.number}" }
            }
            p { class: "address", "{o.address}" }
            p { class: "fault", "{o.fault_description}" }
            p { class: "meta", "{equipment} · {area} · {local_short(o.reported_at)}" }
            if let Some((stage, clock)) = order.clock {
                SlaLine { stage, clock }
            }
            if unsynced > 0 {
                p { class: "unsynced", {strings.unsynced_count(unsynced as u64)} }
            }
        }
    }
}

#[component]
fn SlaLine(stage: Stage, clock: SlaClock) -> Element {
    let strings = use_strings();
    let label = match stage {
        Stage::Restoration => strings.restoration_due,
        Stage::Arrival | Stage::Notify => strings.arrival_due,
    };
    let class = match clock.status {
        SlaStatus::OnTime => "sla on-time",
        SlaStatus::AtRisk => "sla at-risk",
        SlaStatus::Breached => "sla breached",
    };
    let text = match (clock.remaining, clock.status) {
        (Some(left), SlaStatus::Breached) => format!("{} {}", strings.overdue, countdown(left)),
        (Some(left), _) => format!("{} {}", strings.left, countdown(left)),
        (None, SlaStatus::Breached) => strings.missed.to_string(),
        (None, _) => strings.kept.to_string(),
    };
    rsx! {
        p { class: "{class}",
            span { class: "sla-label", "{label} {local_short(clock.deadline.due)}" }
            strong { class: "sla-countdown", "{text}" }
        }
    }
}
