//! Where the phone is, behind a trait: the webview's `navigator.geolocation`
//! in the app (Android's WebView asks for the permission itself), a fixed
//! position in tests.
//!
//! While an order is open the position is watched, so each step takes the
//! freshest fix at the moment of the tap rather than the one from when the
//! order was opened (a crew walks to the site with the order on screen).

use chrono::{DateTime, TimeZone, Utc};
use fieldcrew_core::Fix;
use std::future::Future;
use std::pin::Pin;

/// Why there is no position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NoFix {
    Denied,
    Unavailable(String),
}

/// A fix and when the location provider took it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Located {
    pub fix: Fix,
    pub at: DateTime<Utc>,
}

impl Located {
    /// Whole seconds between the fix and `now` (never negative).
    pub fn age_s(&self, now: DateTime<Utc>) -> i64 {
        (now - self.at).num_seconds().max(0)
    }
}

pub type FixFuture = Pin<Box<dyn Future<Output = Result<Located, NoFix>>>>;

pub trait Locator {
    /// A fresh fix (never a cached one) within a few seconds.
    fn current_fix(&self) -> FixFuture;
    /// Starts watching the position; each call of `next` on the watch
    /// answers the next update.
    fn watch(&self) -> Box<dyn PositionWatch>;
}

/// Position updates while an order is open. `stop` ends the watch (the GPS
/// is the battery's biggest drain on a cheap phone).
pub trait PositionWatch {
    fn next(&mut self) -> FixFuture;
    fn stop(&mut self);
}

/// `navigator.geolocation` through `document::eval`. The scripts catch
/// every error and report it: JS that throws never completes on the Rust side.
#[derive(Clone, Copy, Debug, Default)]
pub struct WebviewLocator;

const GEOLOCATION_JS: &str = r#"
try {
  if (!navigator.geolocation) { return { error: "unavailable" }; }
  return await new Promise((resolve) => {
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ lat: p.coords.latitude, lon: p.coords.longitude, accuracy: p.coords.accuracy, timestamp: p.timestamp }),
      (e) => resolve({ error: e.code === 1 ? "denied" : (e.message || "unavailable") }),
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 0 });
  });
} catch (e) { return { error: String(e) }; }
"#;

/// Sends every position update; a second watch replaces the first.
const WATCH_JS: &str = r#"
try {
  if (!navigator.geolocation) { dioxus.send({ error: "unavailable" }); return; }
  if (window.__fieldcrewWatch !== undefined) { navigator.geolocation.clearWatch(window.__fieldcrewWatch); }
  window.__fieldcrewWatch = navigator.geolocation.watchPosition(
    (p) => dioxus.send({ lat: p.coords.latitude, lon: p.coords.longitude, accuracy: p.coords.accuracy, timestamp: p.timestamp }),
    (e) => dioxus.send({ error: e.code === 1 ? "denied" : (e.message || "unavailable") }),
    { enableHighAccuracy: true, maximumAge: 0 });
  await new Promise(() => {});
} catch (e) { dioxus.send({ error: String(e) }); }
"#;

const STOP_WATCH_JS: &str = r#"
try {
  if (window.__fieldcrewWatch !== undefined) {
    navigator.geolocation.clearWatch(window.__fieldcrewWatch);
    window.__fieldcrewWatch = undefined;
  }
} catch (e) {}
return true;
"#;

#[derive(serde::Deserialize)]
struct JsFix {
    lat: Option<f64>,
    lon: Option<f64>,
    accuracy: Option<f64>,
    /// Milliseconds since the epoch when the provider took the fix.
    timestamp: Option<f64>,
    error: Option<String>,
}

impl JsFix {
    fn into_located(self) -> Result<Located, NoFix> {
        match self {
            JsFix { lat: Some(lat), lon: Some(lon), accuracy: Some(accuracy_m), timestamp, .. } => {
                let at = timestamp
                    .and_then(|ms| Utc.timestamp_millis_opt(ms as i64).single())
                    .unwrap_or_else(Utc::now);
                // The web API does not say whether a mock provider is on.
                Ok(Located { fix: Fix { lat, lon, accuracy_m, mock: false }, at })
            }
            JsFix { error: Some(e), .. } if e == "denied" => Err(NoFix::Denied),
            JsFix { error, .. } => Err(NoFix::Unavailable(error.unwrap_or_default())),
        }
    }
}

impl Locator for WebviewLocator {
    fn current_fix(&self) -> FixFuture {
        Box::pin(async {
            dioxus::document::eval(GEOLOCATION_JS)
                .join::<JsFix>()
                .await
                .map_err(|e| NoFix::Unavailable(e.to_string()))?
                .into_located()
        })
    }

    fn watch(&self) -> Box<dyn PositionWatch> {
        Box::new(WebviewWatch { eval: Some(dioxus::document::eval(WATCH_JS)) })
    }
}

struct WebviewWatch {
    eval: Option<dioxus::document::Eval>,
}

impl PositionWatch for WebviewWatch {
    fn next(&mut self) -> FixFuture {
        let eval = self.eval;
        Box::pin(async move {
            let Some(mut eval) = eval else { return Err(NoFix::Unavailable("stopped".into())) };
            eval.recv::<JsFix>().await.map_err(|e| NoFix::Unavailable(e.to_string()))?.into_located()
        })
    }

    fn stop(&mut self) {
        if self.eval.take().is_some() {
            let _ = dioxus::document::eval(STOP_WATCH_JS);
        }
    }
}

/// Always answers with the same result, taken "now": tests and the no-GPS
/// desktop. Its watch gives that answer once, then stays quiet.
#[derive(Clone, Debug)]
pub struct FixedLocator(pub Result<Fix, NoFix>);

impl FixedLocator {
    fn answer(&self) -> Result<Located, NoFix> {
        self.0.clone().map(|fix| Located { fix, at: Utc::now() })
    }
}

impl Locator for FixedLocator {
    fn current_fix(&self) -> FixFuture {
        let answer = self.answer();
        Box::pin(async move { answer })
    }

    fn watch(&self) -> Box<dyn PositionWatch> {
        Box::new(FixedWatch { first: Some(self.answer()) })
    }
}

struct FixedWatch {
    first: Option<Result<Located, NoFix>>,
}

impl PositionWatch for FixedWatch {
    fn next(&mut self) -> FixFuture {
        match self.first.take() {
            Some(answer) => Box::pin(async move { answer }),
            None => Box::pin(std::future::pending()),
        }
    }

    fn stop(&mut self) {}
}
