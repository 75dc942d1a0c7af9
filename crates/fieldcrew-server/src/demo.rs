//! The demo supply station: a dispatcher, two crews with members, and about
//! twenty orders in a village area. Numbers start with "DEMO-".

use crate::auth::hash_secret;
use crate::db::{Crew, Database, DbResult, Dispatcher};
use chrono::{DateTime, Duration, Utc};

pub const DISPATCHER: (&str, &str) = ("dispatcher", "fieldcrew-demo");
pub const CREWS: [(&str, &str, &str, [&str; 2]); 2] = [
    ("CREW-1", "抢修一班", "1234", ["李师傅", "王师傅"]),
    ("CREW-2", "抢修二班", "5678", ["张师傅", "赵师傅"]),
];

/// Creates the accounts (always) and the demo orders (only into an empty
/// database). Returns how many orders were added.
pub fn seed(db: &dyn Database, now: DateTime<Utc>, with_orders: bool) -> DbResult<usize> {
    let had_crews = !db.crews()?.is_empty();
    db.save_dispatcher(&Dispatcher {
        username: DISPATCHER.0.into(),
        display_name: "值班调度员".into(),
        password_hash: hash_secret(DISPATCHER.1),
    })?;
    for (code, name, pin, members) in CREWS {
        db.save_crew(&Crew {
            code: code.into(),
            name: name.into(),
            pin_hash: hash_secret(pin),
            members: members.iter().map(|m| m.to_string()).collect(),
        })?;
    }
    if had_crews || !with_orders {
        return Ok(0);
    }
    let mut added = 0;
    for (batch, shift) in [(0, Duration::zero()), (1, Duration::hours(3))] {
        for mut order in fieldcrew_domain::demo::demo_orders(now - shift) {
            order.number = format!("{}-{batch}", order.number);
            added += usize::from(db.create_order(&order)?);
        }
    }
    Ok(added)
}
