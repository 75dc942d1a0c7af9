//! What the storage keeps of an upload's progress, on a real SQLite file
//! and, with FIELDCREW_TEST_DATABASE_URL, on a scratch PostgreSQL database.
//! The handlers write it under a lock per upload, but that lock is one
//! process's: the row itself refuses to move back over counted bytes,
//! except for the restart after a hash mismatch.

use fieldcrew_domain::{DeviceId, MediaId};
use fieldcrew_server::db::{Database, SqlDatabase, StoredMedia};

const SIZE: u64 = 300_000;

/// Runs `check` on each backend there is.
fn on_each_backend(check: impl Fn(&dyn Database)) {
    let dir = tempfile::tempdir().unwrap();
    check(&SqlDatabase::open_sqlite(&dir.path().join("db.sqlite3")).unwrap());
    match fieldcrew_server::test_support::scratch_postgres() {
        Some(scratch) => check(fieldcrew_server::open_database(&scratch.url, dir.path()).unwrap().as_ref()),
        None => eprintln!("PostgreSQL part skipped: FIELDCREW_TEST_DATABASE_URL is not set"),
    }
}

fn new_upload(db: &dyn Database) -> MediaId {
    let media = StoredMedia {
        id: MediaId::new(),
        order_id: None,
        sha256: "ab".repeat(32),
        size: SIZE,
        mime: "image/jpeg".into(),
        kind: "photo".into(),
        offset: 0,
        present: false,
    };
    let created = db.create_upload(&media, DeviceId::new()).unwrap().expect("a new id is the device's");
    assert_eq!((created.offset, created.present), (0, false));
    media.id
}

fn progress(db: &dyn Database, id: MediaId) -> (u64, bool) {
    let media = db.upload(id).unwrap().expect("the upload is there");
    (media.offset, media.present)
}

#[test]
fn a_late_writer_does_not_move_an_upload_back_over_counted_bytes() {
    on_each_backend(|db| {
        let id = new_upload(db);
        db.set_upload_progress(id, 200_000, false).unwrap();
        // A server that stored an earlier chunk answers after another stored the next.
        db.set_upload_progress(id, 100_000, false).unwrap();
        assert_eq!(progress(db, id), (200_000, false));
        db.set_upload_progress(id, 250_000, false).unwrap();
        assert_eq!(progress(db, id), (250_000, false));
    });
}

#[test]
fn a_file_that_failed_its_hash_starts_again_from_zero() {
    on_each_backend(|db| {
        let id = new_upload(db);
        db.set_upload_progress(id, SIZE, false).unwrap();
        db.set_upload_progress(id, 0, false).unwrap();
        assert_eq!(progress(db, id), (0, false));
    });
}

#[test]
fn a_complete_photo_stays_complete() {
    on_each_backend(|db| {
        let id = new_upload(db);
        db.set_upload_progress(id, SIZE, true).unwrap();
        db.set_upload_progress(id, 0, false).unwrap();
        db.set_upload_progress(id, 100_000, false).unwrap();
        assert_eq!(progress(db, id), (SIZE, true));
        assert!(!db.delete_upload(id).unwrap(), "a complete file is evidence and is not deleted");
    });
}
