//! Clock samples from sync requests, kept per boot so the sync client can
//! estimate each boot's epoch in server time after a restart of the app.

use super::{Store, StoreError};
use chrono::{DateTime, Utc};
use fieldcrew_domain::clock::DeviceClock;
use fieldcrew_protocol::clock::{ClockSample, estimate};
use rusqlite::{Transaction, params};

/// How many samples are kept per boot: the estimate only looks at the last
/// few (the protocol's window), older ones are pruned on insert.
pub const KEPT_PER_BOOT: usize = 8;

/// One request/response exchange, as the core stores it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClockReading {
    pub boot_id: String,
    pub sent_mono_ms: u64,
    pub received_mono_ms: u64,
    pub server_received: DateTime<Utc>,
    pub server_sent: DateTime<Utc>,
}

impl Store {
    /// Stores a sample and drops all but the newest `KEPT_PER_BOOT` of its boot.
    pub fn add_clock_sample(&mut self, sample: &ClockReading) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        insert_sample(&tx, sample)?;
        tx.commit()?;
        Ok(())
    }

    /// The kept samples of a boot, oldest first.
    pub fn clock_samples(&self, boot_id: &str) -> Result<Vec<ClockReading>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT sent_mono, received_mono, server_received, server_sent FROM clock_samples
             WHERE boot_id = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map(params![boot_id], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?))
        })?;
        rows.map(|row| {
            let (sent, received, server_received, server_sent) = row?;
            Ok(ClockReading {
                boot_id: boot_id.to_string(),
                sent_mono_ms: sent as u64,
                received_mono_ms: received as u64,
                server_received: parse_time(&server_received)?,
                server_sent: parse_time(&server_sent)?,
            })
        })
        .collect()
    }
}

/// Stores `sample` in the caller's transaction and prunes its boot's old ones.
pub(super) fn insert_sample(tx: &Transaction, sample: &ClockReading) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO clock_samples (boot_id, sent_mono, received_mono, server_received, server_sent)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        sample.boot_id,
        sample.sent_mono_ms as i64,
        sample.received_mono_ms as i64,
        sample.server_received.to_rfc3339(),
        sample.server_sent.to_rfc3339()
    ])?;
    tx.prepare_cached(
        "DELETE FROM clock_samples WHERE boot_id = ?1 AND id NOT IN
             (SELECT id FROM clock_samples WHERE boot_id = ?1 ORDER BY id DESC LIMIT ?2)",
    )?
    .execute(params![sample.boot_id, KEPT_PER_BOOT as i64])?;
    Ok(())
}

fn parse_time(text: &str) -> Result<DateTime<Utc>, StoreError> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| StoreError::Corrupt(format!("clock sample time `{text}`: {e}")))
}

impl From<ClockReading> for ClockSample {
    fn from(reading: ClockReading) -> Self {
        ClockSample {
            boot_id: reading.boot_id,
            sent_mono_ms: reading.sent_mono_ms,
            received_mono_ms: reading.received_mono_ms,
            server_received: reading.server_received,
            server_sent: reading.server_sent,
        }
    }
}

impl Store {
    /// The server time now, by this boot's best clock estimate from the
    /// samples kept here, and whether there was one (otherwise the device
    /// clock is all there is).
    pub fn corrected_now(&self, clock: &dyn DeviceClock) -> (DateTime<Utc>, bool) {
        let (monotonic_ms, boot_id) = clock.since_boot();
        let samples: Vec<ClockSample> =
            self.clock_samples(&boot_id).unwrap_or_default().into_iter().map(ClockSample::from).collect();
        match estimate(&samples, &boot_id).and_then(|epoch| epoch.correct(monotonic_ms)) {
            Some(now) => (now, true),
            None => (clock.now(), false),
        }
    }
}
