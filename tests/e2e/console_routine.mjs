// Issue #17, the console side of the station's routine, in headless Chromium
// against the demo server: a complaint (投诉) taken from intake's call-type
// choice shows on the list with its answer deadline counting down and is
// answered there; a planned outage (计划停电) recorded with short notice is
// flagged, then a caller from one of its villages is matched at intake and
// answered by the outage without an order; the report shows the complaint
// tally. Screenshots at 1280 px and 360 px. Run by scripts/e2e.sh (E2E_*).
import { chromium } from 'playwright-core';
import { join } from 'node:path';
import { consolePage } from './server_checks.mjs';

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (run scripts/e2e.sh)`);
  return value;
};
const SERVER = env('E2E_SERVER');
const SHOTS = env('E2E_SCREENSHOTS');

const step = (text) => console.log(`console routine e2e: ${text}`);
const shot = (page, name) => page.screenshot({ path: join(SHOTS, `console-routine-${name}.png`), fullPage: true });

/// `datetime-local` text for a moment, in China time (UTC+8).
const chinaLocal = (ms) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 16);

async function complaintWithDeadline(page, run) {
  step('intake offers the complaint form; a complaint is taken');
  await page.goto(`${SERVER}/console/intake`);
  await page.getByTestId('intake-complaint').click();
  await page.waitForURL('**/console/complaints/new');
  await page.locator('input[name=kind][value=complaint]').check();
  await page.locator('#reporter_name').fill('李女士');
  await page.locator('#reporter_phone').fill(`136${run}00`.slice(0, 11));
  await page.locator('#place').fill('城关营业厅');
  await page.locator('#content').fill(`营业员态度生硬 ${run}`);
  await page.locator('#owner').fill('营业班 张三');
  await shot(page, 'complaint-form');
  await page.locator('#complaint button[type=submit]').click();
  await page.waitForURL('**/console/complaints**');

  const row = page.getByTestId('complaint-row').filter({ hasText: `营业员态度生硬 ${run}` });
  await row.waitFor();
  const clock = row.locator('[data-due]');
  const due = Number(await clock.getAttribute('data-due'));
  const days = (due - Date.now()) / 86_400_000;
  // Five working days: 7 calendar days from a weekday; from a weekend the
  // count starts on Monday 00:00, so down to 5 days from late on Sunday.
  if (days < 4.99 || days > 7.01) throw new Error(`complaint due in ${days.toFixed(2)} days, not 5 working days`);
  const first = (await clock.innerText()).trim();
  if (!/^\d+:\d\d:\d\d$/.test(first)) throw new Error(`the deadline reads "${first}"`);
  await page.waitForFunction((el) => el.textContent.trim() !== el.dataset.first,
    await clock.evaluateHandle((el) => { el.dataset.first = el.textContent.trim(); return el; }), { timeout: 3000 });
  await shot(page, 'complaints');

  step('the complaint is answered on the list');
  await row.locator('textarea[name=answer]').fill('已向客户道歉，营业员已批评教育');
  await row.locator('[data-testid=complaint-answer-form] button').click();
  await page.waitForURL('**/console/complaints**');
  const answered = page.getByTestId('complaint-row').filter({ hasText: `营业员态度生硬 ${run}` });
  if ((await answered.getAttribute('data-status')) !== 'answered') throw new Error('the complaint is not answered');
  if (!(await answered.innerText()).includes('按期答复')) throw new Error('the answer is not marked on time');
  return answered;
}

async function outageMatchedAtIntake(page, run) {
  const village = `东湖${run}村`;
  step(`a planned outage for ${village}, started an hour ago (short notice)`);
  await page.goto(`${SERVER}/console/outages`);
  await page.locator('#area').fill('10kV东湖线');
  await page.locator('#villages').fill(`${village}、西湖${run}村`);
  await page.locator('#starts_at').fill(chinaLocal(Date.now() - 3600_000));
  await page.locator('#ends_at').fill(chinaLocal(Date.now() + 4 * 3600_000));
  await page.locator('#reason').fill('10kV线路计划检修');
  await page.locator('#outage button[type=submit]').click();
  await page.waitForURL('**/console/outages?saved=short');
  const note = await page.getByTestId('outage-note').innerText();
  if (!note.includes('不足7天')) throw new Error(`short notice not said: ${note}`);
  const outageRow = page.getByTestId('outage-row').filter({ hasText: village });
  if (!(await outageRow.getByTestId('outage-notice').innerText()).includes('不足7天')) throw new Error('not flagged');
  await shot(page, 'outages');

  step('a caller from that village: intake shows the outage');
  await page.goto(`${SERVER}/console/intake`);
  await page.locator('#reporter_name').fill('王先生');
  await page.locator('#reporter_phone').fill(`135${run}11`.slice(0, 11));
  await page.locator('#village_or_street').fill(`${village}二组`);
  await page.locator('#house_number').fill('17号');
  await page.locator('#fault_description').fill('家里没电');
  await page.locator('input[name=safety_reminder]').check();
  await page.locator('#intake button[type=submit]').click();
  const match = page.getByTestId('planned-outage-match');
  await match.waitFor();
  if (!(await match.innerText()).includes('10kV线路计划检修')) throw new Error('the match lacks the outage');
  await shot(page, 'intake-outage-match');
  await page.setViewportSize({ width: 360, height: 800 });
  await shot(page, 'intake-outage-match-360');
  await page.setViewportSize({ width: 1280, height: 900 });

  step('answered by the planned outage: no order, the call listed with the outage');
  await match.getByTestId('answer-by-outage').first().click();
  await page.waitForURL('**/console/outages?saved=answered**');
  const calls = await page.getByTestId('outage-row').filter({ hasText: village }).getByTestId('outage-calls').innerText();
  if (!calls.includes(`${village}二组17号`)) throw new Error(`the call is not listed: ${calls}`);
}

async function reportTally(page) {
  step('the report counts the complaint');
  await page.goto(`${SERVER}/console/reports`);
  const total = page.getByTestId('complaint-tally-total');
  await total.waitFor();
  if (Number(await total.locator('td.received').innerText()) < 1) throw new Error('no complaint in the report');
  await page.getByTestId('complaint-tally').screenshot({ path: join(SHOTS, 'console-routine-report-tally.png') });
}

async function narrowShots(page) {
  await page.setViewportSize({ width: 360, height: 800 });
  for (const [path, name] of [['/console/complaints', 'complaints-360'], ['/console/complaints/new', 'complaint-form-360'], ['/console/outages', 'outages-360']]) {
    await page.goto(`${SERVER}${path}`);
    await shot(page, name);
  }
}

async function main() {
  const run = String(Date.now()).slice(-6);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu'],
  });
  try {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
    const page = await consolePage(context, SERVER);
    await complaintWithDeadline(page, run);
    await outageMatchedAtIntake(page, run);
    await reportTally(page);
    await narrowShots(page);
    step('passed');
  } finally {
    await browser.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
