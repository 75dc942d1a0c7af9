//! A photo synced over a village mobile link that breaks every few dozen
//! kilobytes still arrives, byte-identical. Every cut comes before a 64 KiB
//! chunk could finish, so a client that lost the whole chunk at each cut
//! would never get it through; the server now keeps what arrived and the
//! client goes on from there at once.

mod common;

use common::link_emulator::{LinkEmulator, LinkProfile};
use common::paired_phone;
use common::photo::jpeg_like;
use fieldcrew_server::test_support::TestServer;
use fieldcrew_sync::{LoopExit, SyncConfig, SyncTrigger, sync_loop};
use std::time::{Duration, Instant};

const PHOTO: usize = 240_000;
/// Cuts after 16–48 KB, both ways together: always short of a 64 KiB chunk.
const CUT_EVERY: (u64, u64) = (16_000, 48_000);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_photo_goes_through_a_link_that_breaks_every_few_dozen_kilobytes() {
    assert!(CUT_EVERY.1 < fieldcrew_protocol::tus::DEFAULT_CHUNK as u64);
    let server = TestServer::start().await;
    let order = server.create_order(&server.crew_code);
    let (mut phone, direct) = paired_phone(&server, SyncConfig::default()).await;
    direct.sync_once(&mut phone.store).await.unwrap();
    let bytes = jpeg_like(&mut fastrand::Rng::with_seed(64), PHOTO);
    let photo = phone.photo_on_record(order.id, &bytes);

    // 256 kbps rather than 64 to keep the test short; the round trip and
    // the cuts are the village's.
    let profile = LinkProfile {
        bits_per_second: 256_000,
        rtt: Duration::from_millis(600),
        cut_every: Some(CUT_EVERY),
        seed: 50,
    };
    let link = LinkEmulator::start(server.addr, profile).await;
    let client = phone.client(&link.base_url, SyncConfig::default());
    let trigger = SyncTrigger::new();
    let started = Instant::now();
    let watcher = {
        let (trigger, server_media) = (trigger.clone(), server.state.media_dir());
        let sha = photo.sha256.clone();
        tokio::spawn(async move {
            // A generous bound on "finishes at all", not a speed test.
            let deadline = Instant::now() + Duration::from_secs(300);
            while !server_media.join(&sha).exists() && Instant::now() < deadline {
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            trigger.shutdown();
        })
    };
    assert_eq!(sync_loop(&client, &mut phone.store, trigger).await, LoopExit::Shutdown);
    watcher.await.unwrap();
    let stats = link.stats();
    println!(
        "{PHOTO} B photo in {:.1} s (minimum {:.1} s), {} B up, {} cuts, {} connections",
        started.elapsed().as_secs_f64(),
        profile.minimum(PHOTO as u64).as_secs_f64(),
        stats.bytes_up,
        stats.cuts,
        stats.connections
    );
    assert_eq!(server.media_bytes(photo.id), Some(bytes), "the photo arrived whole and unchanged");
    assert!(stats.cuts >= 4, "the link broke only {} times", stats.cuts);
}
