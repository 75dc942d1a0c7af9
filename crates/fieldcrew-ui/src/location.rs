//! Where the phone is, behind a trait: the webview's `navigator.geolocation`
//! in the app (Android's WebView asks for the permission itself), a fixed
//! position in tests.

use fieldcrew_core::Fix;
use std::future::Future;
use std::pin::Pin;

/// Why there is no position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NoFix {
    Denied,
    Unavailable(String),
}

pub type FixFuture = Pin<Box<dyn Future<Output = Result<Fix, NoFix>>>>;

pub trait Locator {
    /// The best fix within a few seconds.
    fn current_fix(&self) -> FixFuture;
}

/// `navigator.geolocation` through `document::eval`. The script catches
/// every error and returns it: JS that throws never completes on the Rust side.
#[derive(Clone, Copy, Debug, Default)]
pub struct WebviewLocator;

const GEOLOCATION_JS: &str = r#"
try {
  if (!navigator.geolocation) { return { error: "unavailable" }; }
  return await new Promise((resolve) => {
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ lat: p.coords.latitude, lon: p.coords.longitude, accuracy: p.coords.accuracy }),
      (e) => resolve({ error: e.code === 1 ? "denied" : (e.message || "unavailable") }),
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 10000 });
  });
} catch (e) { return { error: String(e) }; }
"#;

#[derive(serde::Deserialize)]
struct JsFix {
    lat: Option<f64>,
    lon: Option<f64>,
    accuracy: Option<f64>,
    error: Option<String>,
}

impl Locator for WebviewLocator {
    fn current_fix(&self) -> FixFuture {
        Box::pin(async {
            let answer = dioxus::document::eval(GEOLOCATION_JS)
                .join::<JsFix>()
                .await
                .map_err(|e| NoFix::Unavailable(e.to_string()))?;
            match answer {
                JsFix { lat: Some(lat), lon: Some(lon), accuracy: Some(accuracy_m), .. } => {
                    // The web API does not say whether a mock provider is on.
                    Ok(Fix { lat, lon, accuracy_m, mock: false })
                }
                JsFix { error: Some(e), .. } if e == "denied" => Err(NoFix::Denied),
                JsFix { error, .. } => Err(NoFix::Unavailable(error.unwrap_or_default())),
            }
        })
    }
}

/// Always answers with the same result: tests and the no-GPS desktop.
#[derive(Clone, Debug)]
pub struct FixedLocator(pub Result<Fix, NoFix>);

impl Locator for FixedLocator {
    fn current_fix(&self) -> FixFuture {
        let answer = self.0.clone();
        Box::pin(async move { answer })
    }
}
