// Issue #6, end to end: the dispatcher console in headless Chromium. Sign in
// → intake → assign → a crew phone (fieldcrew-device-sim: the real device
// store and sync client) syncs arrival and restoration through the real API
// with a wrong clock → the board and the order page show the corrected
// times. Run by scripts/e2e.sh, which starts the demo server and sets E2E_*.
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DISPATCHER } from './server_checks.mjs';
import { callbackAndReport } from './console_callback_report.mjs';

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (run scripts/e2e.sh)`);
  return value;
};
const SERVER = env('E2E_SERVER');
const SHOTS = env('E2E_SCREENSHOTS');
const DEVICE_SIM = env('E2E_DEVICE_SIM');
const CREW = { code: 'CREW-2', pin: '5678' };
// The phone's clock runs seven minutes slow; the server must correct it.
const CLOCK_SKEW_S = -420;
const SITE = { lat: 30.6001, lon: 114.3102 };

const step = (text) => console.log(`console e2e: ${text}`);
const shot = (page, name) => page.screenshot({ path: join(SHOTS, `console-${name}.png`), fullPage: true });

/// `2026-11-22 14:03:07` in UTC+8, as the console prints times.
const localTime = (date) => new Date(date.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
const fromLocal = (text) => new Date(`${text.replace(' ', 'T')}+08:00`);

async function signIn(page) {
  step('anonymous visitors are sent to sign in');
  await page.goto(`${SERVER}/console/board`);
  await page.waitForURL('**/console/login');
  await page.fill('#password', 'wrong password');
  await page.fill('#username', DISPATCHER.username);
  await page.click('button.primary');
  await page.waitForURL('**/console/login');
  await page.fill('#username', DISPATCHER.username);
  await page.fill('#password', DISPATCHER.password);
  await page.click('button.primary');
  await page.waitForURL('**/console/board');
}

/// Takes a call and returns the new order's number.
async function intake(page, run) {
  step('intake: a new call about a line fault');
  await page.goto(`${SERVER}/console/intake`);
  await page.fill('#reporter_name', '陈秀英');
  await page.fill('#reporter_phone', `139${run}`);
  await page.fill('#village_or_street', `测试村${run}组`);
  await page.fill('#house_number', '12号');
  await page.fill('#fault_description', '整排房屋停电，电杆旁有焦味');
  await page.selectOption('#equipment', 'line');
  await page.selectOption('#area', 'rural');
  await page.fill('input[name=lat]', String(SITE.lat));
  await page.fill('input[name=lon]', String(SITE.lon));
  await page.check('input[name=safety_reminder]');
  await page.click('#intake button.primary');
  await page.waitForURL('**/console/orders/*');
  const heading = await page.locator('h1').innerText();
  const number = heading.trim().split(/\s+/).pop();
  if (!number) throw new Error(`no order number in "${heading}"`);
  return number;
}

function boardRow(page, number) {
  return page.locator('tr[data-order]', { has: page.getByRole('link', { name: number, exact: true }) });
}

async function assign(page, number) {
  step(`board: assign ${number} to ${CREW.code}`);
  await page.goto(`${SERVER}/console/board`);
  const row = boardRow(page, number);
  await row.waitFor();
  const id = await row.getAttribute('data-order');
  // The board replaces its rows every ten seconds, and a fresh row's select
  // starts at the first crew; so the crew is chosen and the form submitted in
  // one go in the page, on the row as it is then. The form returns to
  // /console/board, the URL already open, where waitForURL would not wait.
  await Promise.all([
    page.waitForNavigation({ url: '**/console/board' }),
    page.evaluate(({ id, crew }) => {
      const form = document.querySelector(`#board-rows tr[data-order="${id}"] form[action$="/assign"]`);
      if (!form) throw new Error(`no assign form for order ${id} on the board`);
      form.crew_code.value = crew;
      if (form.crew_code.value !== crew) throw new Error(`${crew} is not among the board's crews`);
      form.requestSubmit();
    }, { id, crew: CREW.code }),
  ]);
  // Columns: number, reported, address, fault, crew, ... (the actions column's
  // select lists every crew, so only the crew column says who has the order).
  const crew = (await boardRow(page, number).locator('td').nth(4).innerText()).trim();
  if (crew !== CREW.code) throw new Error(`board: ${number} is assigned to "${crew}", not ${CREW.code}`);
}

/// The crew's phone: pulls the order, records the steps, syncs. Returns the
/// recorded events with the phone's (wrong) and the true times.
function phoneRecords(number, dataDir) {
  step(`phone of ${CREW.code}: acknowledged, departed, arrived, restored; clock ${CLOCK_SKEW_S} s off`);
  const out = execFileSync(DEVICE_SIM, [
    '--server', SERVER, '--data', dataDir, '--crew', CREW.code, '--pin', CREW.pin, '--order', number,
    '--at', `${SITE.lat + 0.0002},${SITE.lon},12`, '--clock-skew-s', String(CLOCK_SKEW_S),
    'acknowledged', 'departed', 'arrived', 'restored',
  ], { encoding: 'utf8' });
  const events = out.trim().split('\n').map((line) => JSON.parse(line));
  return Object.fromEntries(events.map((e) => [e.type, { device: new Date(e.device_time), truth: new Date(e.true_time) }]));
}

/// The board's "done at HH:MM" for a clock, allowing the corrected time to
/// fall a few seconds either side of a minute boundary.
function expectDoneAt(cellText, truth, what) {
  const hm = (d) => localTime(d).slice(11, 16);
  const allowed = new Set([hm(new Date(truth.getTime() - 5000)), hm(new Date(truth.getTime() + 5000))]);
  if (![...allowed].some((t) => cellText.includes(t))) {
    throw new Error(`board ${what}: "${cellText}" does not show ${[...allowed].join(' or ')}`);
  }
}

async function boardShowsRestored(page, number, times) {
  step('board: the order shows restored with the corrected arrival and restoration times');
  await page.goto(`${SERVER}/console/board`);
  const row = boardRow(page, number);
  await row.locator('td', { hasText: '已送电' }).waitFor();
  const cells = row.locator('td');
  // Columns: number, reported, address, fault, crew, status, notify, arrive, restore, actions.
  expectDoneAt(await cells.nth(7).innerText(), times.arrived.truth, 'arrival');
  expectDoneAt(await cells.nth(8).innerText(), times.restored.truth, 'restoration');
  await shot(page, 'board');
}

async function orderPageShowsBothTimes(page, number, times) {
  step('order page: corrected time next to the phone\'s own time');
  await boardRow(page, number).getByRole('link', { name: number, exact: true }).click();
  await page.waitForURL('**/console/orders/*');
  const arrived = page.locator('table.timeline tr[data-event]', { hasText: '到达现场' });
  const corrected = fromLocal((await arrived.locator('td.corrected').innerText()).trim());
  const raw = (await arrived.locator('td.raw').innerText()).trim().slice(0, 19);
  const error = Math.abs(corrected - times.arrived.truth) / 1000;
  if (error > 5) throw new Error(`corrected arrival ${localTime(corrected)} is ${error}s from the truth ${localTime(times.arrived.truth)}`);
  if (raw !== localTime(times.arrived.device)) throw new Error(`raw arrival "${raw}", phone said ${localTime(times.arrived.device)}`);
  await shot(page, 'order');
}

async function main() {
  const run = String(Date.now()).slice(-8);
  const phoneDir = mkdtempSync(join(tmpdir(), 'fieldcrew-console-phone-'));
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const context = await browser.newContext({ locale: 'zh-CN', acceptDownloads: true, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signIn(page);
    const number = await intake(page, run);
    await assign(page, number);
    const times = phoneRecords(number, phoneDir);
    await boardShowsRestored(page, number, times);
    await orderPageShowsBothTimes(page, number, times);
    await callbackAndReport(page, { server: SERVER, number, times, shot, step });
    step('passed');
  } finally {
    await browser.close();
    rmSync(phoneDir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
