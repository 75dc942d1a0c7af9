//! Order search for the board: one box matching an order's number, the
//! reporter's phone (digits only, so spaces and dashes don't matter), the
//! address or the reporter's name, across open and finished orders alike.

use crate::db::OrderSummary;

/// The orders matching every word of `query`, each word anywhere in the
/// number, phone, address or reporter name (case-insensitive).
pub fn matching(orders: Vec<OrderSummary>, query: &str) -> Vec<OrderSummary> {
    let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    if words.is_empty() {
        return orders;
    }
    orders.into_iter().filter(|o| words.iter().all(|w| matches_word(o, w))).collect()
}

fn digits(text: &str) -> String {
    text.chars().filter(char::is_ascii_digit).collect()
}

fn matches_word(summary: &OrderSummary, word: &str) -> bool {
    let o = &summary.order;
    let word_digits = digits(word);
    let phone_hit = word_digits.len() >= 3
        && word_digits.len() == word.len()
        && digits(&o.reporter_phone).contains(&word_digits);
    phone_hit
        || o.number.to_lowercase().contains(word)
        || o.address.to_string().to_lowercase().contains(word)
        || o.reporter_name.to_lowercase().contains(word)
}

#[cfg(test)]
mod tests {
    use super::*;
    use fieldcrew_domain::lifecycle::OrderState;

    fn order(number: &str, phone: &str, village: &str, name: &str) -> OrderSummary {
        let mut order = fieldcrew_domain::demo::demo_orders(chrono::Utc::now()).remove(0);
        order.number = number.into();
        order.reporter_phone = phone.into();
        order.address.village_or_street = village.into();
        order.reporter_name = name.into();
        OrderSummary { order, cancelled_at: None, state: OrderState::default() }
    }

    fn numbers(found: &[OrderSummary]) -> Vec<&str> {
        found.iter().map(|o| o.order.number.as_str()).collect()
    }

    #[test]
    fn an_order_is_found_by_number_phone_address_or_reporter() {
        let orders = vec![
            order("QX-20261207-0001", "138 0000 1111", "东湖村二组", "王建国"),
            order("QX-20261207-0002", "13900002222", "西山村", "李秀英"),
        ];
        assert_eq!(numbers(&matching(orders.clone(), "0002")), ["QX-20261207-0002"]);
        assert_eq!(numbers(&matching(orders.clone(), "13800001111")), ["QX-20261207-0001"]);
        assert_eq!(numbers(&matching(orders.clone(), "东湖")), ["QX-20261207-0001"]);
        assert_eq!(numbers(&matching(orders.clone(), "李秀英")), ["QX-20261207-0002"]);
        assert_eq!(numbers(&matching(orders.clone(), "西山 王建国")), Vec::<&str>::new());
        assert_eq!(matching(orders, "  ").len(), 2);
    }
}
