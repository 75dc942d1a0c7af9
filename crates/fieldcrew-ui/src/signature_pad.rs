//! The signature pad: drawn entirely in JS with pointer events (a round trip
//! to Rust per point would lag), strokes read back once when the customer
//! confirms. Points are normalised to the pad (0..1) with times relative to
//! the first touch.

use fieldcrew_media::Stroke;

/// The canvas element's id.
pub const PAD_ID: &str = "signature-pad";

const INSTALL_JS: &str = r#"
try {
  const c = document.getElementById('signature-pad');
  if (!c) { return 'no pad'; }
  if (c.__fieldcrew) { return 'ok'; }
  c.__fieldcrew = true;
  const ratio = window.devicePixelRatio || 1;
  c.width = c.clientWidth * ratio; c.height = c.clientHeight * ratio;
  const ctx = c.getContext('2d');
  ctx.lineWidth = 3 * ratio; ctx.lineCap = 'round'; ctx.lineJoin = 'round'; ctx.strokeStyle = '#102040';
  window.__fieldcrewStrokes = [];
  let current = null, t0 = null;
  const clamp = (v) => Math.min(1, Math.max(0, v));
  const add = (e) => {
    const r = c.getBoundingClientRect();
    const p = { x: clamp((e.clientX - r.left) / r.width), y: clamp((e.clientY - r.top) / r.height),
                t_ms: Math.round(performance.now() - t0), pressure: e.pointerType === 'mouse' ? null : e.pressure };
    const prev = current[current.length - 1];
    current.push(p);
    if (prev) {
      ctx.beginPath(); ctx.moveTo(prev.x * c.width, prev.y * c.height);
      ctx.lineTo(p.x * c.width, p.y * c.height); ctx.stroke();
    }
  };
  c.addEventListener('pointerdown', (e) => {
    e.preventDefault(); c.setPointerCapture(e.pointerId);
    if (t0 === null) { t0 = performance.now(); }
    current = []; window.__fieldcrewStrokes.push(current); add(e);
  });
  c.addEventListener('pointermove', (e) => { if (current) { add(e); } });
  const end = () => { current = null; };
  c.addEventListener('pointerup', end); c.addEventListener('pointercancel', end);
  return 'ok';
} catch (e) { return String(e); }
"#;

const READ_JS: &str = r#"
try {
  return (window.__fieldcrewStrokes || []).filter((s) => s.length > 0).map((s) => ({ points: s }));
} catch (e) { return []; }
"#;

const CLEAR_JS: &str = r#"
try {
  const c = document.getElementById('signature-pad');
  window.__fieldcrewStrokes = [];
  if (c) { c.getContext('2d').clearRect(0, 0, c.width, c.height); }
  return true;
} catch (e) { return false; }
"#;

/// Sets up drawing on the pad once it is in the page.
pub async fn install() {
    let _ = dioxus::document::eval(INSTALL_JS).join::<String>().await;
}

/// The strokes drawn so far.
pub async fn read() -> Vec<Stroke> {
    dioxus::document::eval(READ_JS).join::<Vec<Stroke>>().await.unwrap_or_default()
}

pub async fn clear() {
    let _ = dioxus::document::eval(CLEAR_JS).join::<bool>().await;
}
