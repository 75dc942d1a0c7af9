//! `/openapi.json`: the OpenAPI 3 document, generated from the handlers'
//! annotations and the protocol types.

use crate::handlers::{
    daily_checks, dispatch, handovers, health, media, pair, pull, push, receipts, uploads,
};
use axum::Json;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(title = "fieldcrew server", description = "Orders down to repair crews, evidence up, dispatcher API"),
    paths(
        health::healthz, health::metrics, pair::pair, pair::dispatcher_login, pull::changes, push::push,
        receipts::receipts,
        uploads::options, uploads::create, uploads::head, uploads::patch, uploads::terminate,
        dispatch::create_order, dispatch::assign_order, dispatch::cancel_order, dispatch::list_orders,
        dispatch::get_order, dispatch::list_crews, dispatch::list_devices, dispatch::revoke_device,
        media::download,
        daily_checks::daily_checks,
        handovers::handovers,
        openapi
    ),
    modifiers(&BearerAuth)
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

#[utoipa::path(get, path = "/openapi.json", tag = "ops", responses((status = 200, description = "This document")))]
pub async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
