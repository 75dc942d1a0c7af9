//! Delivery receipts up: the phone has stored an order (已送达) or the crew
//! opened it (已查看). The first receipt per (order, device, stage) stands;
//! a resent batch changes nothing.

use crate::auth::CrewAuth;
use crate::error::{ApiError, ApiJson};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use chrono::Utc;
use fieldcrew_protocol::error::ErrorBody;
use fieldcrew_protocol::receipts::{MAX_RECEIPTS, ReceiptBatch, ReceiptsStored};

/// A boot id longer than this is not one (the phone's are UUIDs).
const MAX_BOOT_ID: usize = 128;

#[utoipa::path(post, path = "/v1/receipts", tag = "sync", request_body = ReceiptBatch, security(("bearer" = [])), responses((status = 200, body = ReceiptsStored, description = "Stored; receipts already stored and receipts for orders this crew never held change nothing"), (status = 507, body = ErrorBody, headers(("Retry-After" = u64, description = "Seconds")), description = "The server's storage is full; nothing was stored"), (status = 413, body = ErrorBody), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 415, body = ErrorBody, description = "The body is not application/json"), (status = 429, body = ErrorBody, description = "Over the per-token request budget")))]
#[tracing::instrument(skip_all, fields(crew = %auth.crew_code, receipts = batch.receipts.len()))]
pub async fn receipts(
    auth: CrewAuth,
    State(state): State<AppState>,
    ApiJson(batch): ApiJson<ReceiptBatch>,
) -> Result<Json<ReceiptsStored>, ApiError> {
    if batch.receipts.len() > MAX_RECEIPTS {
        return Err(ApiError::BadRequest(format!("at most {MAX_RECEIPTS} receipts per batch")));
    }
    if batch.receipts.iter().any(|r| r.boot_id.len() > MAX_BOOT_ID)
        || batch.boot_epochs.iter().any(|e| e.boot_id.len() > MAX_BOOT_ID)
    {
        return Err(ApiError::BadRequest(format!("a boot_id is at most {MAX_BOOT_ID} bytes")));
    }
    // The document says int64: a larger reading is not one a phone makes.
    if batch.receipts.iter().any(|r| i64::try_from(r.monotonic_ms).is_err()) {
        return Err(ApiError::BadRequest("monotonic_ms is beyond any boot's clock".into()));
    }
    let received_at = Utc::now();
    let rows: Vec<_> = batch
        .receipts
        .iter()
        .map(|r| {
            // The boot clock corrected to server time where the phone sent
            // an epoch for it; its wall clock otherwise. Never after arrival.
            let corrected = batch
                .boot_epochs
                .iter()
                .find(|e| e.boot_id == r.boot_id)
                .and_then(|e| e.correct(r.monotonic_ms));
            (r.order_id, r.stage, corrected.unwrap_or(r.device_time).min(received_at))
        })
        .collect();
    let device = auth.device_id;
    let crew = auth.crew_code.clone();
    let stored = state.db(move |db| db.store_receipts(device, &crew, &rows)).await?;
    Ok(Json(ReceiptsStored { stored }))
}
