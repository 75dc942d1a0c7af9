//! A day of notes pushed over a link that breaks more often than a full
//! batch takes still reaches the server, every note once: a push that breaks
//! off halves the next batch, and batches grow back as they arrive. With a
//! fixed batch each push would be cut before its answer and nothing would
//! ever leave the phone.

mod common;

use common::link_emulator::{LinkEmulator, LinkProfile};
use common::paired_phone;
use fieldcrew_core::event::EventKind;
use fieldcrew_server::test_support::TestServer;
use fieldcrew_sync::{LoopExit, SyncConfig, SyncTrigger, sync_loop};
use std::time::{Duration, Instant};

const NOTES: usize = 120;
/// Cuts after 16–40 KB, both ways together: a full batch of these notes is
/// about three times that.
const CUT_EVERY: (u64, u64) = (16_000, 40_000);

/// A note of `chars` characters that gzip can hardly shrink, as a crew's
/// free text in Chinese nearly is.
fn note(rng: &mut fastrand::Rng, chars: usize) -> String {
    (0..chars).map(|_| char::from_u32(rng.u32(0x4e00..0x9fa5)).unwrap()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn notes_go_up_through_a_link_that_breaks_before_a_full_batch_could() {
    let server = TestServer::start().await;
    let order = server.create_order(&server.crew_code);
    let (mut phone, direct) = paired_phone(&server, SyncConfig::default()).await;
    direct.sync_once(&mut phone.store).await.unwrap();
    let mut rng = fastrand::Rng::with_seed(120);
    for _ in 0..NOTES {
        let kind = EventKind::Note { text: note(&mut rng, 400) };
        phone.store.record(order.id, kind, "李师傅", phone.evidence()).unwrap();
    }

    let profile = LinkProfile {
        bits_per_second: 256_000,
        rtt: Duration::from_millis(600),
        cut_every: Some(CUT_EVERY),
        seed: 7,
    };
    let link = LinkEmulator::start(server.addr, profile).await;
    let client = phone.client(&link.base_url, SyncConfig::default());
    let trigger = SyncTrigger::new();
    let started = Instant::now();
    let watcher = {
        let (trigger, db) = (trigger.clone(), server.state.db.clone());
        let stored = move || db.order(order.id).unwrap().map_or(0, |o| o.events.len());
        tokio::spawn(async move {
            // A generous bound on "finishes at all", not a speed test.
            let deadline = Instant::now() + Duration::from_secs(240);
            while stored() < NOTES && Instant::now() < deadline {
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            trigger.shutdown();
        })
    };
    assert_eq!(sync_loop(&client, &mut phone.store, trigger).await, LoopExit::Shutdown);
    watcher.await.unwrap();
    let stats = link.stats();
    println!(
        "{NOTES} notes in {:.1} s, {} B up, {} cuts, {} connections",
        started.elapsed().as_secs_f64(),
        stats.bytes_up,
        stats.cuts,
        stats.connections
    );
    assert_eq!(server.order_events(order.id).len(), NOTES, "every note arrived, none twice");
    assert!(stats.cuts >= 3, "the link broke only {} times", stats.cuts);
}
