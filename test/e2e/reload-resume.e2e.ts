/**
 * A reload in the middle of the Bills upload: the page finds its session again, the journey comes
 * back at the Bills step, the same file is dropped again and only the batches the server had not
 * acknowledged are sent. The server's stored rows prove there is no duplicate and no gap.
 */
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { test } from 'node:test';
import { billsCsv, suppliersCsv } from '../../packages/demo/src/samples.js';
import { openDemoPage, useDemo } from './support/demo.js';
import { atStep, chooseSoftware, COMPANY, csvFile, startSharing, tableRows, uploadReport } from './support/journey.js';
import { storedReport } from './support/stored.js';

const ENTITY = COMPANY;
const BILLS = 8000;
/** The journey's default batch size (core config). */
const BATCH = 1_000;

// Every answer about connections is held back a little after it is committed, so the upload
// is still under way when the page reloads (the server keeps what it stored).
const run = useDemo({ server: { faults: { delayRate: 1, delayMs: 250, prefix: '/v1/connections/' } } });

test('a reload during the Bills upload resumes from the last acknowledged batch, without duplicates', async () => {
  const { page, close } = await openDemoPage(run.browser);
  // CORS preflights before the Bills batches, as the server saw them: the page is on another origin.
  let preflights = 0;
  const countPreflight = (request: IncomingMessage) => {
    if (request.method === 'OPTIONS' && /\/reports\/bills\/batches$/.test(request.url ?? '')) preflights += 1;
  };
  run.demo.server.app.server.on('request', countPreflight);
  try {
    await startSharing(page, run.demo.siteUrl, { request: 'spendAnalysis' });
    await (await atStep(page, 'provisionMethod')).locator('[data-method="connect"]').click();
    await (await atStep(page, 'entityCount')).locator('[data-count="one"]').click();
    await chooseSoftware(page, 'Epicor', 'epicor');
    await (await atStep(page, 'consent')).locator('[part="accept"]').click();
    await (await atStep(page, 'disclaimer')).locator('[part="continue"]').click();
    await uploadReport(page, 'uploadSuppliers', csvFile('suppliers.csv', suppliersCsv({ suppliers: 60 })));

    const bills = csvFile('bills-fy2024.csv', billsCsv({ suppliers: 60, bills: BILLS }));
    await uploadReport(page, 'uploadBills', bills);
    const total = Math.ceil(BILLS / BATCH);
    // Reload once the server holds some batches but not all of them.
    const deadline = Date.now() + 30_000;
    let before = 0;
    while (Date.now() < deadline) {
      before = storedReport(run.demo, ENTITY, 'bills').batchIndexes.length;
      if (before >= 2) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.ok(before >= 2 && before < total, `expected a partial upload before the reload, the server holds ${before} of ${total} batches`);
    await page.reload();

    const sentAfter: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && /\/reports\/bills\/batches$/.test(request.url())) sentAfter.push(request.postData() ?? '');
    });
    const upload = await atStep(page, 'uploadBills');
    await page.screenshot({ path: '/tmp/demo-shots/06-after-reload.png', fullPage: true });
    const heldBeforeResume = storedReport(run.demo, ENTITY, 'bills').batchIndexes.length;
    await uploadReport(page, 'uploadBills', bills);
    await atStep(page, 'entityComplete', 60_000);
    assert.ok(upload);

    const stored = storedReport(run.demo, ENTITY, 'bills');
    const numbers = stored.records.map((r) => r['billNumber']);
    assert.equal(stored.records.length, BILLS, 'every bill stored');
    assert.equal(new Set(numbers).size, BILLS, 'no bill stored twice');
    assert.deepEqual(stored.batchIndexes, [...Array(total).keys()], 'one batch per index');
    assert.ok(
      sentAfter.length <= total - heldBeforeResume,
      `after the reload ${sentAfter.length} batches were sent; the server already held ${heldBeforeResume} of ${total}`,
    );
    assert.equal(storedReport(run.demo, ENTITY, 'suppliers').records.length, 60);
    // One preflight per report URL and page, not one per batch (the browser caches it 10 minutes).
    assert.ok(preflights <= 2, `${preflights} CORS preflights for ${total} batches of Bills`);

    await (await atStep(page, 'entityComplete')).locator('[part="finish"]').click();
    const rows = await tableRows((await atStep(page, 'summary')).locator('table'));
    assert.match(
      rows[0]!.join(' | '),
      new RegExp(`${ENTITY}.*Complete.*60 suppliers, ${BILLS.toLocaleString('en')} bills|${ENTITY}.*Complete.*60 suppliers, ${BILLS} bills`),
    );
  } finally {
    run.demo.server.app.server.off('request', countPreflight);
    await close();
  }
});
