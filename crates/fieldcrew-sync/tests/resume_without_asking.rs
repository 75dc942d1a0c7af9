//! After a cut the phone does not ask the server how far its PATCH got
//! (`HEAD`, a round trip with the link idle): it sends the next PATCH at
//! once from where the bytes surely reached, with `fieldcrew-overlap`, and
//! the server skips what it already holds. The photo still arrives
//! byte-identical.

mod common;

use common::link_emulator::{LinkEmulator, LinkProfile};
use common::paired_phone;
use common::photo::jpeg_like;
use fieldcrew_server::test_support::TestServer;
use fieldcrew_sync::{LoopExit, SyncConfig, SyncTrigger, sync_loop};
use std::time::{Duration, Instant};

const PHOTO: usize = 300_000;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_a_cut_the_next_request_is_a_patch_not_a_head_and_the_photo_arrives_whole() {
    let server = TestServer::start().await;
    let order = server.create_order(&server.crew_code);
    let (mut phone, direct) = paired_phone(&server, SyncConfig::default()).await;
    direct.sync_once(&mut phone.store).await.unwrap();
    let bytes = jpeg_like(&mut fastrand::Rng::with_seed(65), PHOTO);
    let photo = phone.photo_on_record(order.id, &bytes);

    let profile = LinkProfile {
        bits_per_second: 256_000,
        rtt: Duration::from_millis(600),
        cut_every: Some((30_000, 60_000)),
        seed: 51,
    };
    let link = LinkEmulator::start(server.addr, profile).await;
    let client = phone.client(&link.base_url, SyncConfig::default());
    let trigger = SyncTrigger::new();
    let started = Instant::now();
    let watcher = {
        let (trigger, server_media) = (trigger.clone(), server.state.media_dir());
        let sha = photo.sha256.clone();
        tokio::spawn(async move {
            let deadline = Instant::now() + Duration::from_secs(300);
            while !server_media.join(&sha).exists() && Instant::now() < deadline {
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            trigger.shutdown();
        })
    };
    assert_eq!(sync_loop(&client, &mut phone.store, trigger).await, LoopExit::Shutdown);
    watcher.await.unwrap();
    assert_eq!(server.media_bytes(photo.id), Some(bytes), "the photo arrived whole and unchanged");

    // What followed each cut on the upload: the first request after it.
    let log: Vec<String> =
        link.log().into_iter().filter(|l| l == "cut" || l.contains(" /v1/uploads")).collect();
    println!(
        "{PHOTO} B in {:.1} s (minimum {:.1} s); {}",
        started.elapsed().as_secs_f64(),
        profile.minimum(PHOTO as u64).as_secs_f64(),
        log.join(", ")
    );
    let after_cuts: Vec<&String> =
        log.windows(2).filter(|w| w[0] == "cut" && w[1] != "cut").map(|w| &w[1]).collect();
    let resumed = after_cuts.iter().filter(|l| l.starts_with("PATCH ") && l.ends_with(" overlap")).count();
    let asked = after_cuts.iter().filter(|l| l.starts_with("HEAD ")).count();
    assert!(after_cuts.len() >= 4, "the link broke only {} times during the upload", after_cuts.len());
    // The first cut is asked about: it measures how fast bytes arrive.
    assert!(asked <= 1, "HEAD after {asked} of {} cuts: {log:?}", after_cuts.len());
    assert!(resumed >= after_cuts.len() - 1, "{log:?}");
}
