//! The dispatcher API: intake, assignment, cancellation, the order list and
//! one order's full timeline; crews and their paired devices.

use crate::auth::DispatcherAuth;
use crate::db::{AssignRefusal, CancelRefusal, OrderFilter, OrderSummary, Principal, ServerOrder};
use crate::error::{ApiError, ApiJson, ApiPath, ApiQuery};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use fieldcrew_domain::numbering::{NumberSeries, id_tail, order_number};
use fieldcrew_domain::order::{Address, AreaClass, Coordinates, EquipmentKind, OrderSource, Priority};
use fieldcrew_domain::{DeviceId, OrderId, WorkOrder};
use fieldcrew_protocol::error::ErrorBody;
use serde::{Deserialize, Serialize};

/// What the dispatcher takes down on the phone call (DOMAIN.md "Intake").
/// The JSON API and the console's intake form both build one.
#[derive(Deserialize)]
pub struct NewOrder {
    pub reporter_name: String,
    pub reporter_phone: String,
    pub address: Address,
    pub fault_description: String,
    pub equipment: EquipmentKind,
    pub area: AreaClass,
    /// Defaults to now.
    pub reported_at: Option<DateTime<Utc>>,
    pub site: Option<Coordinates>,
    pub crew_code: Option<String>,
    #[serde(default = "normal")]
    pub priority: Priority,
}

fn normal() -> Priority {
    Priority::Normal
}

fn validate(new: &NewOrder, max: usize) -> Result<(), ApiError> {
    let texts = [
        ("reporter_name", &new.reporter_name),
        ("reporter_phone", &new.reporter_phone),
        ("address.village_or_street", &new.address.village_or_street),
        ("address.house_number", &new.address.house_number),
        ("fault_description", &new.fault_description),
    ];
    for (field, text) in texts {
        if text.chars().count() > max {
            return Err(ApiError::BadRequest(format!("{field} is longer than {max} characters")));
        }
    }
    if new.fault_description.trim().is_empty() || new.address.village_or_street.trim().is_empty() {
        return Err(ApiError::BadRequest("fault_description and address are required".into()));
    }
    if new.site.is_some_and(|s| !s.is_valid()) {
        return Err(ApiError::BadRequest("site is not a valid position".into()));
    }
    Ok(())
}

#[utoipa::path(post, path = "/v1/orders", tag = "dispatch", security(("bearer" = [])), request_body(content = Object, content_type = "application/json", description = "Intake: reporter_name, reporter_phone, address, fault_description, equipment, area, reported_at?, site?, crew_code?, priority?"), responses((status = 201, body = Object, description = "The created work order"), (status = 400, body = ErrorBody), (status = 415, body = ErrorBody, description = "The body is not application/json"), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 429, body = ErrorBody, description = "Over the per-token request budget")))]
#[tracing::instrument(skip_all, fields(by = %auth.username))]
pub async fn create_order(
    auth: DispatcherAuth,
    State(state): State<AppState>,
    ApiJson(new): ApiJson<NewOrder>,
) -> Result<(StatusCode, Json<WorkOrder>), ApiError> {
    let order = create_new_order(&state, new).await?;
    // The record names who took the call (003 §四.1(7)), as the console does.
    let (id, by) = (order.id, auth.username.clone());
    state.db(move |db| db.set_taken_by(id, &by)).await?;
    Ok((StatusCode::CREATED, Json(order)))
}

/// Validates an intake and stores the new order: the one path by which the
/// API and the console create orders.
pub async fn create_new_order(state: &AppState, new: NewOrder) -> Result<WorkOrder, ApiError> {
    validate(&new, state.settings.thresholds.max_text_chars)?;
    if let Some(code) = new.crew_code.clone()
        && state.db(move |db| db.crew(&code)).await?.is_none()
    {
        return Err(ApiError::BadRequest("unknown crew".into()));
    }
    let now = Utc::now();
    let id = OrderId::new();
    let reported_at = new.reported_at.unwrap_or(now);
    let order = WorkOrder {
        id,
        number: order_number(NumberSeries::Dispatch, reported_at, &id_tail(id)),
        source: OrderSource::Dispatch,
        reporter_name: new.reporter_name,
        reporter_phone: new.reporter_phone,
        address: new.address,
        fault_description: new.fault_description,
        equipment: new.equipment,
        area: new.area,
        reported_at,
        notified_at: new.crew_code.as_ref().map(|_| now),
        site: new.site,
        assigned_crew: new.crew_code,
        priority: new.priority,
    };
    let stored = order.clone();
    state.db(move |db| db.create_order(&stored)).await?;
    Ok(order)
}

#[derive(Deserialize)]
pub struct Assign {
    crew_code: String,
}

#[utoipa::path(post, path = "/v1/orders/{id}/assign", tag = "dispatch", security(("bearer" = [])), params(("id" = uuid::Uuid, Path)), request_body(content = Object, content_type = "application/json", description = "{ crew_code }"), responses((status = 200, body = Object), (status = 415, body = ErrorBody, description = "The body is not application/json"), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody, description = "The order is cancelled or closed"), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 429, body = ErrorBody, description = "Over the per-token request budget")))]
pub async fn assign_order(
    auth: DispatcherAuth,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<OrderId>,
    ApiJson(body): ApiJson<Assign>,
) -> Result<Json<WorkOrder>, ApiError> {
    let code = body.crew_code.clone();
    if state.db(move |db| db.crew(&code)).await?.is_none() {
        return Err(ApiError::BadRequest("unknown crew".into()));
    }
    let by = auth.username;
    match state.db(move |db| db.assign_order_by(id, &body.crew_code, Utc::now(), Some(&by))).await? {
        Ok(order) => Ok(Json(order)),
        Err(AssignRefusal::UnknownOrder) => Err(ApiError::NotFound(format!("order {id}"))),
        Err(AssignRefusal::Cancelled) => Err(ApiError::Conflict(format!(
            "order {id} is cancelled and cannot be assigned; create a new order instead"
        ))),
        Err(AssignRefusal::Closed) => Err(ApiError::Conflict(format!(
            "order {id} is closed and cannot be assigned; create a new order instead"
        ))),
    }
}

#[utoipa::path(post, path = "/v1/orders/{id}/cancel", tag = "dispatch", security(("bearer" = [])), params(("id" = uuid::Uuid, Path)), responses((status = 204, description = "Cancelled"), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody, description = "The order is already cancelled, or restored or closed"), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 429, body = ErrorBody, description = "Over the per-token request budget")))]
pub async fn cancel_order(
    _auth: DispatcherAuth,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<OrderId>,
) -> Result<StatusCode, ApiError> {
    match state.db(move |db| db.cancel_order(id, Utc::now())).await? {
        Ok(()) => Ok(StatusCode::NO_CONTENT),
        Err(CancelRefusal::UnknownOrder) => Err(ApiError::NotFound(format!("order {id}"))),
        Err(CancelRefusal::Cancelled) => Err(ApiError::Conflict(format!("order {id} is already cancelled"))),
        Err(CancelRefusal::Repaired) => Err(ApiError::Conflict(format!(
            "order {id} is restored or closed and cannot be cancelled: its repair stays on record"
        ))),
    }
}

#[utoipa::path(get, path = "/v1/orders", tag = "dispatch", security(("bearer" = [])), params(("crew" = Option<String>, Query), ("include_finished" = Option<bool>, Query)), responses((status = 200, body = Vec<serde_json::Value>, description = "Orders with their derived state (each: order, cancelled_at, state, and delivered_at / seen_at: the first time a crew phone stored / opened it, or null)"), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 429, body = ErrorBody, description = "Over the per-token request budget")))]
pub async fn list_orders(
    _auth: DispatcherAuth,
    State(state): State<AppState>,
    ApiQuery(filter): ApiQuery<OrderFilter>,
) -> Result<Json<Vec<ListedOrder>>, ApiError> {
    let (orders, receipts) = state
        .db(move |db| {
            let orders = db.list_orders(&filter)?;
            let ids: Vec<OrderId> = orders.iter().map(|o| o.order.id).collect();
            Ok((orders, db.receipts_for(&ids)?))
        })
        .await?;
    Ok(Json(
        orders
            .into_iter()
            .map(|summary| {
                let first = crate::db::earliest(&receipts, summary.order.id);
                ListedOrder { delivered_at: first.delivered_at, seen_at: first.seen_at, summary }
            })
            .collect(),
    ))
}

/// A listed order with its first delivery and sighting on a crew phone.
#[derive(Serialize)]
pub struct ListedOrder {
    #[serde(flatten)]
    pub summary: OrderSummary,
    pub delivered_at: Option<DateTime<Utc>>,
    pub seen_at: Option<DateTime<Utc>>,
}

/// One order with its delivery receipts per crew device.
#[derive(Serialize)]
pub struct OrderView {
    #[serde(flatten)]
    pub order: ServerOrder,
    pub receipts: Vec<crate::db::DeviceReceipts>,
}

#[utoipa::path(get, path = "/v1/orders/{id}", tag = "dispatch", security(("bearer" = [])), params(("id" = uuid::Uuid, Path)), responses((status = 200, body = Object, description = "The order, its event timeline with corrected and raw times and flags, its media, and receipts: per crew device, delivered_at (stored on the phone) and seen_at (opened by the crew)"), (status = 404, body = ErrorBody), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 429, body = ErrorBody, description = "Over the per-token request budget")))]
pub async fn get_order(
    _auth: DispatcherAuth,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<OrderId>,
) -> Result<Json<OrderView>, ApiError> {
    let (order, receipts) = state.db(move |db| Ok((db.order(id)?, db.receipts_for(&[id])?))).await?;
    let order = order.ok_or_else(|| ApiError::NotFound(format!("order {id}")))?;
    Ok(Json(OrderView { order, receipts: crate::db::per_device(&receipts, id) }))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CrewView {
    code: String,
    name: String,
    members: Vec<String>,
}

#[utoipa::path(get, path = "/v1/crews", tag = "dispatch", security(("bearer" = [])), responses((status = 200, body = Vec<CrewView>), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 429, body = ErrorBody, description = "Over the per-token request budget")))]
pub async fn list_crews(
    _auth: DispatcherAuth,
    State(state): State<AppState>,
) -> Result<Json<Vec<CrewView>>, ApiError> {
    let crews = state.db(|db| db.crews()).await?;
    Ok(Json(crews.into_iter().map(|c| CrewView { code: c.code, name: c.name, members: c.members }).collect()))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct DeviceView {
    #[schema(value_type = uuid::Uuid)]
    device_id: DeviceId,
    crew_code: String,
    member_name: String,
    device_label: String,
    paired_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
    revoked_at: Option<DateTime<Utc>>,
}

#[utoipa::path(get, path = "/v1/devices", tag = "dispatch", security(("bearer" = [])), responses((status = 200, body = Vec<DeviceView>), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 429, body = ErrorBody, description = "Over the per-token request budget")))]
pub async fn list_devices(
    _auth: DispatcherAuth,
    State(state): State<AppState>,
) -> Result<Json<Vec<DeviceView>>, ApiError> {
    let tokens = state.db(|db| db.devices()).await?;
    let devices = tokens
        .into_iter()
        .filter_map(|t| match t.principal {
            Principal::Device { crew_code, device_id, member_name, device_label } => Some(DeviceView {
                device_id,
                crew_code,
                member_name,
                device_label,
                paired_at: t.created_at,
                expires_at: t.expires_at,
                revoked_at: t.revoked_at,
            }),
            Principal::Dispatcher { .. } => None,
        })
        .collect();
    Ok(Json(devices))
}

#[utoipa::path(post, path = "/v1/devices/{id}/revoke", tag = "dispatch", security(("bearer" = [])), params(("id" = uuid::Uuid, Path)), responses((status = 204, description = "Revoked"), (status = 404, body = ErrorBody), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 429, body = ErrorBody, description = "Over the per-token request budget")))]
pub async fn revoke_device(
    _auth: DispatcherAuth,
    State(state): State<AppState>,
    ApiPath(device): ApiPath<DeviceId>,
) -> Result<StatusCode, ApiError> {
    match state.db(move |db| db.revoke_device(device, Utc::now())).await? {
        0 => Err(ApiError::NotFound(format!("live token of device {device}"))),
        _ => Ok(StatusCode::NO_CONTENT),
    }
}
