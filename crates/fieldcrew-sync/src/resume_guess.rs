//! Where an upload goes on after a cut without asking the server first.
//! A `HEAD` after a cut costs a round trip with the uplink idle (0.6 s and
//! more on a village link, at every cut). With the server's
//! `fieldcrew-overlap` the next PATCH may start below the server's offset:
//! the server checks the bytes it already has against the body and skips
//! them. So the phone resumes at a low estimate of what reached the server
//! and pays only for the overlap it sends; an estimate above the server's
//! offset costs a 409 (which names the offset) and a round trip, as the
//! `HEAD` would have. The estimate therefore leans low.

use std::time::Duration;

/// A PATCH cut off after `elapsed`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct CutPatch {
    pub elapsed: Duration,
    /// Sent on a new connection (the first after a cut): its handshake
    /// came before any byte could go.
    pub fresh_connection: bool,
    pub body_len: usize,
}

/// Of the upload's measured rate, the share taken as certain.
const RATE_SHARE: f64 = 0.99;
/// Bytes of the request's head (method, URL, token, tus headers) that go
/// before the body.
const HEAD_BYTES: f64 = 450.0;
/// Bytes kept back besides: how far the arrivals of a well-measured link
/// strayed from its rate in the emulator (±260 B over 16 cuts).
const MARGIN: f64 = 250.0;

/// How long a PATCH's body was arriving at the server: from half a round
/// trip after sending (a round trip and a half on a new connection, whose
/// handshake comes first) until the cut, or until half a round trip
/// before its answer came.
pub(crate) fn arriving(
    elapsed: Duration,
    round_trip: Duration,
    fresh_connection: bool,
    answered: bool,
) -> f64 {
    let rtt = round_trip.as_secs_f64();
    let lead = rtt * if fresh_connection { 1.5 } else { 0.5 };
    elapsed.as_secs_f64() - lead - if answered { rtt * 0.5 } else { 0.0 }
}

/// Bytes of the cut PATCH's body the server holds with little doubt: the
/// upload's measured `rate` (bytes per second while it shares the link)
/// over the time its body can have been arriving, less the request's head
/// and a margin. 0 when the cut came too soon for any byte to count.
pub(crate) fn surely_arrived(cut: CutPatch, rate: f64, round_trip: Duration) -> u64 {
    let sending = arriving(cut.elapsed, round_trip, cut.fresh_connection, false);
    let bytes = rate * RATE_SHARE * sending - HEAD_BYTES - MARGIN;
    if bytes <= 0.0 { 0 } else { (bytes as u64).min(cut.body_len as u64) }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RTT: Duration = Duration::from_millis(600);

    fn cut(ms: u64, fresh_connection: bool) -> CutPatch {
        CutPatch { elapsed: Duration::from_millis(ms), fresh_connection, body_len: 200_000 }
    }

    #[test]
    fn a_cut_before_the_body_can_have_arrived_counts_nothing() {
        assert_eq!(surely_arrived(cut(250, false), 4_000.0, RTT), 0);
        assert_eq!(surely_arrived(cut(1_000, true), 4_000.0, RTT), 0, "the handshake came first");
    }

    #[test]
    fn on_the_emulators_measured_cuts_the_estimate_is_below_what_arrived_by_under_two_kilobytes() {
        // (elapsed ms, bytes the server kept) at 64 kbps, 600 ms, two uploads
        // sharing the link (4 000 B/s each), measured with HEAD (seed 409).
        let measured = [(8_239, 31_565), (8_165, 30_855), (3_501, 12_423), (4_487, 16_041), (3_589, 12_559)];
        for (ms, kept) in measured {
            let guess = surely_arrived(cut(ms, false), 4_000.0, RTT);
            assert!(guess < kept && kept - guess < 2_000, "{ms} ms: guessed {guess} of {kept}");
        }
    }

    #[test]
    fn the_estimate_stays_below_what_the_rate_could_have_carried() {
        // 6 s at 4 000 B/s: at most 4 000 × 5.7 s reached the server.
        let guess = surely_arrived(cut(6_000, false), 4_000.0, RTT);
        assert!(guess > 15_000 && guess < 4_000 * 57 / 10, "{guess}");
        let fresh = surely_arrived(cut(6_000, true), 4_000.0, RTT);
        assert!(fresh < guess, "a new connection's handshake leaves less time");
        assert_eq!(surely_arrived(cut(600_000, false), 4_000.0, RTT), 200_000, "never past the body");
    }
}
