//! The "needs action" strip on top of the board: what the dispatcher must
//! act on now, whatever the board's sort or filter. One function per kind
//! of entry, so a new kind is one more function added to `entries`.
//! Each entry has a stable key (kind + order id): the board's script
//! highlights and sounds a key it has not seen before.

use super::board::{Clocks, clock_cell};
use super::i18n::Lang;
use crate::db::OrderSummary;
use fieldcrew_domain::order::EquipmentKind;
use fieldcrew_domain::sla::{SlaClock, SlaStatus};
use maud::{Markup, html};
use std::collections::HashMap;

/// Why an order is on the strip.
#[derive(Clone, Debug, PartialEq)]
pub enum Need {
    /// No crew yet, with the 3-minute notify clock.
    Unassigned(SlaClock),
    /// Assigned over a minute ago and on no phone of the crew (未送达),
    /// with the notify clock.
    Undelivered(SlaClock),
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
            Need::Undelivered(_) => "undelivered",
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
    pub escalations: &'a HashMap<fieldcrew_domain::OrderId, String>,
    /// Delivery receipts of the open orders.
    pub receipts: &'a super::delivery::Receipts,
}

/// One kind of entry: whether an order with its clocks is one.
type NeedCheck<'a> = dyn Fn(&'a OrderSummary, &Clocks) -> Option<Need> + 'a;

/// Every entry, most pressing kind first; within a kind, the board's order.
pub fn entries<'a>(view: &BoardView<'a>) -> Vec<Entry<'a>> {
    let kinds: [&NeedCheck<'a>; 5] = [
        &unassigned,
        &|o, c| undelivered(o, c, view.receipts),
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
    order.order.assigned_crew.is_none().then_some(Need::Unassigned(clocks.notify))
}

fn undelivered(order: &OrderSummary, clocks: &Clocks, receipts: &super::delivery::Receipts) -> Option<Need> {
    super::delivery::undelivered(order, receipts.get(&order.order.id), chrono::Utc::now())
        .then_some(Need::Undelivered(clocks.notify))
}

/// Only while the crew is not there yet: an arrived order's clock is done.
fn arrival_at_risk(order: &OrderSummary, clocks: &Clocks) -> Option<Need> {
    let running = clocks.arrive.done_at.is_none() && order.state.arrived_at.is_none();
    (running && clocks.arrive.status != SlaStatus::OnTime).then_some(Need::Arrival(clocks.arrive))
}

fn escalated(order: &OrderSummary, reasons: &HashMap<fieldcrew_domain::OrderId, String>) -> Option<Need> {
    let restored = order.state.restored_at.is_some();
    (order.state.escalated && !restored)
        .then(|| Need::Escalated(reasons.get(&order.order.id).cloned().unwrap_or_default()))
}

/// Until power is back: after that there is nothing left to guide.
fn customer_owned(order: &OrderSummary) -> Option<Need> {
    let customer =
        order.order.equipment == EquipmentKind::CustomerOwned || order.state.customer_fault_assisted;
    (customer && order.state.restored_at.is_none()).then_some(Need::CustomerOwned)
}

/// `complaints`: those whose answer is due soon or late (`complaint_needs`).
pub fn strip(
    lang: Lang,
    entries: &[Entry],
    complaints: &[super::complaint_needs::ComplaintNeed],
    handovers: &[crate::db::handovers::HandoverEntry],
) -> Markup {
    let t = lang.strings();
    let l = lang.live();
    html! {
        section #needs-action aria-live="polite" {
            h2 { (l.needs_action) " " span.count { (entries.len() + complaints.len() + handovers.len()) } }
            @if entries.is_empty() && complaints.is_empty() && handovers.is_empty() { p.muted { (l.nothing_needs_action) } } @else {
                table.needs-action { tbody {
                    @for entry in entries {
                        @let o = &entry.order.order;
                        tr data-need=(entry.key()) data-kind=(entry.need.kind()) {
                            td.need-kind { @match &entry.need {
                                Need::Unassigned(_) => { (l.unassigned_entry) }
                                Need::Undelivered(_) => { (super::delivery::undelivered_word(lang)) }
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
                                Need::Unassigned(clock) | Need::Undelivered(clock) | Need::Arrival(clock) => {
                                    (clock_cell(t, clock))
                                }
                                Need::Escalated(reason) => { td.escalation-text { (reason) } }
                                Need::CustomerOwned => { td {} }
                            }
                        }
                    }
                    (super::complaint_needs::rows(lang, complaints))
                    (super::handover_needs::rows(lang, handovers))
                } }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::console::board::clocks;
    use chrono::{Duration, Utc};
    use fieldcrew_domain::Thresholds;
    use fieldcrew_domain::lifecycle::OrderState;
    use fieldcrew_domain::order::AreaClass;

    fn summary(number: &str, minutes_ago: i64, crew: Option<&str>) -> OrderSummary {
        let mut order = fieldcrew_domain::demo::demo_orders(Utc::now()).remove(0);
        order.id = fieldcrew_domain::OrderId::new();
        order.number = number.into();
        order.area = AreaClass::Rural;
        order.equipment = EquipmentKind::Line;
        order.reported_at = Utc::now() - Duration::minutes(minutes_ago);
        order.assigned_crew = crew.map(str::to_string);
        order.notified_at = crew.map(|_| order.reported_at + Duration::minutes(1));
        OrderSummary { order, cancelled_at: None, state: OrderState::default() }
    }

    /// Every order on its crew's phone: receipts only matter where a test
    /// says so.
    fn needs(
        orders: &[OrderSummary],
        reasons: &HashMap<fieldcrew_domain::OrderId, String>,
    ) -> Vec<(String, &'static str)> {
        let delivered = crate::db::DeviceReceipts { delivered_at: Some(Utc::now()), ..Default::default() };
        let receipts = orders.iter().map(|o| (o.order.id, delivered.clone())).collect();
        needs_with(orders, reasons, &receipts)
    }

    fn needs_with(
        orders: &[OrderSummary],
        reasons: &HashMap<fieldcrew_domain::OrderId, String>,
        receipts: &crate::console::delivery::Receipts,
    ) -> Vec<(String, &'static str)> {
        let limits = Thresholds::default();
        let view = BoardView {
            orders: orders.iter().map(|o| (o, clocks(o, Utc::now(), &limits))).collect(),
            escalations: reasons,
            receipts,
        };
        entries(&view).iter().map(|e| (e.order.order.number.clone(), e.need.kind())).collect()
    }

    #[test]
    fn what_needs_action_is_listed_most_pressing_kind_first() {
        let calm = summary("CALM", 5, Some("CREW-1"));
        let unassigned = summary("NEW", 1, None);
        let late = summary("LATE", 100, Some("CREW-1"));
        let mut arrived_late = summary("THERE", 100, Some("CREW-1"));
        arrived_late.state.arrived_at = Some(Utc::now() - Duration::minutes(30));
        let mut escalated = summary("ESC", 10, Some("CREW-2"));
        escalated.state.escalated = true;
        let mut customer = summary("CUST", 10, Some("CREW-2"));
        customer.order.equipment = EquipmentKind::CustomerOwned;
        let reasons = HashMap::from([(escalated.order.id, "需抢修队".to_string())]);
        let orders = [calm, customer, late, arrived_late, escalated, unassigned];
        assert_eq!(
            needs(&orders, &reasons),
            [
                ("NEW".to_string(), "unassigned"),
                ("ESC".to_string(), "escalated"),
                ("LATE".to_string(), "arrival"),
                ("CUST".to_string(), "customer-owned"),
            ]
        );
    }

    #[test]
    fn an_order_on_no_phone_a_minute_after_assignment_is_listed_after_the_unassigned() {
        let slow = summary("SLOW", 5, Some("CREW-1"));
        let unassigned = summary("NEW", 1, None);
        let mut fresh = summary("FRESH", 5, Some("CREW-1"));
        fresh.order.notified_at = Some(Utc::now());
        let kinds = needs_with(&[fresh, slow, unassigned], &HashMap::new(), &Default::default());
        assert_eq!(kinds, [("NEW".to_string(), "unassigned"), ("SLOW".to_string(), "undelivered")]);
    }

    #[test]
    fn restored_orders_leave_the_strip() {
        let mut escalated = summary("ESC", 10, Some("CREW-2"));
        escalated.state.escalated = true;
        escalated.state.restored_at = Some(Utc::now());
        let mut customer = summary("CUST", 10, Some("CREW-2"));
        customer.state.customer_fault_assisted = true;
        customer.state.restored_at = Some(Utc::now());
        assert!(needs(&[escalated, customer], &HashMap::new()).is_empty());
    }

    #[test]
    fn the_unassigned_entry_carries_the_3_minute_clock_and_the_escalation_its_text() {
        let unassigned = summary("NEW", 2, None);
        let mut escalated = summary("ESC", 10, Some("CREW-2"));
        escalated.state.escalated = true;
        let limits = Thresholds::default();
        let reasons = HashMap::from([(escalated.order.id, "配变烧毁".to_string())]);
        let delivered = crate::db::DeviceReceipts { delivered_at: Some(Utc::now()), ..Default::default() };
        let receipts = HashMap::from([(escalated.order.id, delivered)]);
        let orders = [unassigned, escalated];
        let view = BoardView {
            orders: orders.iter().map(|o| (o, clocks(o, Utc::now(), &limits))).collect(),
            escalations: &reasons,
            receipts: &receipts,
        };
        let found = entries(&view);
        match &found[0].need {
            Need::Unassigned(clock) => {
                assert_eq!(clock.deadline.due, orders[0].order.reported_at + Duration::minutes(3));
                assert!(clock.remaining.is_some_and(|left| left <= Duration::minutes(1)));
            }
            other => panic!("expected the unassigned entry, got {other:?}"),
        }
        assert_eq!(found[1].need, Need::Escalated("配变烧毁".into()));
        let html = strip(crate::console::i18n::Lang::ZhCn, &found, &[], &[]).into_string();
        assert!(
            html.contains(&format!(r#"data-need="unassigned:{}""#, orders[0].order.id))
                && html.contains("data-due=")
        );
        assert!(html.contains("配变烧毁"));
    }
}
