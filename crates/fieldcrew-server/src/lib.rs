//! fieldcrew's sync server: orders down to the crews' phones, evidence up,
//! and the dispatcher API. Storage sits behind `db::Database`; SQLite is
//! embedded by default.

pub mod auth;
pub mod blocking;
pub mod change_signal;
pub mod client_addr;
pub mod console;
pub mod crew_outages;
pub mod db;
pub mod demo;
pub mod error;
pub mod handlers;
pub mod ingest;
pub mod media_check;
pub mod media_store;
pub mod metrics;
pub mod pairing_lineage;
pub mod report;
pub mod router;
#[cfg(any(test, feature = "test-support"))]
pub mod scratch_postgres;
pub mod settings;
pub mod slot_identity;
pub mod state;
#[cfg(feature = "test-support")]
pub mod test_support;
pub mod throttle;
pub mod upload_recovery;
pub mod upload_takeover;

pub use router::router;
pub use settings::Settings;
pub use state::AppState;

use db::backend::choice::{DatabaseTarget, target};
use db::{Database, SqlDatabase};
use std::sync::Arc;

/// The database file inside the data dir.
pub const DB_FILE: &str = "server.sqlite3";

type OpenError = Box<dyn std::error::Error + Send + Sync>;

/// Opens the database `database_url` names (the `database_url` setting:
/// empty for the SQLite file in `data_dir`, a path, or `postgres://…`),
/// migrated to this build's schema.
pub fn open_database(database_url: &str, data_dir: &std::path::Path) -> Result<Arc<dyn Database>, OpenError> {
    Ok(match target(database_url, data_dir)? {
        DatabaseTarget::File(path) => Arc::new(SqlDatabase::open_sqlite(&path)?),
        DatabaseTarget::Postgres(url) => {
            Arc::new(SqlDatabase::with_backend(Box::new(db::backend::postgres::PostgresBackend::open(&url)?)))
        }
    })
}

/// Opens the configured database and media store.
pub fn open_state(settings: Settings) -> Result<AppState, OpenError> {
    std::fs::create_dir_all(&settings.data_dir)?;
    let db = open_database(&settings.database_url, &settings.data_dir)?;
    let media = media_store::MediaStore::open(&settings)?;
    Ok(AppState::new(db, media, settings))
}

/// Serves on an already bound listener until `shutdown` completes. Tests
/// bind port 0 and pass the listener in.
///
/// Our own accept loop rather than `axum::serve`, which has neither: a
/// connection must send its request headers within `header_read_timeout_ms`
/// (an idle keep-alive connection is closed after as long), and at most
/// `max_connections` are served at once; past that, new connections wait
/// in the listen backlog until one closes. Each request carries the peer's
/// address (`ConnectInfo`) for the per-client guessing budgets.
pub async fn serve_on(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    use axum::extract::ConnectInfo;
    use hyper_util::rt::{TokioIo, TokioTimer};
    use tower::ServiceExt;

    let header_timeout = std::time::Duration::from_millis(state.settings.header_read_timeout_ms.max(1));
    let slots = Arc::new(tokio::sync::Semaphore::new(state.settings.max_connections.max(1)));
    let app = router(state);
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let slot = tokio::select! {
            slot = slots.clone().acquire_owned() => slot.expect("the semaphore is never closed"),
            () = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors and the like: wait, do not spin.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let service =
            hyper::service::service_fn(move |mut request: hyper::Request<hyper::body::Incoming>| {
                request.extensions_mut().insert(ConnectInfo(peer));
                app.clone().oneshot(request)
            });
        let mut builder = hyper::server::conn::http1::Builder::new();
        builder.timer(TokioTimer::new()).header_read_timeout(header_timeout);
        let connection = graceful.watch(builder.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!(%peer, error = %e, "connection ended with an error");
            }
            drop(slot);
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}
