// Issue #10, as a person uses the phone: double taps at the button's real
// position, a crew that opens the order 1.3 km away and walks to the site,
// a restoration recorded by mistake and corrected, and a step recorded
// without a position only because the crew chose so. Outcomes are read back
// from the server's API and the dispatcher console, not from the phone.
import { join } from 'node:path';
import { env, openPhoneBrowser } from './phone_browser.mjs';
import { consolePage, dispatcherToken, getJson } from './server_checks.mjs';

const UI = env('E2E_UI');
const SERVER = env('E2E_SERVER');
const CREW = env('E2E_CREW');
const SHOTS = env('E2E_SCREENSHOTS');
const REASON = '误触，客户仍无电';

const step = (text) => console.log(`e2e hands: ${text}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/// A person's pace between two steps: longer than the double-tap guard.
const pause = () => sleep(1700);

/// The whole page, or with `{ viewport: true }` what is on screen (a sheet
/// fixed to the bottom of the screen shows only there).
async function shot(page, name, { viewport = false } = {}) {
  await page.screenshot({ path: join(SHOTS, `e2e-hands-${name}.png`), fullPage: !viewport });
}

/// Two real pointer clicks 0.3 s apart at the centre of where the button is
/// now: the second lands on whatever has moved there since.
async function doubleTap(page, name) {
  const button = page.getByRole('button', { name, exact: true });
  await button.scrollIntoViewIfNeeded();
  const box = await button.boundingBox();
  if (!box) throw new Error(`no button ${name}`);
  const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
  await page.mouse.click(x, y);
  await sleep(300);
  await page.mouse.click(x, y);
}

/// Open, not yet acknowledged orders of the crew with a site, not meters
/// (the meter-damage flow takes those).
async function freshOrders(token) {
  const orders = await getJson(SERVER, token, `/v1/orders?crew=${CREW}`);
  const fresh = orders.filter((o) => o.order.site && o.order.equipment !== 'meter' && !o.state?.acknowledged_at);
  if (fresh.length < 2) throw new Error(`need two fresh orders of ${CREW} with a site, found ${fresh.length}`);
  return fresh.map((o) => o.order);
}

async function openOrder(page, order) {
  await page.goto(UI);
  const card = page.locator('.order-card', { hasText: order.number });
  await card.waitFor({ timeout: 60_000 });
  await card.click();
  await page.locator('.order-detail .number', { hasText: order.number }).waitFor();
}

/// Metres to the site as the GPS line says it, once it says it.
async function distanceShown(page) {
  const text = await page.locator('p.gps', { hasText: '距现场' }).textContent();
  return Number(/距现场 (\d+) 米/.exec(text)[1]);
}

async function walkToTheSite(context, page, order) {
  const site = order.site;
  step(`${order.number}: opened 1.3 km from the site`);
  await context.setGeolocation({ latitude: site.lat + 0.0117, longitude: site.lon, accuracy: 10 });
  await openOrder(page, order);
  await page.locator('p.gps', { hasText: '距现场' }).waitFor();
  const away = await distanceShown(page);
  if (away < 1200 || away > 1400) throw new Error(`expected ~1300 m from the site, the phone says ${away} m`);
  await shot(page, '01-far');

  step('double tap on 接单, then on 出发: one step each');
  await doubleTap(page, '接单');
  await page.getByText('已记录 · 已接单').waitFor();
  await pause();
  await doubleTap(page, '出发');
  await page.getByText('已记录 · 已出发').waitFor();

  step('walk to the site with the order open; the position follows');
  await context.setGeolocation({ latitude: site.lat + 0.0050, longitude: site.lon, accuracy: 10 });
  await sleep(1500);
  await context.setGeolocation({ latitude: site.lat + 0.0001, longitude: site.lon, accuracy: 8 });
  await page.waitForFunction(() => /距现场 \d{1,2} 米/.test(document.querySelector('p.gps')?.textContent ?? ''));
  await sleep(2500);
  await shot(page, '02-at-site');

  step('double tap on 到达现场: arrival only, no restoration sheet');
  await doubleTap(page, '到达现场');
  await page.getByText('已记录 · 到达现场').waitFor();
  await sleep(500);
  if (await page.locator('.confirm-sheet').count()) throw new Error('the second tap opened the 已送电 sheet');

  step('double tap on 已送电: the sheet opens, the second tap does not confirm');
  await pause();
  await doubleTap(page, '已送电（恢复供电）');
  await page.locator('.confirm-sheet').waitFor();
  await sleep(600);
  if (await page.getByText('已记录 · 已送电').count()) throw new Error('a double tap confirmed 已送电');
  await shot(page, '03-confirm-sheet', { viewport: true });
  await page.getByRole('button', { name: '确认 · 已送电', exact: true }).click();
  await page.getByText('已记录 · 已送电').waitFor();

  step('the restoration was a mistake: withdraw it with a reason');
  await pause();
  await page.locator('details.correction summary').click();
  await page.locator('textarea.correction-reason').fill(REASON);
  await shot(page, '04-correction');
  await page.getByRole('button', { name: '撤销 · 已送电', exact: true }).click();
  await page.getByText('已记录 · 更正').waitFor();
  await page.getByRole('button', { name: '已送电（恢复供电）', exact: true }).waitFor();
}

async function arriveWithoutPosition(context, page, order) {
  step(`${order.number}: no position at all (permission withdrawn)`);
  await context.clearPermissions();
  await openOrder(page, order);
  await page.getByRole('button', { name: '接单', exact: true }).click();
  await page.getByText('已记录 · 已接单').waitFor();
  await pause();
  await page.getByRole('button', { name: '出发', exact: true }).click();
  await page.getByText('已记录 · 已出发').waitFor();
  await pause();
  // Waiting for a fix that can not come would only push the time on
  // record later; the screen says beforehand that only the time is kept.
  step('location refused: the screen says only the time is recorded, and 到达现场 takes it at once');
  await page.locator('.gps.missing', { hasText: '未允许定位权限' }).waitFor();
  await shot(page, '05-location-refused');
  await page.getByRole('button', { name: '到达现场', exact: true }).click();
  await page.getByText('已记录 · 到达现场').waitFor();
  if (await page.locator('.waiting-fix').count()) throw new Error('it waits for a position that can not come');
}

/// The dispatcher cancels the order the crew stands at; the crew syncs.
async function cancelledWhileOnSite(token, page, order) {
  step(`${order.number}: cancelled by the dispatcher while open on the phone`);
  const res = await fetch(`${SERVER}/v1/orders/${order.id}/cancel`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
  });
  if (res.status !== 204) throw new Error(`cancel: HTTP ${res.status} ${await res.text()}`);
  await page.getByRole('button', { name: '立即同步', exact: true }).click();
  const notice = page.locator('.order-notice', { hasText: '已被调度取消' });
  await notice.waitFor({ timeout: 30_000 });
  if (!(await notice.textContent()).includes(order.number)) throw new Error('the notice does not name the order');
  await page.locator('.order-detail .number', { hasText: order.number }).waitFor();
  await page.getByText('此工单已撤销或改派，仅可查看').waitFor();
  await shot(page, '07-cancelled-notice');
  await page.reload();
  await notice.waitFor();
  await notice.getByRole('button', { name: '知道了', exact: true }).click();
  await notice.waitFor({ state: 'detached' });
  step('the notice named the order, stayed across a reload, and left only when read');
}

/// Polls the dispatcher API until `ready` holds for the order or 60 s pass.
async function serverOrder(token, id, ready) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const order = await getJson(SERVER, token, `/v1/orders/${id}`);
    if (ready(order) || Date.now() > deadline) return order;
    await sleep(1000);
  }
}

const kinds = (order) => (order.events ?? []).map((e) => e.event.kind.type);
const count = (order, type) => kinds(order).filter((k) => k === type).length;

function checkWalkedOrder(order) {
  const fail = (why) => {
    throw new Error(`server, ${order.order.number}: ${why} (events: ${kinds(order).join(', ')})`);
  };
  for (const type of ['acknowledged', 'departed', 'arrived', 'restored', 'step_corrected']) {
    if (count(order, type) !== 1) fail(`${type} stored ${count(order, type)} times, expected once`);
  }
  if (order.state.restored_at) fail('the withdrawn restoration still counts');
  if (!order.state.arrived_at) fail('arrival lost');
  const arrived = order.events.find((e) => e.event.kind.type === 'arrived').event.evidence;
  if (!arrived.fix) fail('arrival stored without a position');
  const dLat = (arrived.fix.lat - order.order.site.lat) * 111_320;
  const dLon = (arrived.fix.lon - order.order.site.lon) * 111_320 * Math.cos((order.order.site.lat * Math.PI) / 180);
  const metres = Math.hypot(dLat, dLon);
  if (metres > 50) fail(`arrival stored ${metres.toFixed(0)} m from the site`);
  const age = (Date.parse(arrived.device_time) - Date.parse(arrived.gnss_time)) / 1000;
  if (!(age >= 0 && age < 15)) fail(`arrival's fix was ${age} s old`);
  const flags = (order.events.find((e) => e.event.kind.type === 'acknowledged').flags ?? []).map((f) => f.flag);
  if (flags.includes('far_from_site')) fail('接单 flagged far from site: distance means nothing there');
  step(`server: each step once, arrival ${metres.toFixed(0)} m from the site with a ${age.toFixed(1)} s old fix, restoration withdrawn`);
}

function checkBareArrival(order) {
  const arrived = order.events.find((e) => e.event.kind.type === 'arrived');
  if (!arrived) throw new Error(`server, ${order.order.number}: no arrival`);
  if (arrived.event.evidence.fix !== null) throw new Error('the arrival chosen without position carries one');
  step('server: the arrival recorded without position is stored as such');
}

async function checkConsole(context, walked, bare) {
  const page = await consolePage(context, SERVER);
  await page.goto(`${SERVER}/console/orders/${walked.id}`);
  await shot(page, '06-console-correction');
  await page.getByText(`撤销 已送电：${REASON}`).waitFor();
  await page.locator('[data-testid=fix-age]').first().waitFor();
  await page.goto(`${SERVER}/console/orders/${bare.id}`);
  await page.locator('[data-testid=no-fix]').first().waitFor();
  step('console: the correction with its reason, fix ages, and 无定位');
  await page.close();
}

async function main() {
  const token = await dispatcherToken(SERVER);
  const [walked, bare] = await freshOrders(token);
  const browser = await openPhoneBrowser();
  const { context } = browser;
  try {
    await context.grantPermissions(['geolocation']);
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    page.on('pageerror', (e) => console.error(`e2e hands: page error: ${e.message}`));
    try {
      await walkToTheSite(context, page, walked);
      await arriveWithoutPosition(context, page, bare);
      await cancelledWhileOnSite(token, page, bare);
    } catch (e) {
      await shot(page, 'failure').catch(() => {});
      throw e;
    }
    checkWalkedOrder(await serverOrder(token, walked.id, (o) => count(o, 'step_corrected') > 0));
    checkBareArrival(await serverOrder(token, bare.id, (o) => count(o, 'arrived') > 0));
    await context.grantPermissions(['geolocation']);
    await checkConsole(context, walked, bare);
  } finally {
    await browser.close();
  }
  step('passed');
}

main().catch((e) => {
  console.error(`e2e hands: FAILED: ${e.stack ?? e}`);
  process.exit(1);
});
