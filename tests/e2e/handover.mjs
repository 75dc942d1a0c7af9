// Issue #17, the shift handover (交接班) in real Chromium: the outgoing
// member writes the handover on one phone (an open problem linked to one of
// the crew's orders, with equipment, and a summary; a double tap on 提交),
// the incoming member acknowledges it on a second phone of the crew with
// real clicks (a double tap again), and the dispatcher API and console show
// exactly one handover with both names and times.
import { join } from 'node:path';
import { env, openPhoneBrowser } from './phone_browser.mjs';
import { consolePage, dispatcherToken, getJson } from './server_checks.mjs';

const UI = env('E2E_UI');
const UI_B = env('E2E_HANDOVER_UI');
const SERVER = env('E2E_SERVER');
const CREW = env('E2E_CREW');
const SHOTS = env('E2E_SCREENSHOTS');

const step = (text) => console.log(`e2e handover: ${text}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const PROBLEM = `东湖线3号杆拉线松动，待紧固 ${Date.now() % 100000}`;

/// Two real pointer clicks 0.3 s apart at the button's centre.
async function doubleTap(page, locator) {
  await locator.scrollIntoViewIfNeeded();
  const box = await locator.boundingBox();
  if (!box) throw new Error('no button to tap');
  const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
  await page.mouse.click(x, y);
  await sleep(300);
  await page.mouse.click(x, y);
}

/// Polls the log until `pick(entries)` holds, up to `ms`.
async function until(token, query, pick, ms) {
  const started = Date.now();
  let entries = [];
  while (Date.now() - started < ms) {
    entries = await getJson(SERVER, token, `/v1/handovers${query}`);
    if (pick(entries)) return entries;
    await sleep(300);
  }
  throw new Error(`handover log ${query}: not within ${ms} ms: ${JSON.stringify(entries)}`);
}

const browser = await openPhoneBrowser();
try {
  const token = await dispatcherToken(SERVER);
  const before = (await getJson(SERVER, token, `/v1/handovers?crew=${CREW}`)).length;

  step('phone A (李师傅): open 交接班 from the order list');
  const a = await browser.context.newPage();
  await a.goto(UI);
  await a.locator('.order-card').first().waitFor({ timeout: 60_000 });
  await a.getByTestId('handover-open').click();
  await a.getByRole('heading', { name: '交接班记录' }).waitFor();

  step('write one open problem linked to an order, and the summary');
  await a.getByTestId('handover-add-problem').click();
  await a.getByTestId('problem-text').fill(PROBLEM);
  const order = a.getByTestId('problem-order');
  const options = await order.locator('option').allTextContents();
  if (options.length < 2) throw new Error(`no open order offered to link: ${options}`);
  const linked = options[1];
  await order.selectOption({ index: 1 });
  await a.getByTestId('problem-equipment').fill('10kV东湖线3号杆');
  await a.getByTestId('handover-summary').fill('夜班处理故障 2 起，均已送电');
  await a.screenshot({ path: join(SHOTS, 'e2e-handover-01-write.png'), fullPage: true });
  step('← 返回 with the form written asks first; 继续填写 keeps what was written');
  await a.getByRole('button', { name: '← 返回', exact: true }).click();
  await a.locator('.leave-sheet').getByRole('button', { name: '继续填写', exact: true }).click();
  await a.locator('.leave-sheet').waitFor({ state: 'detached' });
  if ((await a.getByTestId('handover-summary').inputValue()) !== '夜班处理故障 2 起，均已送电') {
    throw new Error('the summary was lost');
  }
  if ((await a.getByTestId('problem-text').inputValue()) !== PROBLEM) throw new Error('the problem was lost');

  step('double tap on 提交交接班');
  await doubleTap(a, a.getByTestId('handover-submit'));
  await a.getByTestId('handover-message').filter({ hasText: '交接班已保存' }).waitFor({ timeout: 10_000 });
  await a.getByTestId('handover-latest').filter({ hasText: '待确认接班' }).waitFor();
  // A saved form starts afresh (the second tap lands on whatever moved under it).
  if ((await a.getByTestId('handover-summary').inputValue()) !== '') throw new Error('the saved form kept its text');
  await a.screenshot({ path: join(SHOTS, 'e2e-handover-02-saved.png'), fullPage: true });

  const written = await until(token, `?crew=${CREW}`, (e) => e.length > before, 30_000);
  await sleep(2000); // a second record, had the double tap made one, would be here by now
  const afterWrite = await getJson(SERVER, token, `/v1/handovers?crew=${CREW}`);
  if (afterWrite.length !== before + 1) throw new Error(`expected one new handover, got ${afterWrite.length - before}`);
  const h = written[0];
  if (h.written_by !== '李师傅') throw new Error(`written_by ${h.written_by}`);
  if (h.problems.length !== 1 || h.problems[0].text !== PROBLEM) throw new Error(`problems ${JSON.stringify(h.problems)}`);
  if (!linked.startsWith(h.problems[0].order_number)) throw new Error(`linked ${linked}, stored ${h.problems[0].order_number}`);
  step(`server: one handover ${h.id}, problem on order ${h.problems[0].order_number}`);

  step('phone B (赵刚): the handover arrives with the pull; acknowledge with a double tap');
  const b = await browser.context.newPage();
  await b.goto(UI_B);
  await b.locator('.order-card').first().waitFor({ timeout: 60_000 });
  const open = b.getByTestId('handover-open');
  await open.filter({ hasText: '待确认接班' }).waitFor({ timeout: 20_000 });
  await b.screenshot({ path: join(SHOTS, 'e2e-handover-03-list-pending.png') });
  await open.click();
  await b.getByTestId('handover-latest').filter({ hasText: PROBLEM }).waitFor();
  const name = await b.getByTestId('handover-ack-name').innerText();
  if (!name.includes('赵刚')) throw new Error(`the acknowledgment would be signed ${name}, not by the signed-in 赵刚`);
  await b.screenshot({ path: join(SHOTS, 'e2e-handover-04-acknowledge.png'), fullPage: true });
  await doubleTap(b, b.getByTestId('handover-acknowledge'));
  await b.getByTestId('handover-acknowledged').waitFor({ timeout: 10_000 });
  await b.screenshot({ path: join(SHOTS, 'e2e-handover-05-acknowledged.png'), fullPage: true });

  const acked = await until(token, `?crew=${CREW}`, (e) => e[0].id === h.id && e[0].acknowledged_by, 30_000);
  if (acked[0].acknowledged_by !== '赵刚') throw new Error(`acknowledged_by ${acked[0].acknowledged_by}`);
  if (acked.length !== before + 1) throw new Error('the acknowledgment made another handover');
  step(`server: acknowledged by ${acked[0].acknowledged_by} at ${acked[0].acknowledged_at}`);

  step('phone A hears of the acknowledgment');
  await a.getByTestId('handover-acknowledged').waitFor({ timeout: 20_000 });

  step('console: the log shows both signatures and the open problem with its age');
  const console_ = await consolePage(browser.context, SERVER);
  await console_.setViewportSize({ width: 1280, height: 900 });
  await console_.goto(`${SERVER}/console/handovers?crew=${CREW}`);
  const entry = console_.locator(`#handover-${h.id}`);
  await entry.waitFor();
  const text = await entry.textContent();
  for (const want of ['李师傅', '赵刚', PROBLEM, h.problems[0].order_number, '已持续']) {
    if (!text.includes(want)) throw new Error(`console entry lacks ${want}: ${text}`);
  }
  await console_.screenshot({ path: join(SHOTS, 'console-handovers.png'), fullPage: true });

  step('console: close the problem with a note; it is no longer open');
  await entry.locator(`#problem-${h.problems[0].id} input[name=note]`).fill('已紧固拉线');
  await entry.locator(`#problem-${h.problems[0].id}`).getByTestId('close-problem').click();
  await console_.getByTestId('handover-note').waitFor();
  const closed = await getJson(SERVER, token, `/v1/handovers?crew=${CREW}`);
  const problem = closed.find((e) => e.id === h.id).problems[0];
  if (problem.closed?.note !== '已紧固拉线' || !problem.closed.closed_by) throw new Error(`closed ${JSON.stringify(problem)}`);
  await console_.screenshot({ path: join(SHOTS, 'console-handovers-closed.png'), fullPage: true });
  step('passed');
} finally {
  await browser.close();
}
