//! A diagnostics bundle a crew can hand to support: what the phone holds
//! and how syncing went, with no customer data in it.

use fieldcrew_core::Store;
use serde_json::{Value, json};
use std::path::PathBuf;

/// The facts, as JSON.
pub fn collect(store: &Store, server: Option<&str>) -> Value {
    let orders = store.orders().map(|o| o.len()).unwrap_or_default();
    let status = store.sync_status().unwrap_or_default();
    json!({
        "app_version": env!("CARGO_PKG_VERSION"),
        "device_id": store.device_id().to_string(),
        "schema_version": store.schema_version().ok(),
        "integrity": store.integrity_check().map(|_| "ok".to_string()).unwrap_or_else(|e| e.to_string()),
        "orders": orders,
        "outbox_waiting": store.outbox_len().ok(),
        "uploads_waiting": store.pending_uploads().map(|u| u.len()).ok(),
        // What support needs to act on a refused file: which, and the server's words.
        "uploads_refused": store.refused_uploads().ok().map(|refused| refused.iter().map(|r| json!({
            "media_id": r.media.id.to_string(),
            "kind": r.media.kind.as_str(),
            "order_id": r.media.order_id.map(|o| o.to_string()),
            "reason": r.reason,
        })).collect::<Vec<_>>()),
        "server": server,
        "last_sync": status.last_success,
        "last_sync_error": status.last_error,
        "thresholds": store.thresholds(),
    })
}

/// Writes the bundle into the data dir and returns its path.
pub fn export(store: &Store, server: Option<&str>) -> std::io::Result<PathBuf> {
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    let path = store.dir().join(format!("diagnostics-{stamp}.json"));
    let text = serde_json::to_string_pretty(&collect(store, server)).expect("JSON values serialise");
    std::fs::write(&path, text)?;
    Ok(path)
}
