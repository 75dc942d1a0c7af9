// Issue #15, the phone half: with the phone UI open, dispatch assigns a new
// order through the API; the phone's held long-poll brings it within
// seconds, a banner (and a sound/vibration) announces it, and tapping the
// banner opens it. The dispatcher API then shows 已送达 and 已查看 times.
import { join } from 'node:path';
import { env, openPhoneBrowser } from './phone_browser.mjs';
import { dispatcherToken, getJson } from './server_checks.mjs';

const UI = env('E2E_UI');
const SERVER = env('E2E_SERVER');
const CREW = env('E2E_CREW');
const SHOTS = env('E2E_SCREENSHOTS');

const step = (text) => console.log(`e2e alert: ${text}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function assignNewOrder(token, house) {
  const res = await fetch(`${SERVER}/v1/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      reporter_name: '王女士',
      reporter_phone: '13900001111',
      address: { village_or_street: '柳河村五组', house_number: house },
      fault_description: '整户停电，闻到焦味',
      equipment: 'line',
      area: { class: 'rural' },
      crew_code: CREW,
    }),
  });
  if (res.status !== 201) throw new Error(`create order: HTTP ${res.status} ${await res.text()}`);
  return res.json();
}

/// Polls the dispatcher API until `pick(order)` is set, up to `ms`.
async function until(token, id, pick, ms) {
  const started = Date.now();
  while (Date.now() - started < ms) {
    const order = await getJson(SERVER, token, `/v1/orders/${id}`);
    const value = pick(order);
    if (value) return value;
    await sleep(250);
  }
  throw new Error(`order ${id}: not within ${ms} ms`);
}

const browser = await openPhoneBrowser();
try {
  const page = await browser.context.newPage();
  await page.goto(UI);
  await page.locator('.order-card').first().waitFor({ timeout: 60_000 });
  // Long enough for the phone to finish a pass and hold its long-poll.
  await sleep(3000);
  const ringsBefore = await page.evaluate(() => window.__fieldcrewAlertRings || 0);

  const token = await dispatcherToken(SERVER);
  const house = `${Date.now() % 100000}号`;
  const assignedAt = Date.now();
  const order = await assignNewOrder(token, house);
  step(`assigned ${order.number} to ${CREW}`);
  const banner = page.locator('.order-alert', { hasText: order.number });
  await banner.waitFor({ timeout: 15_000 });
  const shownAfter = Date.now() - assignedAt;
  step(`banner on the phone ${shownAfter} ms after the assignment`);
  if (shownAfter > 10_000) throw new Error(`banner after ${shownAfter} ms, expected within seconds`);
  const text = await banner.textContent();
  if (!text.includes(`新工单 ${order.number}（柳河村五组${house}）`)) throw new Error(`banner says: ${text}`);
  await page.waitForFunction((before) => (window.__fieldcrewAlertRings || 0) > before, ringsBefore, {
    timeout: 5_000,
  });
  await page.screenshot({ path: join(SHOTS, 'e2e-alert-01-banner.png') });

  // Every phone of the crew holds the order (the second phone of the
  // handover flow too), each with its own receipts: 已送达 on any of them.
  const delivered = await until(token, order.id, (o) => o.receipts?.find((r) => r.delivered_at), 10_000);
  step(`dispatcher API: delivered_at ${delivered.delivered_at} (${delivered.device_id})`);

  await banner.getByRole('button', { name: '打开工单' }).click();
  await page.locator('.order-detail .number', { hasText: order.number }).waitFor({ timeout: 10_000 });
  if ((await page.locator('.order-alert', { hasText: order.number }).count()) !== 0) {
    throw new Error('the banner stayed after the order was opened');
  }
  await page.screenshot({ path: join(SHOTS, 'e2e-alert-02-opened.png') });
  // 已查看 goes up with the phone's next pass, on this phone's receipt only:
  // the crew's other phones never opened the order.
  const openedAt = Date.now();
  const seen = await until(token, order.id, (o) => o.receipts?.find((r) => r.seen_at), 15_000);
  step(`dispatcher API: seen_at ${seen.seen_at}, ${Date.now() - openedAt} ms after opening (${seen.device_id})`);
  if (!seen.delivered_at || seen.seen_at < seen.delivered_at) {
    throw new Error(`seen ${seen.seen_at} without or before delivered ${seen.delivered_at} on ${seen.device_id}`);
  }
  const receipts = (await getJson(SERVER, token, `/v1/orders/${order.id}`)).receipts;
  const seenOn = receipts.filter((r) => r.seen_at).length;
  if (seenOn !== 1) throw new Error(`seen on ${seenOn} of ${receipts.length} phones, expected only the one opened`);
  step('passed');
} finally {
  await browser.close();
}
