//! The diagnostics bundle names each file the server refused for good and
//! the server's reason, so support can act on it.

use fieldcrew_core::Store;
use fieldcrew_core::store::MediaKind;

#[test]
fn the_diagnostics_bundle_lists_refused_files_with_the_server_s_reason() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let png = store.put_media(None, MediaKind::Photo, "image/jpeg", b"\x89PNG\r\n\x1a\n....").unwrap();
    let facts = fieldcrew_ui::diagnostics::collect(&store, None);
    assert_eq!(facts["uploads_refused"], serde_json::json!([]));

    store.refuse_upload(png.id, "415: the file is a PNG, not the declared image/jpeg").unwrap();
    let facts = fieldcrew_ui::diagnostics::collect(&store, None);
    let refused = facts["uploads_refused"].as_array().unwrap();
    assert_eq!(refused.len(), 1);
    assert_eq!(refused[0]["media_id"], png.id.to_string());
    assert_eq!(refused[0]["kind"], "photo");
    assert_eq!(refused[0]["reason"], "415: the file is a PNG, not the declared image/jpeg");
}
