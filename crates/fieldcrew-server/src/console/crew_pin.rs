//! Changing a crew's PIN. Revoking a lost phone stops its token, but whoever
//! holds it and knows the PIN could pair again: the dispatcher changes the
//! PIN too. Phones already paired keep working (their tokens stay valid).

use super::layout;
use super::session::{CheckedForm, ConsoleSession};
use crate::auth::hash_secret;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;

/// Long enough that 10 guesses a minute take years; digits, for a phone pad.
const PIN_DIGITS: std::ops::RangeInclusive<usize> = 6..=12;

pub fn form(session: &ConsoleSession, crew_code: &str) -> Markup {
    let t = session.lang.strings();
    html! {
        form.inline.crew-pin method="post" action={ "/console/crews/" (crew_code) "/pin" }
            data-testid={ "pin-form-" (crew_code) } {
            input type="hidden" name="csrf" value=(session.csrf);
            label { (t.new_pin) " "
                input type="password" name="pin" inputmode="numeric" autocomplete="new-password" required; }
            " "
            label { (t.new_pin_again) " "
                input type="password" name="pin_again" inputmode="numeric" autocomplete="new-password" required; }
            " "
            button type="submit" { (t.change_pin) }
            span.muted { " " (t.pin_rules) }
        }
    }
}

#[derive(Deserialize)]
pub struct PinForm {
    pin: String,
    pin_again: String,
}

fn acceptable(pin: &str) -> bool {
    PIN_DIGITS.contains(&pin.len()) && pin.bytes().all(|b| b.is_ascii_digit())
}

pub async fn change(
    State(state): State<AppState>,
    Path(code): Path<String>,
    CheckedForm { session, form }: CheckedForm<PinForm>,
) -> Response {
    let t = session.lang.strings();
    if form.pin != form.pin_again {
        return layout::message_page(session.lang, StatusCode::BAD_REQUEST, t.pin_mismatch);
    }
    if !acceptable(&form.pin) {
        return layout::message_page(session.lang, StatusCode::BAD_REQUEST, t.pin_rules);
    }
    let crew_code = code.clone();
    // argon2 is slow on purpose: hash on the blocking pool with the write.
    let changed = state
        .db(move |db| {
            let Some(mut crew) = db.crew(&crew_code)? else { return Ok(false) };
            crew.pin_hash = hash_secret(&form.pin);
            db.save_crew(&crew).map(|()| true)
        })
        .await;
    match changed {
        Ok(true) => {
            tracing::info!(by = %session.username, crew = %code, "crew PIN changed from the console");
            Redirect::to("/console/crews").into_response()
        }
        Ok(false) => layout::message_page(session.lang, StatusCode::NOT_FOUND, t.crew_not_found),
        Err(e) => e.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::acceptable;

    #[test]
    fn a_pin_is_six_to_twelve_digits() {
        assert!(acceptable("482913") && acceptable("123456789012"));
        assert!(
            !acceptable("1234") && !acceptable("1234567890123") && !acceptable("12345a") && !acceptable("")
        );
    }
}
