//! Retry delays: exponential with jitter, so a hundred phones that lost the
//! same cell tower do not all come back in the same second.

use std::time::Duration;

#[derive(Clone, Debug)]
pub struct Backoff {
    base: Duration,
    cap: Duration,
    failures: u32,
}

impl Backoff {
    pub fn new(base: Duration, cap: Duration) -> Self {
        Self { base, cap, failures: 0 }
    }

    /// The delay before the next attempt after one more failure: a random
    /// point in the upper half of `min(cap, base * 2^failures)`.
    pub fn next_delay(&mut self) -> Duration {
        let ceiling = self.base.saturating_mul(2u32.saturating_pow(self.failures)).min(self.cap);
        self.failures = self.failures.saturating_add(1);
        let half = ceiling / 2;
        half + Duration::from_millis(fastrand::u64(0..=half.as_millis() as u64))
    }

    /// A success: start again from the base delay.
    pub fn reset(&mut self) {
        self.failures = 0;
    }

    pub fn failures(&self) -> u32 {
        self.failures
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_grow_stay_under_the_cap_and_restart_after_a_success() {
        let (base, cap) = (Duration::from_secs(2), Duration::from_secs(300));
        let mut backoff = Backoff::new(base, cap);
        let first = backoff.next_delay();
        assert!(first >= base / 2 && first <= base);
        let later: Vec<Duration> = (0..40).map(|_| backoff.next_delay()).collect();
        assert!(later.iter().all(|d| *d <= cap));
        assert!(later[1] >= base * 2, "the third delay is at least half of base * 2^2");
        assert!(later[30] >= cap / 2, "after many failures the delay sits near the cap");
        backoff.reset();
        assert!(backoff.next_delay() <= base);
    }
}
