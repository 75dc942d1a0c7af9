//! What a push slot `(device_id, device_seq)` holds, as a string that stays
//! the same across client and server versions: a repeat of the slot with
//! the same identity is a resend, with another identity a conflict (e.g. a
//! second phone paired under the same device id). Never a hash of
//! re-serialised JSON for readable items: field order or new optional
//! fields would make a genuine resend look like a conflict.

use fieldcrew_domain::hash::sha256_hex;
use fieldcrew_protocol::push::PushBody;

/// `event:{id}:{seal hash}`, `order:{id}`, or `raw:{sha256}` of the item's
/// JSON when it could not be read.
pub fn slot_identity(body: &Result<PushBody, String>, raw_json: &str) -> String {
    match body {
        Ok(PushBody::Event { event }) => format!("event:{}:{}", event.id, event.hash),
        Ok(PushBody::Order { order }) => format!("order:{}", order.id),
        Ok(PushBody::DailyCheck { check }) => format!("daily_check:{}", check.id),
        Ok(PushBody::Handover { handover }) => format!("handover:{}", handover.id),
        Ok(PushBody::HandoverAck { ack }) => {
            format!("handover_ack:{}:{}", ack.handover_id, ack.acknowledged_by)
        }
        Err(_) => format!("raw:{}", sha256_hex(raw_json.as_bytes())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unreadable_item_is_named_by_the_hash_of_its_json() {
        let a = slot_identity(&Err("bad".into()), r#"{"device_seq":1}"#);
        let b = slot_identity(&Err("bad".into()), r#"{"device_seq":2}"#);
        assert!(a.starts_with("raw:"));
        assert_ne!(a, b);
    }
}
