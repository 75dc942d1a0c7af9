//! Pulling orders a page at a time, at every page boundary.

mod common;

use common::paired_phone;
use fieldcrew_core::OrderId;
use fieldcrew_server::test_support::TestServer;
use fieldcrew_sync::SyncConfig;

const PAGE: u32 = 3;

async fn pull_exactly(count: usize) {
    let server = TestServer::start().await;
    let mut expected: Vec<OrderId> = (0..count).map(|_| server.create_order(&server.crew_code).id).collect();
    server.create_order(&server.other_crew_code); // never ours
    let (mut phone, client) =
        paired_phone(&server, SyncConfig { page_size: PAGE, ..Default::default() }).await;

    let report = client.sync_once(&mut phone.store).await.unwrap();
    let mut got: Vec<OrderId> = phone.store.orders().unwrap().into_iter().map(|r| r.order.id).collect();
    got.sort();
    expected.sort();
    assert_eq!(got, expected, "{count} orders");
    let pages = count.div_ceil(PAGE as usize).max(1) as u64;
    assert!(report.pages_pulled == pages || report.pages_pulled == pages + 1, "{count}: {report:?}");

    let again = client.sync_once(&mut phone.store).await.unwrap();
    assert_eq!(again.changes_pulled, 0, "{count}: nothing new the second time");

    let late = server.create_order(&server.crew_code);
    let after = client.sync_once(&mut phone.store).await.unwrap();
    assert_eq!(after.changes_pulled, 1);
    assert_eq!(phone.store.orders().unwrap().len(), count + 1);
    assert!(phone.store.order(late.id).unwrap().is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_orders() {
    pull_exactly(0).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_order() {
    pull_exactly(1).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exactly_two_pages() {
    pull_exactly(2 * PAGE as usize).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_pages_and_one_more() {
    pull_exactly(2 * PAGE as usize + 1).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_phone_judges_by_the_stations_thresholds_keeps_its_number_and_an_idle_pull_does_not_resend_them()
{
    let server = TestServer::start_with(|s| {
        s.thresholds.far_from_site_m = 150.0;
        s.station.service_phone = "0710-1234567".into();
    })
    .await;
    let (mut phone, client) = paired_phone(&server, SyncConfig::default()).await;
    assert_eq!(phone.store.thresholds().far_from_site_m, 200.0, "the phone's defaults before its first pull");
    client.sync_once(&mut phone.store).await.unwrap();
    assert_eq!(phone.store.thresholds().far_from_site_m, 150.0, "the server's figure after it");
    assert_eq!(phone.store.station_contact().service_phone, "0710-1234567", "the number left with customers");

    // Kept across a restart of the app.
    let dir = phone.store.dir().to_path_buf();
    let reopened = fieldcrew_core::Store::open(&dir).unwrap();
    assert_eq!(reopened.thresholds().far_from_site_m, 150.0);
    assert_eq!(reopened.station_contact().service_phone, "0710-1234567");

    // The phone passes the fingerprint it holds: the server sends nothing more.
    let fingerprint = phone.store.station_settings().fingerprint();
    let page: fieldcrew_protocol::pull::PullPage = reqwest::Client::new()
        .get(format!("{}/v1/changes?since=0&station={fingerprint}", server.base_url))
        .bearer_auth(phone.store.pairing().unwrap().unwrap().token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(page.station, None);
}
