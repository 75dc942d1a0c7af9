//! fieldcrew's sync server: orders down to the crews' phones, evidence up,
//! and the dispatcher API. Storage sits behind `db::Database`; SQLite is
//! embedded by default.

pub mod auth;
pub mod console;
pub mod db;
pub mod demo;
pub mod error;
pub mod handlers;
pub mod ingest;
pub mod metrics;
pub mod pairing_lineage;
pub mod report;
pub mod router;
pub mod settings;
pub mod slot_identity;
pub mod state;
pub mod test_support;
pub mod throttle;

pub use router::router;
pub use settings::Settings;
pub use state::AppState;

use db::SqliteDatabase;
use std::sync::Arc;

/// The database file inside the data dir.
pub const DB_FILE: &str = "server.sqlite3";

/// Opens the default (SQLite) backend under the configured data dir.
pub fn open_state(settings: Settings) -> Result<AppState, Box<dyn std::error::Error + Send + Sync>> {
    std::fs::create_dir_all(&settings.data_dir)?;
    let db = SqliteDatabase::open(&settings.data_dir.join(DB_FILE))?;
    Ok(AppState::new(Arc::new(db), settings))
}

/// Serves on an already bound listener until `shutdown` completes. Tests
/// bind port 0 and pass the listener in.
pub async fn serve_on(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    // The peer address feeds the per-client guessing budgets.
    let app = router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app).with_graceful_shutdown(shutdown).await
}
