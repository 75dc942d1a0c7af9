//! A full disk refuses writes with 507 and Retry-After, and reads go on.
//! The uploads directory is a 64 KiB tmpfs, mounted when the test runs as
//! root (skipped, with a note, where it cannot mount one).

mod common;
mod tus_client;

use common::pair;
use fieldcrew_core::MediaId;
use fieldcrew_core::hash::sha256_hex;
use fieldcrew_protocol::error::ErrorBody;
use fieldcrew_server::test_support::TestServer;
use std::process::Command;
use tus_client::{create, offset, patch, photo_bytes};

/// Unmounts the tmpfs however the test ends.
struct Mounted(std::path::PathBuf);

impl Drop for Mounted {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[tokio::test]
async fn a_full_disk_answers_507_with_retry_after_and_reads_go_on() {
    let server = TestServer::start().await;
    let uploads = server.state.uploads_dir();
    std::fs::create_dir_all(&uploads).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=64k", "tmpfs"])
        .arg(&uploads)
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("skipped: cannot mount a tmpfs here (not root?)");
        return;
    }
    let _unmount = Mounted(uploads);
    let phone = pair(&server, &server.crew_code, &server.pin).await;
    let bytes = photo_bytes(200_000);
    let id = MediaId::new();
    let created = create(&phone, id, &sha256_hex(&bytes), bytes.len()).await;
    assert_eq!(created.status(), 201);
    let location = created.headers()["location"].to_str().unwrap().to_string();

    let refused = patch(&phone, &location, 0, &bytes, None).await;
    assert_eq!(refused.status(), 507);
    assert!(refused.headers().contains_key("retry-after"));
    let body: ErrorBody = refused.json().await.unwrap();
    assert_eq!(body.error, "storage_full");
    assert_eq!(server.media_bytes(id), None);

    // Reads are served as before.
    assert_eq!(phone.get("/v1/changes").await.status(), 200);
    assert_eq!(offset(&phone, &location).await, 0, "the upload waits at its offset");
}
