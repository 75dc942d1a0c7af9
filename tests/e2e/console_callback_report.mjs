// The second half of the console flow: the restored order waits for a
// call-back (回访), the dispatcher records one, the day's report counts it,
// and the CSV downloads with a BOM and parses with the order's row in it.
// Restored moments ago, the order is pending (待回访) on the report until
// then: in neither side of the call-back rate.
import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/// The day in China (UTC+8), as `YYYY-MM-DD`.
const chinaDate = (date) => new Date(date.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

async function reportFigures(page, server, { from, to }, number) {
  await page.goto(`${server}/console/reports?from=${from}&to=${to}`);
  const figure = async (id) => (await page.getByTestId(id).innerText()).trim();
  return {
    called: Number(await figure('report-callback-count')),
    // The rate's denominator: called back or missed, the pending left out.
    counted: Number(await figure('report-repaired-count')),
    pending: Number(await figure('report-callback-pending')),
    orders: Number(await figure('report-order-count')),
    callback: (await page.getByTestId(`report-order-${number}`).locator('td.callback').innerText()).trim(),
  };
}

async function recordCallback(page, { server, number, shot, step }) {
  step(`call-backs: ${number} waits for its call-back; the customer is reached and satisfied`);
  await page.goto(`${server}/console/callbacks`);
  await page.getByTestId(`callback-row-${number}`).waitFor();
  const form = page.getByTestId(`callback-form-${number}`);
  await form.locator('input[name=reached][value=yes]').check();
  await form.locator('input[name=satisfaction][value=satisfied]').check();
  await form.locator('[name=note]').fill('客户表示抢修及时，已恢复正常用电');
  await shot(page, 'callbacks');
  await page.getByTestId(`callback-submit-${number}`).click();
  await page.waitForURL('**/console/callbacks');
  if (await page.getByTestId(`callback-row-${number}`).count()) {
    throw new Error(`${number} still waits for a call-back after a reached one was recorded`);
  }
}

/// Downloads the CSV through the page's link and returns its rows.
async function downloadCsv(page) {
  const download = page.waitForEvent('download');
  await page.getByTestId('report-csv-link').click();
  const file = await (await download).path();
  const bytes = readFileSync(file);
  if (!bytes.subarray(0, 3).equals(BOM)) throw new Error('the CSV does not start with a UTF-8 BOM');
  return parse(bytes.subarray(3).toString('utf8'), { relax_column_count: true, skip_empty_lines: true });
}

export async function callbackAndReport(page, flow) {
  const { server, number, times, shot, step } = flow;
  // Yesterday and today in China: the order was taken minutes ago, maybe
  // just before midnight.
  const now = times.arrived.truth;
  const days = { from: chinaDate(new Date(now.getTime() - 86_400_000)), to: chinaDate(now) };
  const before = await reportFigures(page, server, days, number);
  if (before.callback !== '待回访') throw new Error(`report call-back for ${number} before one was made: "${before.callback}"`);
  await recordCallback(page, flow);

  step('report: the call-back is counted (it was pending), the order arrived on time');
  const after = await reportFigures(page, server, days, number);
  if (after.called !== before.called + 1 || after.counted !== before.counted + 1 || after.pending !== before.pending - 1) {
    const figures = (f) => `${f.called}/${f.counted}, ${f.pending} pending`;
    throw new Error(`call-backs ${figures(before)} → ${figures(after)}`);
  }
  const row = page.getByTestId(`report-order-${number}`);
  const arrival = (await row.locator('td.arrival').innerText()).trim();
  const callback = after.callback;
  if (!arrival.includes('按时')) throw new Error(`report arrival for ${number}: "${arrival}"`);
  if (!callback.includes('满意')) throw new Error(`report call-back for ${number}: "${callback}"`);
  await shot(page, 'report');

  step('CSV: downloads with a BOM, parses, one row per counted order');
  const rows = await downloadCsv(page);
  // The per-order block is last, under its header row.
  const header = rows.findIndex((r) => r[0] === '工单号');
  if (header < 0) throw new Error('the CSV has no order block');
  const orderRows = rows.slice(header + 1);
  if (orderRows.length !== after.orders) throw new Error(`CSV has ${orderRows.length} order rows, the page ${after.orders}`);
  const ours = orderRows.find((r) => r[0] === number);
  if (!ours) throw new Error(`${number} is not in the CSV`);
  if (!ours.includes('按时') || !ours.some((cell) => cell.includes('已回访'))) {
    throw new Error(`CSV row for ${number}: ${ours.join(' | ')}`);
  }
}
