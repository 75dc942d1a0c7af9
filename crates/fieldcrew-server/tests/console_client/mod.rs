//! A browser-like client for the console: a cookie jar, no automatic
//! redirects (tests look at them), and the CSRF field read from pages.
#![allow(dead_code)]

use fieldcrew_server::test_support::TestServer;
use reqwest::cookie::{CookieStore, Jar};
use reqwest::redirect::Policy;
use reqwest::{Client, Response, StatusCode};
use std::sync::Arc;

pub struct Console {
    pub http: Client,
    pub base: String,
    jar: Arc<Jar>,
}

impl Console {
    pub fn new(server: &TestServer) -> Self {
        Self::at(&server.base_url)
    }

    /// A client of the server at `base` (a server process, not a `TestServer`).
    pub fn at(base: &str) -> Self {
        let jar = Arc::new(Jar::default());
        let http = Client::builder().cookie_provider(jar.clone()).redirect(Policy::none()).build().unwrap();
        Console { http, base: base.to_string(), jar }
    }

    /// A client already signed in as the demo dispatcher.
    pub async fn signed_in(server: &TestServer) -> Self {
        let console = Console::new(server);
        console.sign_in(&server.dispatcher.0, &server.dispatcher.1).await;
        console
    }

    /// Signs in through the form, which must succeed.
    pub async fn sign_in(&self, username: &str, password: &str) {
        let page = self.page("/console/login").await;
        let response = self
            .post(
                "/console/login",
                &[("csrf", csrf(&page).as_str()), ("username", username), ("password", password)],
            )
            .await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        assert_eq!(location(&response), "/console/board");
    }

    pub async fn get(&self, path: &str) -> Response {
        self.http.get(format!("{}{path}", self.base)).send().await.unwrap()
    }

    /// A page that must answer 200; its HTML.
    pub async fn page(&self, path: &str) -> String {
        let response = self.get(path).await;
        assert_eq!(response.status(), StatusCode::OK, "GET {path}");
        response.text().await.unwrap()
    }

    pub async fn post(&self, path: &str, form: &[(&str, &str)]) -> Response {
        self.http.post(format!("{}{path}", self.base)).form(form).send().await.unwrap()
    }

    /// The session token the browser holds.
    pub fn session_token(&self) -> String {
        let url = format!("{}/console/board", self.base).parse().unwrap();
        let cookies = self.jar.cookies(&url).expect("cookies");
        let cookies = cookies.to_str().unwrap();
        let start = cookies.find("fc_session=").expect("a session cookie") + "fc_session=".len();
        cookies[start..].split(';').next().unwrap().to_string()
    }

    /// The CSRF token of this session, from the board.
    pub async fn csrf(&self) -> String {
        csrf(&self.page("/console/board").await)
    }
}

/// The first hidden CSRF field's value in a page.
pub fn csrf(html: &str) -> String {
    let start = html.find(r#"name="csrf" value=""#).expect("a CSRF field") + r#"name="csrf" value=""#.len();
    html[start..].split('"').next().unwrap().to_string()
}

pub fn location(response: &Response) -> String {
    response.headers().get("location").expect("a redirect").to_str().unwrap().to_string()
}

/// The intake form of one caller's fault, as the console's page posts it.
pub fn intake_form<'a>(csrf: &'a str, phone: &'a str, house: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("csrf", csrf),
        ("reporter_name", "陈女士"),
        ("reporter_phone", phone),
        ("village_or_street", "东湖村二组"),
        ("house_number", house),
        ("fault_description", "整户停电，闻到焦味"),
        ("equipment", "meter"),
        ("area", "rural"),
        ("appointment_at", ""),
        ("lat", "30.5928"),
        ("lon", "114.3055"),
        ("safety_reminder", "1"),
        ("crew_code", ""),
    ]
}
