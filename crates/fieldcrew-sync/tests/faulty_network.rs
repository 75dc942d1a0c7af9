//! Issue #3: phones syncing over a network that drops mid-request never lose
//! or duplicate a record. Four phones of two crews keep recording while
//! their syncs go through a proxy that, by a seeded schedule, drops requests
//! and answers, duplicates requests, delays them and cuts uploads short.

mod common;

use common::fault_proxy::FaultProxy;
use common::fault_schedule::{fault_seed, seeded};
use common::field_device::FieldDevice;
use common::invariant::assert_server_has_exactly;
use fieldcrew_server::test_support::TestServer;
use fieldcrew_sync::SyncConfig;
use std::time::Duration;

const ROUNDS: usize = 1_200;
const NEW_ORDERS_EVERY: usize = 150;
const PHOTO_LEN: std::ops::Range<usize> = 2_000..8_000;

fn config() -> SyncConfig {
    SyncConfig {
        push_batch: 16,
        page_size: 4,
        chunk_size: 2_048,
        connect_timeout: Duration::from_secs(5),
        request_timeout: Duration::from_secs(20),
        ..Default::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn phones_on_a_link_that_drops_mid_request_lose_and_duplicate_nothing() {
    let seed = fault_seed();
    let mut rng = fastrand::Rng::with_seed(seed);
    let server = TestServer::start_with(|s| s.rate_limit_per_minute = 1_000_000).await;
    let proxy = FaultProxy::start(server.addr, seeded(seed)).await;
    let crews = [
        (&server.crew_code, &server.pin),
        (&server.crew_code, &server.pin),
        (&server.other_crew_code, &server.other_pin),
        (&server.other_crew_code, &server.other_pin),
    ];
    let mut devices = Vec::new();
    for (crew, pin) in crews {
        devices.push(FieldDevice::pair(&server.base_url, crew, pin, config()).await);
    }
    let faulty: Vec<_> = devices.iter().map(|d| d.phone.client(&proxy.base_url, config())).collect();

    let (mut passes_ok, mut passes_failed) = (0, 0);
    for round in 0..ROUNDS {
        if round % NEW_ORDERS_EVERY == 0 {
            for device in &mut devices {
                device.orders.push(server.create_order(&device.crew_code).id);
            }
        }
        let which = rng.usize(..devices.len());
        let device = &mut devices[which];
        for _ in 0..rng.usize(0..4) {
            device.record_random(&mut rng, PHOTO_LEN);
        }
        match faulty[which].sync_once(&mut device.phone.store).await {
            Ok(_) => passes_ok += 1,
            Err(_) => passes_failed += 1,
        }
    }

    let (mut events, mut photos) = (0, 0);
    for device in &mut devices {
        device.drain().await;
        let checked = assert_server_has_exactly(
            server.db().as_ref(),
            &server.state.media_dir(),
            &device.phone.store,
            &device.orders,
            &device.photos,
        );
        assert_eq!(checked.events, device.events, "every recorded event was checked");
        events += checked.events;
        photos += checked.photos;
    }
    println!(
        "{ROUNDS} rounds ({passes_ok} passes completed, {passes_failed} cut short), {events} events and \
         {photos} photos on the server exactly once; faults per request: {:?}",
        proxy.counts()
    );
    for fault in ["drop request", "drop response", "duplicate", "delay", "truncate"] {
        assert!(proxy.count(fault) >= 20, "too few `{fault}` faults to prove anything: {:?}", proxy.counts());
    }
    assert!(
        passes_failed >= ROUNDS / 10 && passes_ok >= ROUNDS / 10,
        "{passes_ok} ok, {passes_failed} failed"
    );
    assert!(photos >= 50, "only {photos} photos were exercised");
}
