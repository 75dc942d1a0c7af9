//! The places a crew serves (its area: area names or villages, as the
//! planned-outage notices name them), set on the crews page, and calling an
//! outage off on the outages page. Both change what the crews' phones hold,
//! so both wake the phones' long-polls. Their words live here.

use super::i18n::Lang;
use super::layout;
use super::session::{CheckedForm, ConsoleSession};
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use fieldcrew_domain::planned_outage::split_villages;
use maud::{Markup, html};
use serde::Deserialize;
use uuid::Uuid;

/// Most places one crew serves, and the longest name of one.
const MAX_PLACES: usize = 100;
const MAX_PLACE_CHARS: usize = 60;

pub struct CrewAreaWords {
    pub area: &'static str,
    pub area_hint: &'static str,
    pub save_area: &'static str,
    pub no_area: &'static str,
    pub too_many_places: &'static str,
    pub cancel_outage: &'static str,
    pub confirm_cancel_outage: &'static str,
    pub outage_cancelled: &'static str,
    pub outage_not_cancellable: &'static str,
}

pub static ZH_CN: CrewAreaWords = CrewAreaWords {
    area: "服务区域",
    area_hint: "片区或村名，用逗号或顿号分隔；手机上显示这些地方的计划停电",
    save_area: "保存区域",
    no_area: "未设置区域：手机上不显示计划停电",
    too_many_places: "区域太多或名称太长（最多100个，每个最多60字）",
    cancel_outage: "取消停电",
    confirm_cancel_outage: "确定取消这次计划停电？抢修班手机上会随之删除。",
    outage_cancelled: "已取消",
    outage_not_cancellable: "没有这次停电，或已取消",
};

pub static EN: CrewAreaWords = CrewAreaWords {
    area: "Area served",
    area_hint: "Area or village names, separated by commas; the phones show planned outages there",
    save_area: "Save area",
    no_area: "No area set: the phones show no planned outages",
    too_many_places: "Too many places or a name too long (at most 100, 60 characters each)",
    cancel_outage: "Cancel outage",
    confirm_cancel_outage: "Cancel this planned outage? It leaves the crews' phones too.",
    outage_cancelled: "Cancelled",
    outage_not_cancellable: "No such outage, or it was cancelled already",
};

pub fn words(lang: Lang) -> &'static CrewAreaWords {
    match lang {
        Lang::ZhCn => &ZH_CN,
        Lang::En => &EN,
    }
}

/// Each crew's places, by crew code.
pub async fn load(
    state: &AppState,
    crews: &[crate::db::Crew],
) -> Result<std::collections::HashMap<String, Vec<String>>, crate::error::ApiError> {
    let codes: Vec<String> = crews.iter().map(|c| c.code.clone()).collect();
    state.db(move |db| codes.into_iter().map(|c| Ok((c.clone(), db.crew_area(&c)?))).collect()).await
}

pub fn form(session: &ConsoleSession, crew_code: &str, places: &[String]) -> Markup {
    let w = words(session.lang);
    html! {
        form.inline.crew-area method="post" action={ "/console/crews/" (crew_code) "/area" }
            data-testid={ "area-form-" (crew_code) } {
            input type="hidden" name="csrf" value=(session.csrf);
            label { (w.area) " "
                input type="text" name="places" value=(places.join("、")) placeholder=(w.area_hint) size="40"; }
            " "
            button type="submit" { (w.save_area) }
            @if places.is_empty() { span.muted { " " (w.no_area) } }
        }
    }
}

#[derive(Deserialize)]
pub struct AreaForm {
    places: String,
}

pub async fn save(
    State(state): State<AppState>,
    Path(code): Path<String>,
    CheckedForm { session, form }: CheckedForm<AreaForm>,
) -> Response {
    let places = split_villages(&form.places);
    if places.len() > MAX_PLACES || places.iter().any(|p| p.chars().count() > MAX_PLACE_CHARS) {
        return layout::message_page(session.lang, StatusCode::BAD_REQUEST, words(session.lang).too_many_places);
    }
    let crew_code = code.clone();
    let saved = state
        .db(move |db| {
            if db.crew(&crew_code)?.is_none() {
                return Ok(false);
            }
            db.set_crew_area(&crew_code, &places).map(|()| true)
        })
        .await;
    match saved {
        Ok(true) => {
            state.changes.changed(&code, 0);
            tracing::info!(by = %session.username, crew = %code, "crew area changed from the console");
            Redirect::to("/console/crews").into_response()
        }
        Ok(false) => layout::message_page(session.lang, StatusCode::NOT_FOUND, session.lang.strings().crew_not_found),
        Err(e) => e.into_response(),
    }
}

/// The cancel button of one outage on the outages page.
pub fn cancel_button(session: &ConsoleSession, outage: Uuid) -> Markup {
    let w = words(session.lang);
    html! {
        form.inline method="post" action={ "/console/outages/" (outage) "/cancel" } data-confirm=(w.confirm_cancel_outage) {
            input type="hidden" name="csrf" value=(session.csrf);
            button.danger type="submit" data-testid="cancel-outage" { (w.cancel_outage) }
        }
    }
}

#[derive(Deserialize)]
pub struct CancelForm {}

pub async fn cancel_outage(
    State(state): State<AppState>,
    Path(id): Path<Uuid>,
    CheckedForm { session, .. }: CheckedForm<CancelForm>,
) -> Response {
    match state.db(move |db| db.cancel_planned_outage(id, Utc::now())).await {
        Ok(true) => {
            crate::crew_outages::wake_crews(&state).await;
            tracing::info!(by = %session.username, outage = %id, "planned outage cancelled");
            Redirect::to(&format!("/console/outages#outage-{id}")).into_response()
        }
        Ok(false) => {
            layout::message_page(session.lang, StatusCode::NOT_FOUND, words(session.lang).outage_not_cancellable)
        }
        Err(e) => e.into_response(),
    }
}
