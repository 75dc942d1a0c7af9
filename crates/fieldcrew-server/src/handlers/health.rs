//! Liveness and metrics: unauthenticated, cheap.

use crate::auth::DispatcherAuth;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use fieldcrew_protocol::error::ErrorBody;
use serde_json::{Value, json};

#[utoipa::path(get, path = "/healthz", tag = "ops", responses((status = 200, description = "The server is up")))]
pub async fn healthz() -> Json<Value> {
    Json(json!({ "status": "ok", "version": env!("CARGO_PKG_VERSION") }))
}

#[utoipa::path(get, path = "/metrics", tag = "ops", security(("bearer" = [])), responses((status = 200, description = "Prometheus text exposition", content_type = "text/plain"), (status = 401, body = ErrorBody, description = "A dispatcher (monitoring) token is required"), (status = 403, body = ErrorBody, description = "A device token may not read the counters"), (status = 429, body = ErrorBody, description = "Over the per-token request budget")))]
/// Counters reveal activity per crew and device: dispatcher accounts only
/// (Prometheus scrapes with a bearer token).
pub async fn metrics(_auth: DispatcherAuth, State(state): State<AppState>) -> String {
    state.metrics.render()
}
