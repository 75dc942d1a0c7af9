//! On a village link a new connection costs a round trip before its first
//! byte. The photos' uploads used to open their two connections only after
//! the records' push was answered, with the uplink idle meanwhile; now they
//! are opened while the push travels, so the photos start going up as soon
//! as the records are in: one round trip less per pass with photos.

mod common;

use common::link_emulator::{LinkEmulator, LinkProfile};
use common::paired_phone;
use common::photo::jpeg_like;
use fieldcrew_server::test_support::TestServer;
use fieldcrew_sync::SyncConfig;
use std::time::{Duration, Instant};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn photos_start_up_without_a_handshake_once_the_records_are_in() {
    let server = TestServer::start().await;
    // Two orders, a photo each (a damage record per order).
    let orders = [server.create_order(&server.crew_code), server.create_order(&server.crew_code)];
    let (mut phone, direct) = paired_phone(&server, SyncConfig::default()).await;
    direct.sync_once(&mut phone.store).await.unwrap();
    let mut rng = fastrand::Rng::with_seed(7);
    let photos: Vec<_> = (0..2).map(|_| jpeg_like(&mut rng, 12_000)).collect();
    let rows: Vec<_> =
        orders.iter().zip(&photos).map(|(order, bytes)| phone.photo_on_record(order.id, bytes)).collect();

    // A long round trip and a fast link: the time is round trips, not bytes.
    let rtt = Duration::from_millis(1_500);
    let profile = LinkProfile { bits_per_second: 2_000_000, rtt, cut_every: None, seed: 1 };
    let link = LinkEmulator::start(server.addr, profile).await;
    let client = phone.client(&link.base_url, SyncConfig::default());
    let started = Instant::now();
    let report = client.sync_once(&mut phone.store).await.unwrap();
    let took = started.elapsed();
    println!("pass with 2 photos: {:.2} s, {} connections", took.as_secs_f64(), link.stats().connections);

    assert_eq!(report.media_uploaded, 2);
    for (row, bytes) in rows.iter().zip(&photos) {
        assert_eq!(server.media_bytes(row.id).as_ref(), Some(bytes), "photo {} arrived unchanged", row.id);
    }
    // Push: a handshake and a round trip; the photos (each whole in its
    // creation request): one round trip on a warm connection. Opening their
    // connections after the push would add a fourth.
    assert!(took < rtt * 7 / 2, "the pass took {took:?}, over 3.5 round trips of {rtt:?}");
}
