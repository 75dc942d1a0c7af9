//! One crew cannot plant evidence on another crew's order: the upload is
//! refused, and whatever that crew's phone sent for the order by other
//! means never shows on the order's page as its photos or its signature.

mod common;
mod console_client;
mod tus_client;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use common::{Device, item, pair};
use console_client::Console;
use fieldcrew_domain::event::{EventKind, PhotoRef};
use fieldcrew_domain::hash::sha256_hex;
use fieldcrew_domain::{MediaId, OrderId};
use fieldcrew_protocol::error::ErrorBody;
use fieldcrew_server::db::StoredMedia;
use fieldcrew_server::test_support::TestServer;
use tus_client::metadata;

async fn create_for(device: &Device, order: OrderId) -> reqwest::Response {
    let meta = format!(
        "{},order_id {}",
        metadata(MediaId::new(), &sha256_hex(b"x")),
        STANDARD.encode(order.to_string())
    );
    device
        .http
        .post(format!("{}/v1/uploads", device.base))
        .bearer_auth(&device.token)
        .header("tus-resumable", "1.0.0")
        .header("upload-length", "1")
        .header("upload-metadata", meta)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_crew_cannot_upload_a_photo_for_an_order_it_never_held() {
    let server = TestServer::start().await;
    let theirs = server.create_order(&server.other_crew_code);
    let phone = pair(&server, &server.crew_code, &server.pin).await;
    let refused = create_for(&phone, theirs.id).await;
    assert_eq!(refused.status(), 403);
    let body: ErrorBody = refused.json().await.unwrap();
    assert_eq!(body.error, "forbidden");
    assert!(body.message.contains("never assigned"), "{}", body.message);
    assert!(server.order(theirs.id).unwrap().media.is_empty(), "nothing is stored for their order");
}

#[tokio::test]
async fn a_crew_uploads_for_its_own_orders_those_it_once_held_and_ones_made_in_the_field() {
    let server = TestServer::start().await;
    let ours = server.create_order(&server.crew_code);
    let moved = server.create_order(&server.crew_code);
    server.reassign(moved.id, &server.other_crew_code);
    let phone = pair(&server, &server.crew_code, &server.pin).await;
    assert_eq!(create_for(&phone, ours.id).await.status(), 201);
    assert_eq!(create_for(&phone, moved.id).await.status(), 201, "evidence recorded before the move");
    assert_eq!(create_for(&phone, OrderId::new()).await.status(), 201, "an order the server learns later");
}

fn stored_photo(order: OrderId, sha: char, kind: &str) -> StoredMedia {
    StoredMedia {
        id: MediaId::new(),
        order_id: Some(order),
        sha256: sha.to_string().repeat(64),
        size: 10,
        mime: if kind == "photo" { "image/jpeg" } else { "image/png" }.into(),
        kind: kind.into(),
        offset: 10,
        present: true,
    }
}

#[tokio::test]
async fn another_crews_photo_and_signer_are_not_shown_as_the_orders_evidence() {
    let server = TestServer::start().await;
    let order = server.create_order(&server.other_crew_code);
    let intruder = pair(&server, &server.crew_code, &server.pin).await;
    // Files stored for the order some other way than the refused upload.
    let (photo, image) = (stored_photo(order.id, 'a', "photo"), stored_photo(order.id, 'b', "signature"));
    for media in [&photo, &image] {
        server.db().create_upload(media, intruder.id).unwrap().expect("upload row");
    }
    let damage = intruder.event(
        order.id,
        EventKind::MeterDamageRecorded {
            cause: "雷击".into(),
            customer_responsible: true,
            photos: vec![PhotoRef { media: photo.id, sha256: photo.sha256.clone() }],
            meter_number: String::new(),
            meter_reading: String::new(),
        },
        None,
    );
    let signed = intruder.event(
        order.id,
        EventKind::CustomerSignature {
            signer_name: "冒名者".into(),
            strokes_sha256: "c".repeat(64),
            image: image.id,
            image_sha256: image.sha256.clone(),
            content_hash: "d".repeat(64),
        },
        Some(&damage),
    );
    intruder.push(vec![item(1, &damage), item(2, &signed)]).await;

    let page = Console::signed_in(&server).await.page(&format!("/console/orders/{}", order.id)).await;
    let recorded_at = page.find(r#"data-testid="recorded-photos""#).expect("the photos section");
    let apart_at =
        page.find(r#"data-testid="not-counted-photos""#).expect("the section of files not counted");
    let signature_at = page.find(r#"id="signature""#).unwrap_or(page.len());
    assert!(!page[recorded_at..apart_at].contains(&"a".repeat(12)), "their photo is not the order's photo");
    assert!(!page.contains("冒名者"), "their signer is not the order's signer");
    assert!(page.contains("暂无签字"), "the order has no signature");
    assert!(signature_at == page.len(), "no signature card at all");
    let apart = &page[apart_at..];
    assert!(apart.contains("不计入本工单的照片和签字"));
    assert!(apart.contains(&"a".repeat(12)) && apart.contains(&"b".repeat(12)), "shown apart, not hidden");
    assert!(page.contains(r#"data-testid="not-counted""#), "the timeline says their steps do not count");
}

#[tokio::test]
async fn the_holding_crews_own_photo_and_signer_are_still_its_evidence() {
    let server = TestServer::start().await;
    let order = server.create_order(&server.crew_code);
    let phone = pair(&server, &server.crew_code, &server.pin).await;
    let photo = stored_photo(order.id, 'e', "photo");
    server.db().create_upload(&photo, phone.id).unwrap().expect("upload row");
    let damage = phone.event(
        order.id,
        EventKind::MeterDamageRecorded {
            cause: "雷击".into(),
            customer_responsible: true,
            photos: vec![PhotoRef { media: photo.id, sha256: photo.sha256.clone() }],
            meter_number: String::new(),
            meter_reading: String::new(),
        },
        None,
    );
    phone.push(vec![item(1, &damage)]).await;
    let page = Console::signed_in(&server).await.page(&format!("/console/orders/{}", order.id)).await;
    let recorded_at = page.find(r#"data-testid="recorded-photos""#).expect("the photos section");
    assert!(page[recorded_at..].contains(&"e".repeat(12)));
    assert!(!page.contains(r#"data-testid="not-counted-photos""#));
    assert!(!page.contains(r#"data-testid="not-counted""#));
}
