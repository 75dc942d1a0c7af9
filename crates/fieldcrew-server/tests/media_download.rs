//! The dispatcher API's media download, `GET /v1/media/{id}`, on the
//! default store (the `media` folder in the data dir, laid out as before:
//! one file per sha256, still served after a restart): a dispatcher gets
//! the bytes the phone sent; a crew token, an unfinished upload and an
//! unknown id do not; a file recorded complete that is gone from the store
//! is the store's fault (500), not a 404 that would read as "never sent".

mod common;
mod tus_client;

use common::{dispatcher_token, pair};
use fieldcrew_domain::MediaId;
use fieldcrew_domain::hash::sha256_hex;
use fieldcrew_protocol::error::ErrorBody;
use fieldcrew_server::test_support::TestServer;
use tus_client::{create, patch, photo_bytes};

#[tokio::test]
async fn a_dispatcher_downloads_a_finished_photo_byte_identical_from_the_media_folder() {
    let server = TestServer::start().await;
    let phone = pair(&server, &server.crew_code, &server.pin).await;
    let bytes = photo_bytes(80_000);
    let (id, sha) = (MediaId::new(), sha256_hex(&bytes));
    let location = format!("/v1/uploads/{id}");
    assert_eq!(create(&phone, id, &sha, bytes.len()).await.status(), 201);
    assert_eq!(patch(&phone, &location, 0, &bytes[..50_000], None).await.status(), 204);
    let http = reqwest::Client::new();
    let token = dispatcher_token(&server).await;
    let download = |id: String| {
        let request = http.get(format!("{}/v1/media/{id}", server.base_url)).bearer_auth(&token);
        async move { request.send().await.unwrap() }
    };
    assert_eq!(download(id.to_string()).await.status(), 404, "not before the upload is complete");

    assert_eq!(patch(&phone, &location, 50_000, &bytes[50_000..], None).await.status(), 204);
    let served = download(id.to_string()).await;
    assert_eq!(served.status(), 200);
    assert_eq!(served.headers()["content-type"], "image/jpeg");
    assert_eq!(served.headers()["x-content-type-options"], "nosniff");
    assert_eq!(served.bytes().await.unwrap().as_ref(), &bytes[..]);
    let on_disk = std::fs::read(server.state.media_dir().join(&sha)).unwrap();
    assert_eq!(on_disk, bytes, "stored where data dirs always kept media: media/<sha256>");

    let as_crew = phone.get(&format!("/v1/media/{id}")).await;
    assert_eq!(as_crew.status(), 403, "a crew's token is not the dispatcher API's");
    assert_eq!(download(MediaId::new().to_string()).await.status(), 404);
    assert_eq!(download("not-a-uuid".into()).await.status(), 400);

    std::fs::remove_file(server.state.media_dir().join(&sha)).unwrap();
    let lost = download(id.to_string()).await;
    assert_eq!(lost.status(), 500);
    let body: ErrorBody = lost.json().await.unwrap();
    assert_eq!(body.error, "media_store_failed");
}

#[tokio::test]
async fn after_a_restart_over_the_same_data_dir_a_photo_is_served_as_before() {
    let mut server = TestServer::start().await;
    let phone = pair(&server, &server.crew_code, &server.pin).await;
    let bytes = photo_bytes(20_000);
    let (id, sha) = (MediaId::new(), sha256_hex(&bytes));
    assert_eq!(create(&phone, id, &sha, bytes.len()).await.status(), 201);
    assert_eq!(patch(&phone, &format!("/v1/uploads/{id}"), 0, &bytes, None).await.status(), 204);
    // The media folder is there already when the store opens it again.
    server.restart().await;
    let token = dispatcher_token(&server).await;
    let served = reqwest::Client::new()
        .get(format!("{}/v1/media/{id}", server.base_url))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(served.status(), 200);
    assert_eq!(served.bytes().await.unwrap().as_ref(), &bytes[..]);
}
