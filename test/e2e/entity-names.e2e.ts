/**
 * Legal entity names as customers type them: spaces, accents, punctuation. They must reach the
 * server and come back unchanged in the summary.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openDemoPage, useDemo } from './support/demo.js';
import { atStep, chooseSoftware, startSharing } from './support/journey.js';

const run = useDemo();

test('an entity named "Société Générale UK Ltd" (spaces, accents) is created and shown as typed', async () => {
  const { page, close } = await openDemoPage(run.browser);
  try {
    await startSharing(page, run.demo.siteUrl, { request: 'spendAnalysis', company: 'Contoso Trading Ltd' });
    await (await atStep(page, 'provisionMethod')).locator('[data-method="connect"]').click();
    await (await atStep(page, 'entityCount')).locator('[data-count="several"]').click();
    const name = await atStep(page, 'entityName');
    await name.getByRole('textbox').fill('Société Générale UK Ltd');
    await name.locator('[part="submit"]').click();
    await chooseSoftware(page, 'Epicor', 'epicor');
    await (await atStep(page, 'consent')).locator('[part="accept"]').click();
    await atStep(page, 'disclaimer');
    const stored = run.demo.server.store.db.prepare('SELECT name FROM entities').all() as { name: string }[];
    assert.deepEqual(
      stored.map((e) => e.name),
      ['Société Générale UK Ltd'],
    );
  } finally {
    await close();
  }
});

test('with one legal entity, the company name "Contoso Trading Ltd" becomes the entity', async () => {
  const { page, close } = await openDemoPage(run.browser);
  try {
    await startSharing(page, run.demo.siteUrl, { request: 'financials', company: 'Contoso Trading Ltd' });
    await chooseSoftware(page, 'Xero', 'xero');
    await (await atStep(page, 'consent')).locator('[part="accept"]').click();
    await atStep(page, 'connecting');
    const stored = run.demo.server.store.db.prepare('SELECT name FROM entities').all() as { name: string }[];
    assert.ok(
      stored.some((e) => e.name === 'Contoso Trading Ltd'),
      JSON.stringify(stored),
    );
  } finally {
    await close();
  }
});
