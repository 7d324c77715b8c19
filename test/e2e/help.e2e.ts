/**
 * *Questions?* on the consent step, keyboard only, on the real demo against the real server: the
 * customer opens the panel from the header, reads the answer to "What exactly is shared?", closes it
 * with Escape and carries on from the same button.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { openDemoPage, useDemo } from './support/demo.js';
import { atStep, link, startSharing } from './support/journey.js';
import { byPart, focused, tabTo } from './support/keyboard.js';

const run = useDemo();

/** Shift+Tab until `matches` accepts the focused element (the header sits before the step). */
async function shiftTabTo(page: Page, what: string, matches: (f: NonNullable<Awaited<ReturnType<typeof focused>>>) => boolean): Promise<void> {
  for (let i = 0; i < 20; i++) {
    const now = await focused(page);
    if (now && matches(now)) return;
    await page.keyboard.press('Shift+Tab');
  }
  throw new Error(`Shift+Tab never reached ${what}`);
}

test('a customer opens Questions? on the consent step and reads what is shared, by keyboard only', async () => {
  const { page, close, errors } = await openDemoPage(run.browser);
  try {
    await startSharing(page, run.demo.siteUrl, { request: 'financials' });
    const software = await atStep(page, 'softwareSelection');
    await tabTo(page, 'the software search', (f) => f.attrs['role'] === 'combobox');
    await page.keyboard.type('Xero');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    assert.ok(software);
    const consent = await atStep(page, 'consent');
    // The three questions customers ask most are answered in the step itself.
    const questions = consent.locator('codat-link-help [part="help-question"]');
    await questions.first().waitFor();
    const inStep = await questions.allTextContents();
    assert.deepEqual(inStep, ['What exactly is shared?', 'Is my data safe?', 'Can I stop sharing later?']);

    await shiftTabTo(page, 'Questions?', byPart('help-button'));
    const button = link(page).locator('[part="help-button"]');
    assert.equal(await button.getAttribute('aria-expanded'), 'false');
    await page.keyboard.press('Enter');
    const panel = link(page).locator('#help');
    await panel.waitFor();
    assert.equal(await button.getAttribute('aria-expanded'), 'true');
    assert.equal(await button.getAttribute('aria-controls'), 'help');
    const first = await panel.locator('[data-group="step"] [part="help-question"]').first().textContent();
    assert.equal(first, 'What exactly is shared?', 'the consent step’s own questions come first');

    await tabTo(page, 'What exactly is shared?', (f) => f.tag === 'summary' && f.text === 'What exactly is shared?');
    await page.keyboard.press('Enter');
    const answer = panel.locator('[data-answer="what"] [part="help-answer"]');
    await answer.waitFor({ state: 'visible' });
    assert.match((await answer.textContent()) ?? '', /who you pay, how much and how/);
    await page.screenshot({ path: '/tmp/demo-shots/help-consent-inline-1280.png', fullPage: true });

    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    const now = await focused(page);
    assert.equal(now?.part, 'help-button', 'focus is back on Questions?');
    assert.equal(await button.getAttribute('aria-expanded'), 'false');
    // The journey is where it was: the customer can still give consent.
    await tabTo(page, 'Allow access', byPart('accept'));
    await page.keyboard.press('Enter');
    await atStep(page, 'connecting');
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});
