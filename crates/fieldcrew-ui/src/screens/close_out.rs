//! What the crew leaves with the customer once power is back: the station's
//! number (001 4.3.12, 将本部门联系电话留给客户) and a ready-made text that
//! power is restored. The link opens the phone's SMS app with the text filled
//! in; nothing is sent unless the crew sends it there.

use crate::app::use_lang;
use crate::format::local_short;
use crate::i18n::Lang;
use chrono::{DateTime, Utc};
use dioxus::prelude::*;
use fieldcrew_core::StationContact;
use fieldcrew_core::order::WorkOrder;
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};

/// The text telling the customer that power came back at `restored_at`.
pub fn restored_text(
    lang: Lang,
    order: &WorkOrder,
    restored_at: DateTime<Utc>,
    contact: &StationContact,
) -> String {
    lang.strings().sms_restored_body(
        &contact.name,
        &order.address.to_string(),
        &order.number,
        &local_short(restored_at),
        &contact.service_phone,
    )
}

/// An `sms:` link to `phone` with `body` filled in (Android and iOS both
/// read `?body=`); the number keeps only what a dialler understands.
pub fn sms_href(phone: &str, body: &str) -> String {
    let number: String = phone.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect();
    format!("sms:{number}?body={}", utf8_percent_encode(body, NON_ALPHANUMERIC))
}

#[component]
pub fn CloseOut(order: WorkOrder, restored_at: DateTime<Utc>, contact: StationContact) -> Element {
    let lang = use_lang();
    let s = lang.strings();
    let text = restored_text(lang, &order, restored_at, &contact);
    let href = sms_href(&order.reporter_phone, &text);
    rsx! {
        section { class: "close-out",
            p { class: "contact-left",
                "{s.contact_left}: "
                a { class: "tel", href: "tel:{contact.service_phone}", "{contact.service_phone}" }
            }
            a { class: "action sms-customer", href: "{href}", "{s.sms_restored}" }
            p { class: "sms-preview", "{text}" }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fieldcrew_core::demo;

    #[test]
    fn the_text_names_the_order_the_time_and_the_station_number() {
        let order = demo::demo_orders(Utc::now()).remove(0);
        let restored = DateTime::parse_from_rfc3339("2026-12-07T06:05:00Z").unwrap().with_timezone(&Utc);
        let contact = StationContact { name: "城关供电所".into(), service_phone: "0710-1234567".into() };
        let text = restored_text(Lang::ZhCn, &order, restored, &contact);
        assert!(text.starts_with("【城关供电所】"), "{text}");
        assert!(text.contains(&order.number) && text.contains(&order.address.to_string()), "{text}");
        assert!(text.contains("12-07 14:05"), "Beijing time: {text}");
        assert!(text.ends_with("如有问题请拨打0710-1234567。"), "{text}");
    }

    #[test]
    fn the_link_opens_the_sms_app_with_the_text_and_nothing_else() {
        let href = sms_href("138 0000-1234", "已恢复送电 & ok?");
        assert!(href.starts_with("sms:13800001234?body="), "{href}");
        let body = href.split_once("?body=").unwrap().1;
        assert!(!body.contains(['&', '?', ' ', '#']), "the body is one query value: {body}");
        let decoded = percent_encoding::percent_decode_str(body).decode_utf8().unwrap();
        assert_eq!(decoded, "已恢复送电 & ok?");
    }
}
