// Issue #17, job close-out and planned outages on the phone. A line-fault
// order (no meter: its only photo is the completion photo) is restored; the
// crew counts materials on the big steppers with real clicks (a double tap
// on ＋ counts two), double-taps 保存材料 (one record), takes a completion
// photo through the file input, finishes cleanup and closes. The server's
// API then holds one materials record and one completion photo, its bytes
// the phone's; the console's order page shows both. Then a planned outage
// recorded on the console for the crew's area (set on the crews page)
// reaches the phone: the 今日有计划停电 banner and the 计划停电 list.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { env, openPhoneBrowser } from './phone_browser.mjs';
import { assertSameBytes, consolePage, dispatcherToken, getJson } from './server_checks.mjs';

const UI = env('E2E_UI');
const SERVER = env('E2E_SERVER');
const CREW = env('E2E_CREW');
const SHOTS = env('E2E_SCREENSHOTS');
const PHONE_DATA = env('E2E_PHONE_DATA');
const SERVER_DATA = env('E2E_SERVER_DATA');
const PHOTO = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'damaged-meter.jpg');
const SITE = { lat: 30.6012, lon: 114.3121 };

const step = (text) => console.log(`e2e close-out: ${text}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/// A person's pace between two steps: longer than the double-tap guard.
const pause = (ms = 1700) => sleep(ms);
const shot = (page, name, fullPage = true) => page.screenshot({ path: join(SHOTS, `e2e-closeout-${name}.png`), fullPage });

/// Beijing wall time `hours` from now as a datetime-local value.
const beijing = (hours) => new Date(Date.now() + (8 + hours) * 3600_000).toISOString().slice(0, 16);

async function createLineOrder(token) {
  const res = await fetch(`${SERVER}/v1/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      reporter_name: '周女士',
      reporter_phone: '13900001111',
      address: { village_or_street: '东湖村三组', house_number: '8号' },
      fault_description: '进户线断线，整户停电',
      equipment: 'line',
      area: { class: 'rural' },
      site: SITE,
      crew_code: CREW,
    }),
  });
  if (!res.ok) throw new Error(`create order: HTTP ${res.status} ${await res.text()}`);
  return res.json();
}

/// Two real pointer clicks 0.3 s apart at the centre of `locator`.
async function doubleTap(page, locator) {
  await locator.scrollIntoViewIfNeeded();
  const box = await locator.boundingBox();
  if (!box) throw new Error('nothing to tap');
  const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
  await page.mouse.click(x, y);
  await sleep(300);
  await page.mouse.click(x, y);
}

async function closeOut(page, order) {
  const app = page.locator('.app');
  const button = (name) => page.getByRole('button', { name, exact: true });
  await page.goto(UI);
  const card = page.locator('.order-card', { hasText: order.number });
  await card.waitFor({ timeout: 60_000 });
  await card.click();
  await page.locator('.order-detail .number', { hasText: order.number }).waitFor();
  await page.locator('p.gps', { hasText: '距现场' }).waitFor();

  step('arrive and restore power');
  await button('到达现场').click();
  await app.getByText('已记录 · 到达现场').waitFor();
  await pause();
  await button('已送电（恢复供电）').click();
  await page.locator('.confirm-sheet').waitFor();
  await pause(1000);
  await button('确认 · 已送电').click();
  await app.getByText('已记录 · 已送电').waitFor();
  await page.locator('section.materials').waitFor();
  if (!(await page.locator('[data-testid="no-completion-photo"]').isVisible())) throw new Error('no 未拍完工照片 shown');
  await page.locator('section.close-out').scrollIntoViewIfNeeded();
  await shot(page, '01-restored', false);
  await page.locator('section.completion-photo').scrollIntoViewIfNeeded();
  await shot(page, '01b-no-completion-photo', false);

  step('materials on the steppers: a double tap on ＋ 熔丝 counts two; ＋＋＋− on 接户线 leaves two');
  const row = (code) => page.locator(`li.stepper-row[data-code="${code}"]`);
  const count = async (code) => Number(await row(code).locator('.stepper-count').textContent());
  await doubleTap(page, row('RS').locator('button.stepper.plus'));
  await page.waitForFunction(() => document.querySelector('[data-testid="count-RS"]')?.textContent === '2');
  for (const which of ['plus', 'plus', 'plus', 'minus']) {
    await row('JHX').locator(`button.stepper.${which}`).click();
    await sleep(150);
  }
  await page.waitForFunction(() => document.querySelector('[data-testid="count-JHX"]')?.textContent === '2');
  if ((await count('RS')) !== 2 || (await count('JHX')) !== 2) throw new Error('the steppers did not count as tapped');
  await row('RS').scrollIntoViewIfNeeded();
  await shot(page, '02-steppers', false);

  step('← 返回 with the counts not saved asks first; 继续填写 keeps them');
  await page.getByRole('button', { name: '← 返回', exact: true }).click();
  const sheet = page.locator('.leave-sheet');
  await sheet.waitFor();
  await shot(page, '02a-leave-asked', false);
  await sheet.getByRole('button', { name: '继续填写', exact: true }).click();
  await sheet.waitFor({ state: 'detached' });
  if ((await count('RS')) !== 2 || (await count('JHX')) !== 2) throw new Error('the counts were lost');

  step('a double tap on 保存材料: one record');
  await pause();
  await doubleTap(page, page.locator('button.save-materials'));
  await app.getByText('已记录 · 材料使用').waitFor();
  await page.locator('.materials-on-record', { hasText: '熔丝 2只' }).waitFor();
  await sleep(800);

  step('a completion photo through the file input');
  await pause();
  const chooser = page.waitForEvent('filechooser');
  await button('拍摄完工照片').click();
  await (await chooser).setFiles(PHOTO);
  await page.locator('[data-testid="completion-taken"]', { hasText: '已拍 1 张' }).waitFor({ timeout: 30_000 });
  await page.locator('section.completion-photo').scrollIntoViewIfNeeded();
  await shot(page, '03-materials-and-photo', false);

  step('cleanup and close');
  const boxes = page.locator('fieldset.checklist .check-row > label.check-item:first-child input');
  const n = await boxes.count();
  for (let i = 0; i < n; i++) {
    const r = page.locator('fieldset.checklist .check-row').nth(i);
    if ((await r.textContent()).includes('借用客户物品')) await r.locator('label.not-applicable input').check();
    else await boxes.nth(i).check();
  }
  await pause();
  await button('完成现场清理').click();
  await app.getByText('已记录 · 现场清理完成').waitFor();
  await pause();
  await button('结单').click();
  await pause(1000);
  await button('确认 · 已结单').click();
  await app.getByText('已记录 · 已结单').waitFor();
  await shot(page, '04-closed');
}

async function checkServer(token, order) {
  let stored;
  for (let i = 0; i < 180; i += 1) {
    stored = await getJson(SERVER, token, `/v1/orders/${order.id}`);
    if (stored.state?.closed_at) break;
    await sleep(500);
  }
  const kinds = (type) => (stored.events ?? []).filter((e) => e.event.kind.type === type);
  if (!stored.state?.closed_at) throw new Error('the close never reached the server');
  if (kinds('materials_used').length !== 1) throw new Error(`${kinds('materials_used').length} materials records on the server`);
  if (kinds('completion_photo').length !== 1) throw new Error(`${kinds('completion_photo').length} completion photos on the server`);
  const materials = stored.state.materials.map((m) => `${m.code}:${m.quantity}`).sort().join(',');
  if (materials !== 'JHX:2,RS:2') throw new Error(`materials on the server: ${materials}`);
  const sha = kinds('completion_photo')[0].event.kind.photo.sha256;
  let bytes = 0;
  for (let i = 0; i < 120 && !bytes; i += 1) {
    try {
      bytes = assertSameBytes(PHONE_DATA, SERVER_DATA, sha);
    } catch {
      await sleep(500);
    }
  }
  if (!bytes) throw new Error(`the completion photo ${sha} never reached the server`);
  step(`server: one materials record (${materials}), one completion photo of ${bytes} bytes, same on both sides`);
}

async function checkConsoleOrder(context, order) {
  const page = await consolePage(context, SERVER);
  await page.setViewportSize({ width: 1200, height: 900 });
  await page.goto(`${SERVER}/console/orders/${order.id}`);
  await page.locator('[data-testid="materials"] tr[data-code="RS"]', { hasText: '2 只' }).waitFor();
  const img = page.locator('[data-testid="completion-photos"] img');
  await img.waitFor();
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="completion-photos"] img')].every((i) => i.complete && i.naturalWidth > 0));
  await page.locator('[data-testid="materials"]').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SHOTS, 'console-order-close-out.png'), fullPage: false });
  return page;
}

async function outageOnThePhone(consolePg, phone) {
  step('the console sets the crew area and records a planned outage there today');
  await consolePg.goto(`${SERVER}/console/crews`);
  const area = consolePg.locator(`[data-testid="area-form-${CREW}"]`);
  await area.locator('input[name="places"]').fill('东湖村、城关片区');
  await area.getByRole('button', { name: '保存区域' }).click();
  await consolePg.waitForURL(/\/console\/crews/);
  await consolePg.goto(`${SERVER}/console/outages`);
  const form = consolePg.locator('form#outage');
  await form.locator('input[name="area"]').fill('10kV东湖线');
  await form.locator('input[name="villages"]').fill('东湖村、西湖村');
  await form.locator('input[name="starts_at"]').fill(beijing(0.5));
  await form.locator('input[name="ends_at"]').fill(beijing(4));
  await form.locator('[name="reason"]').fill('更换10kV东湖线3号杆开关');
  await form.locator('button[type="submit"]').click();
  await consolePg.locator('[data-testid="outage-row"]', { hasText: '10kV东湖线' }).first().waitFor();

  step('the phone shows 今日有计划停电 and the list, kept in its store');
  await phone.goto(UI);
  const banner = phone.locator('[data-testid="outage-banner"]');
  await banner.waitFor({ timeout: 60_000 });
  await shot(phone, '05-list-banner', false);
  await banner.click();
  const outage = phone.locator('[data-testid="outage"]', { hasText: '10kV东湖线' });
  await outage.waitFor();
  const text = await outage.textContent();
  if (!text.includes('东湖村、西湖村') || !text.includes('更换10kV东湖线3号杆开关')) throw new Error(`the outage reads: ${text}`);
  await shot(phone, '06-outages');
}

const browser = await openPhoneBrowser();
try {
  const { context } = browser;
  await context.grantPermissions(['geolocation']);
  await context.setGeolocation({ latitude: SITE.lat, longitude: SITE.lon, accuracy: 8 });
  const token = await dispatcherToken(SERVER);
  const order = await createLineOrder(token);
  step(`order ${order.number} (line fault) assigned to ${CREW}`);
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  page.on('pageerror', (e) => console.error(`e2e: page error: ${e.message}`));
  try {
    await closeOut(page, order);
  } catch (e) {
    await shot(page, 'failure').catch(() => {});
    throw e;
  }
  await checkServer(token, order);
  const consolePg = await checkConsoleOrder(context, order);
  await outageOnThePhone(consolePg, page);
  step('passed');
} finally {
  await browser.close();
}
