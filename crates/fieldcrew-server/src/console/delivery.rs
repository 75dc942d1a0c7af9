//! Whether an assigned order reached the crew's phone: 已送达 / 已查看 /
//! 已接单 with their times on the board and the order page, and the flag
//! on an order assigned over a minute ago that no phone has stored yet.

use super::i18n::Lang;
use super::layout::local_hm;
use crate::db::{DbResult, DeviceReceipts, OrderSummary, StoredReceipt};
use chrono::{DateTime, Duration, Utc};
use fieldcrew_domain::OrderId;
use maud::{Markup, html};
use std::collections::HashMap;

/// An assigned order not on a phone after this is flagged 未送达.
pub const DELIVERY_DUE: Duration = Duration::minutes(1);
/// The phone's corrected clock may sit a little before the server's.
const CLOCK_SLACK: Duration = Duration::seconds(5);

struct Words {
    delivered: &'static str,
    seen: &'static str,
    undelivered: &'static str,
    not_yet: &'static str,
}

fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::ZhCn => {
            &Words { delivered: "已送达", seen: "已查看", undelivered: "未送达", not_yet: "未" }
        }
        Lang::En => {
            &Words { delivered: "Delivered", seen: "Seen", undelivered: "Not delivered", not_yet: "not yet" }
        }
    }
}

/// The needs-action strip's word for an order on no phone.
pub fn undelivered_word(lang: Lang) -> &'static str {
    words(lang).undelivered
}

/// Per order, the receipts of the phone that got it last (after a
/// reassignment, the new crew's phone): per device the first time, then
/// the latest device.
pub type Receipts = HashMap<OrderId, DeviceReceipts>;

pub fn latest(receipts: &[StoredReceipt], orders: &[OrderId]) -> Receipts {
    orders
        .iter()
        .filter_map(|id| {
            let per_device = crate::db::per_device(receipts, *id);
            let last = per_device.into_iter().max_by_key(|d| d.delivered_at.or(d.seen_at))?;
            Some((*id, last))
        })
        .collect()
}

pub fn load(db: &dyn crate::db::Database, orders: &[OrderId]) -> DbResult<Receipts> {
    Ok(latest(&db.receipts_for(orders)?, orders))
}

/// Delivered to the crew now holding it: a receipt from after the latest
/// assignment (or an acknowledgement, which only a phone holding it sends).
fn delivered_since_assigned(
    summary: &OrderSummary,
    receipt: Option<&DeviceReceipts>,
) -> Option<DateTime<Utc>> {
    let assigned = summary.order.notified_at?;
    receipt.and_then(|r| r.delivered_at).filter(|at| *at >= assigned - CLOCK_SLACK)
}

/// Assigned over `DELIVERY_DUE` ago, open, and on no phone of the crew.
pub fn undelivered(summary: &OrderSummary, receipt: Option<&DeviceReceipts>, now: DateTime<Utc>) -> bool {
    let Some(assigned) = summary.order.notified_at else { return false };
    summary.order.assigned_crew.is_some()
        && summary.cancelled_at.is_none()
        && summary.state.acknowledged_at.is_none()
        && summary.state.closed_at.is_none()
        && now - assigned >= DELIVERY_DUE
        && delivered_since_assigned(summary, receipt).is_none()
}

/// The line under the status: 已送达 12:01 · 已查看 12:02 · 已接单 12:03, or
/// the 未送达 chip.
pub fn line(
    lang: Lang,
    summary: &OrderSummary,
    receipt: Option<&DeviceReceipts>,
    now: DateTime<Utc>,
) -> Markup {
    let w = words(lang);
    let acknowledged = lang.strings().words.step_acknowledged;
    if summary.order.assigned_crew.is_none() || summary.cancelled_at.is_some() {
        return html! {};
    }
    let delivered = delivered_since_assigned(summary, receipt);
    let seen = delivered.and(receipt.and_then(|r| r.seen_at));
    html! {
        div.delivery data-testid="delivery" {
            @if undelivered(summary, receipt, now) {
                span.chip.breached data-testid="undelivered" { (w.undelivered) }
            } @else {
                span.delivered { (w.delivered) " " (delivered.map(local_hm).unwrap_or_else(|| w.not_yet.into())) }
                " · "
                span.seen { (w.seen) " " (seen.map(local_hm).unwrap_or_else(|| w.not_yet.into())) }
                " · "
                span.acknowledged {
                    (acknowledged) " " (summary.state.acknowledged_at.map(local_hm).unwrap_or_else(|| w.not_yet.into()))
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fieldcrew_domain::lifecycle::OrderState;

    fn assigned(seconds_ago: i64) -> OrderSummary {
        let mut order = fieldcrew_domain::demo::demo_orders(Utc::now()).remove(0);
        order.assigned_crew = Some("CREW-1".into());
        order.notified_at = Some(Utc::now() - Duration::seconds(seconds_ago));
        OrderSummary { order, cancelled_at: None, state: OrderState::default() }
    }

    fn delivered(at: DateTime<Utc>) -> DeviceReceipts {
        DeviceReceipts { device_id: None, delivered_at: Some(at), seen_at: None }
    }

    #[test]
    fn an_order_on_no_phone_a_minute_after_assignment_is_flagged() {
        let now = Utc::now();
        assert!(!undelivered(&assigned(30), None, now), "still within the minute");
        assert!(undelivered(&assigned(61), None, now));
        let order = assigned(61);
        assert!(!undelivered(&order, Some(&delivered(now - Duration::seconds(50))), now));
        let html = line(Lang::ZhCn, &order, None, now).into_string();
        assert!(html.contains("未送达"), "{html}");
    }

    #[test]
    fn a_delivery_before_a_reassignment_does_not_count_for_the_new_crew() {
        let now = Utc::now();
        let order = assigned(120);
        assert!(undelivered(&order, Some(&delivered(now - Duration::minutes(10))), now));
    }

    #[test]
    fn delivered_and_seen_times_are_shown() {
        let now = Utc::now();
        let order = assigned(120);
        let receipt = DeviceReceipts {
            device_id: None,
            delivered_at: Some(now - Duration::seconds(110)),
            seen_at: Some(now),
        };
        let html = line(Lang::ZhCn, &order, Some(&receipt), now).into_string();
        assert!(html.contains("已送达 ") && html.contains("已查看 ") && html.contains("已接单 未"), "{html}");
    }
}
