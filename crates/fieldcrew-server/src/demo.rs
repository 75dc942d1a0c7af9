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

/// The PIN of every crew [`seed_load_crews`] adds.
pub const LOAD_CREW_PIN: &str = "246810";

/// The code of the `n`th load crew (from 1): `LOAD-001`.
pub fn load_crew_code(n: usize) -> String {
    format!("LOAD-{n:03}")
}

/// Adds `count` crews for a load run (`serve --demo --load-crews N`): a
/// province's many small crews rather than the demo's two, named
/// `LOAD-001`…, with two members each and PIN [`LOAD_CREW_PIN`]. They get
/// no orders: the load generator creates and assigns those through the
/// dispatcher API, as a dispatcher would. One PIN hash for all (argon2 per
/// crew would take longer than the run's pairing).
pub fn seed_load_crews(db: &dyn Database, count: usize) -> DbResult<()> {
    let pin_hash = hash_secret(LOAD_CREW_PIN);
    for n in 1..=count {
        db.save_crew(&Crew {
            code: load_crew_code(n),
            name: format!("负载{n}班"),
            pin_hash: pin_hash.clone(),
            members: vec![format!("负载{n}班甲"), format!("负载{n}班乙")],
        })?;
    }
    Ok(())
}
