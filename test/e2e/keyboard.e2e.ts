/**
 * The whole journey by keyboard only: Tab, Shift+Tab, Enter, Space, arrows and typing, never a
 * click. On every new step the focus lands on its heading; files are picked through the file
 * chooser that Enter on "Choose a file" opens.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FileChooser, Page } from 'playwright-core';
import { billsCsv, suppliersCsv } from '../../packages/demo/src/samples.js';
import { openDemoPage, useDemo } from './support/demo.js';
import { atStep, csvFile, tableRows } from './support/journey.js';
import { byAttr, byPart, byText, focused, tabTo } from './support/keyboard.js';
import { storedReport } from './support/stored.js';

const run = useDemo();

/** Arriving on a step moves the focus to its heading, so a screen reader starts there. */
async function headingFocused(page: Page, step: string): Promise<void> {
  await atStep(page, step);
  await page
    .waitForFunction(
      () => {
        let active: Element | null = document.activeElement;
        while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
        return active?.getAttribute('part') === 'heading';
      },
      undefined,
      { timeout: 5000 },
    )
    .catch(async () => {
      throw new Error(`on step ${step} the focus is not on the heading but on ${JSON.stringify(await focused(page))}`);
    });
}

async function uploadByKeyboard(page: Page, step: string, file: ReturnType<typeof csvFile>): Promise<void> {
  await headingFocused(page, step);
  await tabTo(page, '"Choose a file"', byPart('choose'));
  // One listener for the whole page: Playwright intercepts file choosers only while one is registered.
  const chooser = new Promise<FileChooser>((resolve) => page.once('filechooser', resolve));
  await page.keyboard.press('Enter');
  await (await chooser).setFiles(file);
  const sendOrApply = (f: { part: string | null }) => f.part === 'send' || f.part === 'apply';
  const reached = await tabTo(page, 'the send or apply button', sendOrApply);
  if (reached.part === 'apply') {
    await page.keyboard.press('Enter');
    await tabTo(page, 'the send button', byPart('send'));
  }
  await page.keyboard.press('Enter');
}

test('the whole journey by keyboard only, focus on each step heading', async () => {
  const { page, close } = await openDemoPage(run.browser);
  page.on('filechooser', () => {});
  try {
    await page.goto(`${run.demo.siteUrl}/`);
    await page.screenshot({ path: '/tmp/demo-shots/00-page-form.png', fullPage: true });
    // The partner page: request type by arrow keys, the business name typed, then Enter.
    await tabTo(page, 'the spend analysis option', byAttr('value', 'spendAnalysis'));
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    assert.equal(await page.locator('input[value="spendAnalysis"]').isChecked(), true);
    await tabTo(page, 'the business name', byAttr('name', 'company'));
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('Fabrikam Inc');
    await tabTo(page, 'Start sharing', byText('Start sharing'));
    await page.keyboard.press('Enter');

    await atStep(page, 'checklist');
    await tabTo(page, 'Start', byPart('start'));
    await page.keyboard.press('Enter');
    await headingFocused(page, 'provisionMethod');
    await tabTo(page, 'Connect your software', byAttr('data-method', 'connect'));
    await page.keyboard.press('Enter');
    await headingFocused(page, 'entityCount');
    await tabTo(page, 'Several legal entities', byAttr('data-count', 'several'));
    await page.keyboard.press('Space');
    await headingFocused(page, 'entityName');
    await tabTo(page, 'the entity name field', (f) => f.tag === 'input');
    await page.keyboard.type('Fabrikam Retail Ltd');
    await page.keyboard.press('Enter');

    await headingFocused(page, 'softwareSelection');
    await tabTo(page, 'the software search', (f) => f.attrs['role'] === 'combobox');
    await page.keyboard.type('Epicor');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await headingFocused(page, 'consent');
    await tabTo(page, 'Agree and continue', byPart('accept'));
    await page.keyboard.press('Enter');
    await headingFocused(page, 'disclaimer');
    await tabTo(page, 'Start with Suppliers', byPart('continue'));
    await page.keyboard.press('Enter');

    await uploadByKeyboard(page, 'uploadSuppliers', csvFile('suppliers.csv', suppliersCsv()));
    await uploadByKeyboard(page, 'uploadBills', csvFile('bills.csv', billsCsv()));
    await headingFocused(page, 'entityComplete');
    await tabTo(page, 'Finish', byPart('finish'));
    await page.keyboard.press('Enter');

    await headingFocused(page, 'summary');
    const rows = await tableRows((await atStep(page, 'summary')).locator('table'));
    assert.match(rows[0]!.join(' | '), /Fabrikam Retail Ltd.*Epicor.*Complete.*24 suppliers, 120 bills/);
    await page.screenshot({ path: '/tmp/demo-shots/13-keyboard-summary.png', fullPage: true });
    assert.equal(storedReport(run.demo, 'Fabrikam Retail Ltd', 'bills').records.length, 120);
  } finally {
    await close();
  }
});
