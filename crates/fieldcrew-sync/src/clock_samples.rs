//! Clock samples from the server's timing headers, and the per-boot epoch
//! estimates sent with each push.

use chrono::{DateTime, Utc};
use fieldcrew_core::store::{ClockReading, Store, StoreError};
use fieldcrew_protocol::clock::{self, BootEpoch, ClockSample};
use fieldcrew_protocol::{HEADER_SERVER_RECEIVED, HEADER_SERVER_SENT};
use reqwest::header::HeaderMap;

/// The sample of one exchange, if the response carries both timing headers.
pub(crate) fn from_headers(
    headers: &HeaderMap,
    boot_id: &str,
    sent_mono_ms: u64,
    received_mono_ms: u64,
) -> Option<ClockReading> {
    let time = |name: &str| -> Option<DateTime<Utc>> {
        let text = headers.get(name)?.to_str().ok()?;
        DateTime::parse_from_rfc3339(text).ok().map(|t| t.with_timezone(&Utc))
    };
    Some(ClockReading {
        boot_id: boot_id.to_string(),
        sent_mono_ms,
        received_mono_ms,
        server_received: time(HEADER_SERVER_RECEIVED)?,
        server_sent: time(HEADER_SERVER_SENT)?,
    })
}

/// The best epoch estimate of each boot that has samples; boots without
/// any are left out (the server then keeps the device time and flags it).
pub(crate) fn boot_epochs<'a>(
    store: &Store,
    boot_ids: impl IntoIterator<Item = &'a str>,
) -> Result<Vec<BootEpoch>, StoreError> {
    let mut epochs = Vec::new();
    for boot_id in boot_ids {
        let samples: Vec<ClockSample> =
            store.clock_samples(boot_id)?.into_iter().map(ClockSample::from).collect();
        epochs.extend(clock::estimate(&samples, boot_id));
    }
    Ok(epochs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn a_response_with_both_timing_headers_gives_a_sample() {
        let mut headers = HeaderMap::new();
        headers.insert(HEADER_SERVER_RECEIVED, HeaderValue::from_static("2026-11-22T08:00:00.100Z"));
        assert_eq!(from_headers(&headers, "boot", 1, 2), None, "one header is not enough");
        headers.insert(HEADER_SERVER_SENT, HeaderValue::from_static("2026-11-22T16:00:00.250+08:00"));
        let sample = from_headers(&headers, "boot", 1_000, 1_400).unwrap();
        assert_eq!((sample.server_sent - sample.server_received).num_milliseconds(), 150);
        assert_eq!(sample.received_mono_ms, 1_400);
    }

    #[test]
    fn epochs_come_only_for_boots_with_samples() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        let at = DateTime::parse_from_rfc3339("2026-11-22T08:00:00Z").unwrap().with_timezone(&Utc);
        let reading = ClockReading {
            boot_id: "boot-a".into(),
            sent_mono_ms: 10_000,
            received_mono_ms: 10_200,
            server_received: at,
            server_sent: at,
        };
        store.add_clock_sample(&reading).unwrap();
        let epochs = boot_epochs(&store, ["boot-a", "boot-b"]).unwrap();
        assert_eq!(epochs.len(), 1);
        assert_eq!(epochs[0].boot_id, "boot-a");
        assert_eq!(epochs[0].correct(10_100), Some(at));
    }
}
