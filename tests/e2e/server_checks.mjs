// What the server must show after the phone synced: asked through the
// dispatcher API, and the media files compared byte for byte between the
// phone's and the server's data dirs (both on this machine).
import { createHash } from 'node:crypto';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

export const DISPATCHER = { username: 'dispatcher', password: 'fieldcrew-demo' };

export async function dispatcherToken(server) {
  const res = await fetch(`${server}/v1/dispatcher/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(DISPATCHER),
  });
  if (!res.ok) throw new Error(`dispatcher login: HTTP ${res.status}`);
  return (await res.json()).token;
}

export async function getJson(server, token, path) {
  const res = await fetch(`${server}${path}`, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`GET ${path}: HTTP ${res.status} ${await res.text()}`);
  return res.json();
}

export const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

/// The media file stored under `<dir>/media/<sha256>`, checked against its name.
export function mediaFile(dataDir, sha) {
  const path = join(dataDir, 'media', sha);
  if (!existsSync(path)) throw new Error(`no media file ${path}`);
  const bytes = readFileSync(path);
  if (sha256(bytes) !== sha) throw new Error(`${path} does not hash to its name`);
  return bytes;
}

/// Fails unless the phone's and the server's copies are the same bytes.
export function assertSameBytes(phoneDir, serverDir, sha) {
  const phone = mediaFile(phoneDir, sha);
  const server = mediaFile(serverDir, sha);
  if (!phone.equals(server)) throw new Error(`media ${sha}: phone and server bytes differ`);
  return phone.length;
}

/// A new page in `context`, signed in to the dispatcher console.
export async function consolePage(context, server) {
  const page = await context.newPage();
  await page.goto(`${server}/console/login`);
  await page.locator('#username').fill(DISPATCHER.username);
  await page.locator('#password').fill(DISPATCHER.password);
  await page.locator('button[type=submit]').click();
  await page.waitForURL(/\/console\/board/);
  return page;
}
