//! Wall time per ingest stage, so the benchmark can show where the time goes.
//! Recording is a clock read per stage: negligible next to tens of ms.

use crate::decode::DecodeRoute;
use std::time::{Duration, Instant};

/// Stages in the order they ran, each with the wall time since the previous mark.
#[doc(hidden)]
#[derive(Clone, Debug)]
pub struct Laps {
    last: Instant,
    pub stages: Vec<(&'static str, Duration)>,
    /// Which decoder produced the pixels.
    pub route: Option<DecodeRoute>,
}

impl Laps {
    pub(crate) fn start() -> Self {
        Self { last: Instant::now(), stages: Vec::with_capacity(8), route: None }
    }

    /// Ends the stage called `name`.
    pub(crate) fn mark(&mut self, name: &'static str) {
        let now = Instant::now();
        self.stages.push((name, now - self.last));
        self.last = now;
    }
}
