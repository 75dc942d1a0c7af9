//! The seeded random schedule of faults: the same seed gives the same
//! faults for the same sequence of requests. `FIELDCREW_FAULT_SEED` replays.

use super::fault_proxy::{Fault, Schedule};
use std::time::Duration;

pub const SEED_ENV: &str = "FIELDCREW_FAULT_SEED";

/// The seed from `FIELDCREW_FAULT_SEED`, or a fresh one; printed either way.
pub fn fault_seed() -> u64 {
    let seed = match std::env::var(SEED_ENV) {
        Ok(text) => text.parse().unwrap_or_else(|_| panic!("{SEED_ENV} must be a u64, not `{text}`")),
        Err(_) => fastrand::u64(..),
    };
    println!("fault seed: {seed} (replay with {SEED_ENV}={seed})");
    seed
}

/// About one request in three gets a fault; a truncation keeps 1–99 % of
/// the request (for a PATCH most of what is cut is the chunk).
pub fn seeded(seed: u64) -> Schedule {
    let mut rng = fastrand::Rng::with_seed(seed ^ 0x5EED_FA17);
    Box::new(move |_| match rng.u32(0..100) {
        0..=65 => Fault::Pass,
        66..=71 => Fault::DropRequest,
        72..=78 => Fault::DropResponse,
        79..=84 => Fault::Duplicate,
        85..=91 => Fault::Delay(Duration::from_millis(rng.u64(1..8))),
        _ => Fault::Truncate { keep_permille: rng.u32(10..990) },
    })
}
