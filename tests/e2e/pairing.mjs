// Pairing and signing out, end to end: a second liveview harness WITHOUT
// auto-pairing opens on the real pairing screen. A wrong PIN is refused,
// the right one pairs and the crew's demo orders arrive; the phone then
// loses its connection, records a step, and signing out warns that it is
// not uploaded yet and stays on the phone; pairing again uploads it and the
// server has it. The phone reaches the server through a TCP relay in this
// script, so closing the relay is "no signal". Run by scripts/e2e.sh.
import { mkdirSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { join } from 'node:path';
import { env, openPhoneBrowser } from './phone_browser.mjs';
import { dispatcherToken, getJson } from './server_checks.mjs';

const UI = env('E2E_PAIR_UI');
const SERVER = env('E2E_SERVER');
const CREW = env('E2E_CREW');
const SHOTS = env('E2E_SCREENSHOTS');
const PIN = '1234';
const WRONG_PIN = '9999';
const MEMBER = '王师傅';

const step = (text) => console.log(`e2e pairing: ${text}`);
const shot = (page, name) => page.screenshot({ path: join(SHOTS, `e2e-${name}.png`), fullPage: true });

/// A relay to the server on its own port: open = signal, closed = none.
function relay(target) {
  const { hostname, port } = new URL(target);
  const sockets = new Set();
  let server;
  let listenPort = 0;
  return {
    async open() {
      server = createServer((client) => {
        const upstream = connect(Number(port), hostname);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
          s.on('error', () => {});
        }
        client.pipe(upstream).pipe(client);
      });
      await new Promise((resolve) => server.listen(listenPort, '127.0.0.1', resolve));
      listenPort = server.address().port;
      return `http://127.0.0.1:${listenPort}`;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/// A CREW order nobody has acknowledged yet, from the dispatcher API.
async function newOrder(token) {
  const orders = await getJson(SERVER, token, `/v1/orders?crew=${CREW}`);
  const fresh = orders.find((o) => !o.state.acknowledged_at && !o.state.closed_at && !o.cancelled_at);
  if (!fresh) throw new Error(`no unacknowledged order for ${CREW}`);
  return fresh.order;
}

async function signIn(page, pin) {
  await page.getByLabel('班组PIN码').fill(pin);
  await page.getByRole('button', { name: '登录', exact: true }).click();
}

async function runFlow(page, relayed, token) {
  const button = (name) => page.getByRole('button', { name, exact: true });
  const app = page.locator('.app');

  step('an unpaired phone opens on the pairing screen with the server prefilled');
  await page.goto(UI);
  await page.getByRole('heading', { name: '登录班组' }).waitFor({ timeout: 60_000 });
  const server = page.getByLabel('服务器地址');
  const prefilled = await server.inputValue();
  if (prefilled !== SERVER) throw new Error(`server prefilled with ${prefilled}, expected ${SERVER}`);
  await server.fill(await relayed.open());
  await page.getByLabel('班组编号').fill(CREW);
  await page.getByLabel('您的姓名').fill(MEMBER);

  step('a wrong PIN is refused in plain words');
  await signIn(page, WRONG_PIN);
  await app.getByText('班组编号或PIN码不对，请核对后再试').waitFor();
  await shot(page, 'pair');

  step('the right PIN pairs and the crew demo orders arrive');
  await signIn(page, PIN);
  await page.locator('.order-card', { hasText: 'DEMO-' }).first().waitFor({ timeout: 60_000 });
  const order = await newOrder(token);
  const card = page.locator('.order-card', { hasText: order.number });
  await card.waitFor();
  await shot(page, 'pair-orders');

  step('no signal: acknowledge an order, it waits in the outbox');
  await relayed.close();
  await card.click();
  await button('接单').click();
  await app.getByText('已记录 · 已接单').waitFor();
  await page.locator('.sync-bar.offline').waitFor({ timeout: 60_000 });

  step('settings name the crew and member; signing out warns what is not uploaded');
  await button('← 返回').click();
  await button('设置').click();
  await page.locator('.signed-in', { hasText: CREW }).filter({ hasText: MEMBER }).waitFor();
  await button('退出登录').click();
  const warning = page.locator('.sign-out-confirm');
  await warning.getByText('1 条记录还没有上传').waitFor();
  await warning.getByText('它们会留在这部手机上，重新登录后自动上传').waitFor();
  await shot(page, 'pair-sign-out');
  await button('确认退出').click();
  await page.getByRole('heading', { name: '登录班组' }).waitFor();
  await app.getByText('1 条记录还没有上传').waitFor();
  await shot(page, 'pair-signed-out');

  step('signal back, pair again: the acknowledgement goes up');
  await relayed.open();
  if ((await page.getByLabel('您的姓名').inputValue()) !== MEMBER) throw new Error('member name not kept');
  await signIn(page, PIN);
  await page.locator('.sync-bar.ok').filter({ hasNot: page.locator('.waiting') }).waitFor({ timeout: 60_000 });
  const onServer = await getJson(SERVER, token, `/v1/orders/${order.id}`);
  if (!onServer.state.acknowledged_at) throw new Error(`server: ${order.number} not acknowledged`);
  if (!JSON.stringify(onServer.events).includes(MEMBER)) throw new Error(`server: no event by ${MEMBER}`);
}

async function main() {
  mkdirSync(SHOTS, { recursive: true });
  const token = await dispatcherToken(SERVER);
  const relayed = relay(SERVER);
  const browser = await openPhoneBrowser();
  try {
    const page = await browser.context.newPage();
    page.setDefaultTimeout(20_000);
    page.on('pageerror', (e) => console.error(`e2e pairing: page error: ${e.message}`));
    try {
      await runFlow(page, relayed, token);
    } catch (e) {
      await shot(page, 'pair-failure').catch(() => {});
      throw e;
    }
  } finally {
    await browser.close();
    await relayed.close().catch(() => {});
  }
  step('passed');
}

main().catch((e) => {
  console.error(`e2e pairing: FAILED: ${e.stack ?? e}`);
  process.exit(1);
});
