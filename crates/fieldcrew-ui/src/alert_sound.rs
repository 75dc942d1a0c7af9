//! The sound and vibration of an order alert, in the webview: a short
//! two-tone beep through WebAudio and `navigator.vibrate` where the
//! platform has it (Android's WebView does; iOS and desktop ignore it).
//! Repeated by the app every `REPEAT` while a new order is not opened.

use dioxus::prelude::document;

/// How often an unopened new order sounds again.
pub const REPEAT: std::time::Duration = std::time::Duration::from_secs(30);

/// Never throws (a throwing eval never completes on the Rust side); counts
/// rings in `window.__fieldcrewAlertRings` so a browser test can see them.
const RING: &str = r#"
try {
  window.__fieldcrewAlertRings = (window.__fieldcrewAlertRings || 0) + 1;
  if (navigator.vibrate) { navigator.vibrate([400, 200, 400]); }
  const Ctx = window.AudioContext || window.webkitAudioContext;
  if (Ctx) {
    window.__fieldcrewAudio = window.__fieldcrewAudio || new Ctx();
    const ctx = window.__fieldcrewAudio;
    if (ctx.state === 'suspended') { ctx.resume().catch(() => {}); }
    [0, 0.3].forEach((at, i) => {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.frequency.value = i === 0 ? 880 : 1320;
      gain.gain.value = 0.3;
      osc.connect(gain); gain.connect(ctx.destination);
      osc.start(ctx.currentTime + at); osc.stop(ctx.currentTime + at + 0.2);
    });
  }
  return true;
} catch (e) { return String(e); }
"#;

/// Sounds and vibrates once.
pub fn ring() {
    let _ = document::eval(RING);
}
