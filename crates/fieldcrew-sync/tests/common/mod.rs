//! Shared set-up for the sync client's tests against the real server.
#![allow(dead_code)]

pub mod drop_proxy;
pub mod fault_proxy;
pub mod fault_schedule;
pub mod field_device;
pub mod http_relay;
pub mod invariant;
pub mod link_emulator;
pub mod orders;
pub mod photo;

use chrono::{DateTime, Utc};
use fieldcrew_core::OrderId;
use fieldcrew_core::clock::DeviceClock;
use fieldcrew_core::event::{EventKind, Evidence, Fix, PhotoRef};
use fieldcrew_core::store::{MediaKind, MediaRow, Store};
use fieldcrew_server::test_support::TestServer;
use fieldcrew_sync::{SyncClient, SyncConfig};
use std::sync::Arc;
use std::time::Instant;

/// A device clock whose wall time is off by `skew`; time since boot runs
/// for real from `boot_ms`.
pub struct SkewedClock {
    pub skew: chrono::Duration,
    pub boot_ms: u64,
    pub boot_id: String,
    start: Instant,
}

impl SkewedClock {
    pub fn new(skew: chrono::Duration) -> Self {
        Self { skew, boot_ms: 3_600_000, boot_id: "test-boot".into(), start: Instant::now() }
    }
}

impl DeviceClock for SkewedClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now() + self.skew
    }
    fn since_boot(&self) -> (u64, String) {
        (self.boot_ms + self.start.elapsed().as_millis() as u64, self.boot_id.clone())
    }
}

pub struct Phone {
    pub dir: tempfile::TempDir,
    pub store: Store,
    pub clock: Arc<SkewedClock>,
}

impl Phone {
    pub fn new() -> Self {
        Self::with_clock(SkewedClock::new(chrono::Duration::zero()))
    }

    pub fn with_clock(clock: SkewedClock) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        Self { dir, store, clock: Arc::new(clock) }
    }

    /// A client for `base_url` using this phone's clock.
    pub fn client(&self, base_url: &str, config: SyncConfig) -> SyncClient {
        SyncClient::new(base_url, self.clock.clone(), config).unwrap()
    }

    /// Evidence recorded now at the test site.
    pub fn evidence(&self) -> Evidence {
        self.clock.evidence(Some(Fix { lat: 30.5928, lon: 114.3055, accuracy_m: 8.0, mock: false }), None)
    }

    /// Stores a photo and puts it on record in a damage record, as the app
    /// does: only media on record is uploaded.
    pub fn photo_on_record(&mut self, order: OrderId, bytes: &[u8]) -> MediaRow {
        let photo = self.store.put_media(Some(order), MediaKind::Photo, "image/jpeg", bytes).unwrap();
        let photos = vec![PhotoRef { media: photo.id, sha256: photo.sha256.clone() }];
        let damage = EventKind::MeterDamageRecorded {
            cause: "雷击烧毁".into(),
            customer_responsible: false,
            photos,
            meter_number: String::new(),
            meter_reading: String::new(),
        };
        for kind in [EventKind::Arrived, damage] {
            self.store.record(order, kind, "李师傅", self.evidence()).unwrap();
        }
        photo
    }
}

/// A phone paired with the server's first crew, and its client.
pub async fn paired_phone(server: &TestServer, config: SyncConfig) -> (Phone, SyncClient) {
    let mut phone = Phone::new();
    let client = phone.client(&server.base_url, config);
    client.pair(&mut phone.store, &server.crew_code, &server.pin, "李师傅", "test phone").await.unwrap();
    (phone, client)
}
