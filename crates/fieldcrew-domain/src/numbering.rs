//! Order numbers, read out over the phone: who numbered it, the day it was
//! reported in China time, and a short tail that keeps it unique
//! ("QX-20261202-1A2B"). One place, so a call at 03:05 Beijing time is
//! numbered with its own day wherever the order is made.

use crate::ids::OrderId;
use crate::sla::to_local;
use chrono::{DateTime, Utc};

/// Who made the order, as its number's prefix says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumberSeries {
    /// Taken by a dispatcher at intake (抢修, QX).
    Dispatch,
    /// Made on the spot by meter staff (FD).
    Field,
    /// Demo data, never mistaken for real.
    Demo,
}

impl NumberSeries {
    fn prefix(self) -> &'static str {
        match self {
            NumberSeries::Dispatch => "QX",
            NumberSeries::Field => "FD",
            NumberSeries::Demo => "DEMO",
        }
    }
}

/// The number of an order reported at `reported_at` with the given tail.
pub fn order_number(series: NumberSeries, reported_at: DateTime<Utc>, tail: &str) -> String {
    format!("{}-{}-{}", series.prefix(), to_local(reported_at).format("%Y%m%d"), tail.to_uppercase())
}

/// The id's last four hex digits: random in a v7 id, so numbers of one day
/// rarely collide, and the id stays the real key.
pub fn id_tail(id: OrderId) -> String {
    let text = id.to_string();
    text[text.len() - 4..].to_uppercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_call_at_five_past_three_beijing_time_is_numbered_with_that_day() {
        // 03:05 in Beijing is 19:05 UTC the day before.
        let at = Utc.with_ymd_and_hms(2026, 12, 1, 19, 5, 0).unwrap();
        assert_eq!(order_number(NumberSeries::Dispatch, at, "1a2b"), "QX-20261202-1A2B");
        assert_eq!(order_number(NumberSeries::Field, at, "0007"), "FD-20261202-0007");
        assert_eq!(order_number(NumberSeries::Demo, at, "0001"), "DEMO-20261202-0001");
    }

    #[test]
    fn the_tail_is_the_ids_last_four_hex_digits() {
        let id: OrderId = "0190f0f0-0000-7000-8000-00000000abcd".parse().unwrap();
        assert_eq!(id_tail(id), "ABCD");
    }
}
