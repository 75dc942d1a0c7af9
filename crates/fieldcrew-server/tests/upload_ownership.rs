//! A tus upload belongs to the device that created it: another phone, of the
//! same crew or another, can neither see its offset, write into it nor
//! terminate it; and a termination never races the last chunk.

mod common;
mod tus_client;

use common::{Device, pair};
use fieldcrew_domain::MediaId;
use fieldcrew_domain::hash::sha256_hex;
use fieldcrew_server::test_support::TestServer;
use reqwest::StatusCode;
use tus_client::*;

/// A half-uploaded photo of `owner`: its id, location and bytes.
async fn half_uploaded(owner: &Device) -> (MediaId, String, Vec<u8>) {
    let bytes = photo_bytes(10_000);
    let id = MediaId::new();
    let created = create(owner, id, &sha256_hex(&bytes), bytes.len()).await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let location = created.headers()["location"].to_str().unwrap().to_string();
    assert_eq!(patch(owner, &location, 0, &bytes[..4_000], None).await.status(), StatusCode::NO_CONTENT);
    (id, location, bytes)
}

#[tokio::test]
async fn another_device_can_neither_see_write_nor_terminate_an_upload() {
    let server = TestServer::start().await;
    let owner = pair(&server, &server.crew_code, &server.pin).await;
    let crewmate = pair(&server, &server.crew_code, &server.pin).await;
    let other_crew = pair(&server, &server.other_crew_code, &server.other_pin).await;
    let (id, location, bytes) = half_uploaded(&owner).await;
    let part = server.state.uploads_dir().join(format!("{id}.part"));
    let part_before = std::fs::read(&part).unwrap();

    for stranger in [&crewmate, &other_crew] {
        assert_eq!(head(stranger, &location).await.status(), StatusCode::NOT_FOUND);
        let forged = vec![0xEE; 6_000];
        assert_eq!(patch(stranger, &location, 4_000, &forged, None).await.status(), StatusCode::NOT_FOUND);
        assert_eq!(delete(stranger, &location).await.status(), StatusCode::NOT_FOUND);
        let recreate = create(stranger, id, &sha256_hex(&bytes), bytes.len()).await;
        assert_eq!(recreate.status(), StatusCode::CONFLICT, "the id is taken, not handed over");
    }

    assert_eq!(std::fs::read(&part).unwrap(), part_before, "not one byte written by a stranger");
    assert_eq!(offset(&owner, &location).await, 4_000);
    assert_eq!(patch(&owner, &location, 4_000, &bytes[4_000..], None).await.status(), StatusCode::NO_CONTENT);
    assert_eq!(server.media_bytes(id), Some(bytes));
}

#[tokio::test]
async fn the_owner_terminates_its_upload_and_may_create_the_id_again() {
    let server = TestServer::start().await;
    let owner = pair(&server, &server.crew_code, &server.pin).await;
    let (id, location, bytes) = half_uploaded(&owner).await;
    assert_eq!(delete(&owner, &location).await.status(), StatusCode::NO_CONTENT);
    assert_eq!(head(&owner, &location).await.status(), StatusCode::NOT_FOUND);
    let again = create(&owner, id, &sha256_hex(&bytes), bytes.len()).await;
    assert_eq!(again.status(), StatusCode::CREATED);
    assert_eq!(offset(&owner, &location).await, 0);
}

/// Without the chunk lock, a DELETE landing while the last PATCH verifies
/// the file lets that PATCH answer 204 for a photo whose row is gone.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_termination_racing_the_last_chunk_never_loses_a_photo_the_phone_was_told_arrived() {
    let server = TestServer::start().await;
    let owner = pair(&server, &server.crew_code, &server.pin).await;
    for round in 0..20 {
        let bytes = photo_bytes(300_000 + round);
        let id = MediaId::new();
        let created = create(&owner, id, &sha256_hex(&bytes), bytes.len()).await;
        let location = created.headers()["location"].to_str().unwrap().to_string();
        let (patched, deleted) =
            tokio::join!(patch(&owner, &location, 0, &bytes, None), delete(&owner, &location));
        let (patched, deleted) = (patched.status(), deleted.status());
        match (patched, deleted) {
            (StatusCode::NO_CONTENT, StatusCode::CONFLICT) => {
                assert_eq!(server.media_bytes(id).as_ref(), Some(&bytes), "round {round}");
            }
            (StatusCode::NOT_FOUND, StatusCode::NO_CONTENT) => {
                assert_eq!(server.db().upload(id).unwrap(), None, "round {round}");
                let part = server.state.uploads_dir().join(format!("{id}.part"));
                assert!(!part.exists(), "round {round}: no stray part file");
            }
            other => panic!("round {round}: PATCH and DELETE answered {other:?}"),
        }
    }
}
