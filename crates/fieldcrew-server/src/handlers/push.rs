//! Evidence up: a batch of outbox items stored in one transaction, each
//! answered on its own. An item that cannot be read is rejected for good
//! but still acknowledged, so it never blocks the queue.

use crate::auth::CrewAuth;
use crate::db::{IncomingItem, Pusher};
use crate::error::{ApiError, ApiJson};
use crate::slot_identity::slot_identity;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use fieldcrew_domain::DeviceId;
use fieldcrew_protocol::clock::BootEpoch;
use fieldcrew_protocol::error::ErrorBody;
use fieldcrew_protocol::push::PushBatch;
use fieldcrew_protocol::push::{Outcome, PushBody, PushResponse};
use serde::Deserialize;
use serde_json::Value;

/// The batch with its items still raw, so one bad item is not a bad batch.
#[derive(Deserialize)]
pub struct RawBatch {
    device_id: DeviceId,
    #[serde(default)]
    boot_epochs: Vec<BootEpoch>,
    items: Vec<Value>,
}

/// The first text in `value` longer than `max` characters, by its path.
fn overlong_text(value: &Value, path: &mut Vec<String>, max: usize) -> Option<String> {
    match value {
        Value::String(text) if text.len() > max && text.chars().count() > max => Some(path.join(".")),
        Value::Array(items) => items.iter().enumerate().find_map(|(i, item)| {
            path.push(i.to_string());
            let found = overlong_text(item, path, max);
            path.pop();
            found
        }),
        Value::Object(fields) => fields.iter().find_map(|(key, field)| {
            path.push(key.clone());
            let found = overlong_text(field, path, max);
            path.pop();
            found
        }),
        _ => None,
    }
}

fn read_item(raw: Value, max_text_chars: usize) -> Result<IncomingItem, ApiError> {
    let device_seq = raw
        .get("device_seq")
        .and_then(Value::as_i64)
        .filter(|s| *s > 0)
        .ok_or_else(|| ApiError::BadRequest("every item needs a positive integer device_seq".into()))?;
    let raw_json = raw.to_string();
    // A text past the limit (a note, a cause, a reporter's name…) refuses
    // this item alone, for good: the phone's own limit is the same.
    let body = match overlong_text(&raw, &mut Vec::new(), max_text_chars) {
        Some(path) => Err(format!("`{path}` is longer than {max_text_chars} characters")),
        None => serde_json::from_value::<PushBody>(raw).map_err(|e| format!("unreadable item: {e}")),
    };
    let identity = slot_identity(&body, &raw_json);
    Ok(IncomingItem { device_seq, body, identity, raw_json })
}

#[utoipa::path(post, path = "/v1/push", tag = "sync", request_body = PushBatch, security(("bearer" = [])), responses((status = 200, body = PushResponse), (status = 507, body = ErrorBody, headers(("Retry-After" = u64, description = "Seconds")), description = "The server's storage is full; nothing was stored"), (status = 413, body = ErrorBody), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 415, body = ErrorBody, description = "The body is not application/json"), (status = 429, body = ErrorBody, description = "Over the per-token request budget")))]
#[tracing::instrument(skip_all, fields(crew = %auth.crew_code, items = batch.items.len()))]
pub async fn push(
    auth: CrewAuth,
    State(state): State<AppState>,
    ApiJson(batch): ApiJson<RawBatch>,
) -> Result<Json<PushResponse>, ApiError> {
    if batch.device_id != auth.device_id {
        return Err(ApiError::Forbidden);
    }
    if batch.items.len() > state.settings.max_batch {
        return Err(ApiError::BadRequest(format!("at most {} items per push", state.settings.max_batch)));
    }
    let max_text = state.settings.thresholds.max_text_chars;
    let items = batch.items.into_iter().map(|raw| read_item(raw, max_text)).collect::<Result<Vec<_>, _>>()?;
    let crew = auth.crew_code.clone();
    let pusher = Pusher { crew_code: auth.crew_code, device_id: auth.device_id, token_hash: auth.token_hash };
    let thresholds = state.settings.thresholds.clone();
    let epochs = batch.boot_epochs;
    let wakes_crew = items_for_crew(&items);
    let applied = state.db(move |db| db.apply_push(&pusher, &items, &epochs, &thresholds)).await?;
    for conflict in &applied.conflicts {
        tracing::warn!(
            device = %conflict.device_id,
            device_seq = conflict.device_seq,
            held = %conflict.held_identity,
            sent = %conflict.sent_identity,
            token = %conflict.token_hash,
            "push slot already holds a different item: kept as a conflict and rejected"
        );
    }
    // A handover or its acknowledgment is news for the crew's other phones:
    // wake their long-polls (they re-read the state and answer with it).
    if wakes_crew {
        state.changes.changed(&crew, 0);
    }
    let response = applied.response;
    for result in &response.results {
        let label = match result.outcome {
            Outcome::Accepted => "accepted",
            Outcome::AcceptedWithFlags { .. } => "accepted_with_flags",
            Outcome::RejectedPermanently { .. } => "rejected",
        };
        state.metrics.push_items.with_label_values(&[label]).inc();
    }
    Ok(Json(response))
}

/// Whether the batch holds crew records that other phones of the crew pull.
fn items_for_crew(items: &[IncomingItem]) -> bool {
    items.iter().any(|i| matches!(i.body, Ok(PushBody::Handover { .. } | PushBody::HandoverAck { .. })))
}
