//! Bytes on the wire for one closed meter-damage order (its events, two
//! photos and the signature PNG) against the raw media size, then an idle
//! sync: both through the counting proxy, requests counted by the server.

use crate::bench_phone::{BenchPhone, MEMBER, jpeg_like};
use crate::counting_proxy::{CountingProxy, WireBytes};
use fieldcrew_core::checklist::{CheckedItem, applicable, standard_items};
use fieldcrew_core::event::{EventKind, PhotoRef};
use fieldcrew_core::signature::SignedContent;
use fieldcrew_core::store::MediaKind;
use fieldcrew_core::{OrderId, WorkOrder};
use fieldcrew_media::{SIGNATURE_MIME, SignatureStyle, Stroke, StrokePoint, sign};
use fieldcrew_server::test_support::TestServer;
use fieldcrew_sync::SyncReport;

const CAUSE: &str = "表箱进水，电能表烧毁";

pub struct WireFigures {
    pub events: u64,
    pub media_files: u64,
    pub raw_media_bytes: u64,
    pub order_sync: Exchange,
    pub idle_sync: Exchange,
}

/// One `sync_once` as seen on the wire.
#[derive(Clone, Copy, Debug)]
pub struct Exchange {
    pub requests: u64,
    pub bytes: WireBytes,
}

pub async fn measure(photo_bytes: usize) -> WireFigures {
    let server = TestServer::start().await;
    let order = server.create_order(&server.crew_code);
    let mut phone = BenchPhone::paired(&server).await;
    let raw_media_bytes = record_closed_order(&mut phone, &order, photo_bytes);
    let events = phone.store.outbox_len().expect("outbox") as u64;

    let proxy = CountingProxy::start(server.addr).await;
    let client = BenchPhone::client(&proxy.base_url);
    let (order_sync, report) =
        counted(&server, &proxy, async { client.sync_once(&mut phone.store).await.expect("order sync") })
            .await;
    if report.items_pushed != events || report.media_uploaded != 3 {
        eprintln!(
            "warning: pushed {} of {events} events, uploaded {} of 3 files",
            report.items_pushed, report.media_uploaded
        );
    }
    let (idle_sync, _) =
        counted(&server, &proxy, async { client.sync_once(&mut phone.store).await.expect("idle sync") })
            .await;
    WireFigures { events, media_files: report.media_uploaded, raw_media_bytes, order_sync, idle_sync }
}

async fn counted(
    server: &TestServer,
    proxy: &CountingProxy,
    sync: impl Future<Output = SyncReport>,
) -> (Exchange, SyncReport) {
    proxy.take();
    let before = requests_served(server);
    let report = sync.await;
    let requests = requests_served(server) - before;
    (Exchange { requests, bytes: proxy.take() }, report)
}

/// Every answer the server sent, whatever its status.
pub fn requests_served(server: &TestServer) -> u64 {
    let counter = &server.state.metrics.requests;
    ["1xx", "2xx", "3xx", "4xx", "5xx"].iter().map(|class| counter.with_label_values(&[class]).get()).sum()
}

/// Arrived → meter damage with two photos → customer signature → restored →
/// cleanup → closed. Returns the bytes of the three media files.
pub fn record_closed_order(phone: &mut BenchPhone, order: &WorkOrder, photo_bytes: usize) -> u64 {
    let record = |phone: &mut BenchPhone, kind: EventKind| {
        let evidence = phone.evidence();
        phone.store.record(order.id, kind, MEMBER, evidence).expect("event recorded");
    };
    record(phone, EventKind::Arrived);
    let photos: Vec<PhotoRef> = (1..=2)
        .map(|seed| {
            let bytes = jpeg_like(photo_bytes, seed);
            let row = phone.store.put_media(Some(order.id), MediaKind::Photo, "image/jpeg", &bytes).unwrap();
            PhotoRef { media: row.id, sha256: row.sha256 }
        })
        .collect();
    let photo_total = 2 * photo_bytes as u64;
    record(
        phone,
        EventKind::MeterDamageRecorded {
            cause: CAUSE.into(),
            customer_responsible: true,
            photos: photos.clone(),
            meter_number: String::new(),
            meter_reading: String::new(),
        },
    );
    let (signature, png_bytes) = customer_signature(phone, order.id, &photos);
    record(phone, signature);
    record(phone, EventKind::Restored);
    record(phone, cleanup_all_ticked());
    record(phone, EventKind::Closed);
    photo_total + png_bytes
}

/// The customer signs on the pad; the PNG is stored and the event returned.
fn customer_signature(phone: &mut BenchPhone, order: OrderId, photos: &[PhotoRef]) -> (EventKind, u64) {
    let content = SignedContent {
        order_id: order,
        cause: CAUSE,
        customer_responsible: true,
        photo_sha256: photos.iter().map(|p| p.sha256.as_str()).collect(),
        meter_number: "",
        meter_reading: "",
    };
    let signed =
        sign("张桂英", &handwriting(), &content, &SignatureStyle::default()).expect("signature renders");
    let image = phone
        .store
        .put_media(Some(order), MediaKind::Signature, SIGNATURE_MIME, &signed.png)
        .expect("signature stored");
    (signed.record.into_event(image.id), signed.png.len() as u64)
}

/// Three strokes of a wavy name, sampled like a finger on a phone pad.
fn handwriting() -> Vec<Stroke> {
    (0..3)
        .map(|stroke| Stroke {
            points: (0..60)
                .map(|i| {
                    let t = i as f32 / 59.0;
                    let x = 0.1 + 0.27 * stroke as f32 + 0.22 * t;
                    let y = 0.5 + 0.25 * (t * 9.0 + stroke as f32).sin() * (1.0 - t * 0.5);
                    StrokePoint { x, y, t_ms: stroke * 900 + i * 15, pressure: Some(0.5 + 0.3 * t) }
                })
                .collect(),
        })
        .collect()
}

fn cleanup_all_ticked() -> EventKind {
    EventKind::CleanupCompleted {
        items: applicable(&standard_items(), true)
            .map(|i| CheckedItem {
                done: true,
                value: i.input.map(|_| "FZ-001".into()),
                ..CheckedItem::open(&i.key)
            })
            .collect(),
    }
}
