//! Orders down: the crew's changes since a cursor, paged.

use crate::auth::CrewAuth;
use crate::error::{ApiError, ApiQuery};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use fieldcrew_protocol::error::ErrorBody;
use fieldcrew_protocol::pull::{DEFAULT_PAGE, MAX_PAGE, PullPage, StationSettings};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct PullQuery {
    #[serde(default)]
    since: i64,
    limit: Option<u32>,
    /// The fingerprint of the thresholds the phone holds.
    station: Option<String>,
}

#[utoipa::path(get, path = "/v1/changes", tag = "sync", params(("since" = Option<i64>, Query, description = "Cursor from the last page"), ("limit" = Option<u32>, Query, minimum = 1, maximum = 500, description = "Page size, 1-500"), ("station" = Option<String>, Query, description = "Fingerprint of the station settings the phone holds; the page carries the settings when it differs")), security(("bearer" = [])), responses((status = 200, body = PullPage), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 429, body = ErrorBody, description = "Over the per-token request budget")))]
#[tracing::instrument(skip_all, fields(crew = %auth.crew_code, since = q.since))]
pub async fn changes(
    auth: CrewAuth,
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<PullQuery>,
) -> Result<Json<PullPage>, ApiError> {
    let limit = q.limit.unwrap_or(DEFAULT_PAGE);
    if limit == 0 || limit > MAX_PAGE {
        return Err(ApiError::BadRequest(format!("limit must be between 1 and {MAX_PAGE}")));
    }
    let mut page = state.db(move |db| db.changes_since(&auth.crew_code, q.since, limit)).await?;
    let thresholds = &state.settings.thresholds;
    if q.station.as_deref() != Some(thresholds.fingerprint().as_str()) {
        page.station = Some(StationSettings { thresholds: thresholds.clone() });
    }
    Ok(Json(page))
}
