//! Orders down: the crew's changes since a cursor, paged; with `wait`, a
//! long-poll that holds an empty answer until the crew's feed grows.

use crate::auth::CrewAuth;
use crate::db::PullWants;
use crate::error::{ApiError, ApiQuery};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use fieldcrew_protocol::error::ErrorBody;
use fieldcrew_protocol::pull::{DEFAULT_PAGE, MAX_PAGE, MAX_WAIT_SECS, PullPage};
use serde::Deserialize;
use std::time::Duration;

#[derive(Deserialize)]
pub struct PullQuery {
    #[serde(default)]
    since: i64,
    limit: Option<u32>,
    /// The fingerprint of the station settings the phone holds.
    station: Option<String>,
    /// The fingerprint of the crew's handover state the phone holds.
    handover: Option<String>,
    /// The fingerprint of the planned-outage list the phone holds.
    outages: Option<String>,
    /// Seconds to hold an empty answer (long-poll); cut to the server's
    /// `long_poll_max_wait_s` (at most 60). An `i32` so the document's
    /// range and what is read agree.
    #[serde(default)]
    wait: i32,
}

#[utoipa::path(get, path = "/v1/changes", tag = "sync", params(("since" = Option<i64>, Query, description = "Cursor from the last page"), ("limit" = Option<u32>, Query, minimum = 1, maximum = 500, description = "Page size, 1-500"), ("station" = Option<String>, Query, description = "Fingerprint of the station settings the phone holds; the page carries the settings when it differs"), ("handover" = Option<String>, Query, description = "Fingerprint of the crew's shift handover state the phone holds (latest handover, open problems); the page carries the state when it differs. Absent: the state is never sent (older phones)"), ("outages" = Option<String>, Query, description = "Fingerprint of the planned outages (计划停电) the phone holds for its crew's area; the page carries the whole current list (not cancelled, not ended more than 24 h ago) when it differs. Absent: never sent (older phones)"), ("wait" = Option<i32>, Query, minimum = 0, description = "Long-poll: when there is nothing new, hold the answer up to this many seconds until a change for the crew arrives (assignment, reassignment, cancellation, edit), then answer with it; otherwise answer the empty page when the time is up. Values above 60 (or the server's lower `long_poll_max_wait_s`) are cut to it; 0 or absent answers at once. Holding costs no database connection, and a held request counts once against the per-token budget.")), security(("bearer" = [])), responses((status = 200, body = PullPage), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 429, body = ErrorBody, description = "Over the per-token request budget")))]
#[tracing::instrument(skip_all, fields(crew = %auth.crew_code, since = q.since, wait = q.wait))]
pub async fn changes(
    auth: CrewAuth,
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<PullQuery>,
) -> Result<Json<PullPage>, ApiError> {
    let limit = q.limit.unwrap_or(DEFAULT_PAGE);
    if limit == 0 || limit > MAX_PAGE {
        return Err(ApiError::BadRequest(format!("limit must be between 1 and {MAX_PAGE}")));
    }
    let wait = u64::try_from(q.wait)
        .map_err(|_| ApiError::BadRequest("wait must be 0 or more seconds".into()))?
        .min(state.settings.long_poll_max_wait_s)
        .min(MAX_WAIT_SECS);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(wait);
    // Subscribed before the first read: a change landing between the read
    // and the wait still wakes us.
    let mut woken = state.changes.watch(&auth.crew_code);
    // Only phones that ask get the handover state (an older phone would
    // otherwise be answered at once on every long-poll) or the outages.
    let wants = PullWants { handover: q.handover.is_some(), outages: q.outages.is_some() };
    loop {
        let crew = auth.crew_code.clone();
        let pulled = state.db(move |db| db.pull(&crew, q.since, limit, wants)).await?;
        let mut page = pulled.page;
        let station = state.settings.station_settings();
        if q.station.as_deref() != Some(station.fingerprint().as_str()) {
            page.station = Some(station);
        }
        if let (Some(held), Some(handover)) = (q.handover.as_deref(), pulled.handover)
            && handover.fingerprint() != held
        {
            page.handover = Some(handover);
        }
        // The whole list, replacing the phone's.
        if let (Some(held), Some((outages, places))) = (q.outages.as_deref(), pulled.outages) {
            let list = crate::crew_outages::for_crew(&outages, &places, chrono::Utc::now());
            if fieldcrew_protocol::outages::fingerprint(&list) != held {
                page.outages = Some(list);
            }
        }
        if !page.changes.is_empty()
            || page.station.is_some()
            || page.handover.is_some()
            || page.outages.is_some()
        {
            return Ok(Json(page));
        }
        // Nothing new: wait without holding anything but this task.
        match tokio::time::timeout_at(deadline, woken.changed()).await {
            Ok(Ok(())) => continue,
            // Time is up (or the signal went away with the server).
            _ => return Ok(Json(page)),
        }
    }
}
