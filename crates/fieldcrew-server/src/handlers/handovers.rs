//! `GET /v1/handovers`: the shift handover log (交接班记录) for dispatchers
//! and auditors, newest first, searchable by text, crew and day.

use crate::auth::DispatcherAuth;
use crate::db::handovers::{HandoverEntry, HandoverFilter};
use crate::error::{ApiError, ApiQuery};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use chrono::NaiveDate;
use fieldcrew_protocol::error::ErrorBody;
use serde::Deserialize;

pub const DEFAULT_LIMIT: u32 = 100;
pub const MAX_LIMIT: u32 = 1000;

#[derive(Deserialize)]
pub struct HandoverQuery {
    #[serde(default)]
    q: Option<String>,
    #[serde(default)]
    crew: Option<String>,
    /// The day (UTC+8) it was written, `YYYY-MM-DD`.
    #[serde(default)]
    date: Option<NaiveDate>,
    #[serde(default)]
    limit: Option<u32>,
}

impl HandoverQuery {
    pub fn filter(self) -> Result<HandoverFilter, ApiError> {
        let limit = self.limit.unwrap_or(DEFAULT_LIMIT);
        if limit == 0 || limit > MAX_LIMIT {
            return Err(ApiError::BadRequest(format!("limit must be between 1 and {MAX_LIMIT}")));
        }
        Ok(HandoverFilter { text: self.q, crew: self.crew, day: self.date, limit })
    }
}

#[utoipa::path(get, path = "/v1/handovers", tag = "dispatch", params(("q" = Option<String>, Query, description = "Words in the summary, an open problem, its equipment or order number, or a name"), ("crew" = Option<String>, Query, description = "Crew code"), ("date" = Option<String>, Query, format = Date, description = "Day written (UTC+8), YYYY-MM-DD"), ("limit" = Option<u32>, Query, minimum = 1, maximum = 1000, description = "At most this many, default 100")), security(("bearer" = [])), responses((status = 200, body = Vec<HandoverEntry>, description = "Handovers newest first, each with both signatures and times, the problems it raised and the ones it carried, each open or closed"), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 429, body = ErrorBody, description = "Over the per-token request budget")))]
#[tracing::instrument(skip_all, fields(by = %auth.username))]
pub async fn handovers(
    auth: DispatcherAuth,
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<HandoverQuery>,
) -> Result<Json<Vec<HandoverEntry>>, ApiError> {
    let filter = q.filter()?;
    Ok(Json(state.db(move |db| db.handovers(&filter)).await?))
}
