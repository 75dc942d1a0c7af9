//! A phone for the benchmark: a real device store in a temp dir, the OS
//! clocks, paired with the test server's first crew.

use fieldcrew_core::clock::{DeviceClock, SystemClock};
use fieldcrew_core::event::{Evidence, Fix};
use fieldcrew_core::store::Store;
use fieldcrew_server::test_support::TestServer;
use fieldcrew_sync::{SyncClient, SyncConfig};
use std::sync::Arc;

pub const MEMBER: &str = "李师傅";

pub struct BenchPhone {
    _dir: tempfile::TempDir,
    pub store: Store,
}

impl BenchPhone {
    /// A new phone, paired directly with `server`, with the crew's orders pulled.
    pub async fn paired(server: &TestServer) -> Self {
        let dir = tempfile::tempdir().expect("phone dir");
        let mut store = Store::open(dir.path()).expect("phone store opens");
        let direct = Self::client(&server.base_url);
        direct.pair(&mut store, &server.crew_code, &server.pin, MEMBER, "bench phone").await.expect("paired");
        direct.pull(&mut store).await.expect("orders pulled");
        Self { _dir: dir, store }
    }

    /// A client for `base_url` (the server or a proxy in front of it).
    pub fn client(base_url: &str) -> SyncClient {
        Self::client_with(base_url, SyncConfig::default())
    }

    pub fn client_with(base_url: &str, config: SyncConfig) -> SyncClient {
        SyncClient::new(base_url, Arc::new(SystemClock), config).expect("sync client")
    }

    /// Evidence recorded now, at the test server's order site.
    pub fn evidence(&self) -> Evidence {
        SystemClock.evidence(Some(Fix { lat: 30.5928, lon: 114.3055, accuracy_m: 8.0, mock: false }), None)
    }
}

/// Bytes that pass for a JPEG with the server (whose header check reads
/// up to the first scan) and compress like one (not at all): SOI, an 8×8
/// grey frame header and a scan header, then xorshift noise.
pub fn jpeg_like(size: usize, seed: u32) -> Vec<u8> {
    let mut state = seed.max(1);
    let mut bytes = vec![
        0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x00, 0x08, 0x00, 0x08, 0x01, 0x01, 0x11, 0x00, 0xFF, 0xDA,
        0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00,
    ];
    bytes.extend((bytes.len()..size).map(|_| {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        state as u8
    }));
    bytes
}
