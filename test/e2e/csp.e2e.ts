/**
 * The strict-CSP page: the demo is served with a policy that allows files only (no inline script
 * or style, no eval) and requires Trusted Types. A whole journey, with the upload worker, the
 * preview table and the template download, must cause zero `securitypolicyviolation` events;
 * so must the hosted Link page of the reference server.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { billsCsv, suppliersCsv } from '../../packages/demo/src/samples.js';
import { openDemoPage, useDemo } from './support/demo.js';
import { atStep, chooseSoftware, csvFile, link, startSharing, uploadReport } from './support/journey.js';

const run = useDemo();

test('the demo page is served with a strict policy', async () => {
  const response = await fetch(`${run.demo.siteUrl}/`);
  const policy = response.headers.get('content-security-policy') ?? '';
  const directives = new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...values]) => [name, values]),
  );
  assert.deepEqual(directives.get('default-src'), ["'none'"]);
  assert.deepEqual(directives.get('script-src'), ["'self'"]);
  assert.deepEqual(directives.get('style-src'), ["'self'"]);
  assert.deepEqual(directives.get('require-trusted-types-for'), ["'script'"]);
  assert.deepEqual(directives.get('connect-src'), ["'self'", new URL(run.demo.serverUrl).origin]);
  assert.doesNotMatch(policy, /unsafe-inline|unsafe-eval|\*/);
  // Files only: the page has no inline script, handler or style attribute to allow.
  const page = await response.text();
  assert.doesNotMatch(page, /<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+=|\sstyle=/i);
});

test('a whole file-upload journey under the strict policy causes zero CSP violations', async () => {
  const { page, violations, errors, close } = await openDemoPage(run.browser);
  // The files must be read in the intake worker, not on the main thread after a refused Worker.
  const workers: string[] = [];
  page.on('worker', (worker) => workers.push(new URL(worker.url()).pathname));
  try {
    await startSharing(page, run.demo.siteUrl, { request: 'spendAnalysis' });
    await (await atStep(page, 'provisionMethod')).locator('[data-method="connect"]').click();
    await (await atStep(page, 'entityCount')).locator('[data-count="one"]').click();
    await chooseSoftware(page, 'SAP', 'sap-business-one');
    await (await atStep(page, 'consent')).locator('[part="accept"]').click();
    await (await atStep(page, 'disclaimer')).locator('[part="continue"]').click();
    const suppliers = await atStep(page, 'uploadSuppliers');
    const [download] = await Promise.all([page.waitForEvent('download'), suppliers.locator('[part="template"]').first().click()]);
    assert.match(download.suggestedFilename(), /\.csv$/);
    await uploadReport(page, 'uploadSuppliers', csvFile('suppliers.csv', suppliersCsv()));
    await uploadReport(page, 'uploadBills', csvFile('bills.csv', billsCsv()));
    await (await atStep(page, 'entityComplete')).locator('[part="finish"]').click();
    await atStep(page, 'summary');
    assert.deepEqual(violations, []);
    assert.deepEqual(errors, []);
    assert.equal(workers.length, 2, `one intake worker per file, got ${workers.join(', ')}`);
    for (const path of workers) assert.match(path, /\/workers\/intake\.worker-[\w-]+\.js$/);
  } finally {
    await close();
  }
});

test('the hosted Link page of the same request causes zero CSP violations', async () => {
  const { page, violations, errors, close } = await openDemoPage(run.browser);
  try {
    await startSharing(page, run.demo.siteUrl, { request: 'both' });
    await atStep(page, 'softwareSelection');
    const hosted = await page.locator('#hosted-link').getAttribute('href');
    assert.match(hosted ?? '', new RegExp(`^${run.demo.serverUrl}/link/req_`));
    await page.goto(hosted!);
    // A request with spend opens with the checklist there too, and Back from the first choice returns to it.
    const checklist = await atStep(page, 'checklist');
    assert.equal(await checklist.locator('[part="heading"]').innerText(), 'Before you start');
    await page.screenshot({ path: '/tmp/demo-shots/13-hosted-link-checklist.png', fullPage: true });
    await checklist.locator('[part="start"]').click();
    await (await atStep(page, 'softwareSelection')).locator('[part="back"]').click();
    await (await atStep(page, 'checklist')).locator('[part="start"]').click();
    const software = await atStep(page, 'softwareSelection');
    await software.getByRole('combobox').fill('Xero');
    await software.locator('[data-key="xero"]').click();
    await atStep(page, 'consent');
    await page.screenshot({ path: '/tmp/demo-shots/14-hosted-link-consent.png', fullPage: true });

    // Financials alone: the hosted page opens on the software list, with no checklist and no Back.
    await page.goto(`${run.demo.siteUrl}/`);
    await page.locator('#start-over').click();
    await startSharing(page, run.demo.siteUrl, { request: 'financials', company: 'Hosted Financials Ltd' });
    await atStep(page, 'softwareSelection');
    await page.goto((await page.locator('#hosted-link').getAttribute('href'))!);
    const financials = await atStep(page, 'softwareSelection');
    assert.equal(await financials.locator('[part="back"]').count(), 0);
    assert.equal(await link(page).locator('codat-link-checklist').count(), 0);
    assert.deepEqual(violations, []);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});
