/**
 * Webhooks end to end: a file-upload journey on the demo page, then the demo's receiver page
 * (Northwind's own server verifying each signature) lists upload.completed for Suppliers, then for
 * Bills, then request.finished, sent by the reference server's outbox worker over real HTTP.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { billsCsv, suppliersCsv } from '../../packages/demo/src/samples.js';
import { openDemoPage, useDemo } from './support/demo.js';
import { atStep, chooseSoftware, csvFile, startSharing, uploadReport } from './support/journey.js';

const run = useDemo();

test('after a file-upload journey, the demo receiver shows upload.completed for Suppliers and Bills, then request.finished, verified', async () => {
  const { page, close } = await openDemoPage(run.browser);
  try {
    await startSharing(page, run.demo.siteUrl, { request: 'spendAnalysis' });
    await (await atStep(page, 'provisionMethod')).locator('[data-method="connect"]').click();
    await (await atStep(page, 'entityCount')).locator('[data-count="several"]').click();
    const name = await atStep(page, 'entityName');
    await name.getByRole('textbox').fill('Contoso Webhooks Ltd');
    await name.locator('[part="submit"]').click();
    await chooseSoftware(page, 'Epicor', 'epicor');
    await (await atStep(page, 'consent')).locator('[part="accept"]').click();
    await (await atStep(page, 'disclaimer')).locator('[part="continue"]').click();
    await uploadReport(page, 'uploadSuppliers', csvFile('contoso-suppliers.csv', suppliersCsv()));
    await uploadReport(page, 'uploadBills', csvFile('contoso-bills.csv', billsCsv()));
    await (await atStep(page, 'entityComplete')).locator('[part="finish"]').click();
    await atStep(page, 'summary');

    await page.goto(`${run.demo.siteUrl}/webhooks.html`);
    const rows = page.locator('#webhooks tbody tr');
    await page.locator('#webhooks tbody tr[data-type="request.finished"]').waitFor({ timeout: 15_000 });
    const seen = await rows.evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-type'), tr.children[2]?.textContent ?? '']));
    const watched = seen.filter(([type]) => type === 'upload.completed' || type === 'request.finished');
    assert.deepEqual(
      watched.map(([type]) => type),
      ['upload.completed', 'upload.completed', 'request.finished'],
      JSON.stringify(seen),
    );
    assert.match(watched[0]![1]!, /^suppliers: 24 records.* from contoso-suppliers\.csv$/);
    assert.match(watched[1]![1]!, /^bills: 120 records.* from contoso-bills\.csv$/);
    assert.match(watched[2]![1]!, /^1 entities$/);
    // The whole journey, in the order it happened.
    const types = seen.map(([type]) => type);
    for (const type of ['request.created', 'request.opened', 'entity.created', 'consent.recorded', 'connection.connected']) {
      assert.ok(types.indexOf(type) >= 0 && types.indexOf(type) < types.indexOf('upload.completed'), `${type} before the uploads: ${types.join(', ')}`);
    }
    assert.match((await page.locator('#webhook-status').textContent()) ?? '', /verified\.$/, 'no refused delivery');
  } finally {
    await close();
  }
});
