//! Issue 13, item 7: the server killed between moving a finished upload into
//! `media/` and saving it as complete. After the restart the upload reads
//! complete, and the phone sends no byte of it again (counted at the server).

mod common;
mod tus_client;

use common::pair;
use fieldcrew_domain::MediaId;
use fieldcrew_domain::hash::sha256_hex;
use fieldcrew_server::test_support::{TestServer, crash_after_media_move};
use tus_client::{create, offset, patch, photo_bytes};

const LEN: usize = 300_000;
const CHUNK: usize = 100_000;

#[tokio::test]
async fn an_upload_killed_after_its_move_into_media_reads_complete_after_restart_with_no_byte_resent() {
    let mut server = TestServer::start().await;
    let phone = pair(&server, &server.crew_code, &server.pin).await;
    let bytes = photo_bytes(LEN);
    let id = MediaId::new();
    let created = create(&phone, id, &sha256_hex(&bytes), LEN).await;
    assert_eq!(created.status(), 201);
    let location = created.headers()["location"].to_str().unwrap().to_string();
    for start in (0..LEN - CHUNK).step_by(CHUNK) {
        assert_eq!(patch(&phone, &location, start, &bytes[start..start + CHUNK], None).await.status(), 204);
    }
    crash_after_media_move(id);
    let killed = patch(&phone, &location, LEN - CHUNK, &bytes[LEN - CHUNK..], None).await;
    assert_eq!(killed.status(), 500, "the last PATCH dies after the move");
    assert!(server.state.media_dir().join(sha256_hex(&bytes)).exists(), "the file was moved");

    server.restart().await;
    // The phone asks how far the upload got (it never got the last answer).
    assert_eq!(offset(&phone, &location).await, LEN, "complete, not a chunk short");
    assert_eq!(server.media_bytes(id), Some(bytes.clone()), "the stored file is the photo");
    assert_eq!(server.state.metrics.upload_bytes.get(), 0, "no byte was sent again");
    // A phone that PATCHes the last chunk anyway is told the upload is done.
    let again = patch(&phone, &location, LEN - CHUNK, &bytes[LEN - CHUNK..], None).await;
    assert_eq!(again.status(), 409);
    assert_eq!(server.media_bytes(id), Some(bytes));
}

#[tokio::test]
async fn a_photo_sent_in_one_patch_and_killed_on_finishing_reads_complete_after_restart() {
    let mut server = TestServer::start().await;
    let phone = pair(&server, &server.crew_code, &server.pin).await;
    let bytes = photo_bytes(40_000);
    let id = MediaId::new();
    let created = create(&phone, id, &sha256_hex(&bytes), bytes.len()).await;
    let location = created.headers()["location"].to_str().unwrap().to_string();
    crash_after_media_move(id);
    assert_eq!(patch(&phone, &location, 0, &bytes, None).await.status(), 500);
    server.restart().await;
    assert_eq!(offset(&phone, &location).await, bytes.len(), "complete, though the row said 0");
    assert_eq!(server.media_bytes(id), Some(bytes));
    assert_eq!(server.state.metrics.upload_bytes.get(), 0, "no byte was sent again");
    let part = server.state.uploads_dir().join(format!("{id}.part"));
    assert!(!part.exists(), "the part file goes once complete is saved");
}

#[tokio::test]
async fn the_same_photo_already_stored_by_another_upload_does_not_complete_an_upload_that_sent_nothing() {
    let server = TestServer::start().await;
    let phone = pair(&server, &server.crew_code, &server.pin).await;
    let bytes = photo_bytes(50_000);
    let sha = sha256_hex(&bytes);
    let first = MediaId::new();
    let created = create(&phone, first, &sha, bytes.len()).await;
    let location = created.headers()["location"].to_str().unwrap().to_string();
    assert_eq!(patch(&phone, &location, 0, &bytes, None).await.status(), 204);

    let second = MediaId::new();
    let created = create(&phone, second, &sha, bytes.len()).await;
    let location = created.headers()["location"].to_str().unwrap().to_string();
    assert_eq!(offset(&phone, &location).await, 0, "its bytes must still come");
    assert_eq!(server.media_bytes(second), None);
}
