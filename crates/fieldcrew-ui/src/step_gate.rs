//! What a tap on a step button may do, decided apart from the screen so the
//! rules are tested headless: a tap soon after another is ignored (the next
//! step's button moves under the finger), irreversible steps ask first, and
//! a step recorded where distance matters waits for a fresh fix.

use crate::location::Located;
use chrono::{DateTime, Utc};
use fieldcrew_core::Thresholds;
use fieldcrew_core::event::EventType;
use std::time::{Duration, Instant};

/// Taps this soon after an accepted one are ignored: a double tap, or a
/// second finger landing on the button that just moved into place.
pub const TAP_GUARD: Duration = Duration::from_millis(1500);

/// A confirm sheet's button ignores taps until it has been on screen this
/// long, so the second tap of a double tap can not confirm.
pub const CONFIRM_ARM: Duration = Duration::from_millis(700);

/// Remembers the last tap that did something.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StepGate {
    last: Option<Instant>,
}

impl StepGate {
    /// Whether a tap at `now` counts; a counted tap closes the gate for
    /// [`TAP_GUARD`].
    pub fn admit(&mut self, now: Instant) -> bool {
        if self.last.is_some_and(|last| now.saturating_duration_since(last) < TAP_GUARD) {
            return false;
        }
        self.last = Some(now);
        true
    }
}

/// Steps that can not be taken back by the crew's next tap: power declared
/// back on starts the call-back; a closed order is done.
pub fn needs_confirmation(step: EventType) -> bool {
    matches!(step, EventType::Restored | EventType::Closed)
}

/// Whether a confirm sheet opened at `opened` takes a tap at `now`.
pub fn confirm_armed(opened: Instant, now: Instant) -> bool {
    now.saturating_duration_since(opened) >= CONFIRM_ARM
}

/// What position a step is recorded with.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum FixChoice {
    /// Record now with this fix (or none, where position does not matter).
    Record(Option<Located>),
    /// The step needs a fresh fix and there is none: wait for one.
    WaitForFresh,
}

/// Picks the fix for `step` tapped at `now`, given the freshest one known.
/// `gps_denied`: the phone refused the app its position, so no fix will come.
pub fn fix_for_step(
    step: EventType,
    freshest: Option<Located>,
    now: DateTime<Utc>,
    limits: &Thresholds,
    gps_denied: bool,
) -> FixChoice {
    let fresh = freshest.filter(|l| l.age_s(now) <= limits.fresh_fix_s);
    match (step.distance_matters(), fresh) {
        (_, Some(fix)) => FixChoice::Record(Some(fix)),
        // Acknowledging or leaving happens anywhere: an older fix still says
        // something, and nobody should wait for one.
        (false, None) => FixChoice::Record(freshest),
        // Waiting for a fix that can not come only delays the time on record;
        // a stale fix would place the crew where they were, not where they are.
        (true, None) if gps_denied => FixChoice::Record(None),
        (true, None) => FixChoice::WaitForFresh,
    }
}

/// Seconds the crew is still offered to wait for a fix, counted from when
/// the step was tapped.
pub fn wait_left_s(tapped: DateTime<Utc>, now: DateTime<Utc>, limits: &Thresholds) -> i64 {
    (limits.fix_wait_s - (now - tapped).num_seconds()).max(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration as Span;
    use fieldcrew_core::Fix;

    fn located(at: DateTime<Utc>) -> Located {
        Located { fix: Fix { lat: 30.0, lon: 114.0, accuracy_m: 8.0, mock: false }, at }
    }

    #[test]
    fn a_second_tap_within_the_guard_is_ignored_and_a_later_one_counts() {
        let mut gate = StepGate::default();
        let t0 = Instant::now();
        assert!(gate.admit(t0));
        assert!(!gate.admit(t0 + Duration::from_millis(300)));
        assert!(!gate.admit(t0 + Duration::from_millis(1400)));
        assert!(gate.admit(t0 + Duration::from_millis(1600)));
    }

    #[test]
    fn restoration_and_closing_ask_first_the_others_do_not() {
        assert!(needs_confirmation(EventType::Restored));
        assert!(needs_confirmation(EventType::Closed));
        for t in [EventType::Acknowledged, EventType::Departed, EventType::Arrived] {
            assert!(!needs_confirmation(t));
        }
    }

    #[test]
    fn a_confirm_sheet_ignores_the_second_tap_of_a_double_tap() {
        let opened = Instant::now();
        assert!(!confirm_armed(opened, opened + Duration::from_millis(300)));
        assert!(confirm_armed(opened, opened + Duration::from_millis(800)));
    }

    #[test]
    fn arrival_takes_a_fresh_fix_and_waits_when_the_last_one_is_stale() {
        let now = Utc::now();
        let limits = Thresholds::default();
        let fresh = located(now - Span::seconds(3));
        assert_eq!(
            fix_for_step(EventType::Arrived, Some(fresh), now, &limits, false),
            FixChoice::Record(Some(fresh))
        );
        let stale = located(now - Span::seconds(limits.fresh_fix_s + 1));
        assert_eq!(
            fix_for_step(EventType::Arrived, Some(stale), now, &limits, false),
            FixChoice::WaitForFresh
        );
        assert_eq!(fix_for_step(EventType::Arrived, None, now, &limits, false), FixChoice::WaitForFresh);
    }

    #[test]
    fn with_location_refused_arrival_is_recorded_at_once_without_a_stale_position() {
        let now = Utc::now();
        let limits = Thresholds::default();
        let stale = located(now - Span::minutes(10));
        assert_eq!(
            fix_for_step(EventType::Arrived, Some(stale), now, &limits, true),
            FixChoice::Record(None)
        );
        assert_eq!(fix_for_step(EventType::Arrived, None, now, &limits, true), FixChoice::Record(None));
        let fresh = located(now - Span::seconds(2));
        assert_eq!(
            fix_for_step(EventType::Arrived, Some(fresh), now, &limits, true),
            FixChoice::Record(Some(fresh))
        );
    }

    #[test]
    fn acknowledging_never_waits_for_a_fix() {
        let now = Utc::now();
        let limits = Thresholds::default();
        let stale = located(now - Span::minutes(20));
        assert_eq!(
            fix_for_step(EventType::Acknowledged, Some(stale), now, &limits, false),
            FixChoice::Record(Some(stale))
        );
        assert_eq!(fix_for_step(EventType::Departed, None, now, &limits, false), FixChoice::Record(None));
    }

    #[test]
    fn the_wait_counts_down_to_zero() {
        let limits = Thresholds::default();
        let tapped = Utc::now();
        assert_eq!(wait_left_s(tapped, tapped, &limits), limits.fix_wait_s);
        assert_eq!(wait_left_s(tapped, tapped + Span::seconds(10), &limits), limits.fix_wait_s - 10);
        assert_eq!(wait_left_s(tapped, tapped + Span::minutes(5), &limits), 0);
    }
}
