//! `GET /v1/daily-checks?date=YYYY-MM-DD`: each crew's daily check of
//! tools, materials and vehicle (每日出车前检查) for one day in UTC+8, with
//! the crews that have none.

use crate::auth::DispatcherAuth;
use crate::db::StoredDailyCheck;
use crate::error::{ApiError, ApiQuery};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use chrono::{NaiveDate, Utc};
use fieldcrew_domain::daily_check::check_day;
use fieldcrew_protocol::error::ErrorBody;
use serde::{Deserialize, Serialize};

#[derive(Deserialize, utoipa::IntoParams)]
pub struct DayQuery {
    /// The day in UTC+8, `YYYY-MM-DD`; today when left out.
    date: Option<String>,
}

/// One crew's checks that day; none means not checked.
#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CrewDailyChecks {
    pub crew_code: String,
    pub crew_name: String,
    pub checks: Vec<StoredDailyCheck>,
}

#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DailyChecksDay {
    #[schema(value_type = String, format = Date)]
    pub date: NaiveDate,
    pub crews: Vec<CrewDailyChecks>,
}

/// Every known crew in code order, each with its checks of `day`; a check
/// of a crew no longer configured is listed under its code.
pub async fn day_report(state: &AppState, day: NaiveDate) -> Result<DailyChecksDay, ApiError> {
    let (crews, checks) = state.db(move |db| Ok((db.crews()?, db.daily_checks_on(day)?))).await?;
    let mut rows: Vec<CrewDailyChecks> = crews
        .into_iter()
        .map(|c| CrewDailyChecks { crew_code: c.code, crew_name: c.name, checks: Vec::new() })
        .collect();
    for (crew, check) in checks {
        match rows.iter_mut().find(|r| r.crew_code == crew) {
            Some(row) => row.checks.push(check),
            None => {
                rows.push(CrewDailyChecks { crew_code: crew.clone(), crew_name: crew, checks: vec![check] })
            }
        }
    }
    rows.sort_by(|a, b| a.crew_code.cmp(&b.crew_code));
    Ok(DailyChecksDay { date: day, crews: rows })
}

#[utoipa::path(get, path = "/v1/daily-checks", tag = "dispatch", security(("bearer" = [])), params(DayQuery), responses((status = 200, body = DailyChecksDay), (status = 400, body = ErrorBody, description = "date is not YYYY-MM-DD"), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 429, body = ErrorBody, description = "Over the per-token request budget")))]
#[tracing::instrument(skip_all)]
pub async fn daily_checks(
    _auth: DispatcherAuth,
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<DayQuery>,
) -> Result<Json<DailyChecksDay>, ApiError> {
    let day = match query.date.as_deref() {
        None | Some("") => check_day(Utc::now()),
        Some(text) => NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map_err(|_| ApiError::BadRequest(format!("date `{text}` is not YYYY-MM-DD")))?,
    };
    Ok(Json(day_report(&state, day).await?))
}
