//! The places a crew serves (its area: area names or villages, as the
//! planned-outage notices name them), set on the crews page, and calling an
//! outage off on the outages page. Both change what the crews' phones hold,
//! so both wake the phones' long-polls. Their words live here.

use std::sync::LazyLock;

use super::i18n::Lang;
use super::layout;
use super::session::{CheckedForm, ConsoleSession};
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use fieldcrew_domain::planned_outage::split_villages;
use fieldcrew_l10n::Locale;
use maud::{Markup, html};
use serde::Deserialize;
use uuid::Uuid;

/// Most places one crew serves, and the longest name of one.
const MAX_PLACES: usize = 100;
const MAX_PLACE_CHARS: usize = 60;
fieldcrew_l10n::catalogue! {
    pub struct CrewAreaWords {
        extra {}
        texts {
            pub area,
            pub area_hint,
            pub save_area,
            pub no_area,
            pub cancel_outage,
            pub confirm_cancel_outage,
            pub outage_cancelled,
            pub outage_not_cancellable,
        }
        formats {
            /// `most` places, `chars` characters each: the limits below.
            pub too_many_places,
        }
    }
}

pub static ZH_CN: LazyLock<CrewAreaWords> = LazyLock::new(|| {
    CrewAreaWords::from_catalogue(fieldcrew_l10n::files::CONSOLE_CREW_AREA.get(Locale::ZhCn))
});

pub static EN: LazyLock<CrewAreaWords> =
    LazyLock::new(|| CrewAreaWords::from_catalogue(fieldcrew_l10n::files::CONSOLE_CREW_AREA.get(Locale::En)));

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
        return layout::message_page(
            session.lang,
            StatusCode::BAD_REQUEST,
            &words(session.lang)
                .too_many_places
                .format(&[("most", MAX_PLACES.into()), ("chars", MAX_PLACE_CHARS.into())]),
        );
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
        Ok(false) => {
            layout::message_page(session.lang, StatusCode::NOT_FOUND, session.lang.strings().crew_not_found)
        }
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
        Ok(false) => layout::message_page(
            session.lang,
            StatusCode::NOT_FOUND,
            words(session.lang).outage_not_cancellable,
        ),
        Err(e) => e.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_refusal_of_too_many_places_names_the_limits_from_the_code() {
        let limits = [("most", MAX_PLACES.into()), ("chars", MAX_PLACE_CHARS.into())];
        assert_eq!(
            words(Lang::ZhCn).too_many_places.format(&limits),
            "区域太多或名称太长（最多100个，每个最多60字）"
        );
        assert!(words(Lang::En).too_many_places.format(&limits).contains("at most 100, 60 characters each"));
    }
}
