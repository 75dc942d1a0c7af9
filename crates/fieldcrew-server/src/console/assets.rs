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
.delivery { font-size: 12px; color: #555; margin-top: 2px; }
tr.undelivered td:first-child { box-shadow: inset 5px 0 #b3261e; }
.muted { color: #5f6b7a; font-size: 12px; }
.filters { margin-bottom: 12px; display: flex; gap: 8px; align-items: center; }
.message { padding: 10px 12px; background: #fde2e1; color: #8c1d18; border-radius: 4px; }
.notice { padding: 10px 12px; background: #fff3cd; border-radius: 4px; margin-bottom: 12px; }
.ok { padding: 10px 12px; background: #e6f4ea; border-radius: 4px; margin-bottom: 12px; }
/* 班组与设备: each crew a card, its area and PIN forms one line each. */
section.crew { background: #fff; padding: 8px 16px 12px; border-radius: 6px; margin: 16px 0; }
section.crew h2 { margin-top: 8px; }
section.crew form.crew-area, section.crew form.crew-pin { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 8px; margin: 8px 0; }
section.crew form.crew-area input[type=text], section.crew form.crew-area input:not([type]) { min-width: 360px; }
form.card, section.card { background: #fff; padding: 16px; border-radius: 6px; max-width: 760px; margin-bottom: 16px; }
form.card label { display: block; margin: 8px 0 2px; font-weight: 600; }
form.card input[type=text], form.card input[type=password], form.card input[type=tel], form.card input[type=datetime-local], form.card textarea, form.card select { width: 100%; padding: 5px 6px; font: inherit; border: 1px solid #8aa0b8; border-radius: 4px; }
form.card .row { display: flex; gap: 12px; }
form.card .row > div { flex: 1; min-width: 0; }
@media (max-width: 600px) { form.card .row { flex-direction: column; gap: 0; } }
.table-wrap { overflow-x: auto; }
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
#needs-action { background: #fff; border-left: 4px solid #b3261e; padding: 8px 12px; margin-bottom: 12px; border-radius: 4px; max-height: 40vh; overflow-y: auto; }
#needs-action h2 { margin: 0 0 6px; font-size: 15px; }
#needs-action .count { display: inline-block; min-width: 20px; padding: 0 6px; border-radius: 10px; background: #b3261e; color: #fff; text-align: center; font-size: 12px; }
table.needs-action td { padding: 4px 8px; }
td.need-kind { font-weight: 600; white-space: nowrap; color: #8c1d18; }
tr.fresh { animation: fresh-pulse 1.2s ease-in-out 3; background: #fff3cd; outline: 2px solid #e0a800; }
@keyframes fresh-pulse { 50% { background: #ffe08a; } }
.escalation { margin-top: 2px; font-size: 12px; color: #8c1d18; }
td.escalation-text { color: #8c1d18; }
input[type=search] { font: inherit; padding: 3px 6px; min-width: 260px; border: 1px solid #8aa0b8; border-radius: 4px; }
details.device summary { cursor: pointer; color: #5f6b7a; font-size: 12px; }
table.record { max-width: 760px; margin-bottom: 12px; }
"#;

/// Ticks the countdowns every second and merges the board's live fragment
/// every few seconds: rows are matched by `data-order` and replaced only
/// when their `data-version` changed, never while the dispatcher is using
/// them (focus inside, or a dropdown moved off its saved choice). New rows
/// appear, gone rows leave. A needs-action entry not seen before in this
/// tab is highlighted and beeps once.
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
  // A row is in use while focus is in it or any of its fields differs from
  // what the server sent (a crew picked but 派工 not pressed yet).
  function busy(row) {
    if (row.contains(document.activeElement)) return true;
    var fields = row.querySelectorAll("select, input, textarea");
    for (var i = 0; i < fields.length; i++) {
      var f = fields[i];
      if (f.tagName === "SELECT") {
        for (var j = 0; j < f.options.length; j++) if (f.options[j].selected !== f.options[j].defaultSelected) return true;
      } else if (f.type === "checkbox" || f.type === "radio") {
        if (f.checked !== f.defaultChecked) return true;
      } else if (f.value !== f.defaultValue) return true;
    }
    return false;
  }
  function mergeRows(tbody, fresh) {
    var old = {};
    Array.prototype.forEach.call(tbody.children, function (r) { old[r.getAttribute("data-order")] = r; });
    var wanted = {};
    var cursor = null;
    Array.prototype.slice.call(fresh.children).forEach(function (row) {
      var key = row.getAttribute("data-order");
      wanted[key] = true;
      var current = old[key];
      if (current && busy(current)) { cursor = current; return; }
      if (current && current.getAttribute("data-version") === row.getAttribute("data-version")) {
        row = current;
      } else if (current) {
        tbody.replaceChild(row, current);
      }
      var next = cursor ? cursor.nextSibling : tbody.firstChild;
      if (row !== next) tbody.insertBefore(row, next);
      cursor = row;
    });
    Object.keys(old).forEach(function (key) {
      if (!wanted[key] && !busy(old[key]) && old[key].parentNode === tbody) tbody.removeChild(old[key]);
    });
  }
  var SEEN = "fc_seen_needs";
  function seenKeys() {
    try { return JSON.parse(sessionStorage.getItem(SEEN) || "null"); } catch (e) { return null; }
  }
  function beep() {
    try {
      var Ctx = window.AudioContext || window.webkitAudioContext;
      if (!Ctx) return;
      var ctx = beep.ctx || (beep.ctx = new Ctx());
      var osc = ctx.createOscillator(), gain = ctx.createGain();
      osc.frequency.value = 880;
      gain.gain.setValueAtTime(0.2, ctx.currentTime);
      gain.gain.exponentialRampToValueAtTime(0.001, ctx.currentTime + 0.3);
      osc.connect(gain); gain.connect(ctx.destination);
      osc.start(); osc.stop(ctx.currentTime + 0.3);
      document.body.setAttribute("data-beeps", String(Number(document.body.getAttribute("data-beeps") || 0) + 1));
    } catch (e) {}
  }
  // Highlights entries this tab has not seen; the first visit of a tab only
  // remembers them, so opening the board does not ring for old news.
  function markNew(strip) {
    if (!strip) return;
    var seen = seenKeys(), first = seen === null, fresh = false;
    seen = seen || [];
    strip.querySelectorAll("[data-need]").forEach(function (el) {
      var key = el.getAttribute("data-need");
      if (seen.indexOf(key) < 0) {
        seen.push(key);
        if (!first) { el.classList.add("fresh"); fresh = true; }
      }
    });
    try { sessionStorage.setItem(SEEN, JSON.stringify(seen.slice(-500))); } catch (e) {}
    if (fresh) beep();
  }
  function refresh() {
    var live = document.getElementById("board-live");
    if (!live) return;
    fetch(live.getAttribute("data-src"), { credentials: "same-origin" }).then(function (r) {
      if (r.ok && r.headers.get("content-type").indexOf("text/html") === 0 && !r.redirected) return r.text();
      throw new Error("refresh failed");
    }).then(function (html) {
      var doc = new DOMParser().parseFromString(html, "text/html");
      var strip = doc.getElementById("needs-action"), rows = doc.getElementById("board-rows");
      var oldStrip = document.getElementById("needs-action");
      if (strip && oldStrip) {
        var stillFresh = {};
        oldStrip.querySelectorAll(".fresh[data-need]").forEach(function (el) { stillFresh[el.getAttribute("data-need")] = true; });
        strip.querySelectorAll("[data-need]").forEach(function (el) { if (stillFresh[el.getAttribute("data-need")]) el.classList.add("fresh"); });
        oldStrip.parentNode.replaceChild(document.importNode(strip, true), oldStrip);
        markNew(document.getElementById("needs-action"));
      }
      var tbody = document.getElementById("board-rows");
      if (rows && tbody) mergeRows(tbody, document.importNode(rows, true));
      var unchecked = doc.getElementById("unchecked-crews"), oldUnchecked = document.getElementById("unchecked-crews");
      if (unchecked && oldUnchecked) oldUnchecked.parentNode.replaceChild(document.importNode(unchecked, true), oldUnchecked);
      document.body.setAttribute("data-refreshed", String(Date.now()));
      tick();
    }).catch(function () {});
  }
  document.addEventListener("submit", function (e) {
    var question = e.target.getAttribute("data-confirm");
    if (question && !window.confirm(question)) e.preventDefault();
  });
  // A click on a highlighted entry acknowledges it.
  document.addEventListener("click", function (e) {
    var entry = e.target.closest && e.target.closest(".fresh[data-need]");
    if (entry) entry.classList.remove("fresh");
  });
  document.addEventListener("DOMContentLoaded", function () {
    tick();
    setInterval(tick, 1000);
    var live = document.getElementById("board-live");
    if (live) {
      markNew(document.getElementById("needs-action"));
      setInterval(refresh, Number(live.getAttribute("data-refresh-ms")) || 5000);
    }
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
