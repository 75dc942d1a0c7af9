// Issue #15, the console half of the live dispatch loop, in headless
// Chromium against the demo server: the board keeps a half-made crew choice
// across live updates (a real pointer click on 派工 then sends the order to
// that crew, checked through the API); a new order appears in the
// needs-action strip with its clock, highlighted and beeping; an escalation
// from a simulated phone (fieldcrew-device-sim) shows on the board row with
// its text; a repeat call attaches to the open order; the report's 3-minute
// notify rate and the CSV's new columns. Run by scripts/e2e.sh (E2E_*).
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { consolePage, dispatcherToken, getJson } from './server_checks.mjs';

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (run scripts/e2e.sh)`);
  return value;
};
const SERVER = env('E2E_SERVER');
const SHOTS = env('E2E_SCREENSHOTS');
const DEVICE_SIM = env('E2E_DEVICE_SIM');
const CREW = { code: 'CREW-2', pin: '5678' };
const SITE = { lat: 30.61, lon: 114.32 };
// The board's live update period (data-refresh-ms on the page).
const REFRESH_MS = 5000;

const step = (text) => console.log(`console live e2e: ${text}`);
// The demo board is long: the board's states are shot as the screen shows
// them (with the row in question scrolled into view), other pages whole.
const shot = (page, name, fullPage = true) =>
  page.screenshot({ path: join(SHOTS, `console-live-${name}.png`), fullPage });

/// An order taken through the API, as another dispatcher's desk would.
async function apiOrder(token, run, suffix, reportedAgoS = 0) {
  const res = await fetch(`${SERVER}/v1/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      reporter_name: `赵${suffix}`,
      reporter_phone: `137${run}${suffix}`.slice(0, 11),
      address: { village_or_street: `实时村${run}-${suffix}`, house_number: '8号' },
      fault_description: '台区停电',
      equipment: 'line',
      area: { class: 'rural' },
      site: SITE,
      reported_at: new Date(Date.now() - reportedAgoS * 1000).toISOString(),
    }),
  });
  if (res.status !== 201) throw new Error(`POST /v1/orders: HTTP ${res.status} ${await res.text()}`);
  return res.json();
}

const row = (page, id) => page.locator(`#board-rows tr[data-order="${id}"]`);
const need = (page, kind, id) => page.locator(`#needs-action tr[data-need="${kind}:${id}"]`);

/// Waits until the board's script has merged at least `n` more live updates.
async function waitRefreshes(page, n) {
  const start = Number((await page.locator('body').getAttribute('data-refreshed')) || 0);
  await page.waitForFunction(({ start, n, period }) => {
    const at = Number(document.body.getAttribute('data-refreshed') || 0);
    window.__fcRefreshes = window.__fcRefreshes || [];
    if (at && !window.__fcRefreshes.includes(at)) window.__fcRefreshes.push(at);
    return window.__fcRefreshes.filter((t) => t > start).length >= n;
  }, { start, n, period: REFRESH_MS }, { timeout: REFRESH_MS * (n + 2), polling: 200 });
}

async function halfMadeChoiceSurvives(page, token, run) {
  step('board open; a new order arrives through the API');
  await page.goto(`${SERVER}/console/board`);
  // Called in 2 min 55 s ago: its notify clock runs out while the choice
  // waits, so the server's row changes under the dropdown.
  const first = await apiOrder(token, run, '1', 175);
  await need(page, 'unassigned', first.id).waitFor({ timeout: REFRESH_MS * 3 });
  const entry = need(page, 'unassigned', first.id);
  if (!(await entry.getAttribute('class'))?.includes('fresh')) throw new Error('the new strip entry is not highlighted');
  const clock = await entry.locator('[data-due]').innerText();
  if (!/^-?\d+:\d\d$/.test(clock.trim())) throw new Error(`the strip's notify clock reads "${clock}"`);
  const beeps = Number((await page.locator('body').getAttribute('data-beeps')) || 0);
  if (beeps < 1) throw new Error('no beep for the new entry');
  await row(page, first.id).waitFor();
  await shot(page, 'new-in-strip', false);

  step(`pick ${CREW.code} in the row's dropdown, leave it unsent across live updates`);
  const select = row(page, first.id).locator('select[name=crew_code]');
  await select.selectOption(CREW.code);
  // Focus elsewhere, so only the changed choice protects the row.
  await page.locator('h1').click();
  // Another order arrives meanwhile: the updates really change the board.
  const second = await apiOrder(token, run, '2');
  await waitRefreshes(page, 2);
  await row(page, second.id).waitFor();
  // The server's row is newer than the one kept on screen: an update was
  // held back for the row in use, not merely absent.
  await page.waitForFunction(async (id) => {
    const html = await fetch('/console/board/live').then((r) => r.text());
    const fresh = new DOMParser().parseFromString(html, 'text/html').querySelector(`#board-rows tr[data-order="${id}"]`);
    const shown = document.querySelector(`#board-rows tr[data-order="${id}"]`);
    return fresh && shown && fresh.getAttribute('data-version') !== shown.getAttribute('data-version');
  }, first.id, { timeout: 20_000, polling: 1000 });
  await waitRefreshes(page, 1);
  const kept = await select.inputValue();
  if (kept !== CREW.code) throw new Error(`the dropdown went back to ${kept} after the live updates`);
  await row(page, first.id).scrollIntoViewIfNeeded();
  await shot(page, 'choice-kept', false);

  step('a real click on 派工');
  await Promise.all([
    page.waitForNavigation({ url: '**/console/board' }),
    row(page, first.id).getByRole('button', { name: '派工', exact: true }).click(),
  ]);
  const stored = await getJson(SERVER, token, `/v1/orders/${first.id}`);
  const crew = stored.order?.assigned_crew ?? stored.assigned_crew;
  if (crew !== CREW.code) throw new Error(`the server gave the order to ${crew}, not ${CREW.code}`);
  if (await need(page, 'unassigned', first.id).count()) throw new Error('the assigned order is still in the strip as unassigned');
  return { first, second };
}

async function escalationShows(page, order, phoneDir) {
  step('the crew\'s phone escalates; the board shows it without a reload');
  await page.goto(`${SERVER}/console/board`);
  execFileSync(DEVICE_SIM, [
    '--server', SERVER, '--data', phoneDir, '--crew', CREW.code, '--pin', CREW.pin, '--order', order.number,
    '--at', `${SITE.lat},${SITE.lon},10`, 'acknowledged', 'departed', 'arrived', 'escalated:配变烧毁，需抢修队支援',
  ], { encoding: 'utf8' });
  const escalation = row(page, order.id).locator('[data-testid=row-escalation]');
  await escalation.waitFor({ timeout: REFRESH_MS * 3 });
  const text = await escalation.innerText();
  if (!text.includes('配变烧毁，需抢修队支援')) throw new Error(`the board row reads "${text}"`);
  const entry = need(page, 'escalated', order.id);
  await entry.waitFor();
  if (!(await entry.innerText()).includes('配变烧毁')) throw new Error('the strip entry lacks the escalation text');
  await shot(page, 'escalation', false);
  await row(page, order.id).scrollIntoViewIfNeeded();
  await shot(page, 'escalation-row', false);
}

async function repeatCallAttaches(page, order) {
  step('a second caller about the same house: attach instead of a new order');
  await page.goto(`${SERVER}/console/intake`);
  await page.fill('#reporter_name', '钱先生');
  await page.fill('#reporter_phone', order.reporter_phone);
  await page.fill('#village_or_street', order.address.village_or_street);
  await page.fill('#house_number', order.address.house_number);
  await page.fill('#fault_description', '邻居家也停电了，什么时候来？');
  await page.check('input[name=safety_reminder]');
  await page.click('#intake button.primary');
  await page.locator('#repeat-report').waitFor();
  await shot(page, 'repeat-warning');
  await Promise.all([
    page.waitForURL(`**/console/orders/${order.id}*`),
    page.locator(`[data-testid="attach-${order.number}"] button`).click(),
  ]);
  const followUp = page.locator('[data-testid=follow-up]');
  await followUp.waitFor();
  const text = await followUp.innerText();
  if (!text.includes('钱先生') || !text.includes('什么时候来')) throw new Error(`follow-up row reads "${text}"`);
  const facts = await page.locator('dl.facts').first().innerText();
  if (!facts.includes(order.reporter_name)) throw new Error('the first caller is gone from the order');
  const history = await page.locator('[data-testid=assignment-history]').innerText();
  if (!history.includes(CREW.code) || !history.includes('dispatcher')) throw new Error(`assignment history reads "${history}"`);
  await shot(page, 'order-record');
}

async function searchFinds(page, order) {
  step('search by the caller\'s phone');
  await page.goto(`${SERVER}/console/board`);
  await page.fill('input[name=q]', order.reporter_phone);
  await Promise.all([page.waitForURL('**/console/board?*'), page.getByRole('button', { name: '筛选' }).click()]);
  await row(page, order.id).waitFor();
  const shown = await page.locator('#board-rows tr[data-order]').count();
  if (shown !== 1) throw new Error(`search by phone shows ${shown} rows`);
  await shot(page, 'search', false);
}

async function callbackKeepsNote(page, order, phoneDir) {
  step('power restored; a call-back marked reached without a rating keeps its note');
  execFileSync(DEVICE_SIM, [
    '--server', SERVER, '--data', phoneDir, '--crew', CREW.code, '--pin', CREW.pin, '--order', order.number,
    '--at', `${SITE.lat},${SITE.lon},10`, 'restored',
  ], { encoding: 'utf8' });
  await page.goto(`${SERVER}/console/orders/${order.id}`);
  const form = page.locator(`[data-testid="callback-form-${order.number}"]`);
  await form.locator('input[name=reached][value=yes]').check();
  const note = '客户说晚上又跳闸一次，请再看看';
  await form.locator('textarea[name=note]').fill(note);
  await form.locator(`[data-testid="callback-submit-${order.number}"]`).click();
  await page.locator('[data-testid=callback-message]').waitFor();
  const kept = await page.locator('textarea[name=note]').inputValue();
  if (kept !== note) throw new Error(`the note came back as "${kept}"`);
  if (!(await page.locator('input[name=reached][value=yes]').isChecked())) throw new Error('the reached choice was lost');
  await shot(page, 'callback-kept');
}

async function reportAndCsv(page) {
  step('report: the 3-minute notify rate; CSV: the record\'s columns');
  await page.goto(`${SERVER}/console/reports`);
  const notify = page.locator('[data-testid=report-notify]');
  await notify.waitFor();
  const rate = await notify.locator('td.rate').innerText();
  if (!/%|—/.test(rate)) throw new Error(`notify rate reads "${rate}"`);
  await shot(page, 'report');
  const csv = await page.evaluate(() => fetch('/console/reports.csv').then((r) => r.text()));
  const header = csv.split('\r\n').find((line) => line.startsWith('工单号'));
  for (const column of ['受理人', '首次通知时间', '3分钟通知', '派工记录', '结单时间', '负责人', '重复来电']) {
    if (!header?.split(',').includes(column)) throw new Error(`CSV lacks ${column}: ${header}`);
  }
  if (!csv.includes('3分钟内通知班组')) throw new Error('CSV summary lacks the notify rate');
}

async function main() {
  const run = String(Date.now()).slice(-6);
  const phoneDir = mkdtempSync(join(tmpdir(), 'fieldcrew-live-phone-'));
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--autoplay-policy=no-user-gesture-required'],
  });
  try {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
    const page = await consolePage(context, SERVER);
    const token = await dispatcherToken(SERVER);
    const { first } = await halfMadeChoiceSurvives(page, token, run);
    await escalationShows(page, first, phoneDir);
    await repeatCallAttaches(page, first);
    await searchFinds(page, first);
    await callbackKeepsNote(page, first, phoneDir);
    await reportAndCsv(page);
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
