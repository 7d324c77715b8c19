/**
 * Spend analysis for two legal entities on the demo page: the first by file upload (Suppliers,
 * then Bills), the second by the sandbox platform's OAuth pop-up; then the summary and the
 * relationship-manager portal both show each entity's status and record counts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { billsCsv, suppliersCsv } from '../../packages/demo/src/samples.js';
import { openDemoPage, useDemo } from './support/demo.js';
import { atStep, chooseSoftware, link, closedPopup, csvFile, startSharing, tableRows, uploadReport } from './support/journey.js';
import { portalEntities } from './support/portal.js';
import { storedReport } from './support/stored.js';

const run = useDemo();

test('spend analysis: one entity by file upload, one by the OAuth pop-up; summary and portal agree', async () => {
  const { page, context, close } = await openDemoPage(run.browser);
  try {
    await startSharing(page, run.demo.siteUrl, { request: 'spendAnalysis' });
    await page.screenshot({ path: '/tmp/demo-shots/01-page-started.png', fullPage: true });

    await (await atStep(page, 'provisionMethod')).locator('[data-method="connect"]').click();
    await (await atStep(page, 'entityCount')).locator('[data-count="several"]').click();
    const name = await atStep(page, 'entityName');
    await name.getByRole('textbox').fill('Contoso UK Ltd');
    await name.locator('[part="submit"]').click();
    await chooseSoftware(page, 'Epicor', 'epicor');
    await (await atStep(page, 'consent')).locator('[part="accept"]').click();
    await (await atStep(page, 'disclaimer')).locator('[part="continue"]').click();

    await uploadReport(page, 'uploadSuppliers', csvFile('contoso-suppliers.csv', suppliersCsv()));
    await page.screenshot({ path: '/tmp/demo-shots/02-suppliers-sent.png', fullPage: true });
    await uploadReport(page, 'uploadBills', csvFile('contoso-bills.csv', billsCsv()));
    await (await atStep(page, 'entityComplete')).locator('[part="add-another"]').click();

    const second = await atStep(page, 'entityName');
    await second.getByRole('textbox').fill('Contoso Ireland Ltd');
    await second.locator('[part="submit"]').click();
    await chooseSoftware(page, 'Sandbox', 'sandbox-accounting');
    await (await atStep(page, 'consent')).locator('[part="accept"]').click();
    const connecting = await atStep(page, 'connecting');
    const [popup] = await Promise.all([context.waitForEvent('page'), connecting.locator('[part="open"]').click()]);
    await popup.waitForLoadState();
    await popup.screenshot({ path: '/tmp/demo-shots/03-sandbox-authorize.png' });
    // The sandbox platform names who asks (the partner), then whose books it reads.
    assert.match(await popup.locator('main').innerText(), /Northwind Card is asking to read the accounting data of Contoso Ireland Ltd/);
    await popup.getByRole('button', { name: 'Allow' }).click();
    await closedPopup(popup);

    // A third entity: the name of the first again is refused in words, not by a silent Continue.
    await (await atStep(page, 'entityComplete')).locator('[part="add-another"]').click();
    const third = await atStep(page, 'entityName');
    await third.getByRole('textbox').fill('contoso uk ltd');
    await third.locator('[part="submit"]').click();
    await third.locator('[part="error"]').waitFor();
    assert.match(await third.locator('[part="error"]').innerText(), /already/i);
    assert.equal(await link(page).locator('.body').getAttribute('data-current-step'), 'entityName');
    await third.getByRole('textbox').fill('Contoso France SAS');
    await third.locator('[part="submit"]').click();
    // Its software is not listed: "Can't find your software?" is still there for a third entity.
    const software = await atStep(page, 'softwareSelection');
    assert.ok(await software.locator('[part="cant-find-button"]').isVisible(), 'a third entity has a way out besides Back');
    await software.locator('[part="back"]').click();
    await (await atStep(page, 'entityName')).locator('[part="back"]').click();

    await (await atStep(page, 'entityComplete')).locator('[part="finish"]').click();
    const summary = await atStep(page, 'summary');
    await page.screenshot({ path: '/tmp/demo-shots/04-summary.png', fullPage: true });
    const rows = await tableRows(summary.locator('table'));
    assert.equal(rows.length, 2, JSON.stringify(rows));
    assert.match(rows[0]!.join(' | '), /Contoso UK Ltd.*Epicor.*Complete.*24 suppliers, 120 bills/);
    assert.match(rows[1]!.join(' | '), /Contoso Ireland Ltd.*Sandbox.*Complete/);

    assert.equal(storedReport(run.demo, 'Contoso UK Ltd', 'bills').records.length, 120);
    assert.equal(storedReport(run.demo, 'Contoso UK Ltd', 'suppliers').records.length, 24);

    // The relationship manager sees the same request in the portal.
    const portal = await portalEntities(run.browser, run.demo, /Spend/i, { screenshot: '/tmp/demo-shots/05-portal-request.png' });
    const pick = (r: Record<string, string>) => [r['Name'], r['Status'], r['Software'], r['Suppliers'], r['Bills'], r['Supplier spend']];
    assert.deepEqual(portal.map(pick), [
      ['Contoso UK Ltd', 'Complete', 'Epicor', '24', '120', '0'],
      ['Contoso Ireland Ltd', 'Complete', 'Sandbox Accounting', '0', '0', '0'],
    ]);
    // Each entity's consent is on record, with the version and language of the text shown.
    for (const entity of portal) assert.match(entity['Consent'] ?? '', /v1 · en/);
  } finally {
    await close();
  }
});
