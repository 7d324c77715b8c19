/**
 * The manual path of spend analysis: the customer downloads the supplier spend template from the
 * upload step, fills it in, uploads it, and the summary, the portal (consent included) and the server's rows agree.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { openDemoPage, useDemo } from './support/demo.js';
import { atStep, COMPANY, csvFile, startSharing, tableRows, uploadReport } from './support/journey.js';
import { portalEntities } from './support/portal.js';
import { storedReport } from './support/stored.js';

const run = useDemo();

const FILLED = [
  ['Brightline Logistics', 'V1002', 'GB100007919', 'GB', 'accounts@brightline.example', '48210.40', 'GBP', '24', 'Card', 'Net 30', '2024-04-01', '2025-03-31'],
  ['Evergreen Catering', 'V1005', '', 'GB', '', '6120.00', 'GBP', '12', 'BACS', 'Net 14', '2024-04-01', '2025-03-31'],
  ['"Indigo Print & Design, Ltd"', 'V1009', 'GB100063352', 'GB', 'hello@indigo.example', '2310.55', 'GBP', '4', 'Card', 'Net 30', '2024-04-01', '2025-03-31'],
];

test('manual path: download the supplier spend template, fill it in, upload it', async () => {
  const { page, close } = await openDemoPage(run.browser);
  try {
    await startSharing(page, run.demo.siteUrl, { request: 'spendAnalysis' });
    await (await atStep(page, 'provisionMethod')).locator('[data-method="manual"]').click();
    // The template path has its own consent, naming the file and what it carries.
    const consent = await atStep(page, 'consent');
    assert.match(await consent.locator('[part="intro"]').innerText(), /supplier spend file you upload/);
    assert.deepEqual(await consent.locator('[part="data-item"]').allInnerTexts(), [
      'Supplier spend: each supplier’s name, identifiers and contact details, what you spent with it, how often and how you paid',
    ]);
    await consent.locator('[part="accept"]').click();
    const upload = await atStep(page, 'manualUpload');
    const [download] = await Promise.all([page.waitForEvent('download'), upload.locator('[part="template"]').first().click()]);
    assert.equal(download.suggestedFilename(), 'supplier-spend-template.csv');
    const template = await readFile(await download.path(), 'utf8');
    const [header] = template.replace(/^\uFEFF/, '').split(/\r?\n/);
    assert.match(header ?? '', /Supplier name.*Total spend/);
    // The customer keeps the header, replaces the example row with their own suppliers.
    const filled = [header, ...FILLED.map((row) => row.join(','))].join('\r\n') + '\r\n';
    await page.screenshot({ path: '/tmp/demo-shots/08-manual-upload.png', fullPage: true });
    await uploadReport(page, 'manualUpload', csvFile('supplier-spend-filled.csv', filled));

    const next = await Promise.race([
      atStep(page, 'entityComplete', 20_000).then(() => 'entityComplete'),
      atStep(page, 'summary', 20_000).then(() => 'summary'),
    ]);
    if (next === 'entityComplete') await (await atStep(page, 'entityComplete')).locator('[part="finish"]').click();
    const rows = await tableRows((await atStep(page, 'summary')).locator('table'));
    await page.screenshot({ path: '/tmp/demo-shots/09-manual-summary.png', fullPage: true });
    assert.equal(rows.length, 1, JSON.stringify(rows));
    assert.match(rows[0]!.join(' | '), /Manual upload.*Complete.*3 supplier spend rows/);

    const stored = storedReport(run.demo, COMPANY, 'supplierSpend').records;
    assert.deepEqual(
      stored.map((r) => [r['supplierName'], r['totalSpend']]),
      [
        ['Brightline Logistics', 48210.4],
        ['Evergreen Catering', 6120],
        ['Indigo Print & Design, Ltd', 2310.55],
      ],
    );
    const portal = await portalEntities(run.browser, run.demo, /Spend/i);
    assert.deepEqual(
      portal.map((r) => [r['Name'], r['Status'], r['Supplier spend']]),
      [[COMPANY, 'Complete', '3']],
    );
    // The manual path is named in words, not by its key (it read "supplier-spend-template").
    assert.equal(portal[0]!['Software'], 'Supplier spend template (manual upload)');
    // Before, the consent cell of the template path was empty: no consent was ever recorded.
    assert.match(portal[0]!['Consent'] ?? '', /\d{4}-\d{2}-\d{2} \d{2}:\d{2}\s*v1 · en/);
  } finally {
    await close();
  }
});
