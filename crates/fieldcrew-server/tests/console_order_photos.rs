//! The order page presents as evidence only the photos a record names; a
//! file uploaded for the order that no record names is listed apart.

mod common;
mod console_client;

use common::{item, pair};
use console_client::Console;
use fieldcrew_domain::event::{EventKind, PhotoRef};
use fieldcrew_domain::{MediaId, OrderId};
use fieldcrew_server::db::StoredMedia;
use fieldcrew_server::test_support::TestServer;

fn upload(order: OrderId, sha: char) -> StoredMedia {
    StoredMedia {
        id: MediaId::new(),
        order_id: Some(order),
        sha256: sha.to_string().repeat(64),
        size: 10,
        mime: "image/jpeg".into(),
        kind: "photo".into(),
        offset: 0,
        present: false,
    }
}

#[tokio::test]
async fn only_photos_a_record_names_are_shown_as_the_orders_photos() {
    let server = TestServer::start().await;
    let order = server.create_order(&server.crew_code);
    let phone = pair(&server, &server.crew_code, &server.pin).await;
    let (named, stray) = (upload(order.id, 'a'), upload(order.id, 'b'));
    for media in [&named, &stray] {
        server.db().create_upload(media, phone.id).unwrap().expect("upload row");
    }
    let photos = vec![PhotoRef { media: named.id, sha256: named.sha256.clone() }];
    let damage = EventKind::MeterDamageRecorded {
        cause: "雷击".into(),
        customer_responsible: false,
        photos,
        meter_number: String::new(),
        meter_reading: String::new(),
    };
    phone.push(vec![item(1, &phone.event(order.id, damage, None))]).await;

    let page = Console::signed_in(&server).await.page(&format!("/console/orders/{}", order.id)).await;
    let recorded_at = page.find(r#"data-testid="recorded-photos""#).expect("the photos section");
    let unrecorded_at =
        page.find(r#"data-testid="unrecorded-photos""#).expect("the section of files on no record");
    let (recorded, unrecorded) = (&page[recorded_at..unrecorded_at], &page[unrecorded_at..]);
    assert!(recorded.contains(&"a".repeat(12)));
    assert!(!recorded.contains(&"b".repeat(12)), "a file no record names is not presented as evidence");
    assert!(unrecorded.contains("未入记录的照片"));
    assert!(unrecorded.contains(&"b".repeat(12)), "but it is not hidden either");
}

#[tokio::test]
async fn an_order_whose_files_are_all_recorded_has_no_section_for_stray_files() {
    let server = TestServer::start().await;
    let order = server.create_order(&server.crew_code);
    let page = Console::signed_in(&server).await.page(&format!("/console/orders/{}", order.id)).await;
    assert!(page.contains(r#"data-testid="recorded-photos""#));
    assert!(!page.contains("未入记录的照片"));
}
