/**
 * Financials only, on a phone, connected by redirect (the mobile path): the page leaves for the sandbox
 * platform, the customer allows access, the platform sends them back, and the page finds its
 * session and the journey again and finishes with the connection linked.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openDemoPage, PHONE, useDemo } from './support/demo.js';
import { atStep, chooseSoftware, startSharing, tableRows } from './support/journey.js';
import { portalEntities } from './support/portal.js';

const run = useDemo();

test('financials only: OAuth by redirect, back on the partner page, summary and portal show the connection', async () => {
  const { page, close } = await openDemoPage(run.browser, PHONE);
  try {
    await startSharing(page, run.demo.siteUrl, { request: 'financials' });
    // Financials skip the multi-entity steps: the first screen is the software list.
    await chooseSoftware(page, 'Sandbox', 'sandbox-accounting');
    const consent = await atStep(page, 'consent');
    assert.match(await consent.evaluate((el) => el.shadowRoot?.textContent ?? ''), /Profit and loss statement/);
    await consent.locator('[part="accept"]').click();
    // On a phone the main button leaves for the platform in this tab.
    const connecting = await atStep(page, 'connecting');
    await page.screenshot({ path: '/tmp/demo-shots/15-phone-connecting.png', fullPage: true });
    assert.equal(await connecting.locator('[part="open"]').count(), 0, 'no pop-up button on a phone');
    await connecting.locator('[part="redirect"]').click();

    await page.waitForURL(`${run.demo.serverUrl}/sandbox/authorize**`);
    await page.getByRole('button', { name: 'Allow access' }).click();
    await page.waitForURL(`${run.demo.siteUrl}/**`, { timeout: 10_000 }).catch(async (error: unknown) => {
      throw new Error(`not sent back to the partner page: at ${page.url()}, showing "${(await page.locator('body').innerText()).replace(/\s+/g, ' ')}"`, {
        cause: error,
      });
    });
    await (await atStep(page, 'entityComplete')).locator('[part="finish"]').click();
    const rows = await tableRows((await atStep(page, 'summary')).locator('table'));
    assert.equal(rows.length, 1);
    assert.match(rows[0]!.join(' | '), /Sandbox Accounting.*Complete/);
    await page.screenshot({ path: '/tmp/demo-shots/07-financials-summary.png', fullPage: true });

    const entities = await portalEntities(run.browser, run.demo, 'Financials');
    assert.equal(entities.length, 1);
    assert.equal(entities[0]!['Status'], 'Complete');
    assert.equal(entities[0]!['Software'], 'Sandbox Accounting');
  } finally {
    await close();
  }
});
