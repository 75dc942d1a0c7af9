//! A request the console could not do answers a page in the dispatcher's
//! language, not the API's JSON: the handlers share the API's `ApiError`,
//! whose body a browser would show as raw text. The status and headers such
//! as `Retry-After` are kept, so scripts and tests still see a 507 or a 409.

use super::i18n::Lang;
use super::layout;
use axum::body::to_bytes;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use fieldcrew_protocol::error::ErrorBody;
use maud::html;

/// An error body is a line of JSON; anything longer is not ours to rewrite.
const MAX_ERROR_BODY: usize = 64 * 1024;

pub async fn as_pages(request: Request, next: Next) -> Response {
    let lang = Lang::from_headers(request.headers());
    let response = next.run(request).await;
    if !needs_page(&response) {
        return response;
    }
    let (parts, body) = response.into_parts();
    let detail = match to_bytes(body, MAX_ERROR_BODY).await {
        // An extractor's rejection (a malformed id or form) is plain text.
        Ok(bytes) => serde_json::from_slice::<ErrorBody>(&bytes).ok().or_else(|| {
            let text = String::from_utf8_lossy(&bytes).trim().to_string();
            (!text.is_empty()).then(|| ErrorBody { error: String::new(), message: text })
        }),
        Err(_) => None,
    };
    let mut page = page(lang, parts.status, detail.as_ref());
    for name in [header::RETRY_AFTER, header::SET_COOKIE, header::LOCATION] {
        for value in parts.headers.get_all(&name) {
            page.headers_mut().append(name.clone(), value.clone());
        }
    }
    page
}

/// An error answered as JSON or with no body at all; pages the console
/// rendered itself (a wrong password, an expired form) stay as they are.
fn needs_page(response: &Response) -> bool {
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return false;
    }
    match response.headers().get(header::CONTENT_TYPE).map(HeaderValue::to_str) {
        None => true,
        Some(Ok(kind)) => kind.starts_with("application/json") || kind.starts_with("text/plain"),
        Some(Err(_)) => false,
    }
}

fn page(lang: Lang, status: StatusCode, detail: Option<&ErrorBody>) -> Response {
    let t = lang.errors();
    let code = detail.map(|d| d.error.as_str()).unwrap_or_default();
    let lead = match (status, code) {
        (StatusCode::INSUFFICIENT_STORAGE, _) | (_, "storage_full") => t.storage_full,
        (_, "media_store_unavailable") => lang.media().media_store_unavailable,
        (_, "media_store_failed") => lang.media().media_store_failed,
        (StatusCode::TOO_MANY_REQUESTS, _) => t.rate_limited,
        (StatusCode::NOT_FOUND, _) => t.not_found,
        (StatusCode::CONFLICT, _) => t.conflict,
        (s, _) if s.is_server_error() => t.internal,
        _ => t.refused,
    };
    let body = html! {
        div.card {
            h1 { (t.error_title) }
            p.message { (lead) }
            @if let Some(detail) = detail {
                p.detail { (t.detail) " " (detail.message) }
            }
            p { a href="/console/board" { (t.back_to_board) } }
        }
    };
    layout::page_with_status(lang, None, t.error_title, status, body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;

    async fn text(response: Response) -> String {
        String::from_utf8(to_bytes(response.into_body(), usize::MAX).await.unwrap().to_vec()).unwrap()
    }

    #[tokio::test]
    async fn a_full_disk_is_said_in_chinese_with_the_detail_underneath() {
        let detail =
            ErrorBody { error: "storage_full".into(), message: "the server's storage is full".into() };
        let response = page(Lang::ZhCn, StatusCode::INSUFFICIENT_STORAGE, Some(&detail));
        assert_eq!(response.status(), StatusCode::INSUFFICIENT_STORAGE);
        let html = text(response).await;
        assert!(html.contains("服务器存储已满"), "{html}");
        assert!(
            html.contains("the server&#39;s storage is full")
                || html.contains("the server's storage is full")
        );
        assert!(html.contains("/console/board"));
    }

    #[test]
    fn only_bare_or_json_errors_become_pages() {
        let json = Response::builder()
            .status(409)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::empty())
            .unwrap();
        assert!(needs_page(&json));
        let bare = Response::builder().status(500).body(Body::empty()).unwrap();
        assert!(needs_page(&bare));
        let own_page = Response::builder()
            .status(401)
            .header(header::CONTENT_TYPE, "text/html; charset=utf-8")
            .body(Body::empty())
            .unwrap();
        assert!(!needs_page(&own_page));
        let fine = Response::builder()
            .status(200)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::empty())
            .unwrap();
        assert!(!needs_page(&fine));
    }
}
