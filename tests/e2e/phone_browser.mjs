// What the crew-phone browser tests share: their settings from
// scripts/e2e.sh, and Debian's Chromium, headless, at phone size, in
// Chinese, with a fresh profile that is removed afterwards.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (run scripts/e2e.sh)`);
  return value;
};

/// `{ context, close }`: a persistent context is how Playwright takes a
/// fresh user-data dir; `close` also deletes it.
export async function openPhoneBrowser() {
  const profile = mkdtempSync(join(tmpdir(), 'fieldcrew-e2e-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
    viewport: { width: 360, height: 780 },
    locale: 'zh-CN',
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
