// Issue #17, the daily check of tools, materials and vehicle (每日出车前检查):
// on the phone the order list says 今日未检查 and an order not yet reached
// warns (its steps stay); the crew answers every item with real clicks, one
// defect with a note and a camera photo, and double-taps 提交. The server's
// API then holds exactly one check with one defect whose photo is the
// phone's bytes, the console board (open all along) stops naming the crew
// as unchecked without a reload, and the crews page shows the check.
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
const DEFECT = 'vehicle_brakes';
const NOTE = '刹车偏软，已报车队维修';

const step = (text) => console.log(`e2e daily check: ${text}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/// Today in UTC+8, the day a check counts for.
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

async function checksOfCrew(token) {
  const day = await getJson(SERVER, token, `/v1/daily-checks?date=${today()}`);
  return day.crews.find((c) => c.crew_code === CREW)?.checks ?? [];
}

const browser = await openPhoneBrowser();
try {
  const page = await browser.context.newPage();
  await page.goto(UI);
  await page.locator('.order-card').first().waitFor({ timeout: 60_000 });
  const banner = page.locator('.daily-check-banner');
  await banner.filter({ hasText: '今日未检查' }).waitFor({ timeout: 10_000 });
  await page.screenshot({ path: join(SHOTS, 'e2e-check-01-list-not-checked.png') });

  step('an order not yet reached warns, and its steps are still there');
  const fresh = page.locator('.order-card').filter({ has: page.locator('.status-new') }).first();
  await fresh.click();
  const warning = page.locator('.daily-check-warning', { hasText: '今日未做出车前检查' });
  await warning.waitFor();
  await page.locator('.order-detail .actions button').first().waitFor();
  await page.screenshot({ path: join(SHOTS, 'e2e-check-02-order-warning.png') });
  await warning.getByRole('button', { name: '去检查' }).click();

  step('every item answered with real clicks; the brakes are a defect with a note and a photo');
  await page.locator('section.daily-check').waitFor();
  const items = page.locator('.dc-item');
  const count = await items.count();
  if (count < 4) throw new Error(`only ${count} items on the check`);
  for (let i = 0; i < count; i += 1) {
    const item = items.nth(i);
    const code = await item.getAttribute('data-code');
    await item.getByRole('button', { name: code === DEFECT ? '有缺陷' : '正常', exact: true }).click();
  }
  const defect = page.locator(`.dc-item[data-code="${DEFECT}"]`);
  await defect.locator('textarea.dc-note').fill(NOTE);
  const chooser = page.waitForEvent('filechooser');
  await defect.getByRole('button', { name: '拍照', exact: true }).click();
  await (await chooser).setFiles(PHOTO);
  await defect.locator('figure.thumb img').waitFor({ timeout: 30_000 });
  await page.locator('.dc-progress', { hasText: `已检查 ${count} / ${count}` }).waitFor();
  await page.screenshot({ path: join(SHOTS, 'e2e-check-03-form.png'), fullPage: true });

  step('a stray tap on ← 返回 asks first; 继续填写 keeps every answer, the note and the photo');
  await page.getByRole('button', { name: '← 返回', exact: true }).click();
  const sheet = page.locator('.leave-sheet');
  await sheet.waitFor();
  await page.screenshot({ path: join(SHOTS, 'e2e-check-03a-leave-asked.png') });
  await sheet.getByRole('button', { name: '继续填写', exact: true }).click();
  await sheet.waitFor({ state: 'detached' });
  await page.locator('.dc-progress', { hasText: `已检查 ${count} / ${count}` }).waitFor();
  if ((await defect.locator('textarea.dc-note').inputValue()) !== NOTE) throw new Error('the note was lost');
  await defect.locator('figure.thumb img').waitFor();

  step('the console board, open before the check, names the crew as not checked');
  const board = await consolePage(browser.context, SERVER);
  await board.setViewportSize({ width: 1200, height: 900 });
  const unchecked = board.locator(`#unchecked-crews [data-crew="${CREW}"]`);
  await unchecked.waitFor();
  await board.locator('#board-live').screenshot({ path: join(SHOTS, 'console-daily-check-board.png') });

  step('a double tap on 提交');
  await page.locator('.dc-submit').dblclick();
  await banner.filter({ hasText: '今日已检查' }).waitFor({ timeout: 10_000 });
  const said = await banner.textContent();
  if (!said.includes('缺陷 1 项')) throw new Error(`the banner says: ${said}`);
  await page.screenshot({ path: join(SHOTS, 'e2e-check-04-list-checked.png') });
  // Opened again, today's check is on top with its defect.
  await banner.click();
  await page.locator('.dc-done-today', { hasText: NOTE }).waitFor();
  await page.screenshot({ path: join(SHOTS, 'e2e-check-05-opened-again.png') });
  await page.getByRole('button', { name: '← 返回', exact: true }).click();
  await banner.filter({ hasText: '今日已检查' }).waitFor();

  step('the server holds exactly one check with one defect, its photo byte-identical');
  const token = await dispatcherToken(SERVER);
  let checks = [];
  for (let i = 0; i < 120 && checks.length === 0; i += 1) {
    checks = await checksOfCrew(token);
    if (checks.length === 0) await sleep(500);
  }
  const defects = () => checks[0].check.items.filter((i) => i.outcome === 'defect');
  if (checks.length !== 1) throw new Error(`${checks.length} checks on the server`);
  if (defects().length !== 1 || defects()[0].item.code !== DEFECT || defects()[0].note !== NOTE) {
    throw new Error(`defects on the server: ${JSON.stringify(defects())}`);
  }
  const photo = defects()[0].photos[0];
  let bytes = 0;
  for (let i = 0; i < 120 && !bytes; i += 1) {
    try {
      bytes = assertSameBytes(PHONE_DATA, SERVER_DATA, photo.sha256);
    } catch (e) {
      await sleep(500);
    }
  }
  if (!bytes) throw new Error(`the defect's photo ${photo.sha256} never reached the server`);
  // Later syncs must not bring a second copy.
  await sleep(3000);
  checks = await checksOfCrew(token);
  if (checks.length !== 1) throw new Error(`${checks.length} checks after more syncs`);
  step(`one check by ${checks[0].check.checked_by}, photo ${bytes} bytes on both sides`);

  step('the board drops the crew from the unchecked without a reload; the crews page shows the check');
  await unchecked.waitFor({ state: 'detached', timeout: 15_000 });
  const console_ = board;
  await console_.goto(`${SERVER}/console/crews`);
  const row = console_.locator(`[data-testid="daily-check-${CREW}"]`);
  await row.filter({ hasText: '已检查' }).filter({ hasText: NOTE }).waitFor();
  if ((await row.locator('a', { hasText: '照片' }).count()) !== 1) throw new Error('no photo link on the console');
  await console_.locator('section.daily-checks').screenshot({ path: join(SHOTS, 'console-daily-checks.png') });
  step('passed');
} finally {
  await browser.close();
}
