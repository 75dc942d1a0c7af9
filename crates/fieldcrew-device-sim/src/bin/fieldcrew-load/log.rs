//! What one phone did, and the pairing retries both kinds of phone share.

use fieldcrew_core::{EventId, OrderId};
use std::collections::HashMap;
use std::future::Future;
use std::time::Duration;

#[derive(Default)]
pub struct PhoneLog {
    pub push: Vec<Duration>,
    pub pull: Vec<Duration>,
    pub upload: Vec<Duration>,
    pub uploaded_bytes: u64,
    /// Notes recorded, by order.
    pub recorded: Vec<(OrderId, EventId)>,
    pub rejected: u64,
    pub errors: HashMap<String, u64>,
}

impl PhoneLog {
    pub fn error(&mut self, key: String) {
        *self.errors.entry(key).or_default() += 1;
    }
}

/// Why one pairing attempt failed.
pub enum PairFailure {
    /// 429: too many at once; the pairing screen lets a crew ask again.
    Busy,
    /// The connection dropped under the storm; a phone tries again too.
    Broken,
    Other(String),
}

/// How often a phone had to ask again before it was paired.
#[derive(Default)]
pub struct PairRetries {
    pub refused: u32,
    pub broken: u32,
}

/// Pairs with `attempt`, asking again after a 429 or a cut (up to 120
/// times each, 0.5–1.5 s apart): phones behind one address (a carrier's
/// NAT, this machine) share the server's guessing budget while their checks
/// wait for the hasher.
pub async fn pair_with_retries<T, F: Future<Output = Result<T, PairFailure>>>(
    mut attempt: impl FnMut() -> F,
) -> Result<(T, PairRetries), String> {
    let mut retries = PairRetries::default();
    loop {
        match attempt().await {
            Ok(phone) => return Ok((phone, retries)),
            Err(PairFailure::Busy) if retries.refused < 120 => retries.refused += 1,
            Err(PairFailure::Broken) if retries.broken < 120 => retries.broken += 1,
            Err(PairFailure::Busy) => return Err("pairing: 429 after 120 tries".into()),
            Err(PairFailure::Broken) => return Err("pairing: connection broken 120 times".into()),
            Err(PairFailure::Other(e)) => return Err(e),
        }
        tokio::time::sleep(Duration::from_millis(500 + fastrand::u64(..1000))).await;
    }
}
