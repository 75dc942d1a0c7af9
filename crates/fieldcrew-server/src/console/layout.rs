//! The page frame every console page shares, the security headers, and the
//! small formatting helpers (times in UTC+8, countdowns).

use super::i18n::Lang;
use super::session::ConsoleSession;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Duration, Utc};
use fieldcrew_domain::sla::to_local;
use maud::{DOCTYPE, Markup, html};

/// Only our own assets, no framing, forms only to ourselves.
const CSP: &str = "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; \
                   connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// A console page with the frame and the headers every page carries.
pub fn page(lang: Lang, session: Option<&ConsoleSession>, title: &str, body: Markup) -> Response {
    page_with_status(lang, session, title, StatusCode::OK, body)
}

pub fn page_with_status(
    lang: Lang,
    session: Option<&ConsoleSession>,
    title: &str,
    status: StatusCode,
    body: Markup,
) -> Response {
    let t = lang.strings();
    let other = match lang {
        Lang::ZhCn => Lang::En,
        Lang::En => Lang::ZhCn,
    };
    let markup = html! {
        (DOCTYPE)
        html lang=(lang.tag()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · " (t.console_title) }
                link rel="stylesheet" href="/console/assets/console.css";
                script src="/console/assets/console.js" defer {}
            }
            body {
                header.top {
                    strong.brand { (t.console_title) }
                    @if session.is_some() {
                        nav {
                            a href="/console/board" { (t.nav_board) }
                            a href="/console/intake" { (t.nav_intake) }
                            a href="/console/complaints" data-testid="nav-complaints" { (lang.routine().nav_complaints) }
                            a href="/console/outages" data-testid="nav-outages" { (lang.routine().nav_outages) }
                            a href="/console/handovers" data-testid="nav-handovers" { (lang.handover().hol_nav) }
                            a href="/console/callbacks" data-testid="nav-callbacks" { (lang.follow_up().nav_callbacks) }
                            a href="/console/reports" data-testid="nav-reports" { (lang.follow_up().nav_reports) }
                            a href="/console/crews" { (t.nav_crews) }
                        }
                    }
                    span.spacer {}
                    // `other_language` is each catalogue's name for the other one.
                    a.lang href={ "/console/lang/" (other.code()) } { (t.other_language) }
                    @if let Some(session) = session {
                        span.user { (t.signed_in_as) " " (session.username) }
                        form.inline method="post" action="/console/logout" {
                            input type="hidden" name="csrf" value=(session.csrf);
                            button type="submit" { (t.sign_out) }
                        }
                    }
                }
                main { (body) }
            }
        }
    };
    with_headers(status, markup.into_string())
}

/// A page saying one thing (refusals, missing orders).
pub fn message_page(lang: Lang, status: StatusCode, message: &str) -> Response {
    page_with_status(lang, None, message, status, html! { p.message { (message) } })
}

/// HTML with the console's security headers; nothing is cached because
/// every page shows live state or a per-session token.
pub fn with_headers(status: StatusCode, html: String) -> Response {
    let mut response = (status, html).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    response
}

/// `2026-05-01 14:03:07` in UTC+8.
pub fn local_time(t: DateTime<Utc>) -> String {
    to_local(t).format("%Y-%m-%d %H:%M:%S").to_string()
}

/// `local_time`, or `absent` for a step not taken (`—` on a page, empty in a CSV).
pub fn local_time_or(t: Option<DateTime<Utc>>, absent: &str) -> String {
    t.map_or_else(|| absent.to_string(), local_time)
}

/// `14:03` in UTC+8.
pub fn local_hm(t: DateTime<Utc>) -> String {
    to_local(t).format("%H:%M").to_string()
}

/// Time left as `m:ss` or `h:mm:ss`, with a minus sign once overdue. The
/// board's script formats the same way.
pub fn countdown(left: Duration) -> String {
    let total = left.num_seconds();
    let sign = if total < 0 { "-" } else { "" };
    let s = total.unsigned_abs();
    let (h, m, sec) = (s / 3600, (s / 60) % 60, s % 60);
    if h > 0 { format!("{sign}{h}:{m:02}:{sec:02}") } else { format!("{sign}{m}:{sec:02}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countdowns_read_like_a_clock() {
        assert_eq!(countdown(Duration::seconds(125)), "2:05");
        assert_eq!(countdown(Duration::seconds(3 * 3600 + 61)), "3:01:01");
        assert_eq!(countdown(Duration::seconds(-30)), "-0:30");
    }

    #[test]
    fn times_show_in_china_time() {
        let t = DateTime::parse_from_rfc3339("2026-05-01T06:03:07Z").unwrap().to_utc();
        assert_eq!(local_time(t), "2026-05-01 14:03:07");
        assert_eq!(local_hm(t), "14:03");
    }
}
