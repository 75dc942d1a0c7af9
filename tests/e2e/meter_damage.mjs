// Issue #5, end to end: the real fieldcrew UI (liveview harness) driven in
// headless Chromium through a whole meter-damage order, then the server is
// asked what it received. Run by scripts/e2e.sh, which starts the demo server
// and the harness and sets the E2E_* variables.
import { mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { env, openPhoneBrowser } from './phone_browser.mjs';
import { consolePage, assertSameBytes, dispatcherToken, getJson, mediaFile } from './server_checks.mjs';

const UI = env('E2E_UI');
const SERVER = env('E2E_SERVER');
const CREW = env('E2E_CREW');
const PHONE_DATA = env('E2E_PHONE_DATA');
const SERVER_DATA = env('E2E_SERVER_DATA');
const SHOTS = env('E2E_SCREENSHOTS');
const PHOTO = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'damaged-meter.jpg');
const CAUSE = '外力撞击';
const SIGNER = '周国华';
const SEAL = 'FQ-2026-0815';
const METER_NO = '3100078452';
const READING = '04512.3';

const step = (text) => console.log(`e2e: ${text}`);
/// A person's pace between two steps: longer than the double-tap guard.
const pause = (ms = 1700) => new Promise((r) => setTimeout(r, ms));

/// An open meter order of the crew, as the dispatcher API lists it.
async function pickMeterOrder(token) {
  const orders = await getJson(SERVER, token, `/v1/orders?crew=${CREW}`);
  const meter = orders.find((o) => o.order.equipment === 'meter' && o.order.site);
  if (!meter) throw new Error(`no open meter order with a site for ${CREW}`);
  return meter.order;
}

async function shot(page, name) {
  await page.screenshot({ path: join(SHOTS, `e2e-${name}.png`), fullPage: true });
}

async function drawSignature(page) {
  const pad = page.locator('#signature-pad');
  await pad.scrollIntoViewIfNeeded();
  const box = await pad.boundingBox();
  if (!box) throw new Error('the signature pad has no box');
  const at = (fx, fy) => [box.x + box.width * fx, box.y + box.height * fy];
  await page.mouse.move(...at(0.1, 0.6));
  await page.mouse.down();
  for (let i = 1; i <= 24; i++) {
    const fx = 0.1 + (0.8 * i) / 24;
    await page.mouse.move(...at(fx, 0.5 + 0.25 * Math.sin(i / 2)), { steps: 2 });
  }
  await page.mouse.up();
}

async function runFlow(page, order) {
  const app = page.locator('.app');
  const button = (name) => page.getByRole('button', { name, exact: true });

  step(`open the order list and wait for ${order.number}`);
  await page.goto(UI);
  const card = page.locator('.order-card', { hasText: order.number });
  await card.waitFor({ timeout: 60_000 });
  await shot(page, '01-orders');
  await card.click();

  step('order detail: the GPS line shows the distance to the site');
  await page.locator('p.gps', { hasText: '距现场' }).waitFor();
  await shot(page, '02-order');
  await button('到达现场').click();
  await app.getByText('已记录 · 到达现场').waitFor();

  step('meter damage: cause, customer responsible, a real JPEG through the camera input');
  await button('电能表损坏记录').click();
  await page.locator('label.check-item', { hasText: CAUSE }).locator('input').check();
  await page.locator('fieldset.responsibility label.check-item', { hasText: '是' }).locator('input').check();
  await page.locator('input.meter-number').fill(METER_NO);
  await page.locator('input.meter-reading').fill(READING);
  // The camera input is created by JS outside the Dioxus tree; listening for
  // the chooser before the tap keeps headless Chromium from cancelling it.
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: '拍照', exact: true }).click();
  const fileChooser = await chooser;
  if ((await fileChooser.element().getAttribute('id')) !== 'fieldcrew-camera-input') {
    throw new Error('the file chooser is not the camera input');
  }
  await fileChooser.setFiles(PHOTO);
  await page.locator('.meter-damage figure.thumb img').waitFor();
  await shot(page, '03-meter-damage');
  await button('保存损坏记录').click();

  step('customer confirmation: the cause, the signer, a drawn stroke');
  await page.locator('.signed-cause', { hasText: CAUSE }).waitFor();
  // The customer reads what they confirm: the statement, order, meter and reading.
  await page.locator('.confirm-statement', { hasText: `“${CAUSE}”，经现场核实属客户责任` }).waitFor();
  await page.locator('.signed-order', { hasText: order.number }).waitFor();
  await page.locator('.signed-meter', { hasText: METER_NO }).waitFor();
  await page.locator('.signed-reading', { hasText: READING }).waitFor();
  await page.locator('label.signer input').fill(SIGNER);
  await drawSignature(page);
  await shot(page, '04-signature');
  await button('确认签字').click();
  await app.getByText('客户已签字，内容一致').waitFor();

  step('restored (confirmed on the sheet), cleanup checklist with the seal number and one 不涉及, close');
  await pause();
  await button('已送电（恢复供电）').click();
  await page.locator('.confirm-sheet').waitFor();
  await shot(page, '05a-confirm-restore');
  await pause(1000); // reading the sheet; the confirm button ignores the first 0.7 s
  await button('确认 · 已送电').click();
  await app.getByText('已记录 · 已送电').waitFor();
  const boxes = page.locator('fieldset.checklist .check-row > label.check-item:first-child input');
  const count = await boxes.count();
  if (count === 0) throw new Error('the cleanup checklist has no items');
  for (let i = 0; i < count; i++) {
    const row = page.locator('fieldset.checklist .check-row').nth(i);
    // Nothing was borrowed from this customer: 不涉及, not a false tick.
    if ((await row.textContent()).includes('借用客户物品')) await row.locator('label.not-applicable input').check();
    else await boxes.nth(i).check();
  }
  const seal = page.locator('fieldset.checklist input.seal-number');
  if ((await seal.count()) === 0) throw new Error('a touched meter asks for a seal number, none shown');
  await seal.fill(SEAL);
  await shot(page, '05-checklist');
  await pause();
  await button('完成现场清理').click();
  await app.getByText('已记录 · 现场清理完成').waitFor();
  await pause();
  await button('结单').click();
  await pause(1000);
  await button('确认 · 已结单').click();
  await app.getByText('已记录 · 已结单').waitFor();

  step('sync: wait for 已同步 with nothing waiting, and the order closed in the list');
  await page.locator('.sync-bar.ok').filter({ hasNot: page.locator('.waiting') }).waitFor({ timeout: 90_000 });
  await button('← 返回').click();
  await page.locator('.order-card', { hasText: order.number }).locator('.chip', { hasText: '已结单' }).waitFor();
  await shot(page, '06-synced');
}

/// Polls the server until the order is closed with its media uploaded.
async function serverOrder(token, id) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const order = await getJson(SERVER, token, `/v1/orders/${id}`);
    const media = order.media ?? [];
    const uploaded = media.length >= 2 && media.every((m) => m.present);
    if ((order.state?.closed_at && uploaded) || Date.now() > deadline) return order;
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/// The dispatcher API: closed, one photo and one signature image, both
/// uploaded, the signature event there, and the files byte-identical.
function checkServerApi(order, id) {
  const fail = (why) => {
    console.error(JSON.stringify(order, null, 1).slice(0, 4000));
    throw new Error(`server, order ${id}: ${why}`);
  };
  if (!order.state?.closed_at) fail('not closed');
  const media = order.media ?? [];
  const photos = media.filter((m) => m.kind === 'photo');
  const signatures = media.filter((m) => m.kind === 'signature');
  if (photos.length !== 1) fail(`expected one photo, got ${photos.length}`);
  if (signatures.length !== 1) fail(`expected one signature image, got ${signatures.length}`);
  for (const m of media) if (!m.present) fail(`media ${m.sha256} not present`);
  const kinds = (order.events ?? []).map((e) => e.event?.kind?.type);
  if (!kinds.includes('customer_signature')) fail(`no signature event in ${kinds.join(', ')}`);
  const damage = (order.events ?? []).find((e) => e.event?.kind?.type === 'meter_damage_recorded');
  if (damage?.event?.kind?.meter_number !== METER_NO || damage?.event?.kind?.meter_reading !== READING) {
    fail(`meter number or reading not stored: ${JSON.stringify(damage?.event?.kind)}`);
  }
  const cleanup = (order.events ?? []).find((e) => e.event?.kind?.type === 'cleanup_completed');
  const borrowed = cleanup?.event?.kind?.items?.find((i) => i.key === 'borrowed_returned');
  if (!borrowed?.not_applicable || borrowed.done) fail(`borrowed items not stored as 不涉及: ${JSON.stringify(borrowed)}`);
  const photoBytes = assertSameBytes(PHONE_DATA, SERVER_DATA, photos[0].sha256);
  const signatureBytes = assertSameBytes(PHONE_DATA, SERVER_DATA, signatures[0].sha256);
  step(`server API: closed; photo ${photoBytes} B and signature ${signatureBytes} B byte-identical on disk`);
  return { photo: photos[0], signature: signatures[0] };
}

/// The dispatcher console in the same browser: the signature is current
/// (computed by the server), and the photo it serves is the phone's bytes.
async function checkConsole(context, id, { photo, signature }) {
  const page = await consolePage(context, SERVER);
  await page.goto(`${SERVER}/console/orders/${id}`);
  await page.locator('#signature p.valid', { hasText: '签字有效' }).waitFor();
  await page.locator('#signature', { hasText: SIGNER }).waitFor();
  await page.locator('#signature dd.meter-number', { hasText: METER_NO }).waitFor();
  await page.getByText('不涉及 · 借用客户物品已清洁归还').waitFor();
  await shot(page, '07-console-order');
  for (const m of [photo, signature]) {
    const res = await page.request.get(`${SERVER}/console/media/${m.id}`);
    if (!res.ok()) throw new Error(`console media ${m.id}: HTTP ${res.status()}`);
    const served = await res.body();
    if (!served.equals(mediaFile(PHONE_DATA, m.sha256))) throw new Error(`console serves other bytes for ${m.kind}`);
  }
  step('console: 签字有效, and the photo and signature it serves are the phone\'s bytes');
  await page.close();
}

async function main() {
  mkdirSync(SHOTS, { recursive: true });
  const token = await dispatcherToken(SERVER);
  const order = await pickMeterOrder(token);
  const browser = await openPhoneBrowser();
  const { context } = browser;
  try {
    await context.grantPermissions(['geolocation']);
    await context.setGeolocation({ latitude: order.site.lat, longitude: order.site.lon, accuracy: 8 });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    page.on('pageerror', (e) => console.error(`e2e: page error: ${e.message}`));
    try {
      await runFlow(page, order);
    } catch (e) {
      await shot(page, 'failure').catch(() => {});
      throw e;
    }
    const media = checkServerApi(await serverOrder(token, order.id), order.id);
    await checkConsole(context, order.id, media);
  } finally {
    await browser.close();
  }
  step('passed');
}

main().catch((e) => {
  console.error(`e2e: FAILED: ${e.stack ?? e}`);
  process.exit(1);
});
