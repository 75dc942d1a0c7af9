//! A full disk refuses writes with 507 and Retry-After, and reads go on.
//! The disk is a small tmpfs (its bytes or its files run out), mounted when
//! the test runs as root (skipped, with a note, where it cannot mount one).

mod common;
mod console_client;
mod tus_client;

use common::{item, pair};
use console_client::{Console, intake_form};
use fieldcrew_domain::MediaId;
use fieldcrew_domain::hash::sha256_hex;
use fieldcrew_protocol::error::ErrorBody;
use fieldcrew_server::db::OrderFilter;
use fieldcrew_server::test_support::TestServer;
use std::process::Command;
use tus_client::{create, head, offset, patch, photo_bytes};

/// Unmounts the tmpfs however the test ends.
struct Mounted(std::path::PathBuf);

impl Drop for Mounted {
    fn drop(&mut self) {
        // Lazily: the server's connections may still hold files open.
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
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

/// A tmpfs with room for a few files only, mounted at a fresh temp dir.
fn few_files_fs() -> Option<(tempfile::TempDir, Mounted)> {
    let dir = tempfile::tempdir().unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=8m,nr_inodes=64", "tmpfs"])
        .arg(dir.path())
        .status()
        .is_ok_and(|s| s.success());
    mounted.then(|| {
        let unmount = Mounted(dir.path().to_path_buf());
        (dir, unmount)
    })
}

/// Creates empty files in `dir` until the filesystem has no file left.
fn use_up_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut made = Vec::new();
    loop {
        let path = dir.join(format!("filler-{}", made.len()));
        match std::fs::File::create(&path) {
            Ok(_) => made.push(path),
            Err(e) => {
                assert_eq!(e.kind(), std::io::ErrorKind::StorageFull, "{e}");
                return made;
            }
        }
    }
}

fn free(fillers: &mut Vec<std::path::PathBuf>, n: usize) {
    for path in fillers.drain(..n.min(fillers.len())) {
        std::fs::remove_file(path).unwrap();
    }
}

async fn assert_storage_full(response: reqwest::Response) {
    assert_eq!(response.status(), 507);
    assert_eq!(response.headers()["retry-after"], "300");
    let body: ErrorBody = response.json().await.unwrap();
    assert_eq!(body.error, "storage_full");
}

#[tokio::test]
async fn a_disk_out_of_files_answers_507_at_upload_creation_and_at_the_final_move_and_the_upload_completes_after()
 {
    let Some((disk, _unmount)) = few_files_fs() else {
        eprintln!("skipped: cannot mount a tmpfs here (not root?)");
        return;
    };
    let server = TestServer::start_in(disk.path()).await;
    let phone = pair(&server, &server.crew_code, &server.pin).await;
    let bytes = photo_bytes(120_000);
    let (id, sha) = (MediaId::new(), sha256_hex(&bytes));
    let location = format!("/v1/uploads/{id}");

    // Creation must make the uploads folder: no file left for it.
    let mut fillers = use_up_files(disk.path());
    assert_storage_full(create(&phone, id, &sha, bytes.len()).await).await;
    assert_eq!(head(&phone, &location).await.status(), 404, "no upload row was left behind");
    assert_eq!(phone.get("/v1/changes").await.status(), 200, "reads go on");

    // Room for the folder and the part file: all but the last chunk goes up.
    free(&mut fillers, 2);
    assert_eq!(create(&phone, id, &sha, bytes.len()).await.status(), 201);
    assert_eq!(patch(&phone, &location, 0, &bytes[..100_000], None).await.status(), 204);

    // The final move needs the media folder: no file left for it.
    fillers.extend(use_up_files(disk.path()));
    assert_storage_full(patch(&phone, &location, 100_000, &bytes[100_000..], None).await).await;
    assert_eq!(offset(&phone, &location).await, 100_000, "the upload waits where it was");
    assert_eq!(server.media_bytes(id), None);
    assert_eq!(phone.get("/v1/changes").await.status(), 200, "reads go on");

    // Room again: the whole file was kept, so the next HEAD finishes the
    // upload without the last chunk sent again.
    free(&mut fillers, usize::MAX);
    assert_eq!(offset(&phone, &location).await, bytes.len());
    assert_eq!(server.media_bytes(id), Some(bytes));
}

/// A tmpfs of 4 MiB with room for plenty of files, mounted at a fresh temp dir.
fn small_fs() -> Option<(tempfile::TempDir, Mounted)> {
    let dir = tempfile::tempdir().unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=4m", "tmpfs"])
        .arg(dir.path())
        .status()
        .is_ok_and(|s| s.success());
    mounted.then(|| {
        let unmount = Mounted(dir.path().to_path_buf());
        (dir, unmount)
    })
}

/// Writes a file in `dir` until no byte fits.
fn use_up_bytes(dir: &std::path::Path) -> std::path::PathBuf {
    use std::io::Write;
    let path = dir.join("filler");
    let mut file = std::fs::File::create(&path).unwrap();
    let block = vec![0u8; 16 * 1024];
    loop {
        if let Err(e) = file.write_all(&block).and_then(|_| file.sync_all()) {
            assert_eq!(e.kind(), std::io::ErrorKind::StorageFull, "{e}");
            return path;
        }
    }
}

#[tokio::test]
async fn a_push_to_a_full_database_disk_answers_507_stores_none_of_it_and_goes_through_once_there_is_room() {
    let Some((disk, _unmount)) = small_fs() else {
        eprintln!("skipped: cannot mount a tmpfs here (not root?)");
        return;
    };
    // The SQLite file on the small disk, whatever the run's backend.
    let server = TestServer::start_in_with(disk.path(), |s| s.database_url = "sqlite:".into()).await;
    let phone = pair(&server, &server.crew_code, &server.pin).await;
    let order = server.create_order(&server.crew_code);
    let filler = use_up_bytes(disk.path());

    // Batches of long notes until the database needs a page the disk lacks
    // (what SQLite's files already hold may take the first ones).
    let push = |items| {
        let batch = fieldcrew_protocol::push::PushBatch { device_id: phone.id, boot_epochs: vec![], items };
        phone.http.post(format!("{}/v1/push", phone.base)).bearer_auth(&phone.token).json(&batch).send()
    };
    let mut events: Vec<fieldcrew_domain::FieldEvent> = Vec::new();
    let mut refused = None;
    for _ in 0..40 {
        let mut batch = Vec::new();
        for _ in 0..20 {
            let kind = match events.last() {
                None => fieldcrew_domain::event::EventKind::Arrived,
                Some(_) => fieldcrew_domain::event::EventKind::Note { text: "现场记录".repeat(450) },
            };
            let event = phone.event(order.id, kind, events.last());
            batch.push(item(events.len() as i64 + 1, &event));
            events.push(event);
        }
        let response = push(batch.clone()).await.unwrap();
        if response.status() == 507 {
            refused = Some((response, batch));
            break;
        }
        assert_eq!(response.status(), 200);
    }
    let (response, batch) = refused.expect("a 4 MiB disk fills up");
    let stored = server.order_events(order.id).len();
    assert_eq!(stored, events.len() - batch.len(), "none of the refused batch was stored");
    assert_storage_full(response).await;
    assert_eq!(phone.get("/v1/changes").await.status(), 200, "reads go on");

    std::fs::remove_file(filler).unwrap();
    let response = push(batch).await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(server.order_events(order.id).len(), events.len(), "every event stored once");
}

#[tokio::test]
async fn a_dispatcher_on_a_full_disk_is_told_in_chinese_that_nothing_was_saved_and_can_still_read_the_board()
{
    let Some((disk, _unmount)) = small_fs() else {
        eprintln!("skipped: cannot mount a tmpfs here (not root?)");
        return;
    };
    let server = TestServer::start_in_with(disk.path(), |s| s.database_url = "sqlite:".into()).await;
    let console = Console::signed_in(&server).await;
    let csrf = console.csrf().await;
    let listed = || server.db().list_orders(&OrderFilter::default()).unwrap().len();
    let before = listed();
    let filler = use_up_bytes(disk.path());

    // New orders until the database needs a page the disk lacks.
    let mut created = 0;
    let mut refused = None;
    for n in 0..2_000 {
        let phone = format!("1390000{n:04}");
        let response = console.post("/console/intake", &intake_form(&csrf, &phone, "17号")).await;
        if response.status() == 507 {
            refused = Some(response);
            break;
        }
        assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());
        created += 1;
    }
    let refused = refused.expect("a 4 MiB disk fills up");
    assert!(refused.headers().contains_key("retry-after"));
    assert!(refused.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    let page = refused.text().await.unwrap();
    assert!(page.contains("服务器存储已满") && page.contains("没有保存"), "{page}");
    assert_eq!(listed(), before + created, "the refused order was not half stored");

    // Reading goes on: the board, the report and its CSV export.
    let board = console.get("/console/board").await;
    assert_eq!(board.status(), 200);
    assert_eq!(console.get("/console/reports").await.status(), 200);
    let csv = console.get("/console/reports.csv").await;
    assert_eq!(csv.status(), 200, "{}", csv.text().await.unwrap());

    std::fs::remove_file(filler).unwrap();
    let again = console.post("/console/intake", &intake_form(&csrf, "13911112222", "18号")).await;
    assert_eq!(again.status(), 303, "room again: the order is taken");
}
