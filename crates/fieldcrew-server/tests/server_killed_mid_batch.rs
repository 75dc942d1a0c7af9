//! Issue #3 on the server side: the real server process is killed with
//! SIGKILL at random moments while phones push large batches and upload
//! photos, then started again on the same data dir, several times. In the
//! end every event is stored exactly once, every chain verifies, every photo
//! is byte-identical and the server's SQLite passes `PRAGMA integrity_check`.

mod support;
#[path = "../../fieldcrew-sync/tests/common/mod.rs"]
mod sync_common;

use fieldcrew_server::DB_FILE;
use fieldcrew_server::db::{Database, SqlDatabase};
use fieldcrew_sync::{SyncConfig, SyncError};
use std::time::Duration;
use support::server_process::{ServerProcess, free_address, seed_demo};
use sync_common::fault_schedule::fault_seed;
use sync_common::field_device::FieldDevice;
use sync_common::invariant::assert_server_has_exactly;
use sync_common::orders::work_order;

const KILLS: usize = 6;
const EVENTS_PER_DEVICE_BETWEEN_KILLS: usize = 250;
const PHOTO_PERCENT: u32 = 3;
const PHOTO_LEN: std::ops::Range<usize> = 10_000..40_000;

fn config() -> SyncConfig {
    SyncConfig {
        chunk_size: 16 * 1024,
        connect_timeout: Duration::from_secs(5),
        request_timeout: Duration::from_secs(30),
        ..Default::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_killed_mid_batch_and_restarted_loses_and_duplicates_nothing() {
    let seed = fault_seed();
    let mut rng = fastrand::Rng::with_seed(seed);
    let data = tempfile::tempdir().unwrap();
    let listen = free_address();
    seed_demo(data.path());
    let crews = ["CREW-1", "CREW-1", "CREW-2"];
    let orders: Vec<Vec<_>> = {
        let db = SqlDatabase::open_sqlite(&data.path().join(DB_FILE)).unwrap();
        let create = |crew| {
            let order = work_order(crew);
            assert!(db.create_order(&order).unwrap());
            order.id
        };
        crews.iter().map(|crew| vec![create(crew), create(crew)]).collect()
    };

    let mut server = ServerProcess::start(data.path(), &listen).await;
    let mut devices = Vec::new();
    for (crew, orders) in crews.iter().zip(orders) {
        let pin = if *crew == "CREW-1" { "1234" } else { "5678" };
        let mut device = FieldDevice::pair(&server.base_url, crew, pin, config()).await;
        device.orders = orders;
        device.photo_percent = PHOTO_PERCENT;
        device.drain().await;
        devices.push(device);
    }

    let mut cut_mid_request = 0;
    for _ in 0..KILLS {
        for device in &mut devices {
            for _ in 0..EVENTS_PER_DEVICE_BETWEEN_KILLS {
                device.record_random(&mut rng, PHOTO_LEN);
            }
        }
        let killer = server.kill_after(Duration::from_millis(rng.u64(20..1_500)));
        'syncing: loop {
            for device in &mut devices {
                if killer.is_finished() {
                    break 'syncing;
                }
                if let Err(SyncError::ConnectionLost(_) | SyncError::Timeout) =
                    device.direct.sync_once(&mut device.phone.store).await
                {
                    cut_mid_request += 1;
                }
            }
        }
        killer.await.unwrap();
        server = server.restart().await;
    }
    for device in &mut devices {
        device.drain().await;
    }
    drop(server); // SIGKILL once more: what was acknowledged must be durable

    let conn = rusqlite::Connection::open(data.path().join(DB_FILE)).unwrap();
    let integrity: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(integrity, "ok");
    let db = SqlDatabase::open_sqlite(&data.path().join(DB_FILE)).unwrap();
    let (mut events, mut photos) = (0, 0);
    for device in &devices {
        let checked = assert_server_has_exactly(
            &db,
            &data.path().join("media"),
            &device.phone.store,
            &device.orders,
            &device.photos,
        );
        assert_eq!(checked.events, device.events);
        events += checked.events;
        photos += checked.photos;
    }
    println!("{KILLS} SIGKILLs ({cut_mid_request} requests cut): {events} events, {photos} photos, all once");
    assert!(cut_mid_request > 0, "no kill landed during a request");
}
