//! The console's stylesheet and script, served from the binary: the service
//! centre may have no internet, so nothing comes from a CDN.

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

const CSS: &str = r#"
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.5 "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif; color: #1d2733; background: #f3f5f8; }
header.top { display: flex; align-items: center; gap: 16px; padding: 8px 16px; background: #0b5394; color: #fff; }
header.top a, header.top button { color: #fff; }
header.top nav a { margin-right: 12px; text-decoration: none; font-weight: 600; }
.brand { font-size: 16px; }
.spacer { flex: 1; }
form.inline { display: inline; margin: 0; }
button { font: inherit; cursor: pointer; padding: 3px 10px; border: 1px solid #8aa0b8; border-radius: 4px; background: #fff; color: #1d2733; }
header.top button { background: transparent; border-color: #fff; }
button.primary { background: #0b5394; color: #fff; border-color: #0b5394; }
button.danger { color: #a61b1b; border-color: #a61b1b; }
main { padding: 16px; }
h1 { font-size: 20px; margin: 0 0 12px; }
h2 { font-size: 16px; margin: 20px 0 8px; }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { border-bottom: 1px solid #dde3ea; padding: 6px 8px; text-align: left; vertical-align: top; }
th { background: #e8edf3; font-weight: 600; white-space: nowrap; }
td.clock { white-space: nowrap; font-variant-numeric: tabular-nums; }
.on-time { color: #17663a; background: #e6f4ea; }
.at-risk { color: #7a4b00; background: #fff3cd; }
.breached { color: #fff; background: #b3261e; }
.breached .muted { color: #fff; font-weight: 600; }
.chip { display: inline-block; padding: 0 6px; border-radius: 8px; background: #e8edf3; margin: 1px 2px; font-size: 12px; }
.chip.warn { background: #fde2e1; color: #8c1d18; }
.muted { color: #5f6b7a; font-size: 12px; }
.filters { margin-bottom: 12px; display: flex; gap: 8px; align-items: center; }
.message { padding: 10px 12px; background: #fde2e1; color: #8c1d18; border-radius: 4px; }
.notice { padding: 10px 12px; background: #fff3cd; border-radius: 4px; margin-bottom: 12px; }
.ok { padding: 10px 12px; background: #e6f4ea; border-radius: 4px; margin-bottom: 12px; }
form.card, section.card { background: #fff; padding: 16px; border-radius: 6px; max-width: 760px; margin-bottom: 16px; }
form.card label { display: block; margin: 8px 0 2px; font-weight: 600; }
form.card input[type=text], form.card input[type=password], form.card input[type=tel], form.card input[type=datetime-local], form.card textarea, form.card select { width: 100%; padding: 5px 6px; font: inherit; border: 1px solid #8aa0b8; border-radius: 4px; }
form.card .row { display: flex; gap: 12px; }
form.card .row > div { flex: 1; }
form.card label.check { font-weight: 400; }
form.card .actions { margin-top: 14px; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; background: #fff; padding: 12px 16px; border-radius: 6px; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
.photos { display: flex; flex-wrap: wrap; gap: 8px; }
.photos figure { margin: 0; background: #fff; padding: 6px; border-radius: 4px; }
.photos img { max-width: 220px; max-height: 220px; display: block; }
img.signature { max-width: 360px; background: #fff; border: 1px solid #dde3ea; }
.valid { color: #17663a; font-weight: 600; }
.invalid { color: #b3261e; font-weight: 600; }
form.callback fieldset { display: inline-block; border: 0; padding: 0; margin: 0 12px 4px 0; }
form.callback legend { font-weight: 600; padding: 0; }
form.callback textarea { vertical-align: top; font: inherit; min-width: 180px; }
a.button { display: inline-block; padding: 3px 10px; border: 1px solid #0b5394; border-radius: 4px; background: #0b5394; color: #fff; text-decoration: none; }
table.report { max-width: 760px; margin-bottom: 12px; }
table.report td { font-variant-numeric: tabular-nums; }
.callback-rate strong { font-size: 20px; }
"#;

/// Ticks the countdowns every second and swaps in fresh board rows every
/// ten seconds; the server decides the colours on each refresh.
const JS: &str = r#"
(function () {
  function fmt(ms) {
    var s = Math.trunc(ms / 1000), sign = s < 0 ? "-" : "";
    s = Math.abs(s);
    var h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60, sec = s % 60;
    var mm = h > 0 && m < 10 ? "0" + m : "" + m;
    return sign + (h > 0 ? h + ":" : "") + mm + ":" + (sec < 10 ? "0" : "") + sec;
  }
  function tick() {
    var now = Date.now();
    document.querySelectorAll("[data-due]").forEach(function (el) {
      var left = Number(el.getAttribute("data-due")) - now;
      el.textContent = fmt(left);
      if (left < 0) { el.parentElement.classList.remove("on-time", "at-risk"); el.parentElement.classList.add("breached"); }
    });
  }
  function refresh() {
    var rows = document.getElementById("board-rows");
    if (!rows) return;
    fetch(rows.getAttribute("data-src"), { credentials: "same-origin" }).then(function (r) {
      if (r.ok && r.headers.get("content-type").indexOf("text/html") === 0 && !r.redirected) return r.text();
      throw new Error("refresh failed");
    }).then(function (html) { rows.innerHTML = html; tick(); }).catch(function () {});
  }
  document.addEventListener("submit", function (e) {
    var question = e.target.getAttribute("data-confirm");
    if (question && !window.confirm(question)) e.preventDefault();
  });
  document.addEventListener("DOMContentLoaded", function () {
    tick();
    setInterval(tick, 1000);
    if (document.getElementById("board-rows")) setInterval(refresh, 10000);
  });
})();
"#;

pub async fn css() -> Response {
    asset("text/css; charset=utf-8", CSS)
}

pub async fn js() -> Response {
    asset("text/javascript; charset=utf-8", JS)
}

fn asset(content_type: &'static str, body: &'static str) -> Response {
    let mut response = body.into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("max-age=300"));
    response
}
