/**
 * Every step of the journey on a desktop (1280 px) and a phone (375 px), in the real demo: nothing
 * runs off the side of the page or of the element (no horizontal scrolling a customer would have to
 * find), and a screenshot of each step is kept in .test-results/screens/ for a person to look at.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { billsCsv, supplierSpendCsv, suppliersCsv } from '../../packages/demo/src/samples.js';
import { openDemoPage, useDemo } from './support/demo.js';
import { atStep, chooseSoftware, closedPopup, csvFile, link, startSharing, uploadReport } from './support/journey.js';

const run = useDemo();
const SCREENS = fileURLToPath(new URL('../../.test-results/screens/', import.meta.url));

/** Widths wider than the page or than the element's panel: what a customer would scroll sideways to see. */
async function overflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const viewport = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth > viewport) found.push(`page ${document.documentElement.scrollWidth} > ${viewport}`);
    const panel = document.querySelector('codat-link')?.shadowRoot?.querySelector<HTMLElement>('[part="panel"]');
    if (panel && panel.scrollWidth > panel.clientWidth + 1) found.push(`panel ${panel.scrollWidth} > ${panel.clientWidth}`);
    return found;
  });
}

for (const [width, locale] of [
  [1280, 'en'],
  [375, 'fr'],
] as const) {
  test(`every step at ${width} px (${locale}): nothing overflows, a screenshot each`, async () => {
    const dir = join(SCREENS, String(width));
    mkdirSync(dir, { recursive: true });
    const { page, context, close } = await openDemoPage(run.browser, { viewport: { width, height: 900 }, locale });
    let n = 0;
    const problems: string[] = [];
    const shot = async (name: string) => {
      await page.screenshot({ path: join(dir, `${String(++n).padStart(2, '0')}-${name}.png`), fullPage: true });
      for (const problem of await overflow(page)) problems.push(`${name}: ${problem}`);
    };
    try {
      await startSharing(page, run.demo.siteUrl, { request: 'spendAnalysis', locale, company: `Screens ${width} SARL`, stayOnChecklist: true });
      await atStep(page, 'checklist');
      await shot('checklist');
      await (await atStep(page, 'checklist')).locator('[part="start"]').click();
      await atStep(page, 'provisionMethod');
      await shot('provision-method');
      // Back from the first choice returns to the checklist (the method choice had no Back).
      await (await atStep(page, 'provisionMethod')).locator('[part="back"]').click();
      await (await atStep(page, 'checklist')).locator('[part="start"]').click();
      await (await atStep(page, 'provisionMethod')).locator('[data-method="connect"]').click();
      await atStep(page, 'entityCount');
      await shot('entity-count');
      await (await atStep(page, 'entityCount')).locator('[data-count="several"]').click();
      const name = await atStep(page, 'entityName');
      await name.getByRole('textbox').fill('Screens Manufacturing International Holdings SARL');
      await shot('entity-name');
      await name.locator('[part="submit"]').click();
      const software = await atStep(page, 'softwareSelection');
      await shot('software-selection');
      await software.getByRole('combobox').fill('Workday');
      await software.locator('[data-key="workday"]').click();
      await shot('software-ways');
      await software.locator('[data-key="workday-file"]').click();
      await atStep(page, 'consent');
      await shot('consent-file-upload');
      // Questions? opened on the step (inline: a disclosure above the step), then closed again.
      const help = link(page).locator('[part="help-button"]');
      await help.click();
      await link(page).locator('codat-link-help').first().waitFor();
      await shot('consent-questions');
      await help.click();
      assert.equal(await help.getAttribute('aria-expanded'), 'false');
      await (await atStep(page, 'consent')).locator('[part="accept"]').click();
      await atStep(page, 'disclaimer');
      await shot('disclaimer');
      await (await atStep(page, 'disclaimer')).locator('[part="continue"]').click();
      await atStep(page, 'uploadSuppliers');
      await shot('upload-suppliers');
      const upload = await atStep(page, 'uploadSuppliers');
      await upload.locator('input[type="file"]').setInputFiles(csvFile('suppliers.csv', suppliersCsv()));
      await upload.locator('[part="send"]').or(upload.locator('[part="apply"]')).first().waitFor();
      await shot('suppliers-preview');
      const preview = upload.locator('codat-link-upload-preview');
      const layout = () =>
        preview.evaluate((el) => {
          // No named helper in here: the test transform would wrap it in one the page lacks.
          const root = el.shadowRoot!;
          const counts = root.querySelector('[part="counts"]')!.getBoundingClientRect().top;
          const filter = root.querySelector('[part="filter"]')!.getBoundingClientRect().top;
          return {
            width: el.getBoundingClientRect().width,
            table: root.querySelector('[part="table"]')!.getBoundingClientRect().height,
            oneLine: Math.abs(counts - filter) < 8,
          };
        });
      // The demo gives the element its card's width. On a desktop the preview is wider than 640 px and
      // takes the wide layout (a taller table, the counts and the filter on one line); on a phone, the
      // narrow one (a 24rem table).
      const shown = await layout();
      if (width === 1280) {
        assert.ok(shown.width > 640, `the preview is ${shown.width} px wide`);
        assert.ok(shown.table > 386 + 50, `the wide table is ${shown.table} px high`);
        assert.ok(shown.oneLine, 'the counts and the filter share a line');
      } else {
        assert.ok(shown.width < 640, `the preview is ${shown.width} px wide`);
        assert.ok(Math.abs(shown.table - 386) < 2, `the table is ${shown.table} px high (24rem and its borders)`);
      }
      if (await upload.locator('[part="apply"]').isVisible()) await upload.locator('[part="apply"]').click();
      await upload.locator('[part="send"]').click();
      await atStep(page, 'uploadBills');
      await shot('upload-bills');
      await uploadReport(page, 'uploadBills', csvFile('bills.csv', billsCsv()));
      await atStep(page, 'entityComplete');
      await shot('entity-complete');

      await (await atStep(page, 'entityComplete')).locator('[part="add-another"]').click();
      const second = await atStep(page, 'entityName');
      await second.getByRole('textbox').fill('Screens Ireland Ltd');
      await second.locator('[part="submit"]').click();
      await chooseSoftware(page, 'Sandbox', 'sandbox-accounting');
      const direct = await atStep(page, 'consent');
      await shot('consent-direct');
      // A direct connection's spend consent, in French accountants' words (it said "notes de crédit").
      if (locale === 'fr') assert.ok((await direct.locator('[part="data-item"]').allInnerTexts()).includes('Avoirs fournisseurs'));
      await (await atStep(page, 'consent')).locator('[part="accept"]').click();
      const connecting = await atStep(page, 'connecting');
      await shot('connecting');
      // The three buttons: the main one on its own row; on a wide element the two others share the
      // next one, each label on one line (they used to wrap awkwardly beside an empty column); on a
      // phone they stack, full width.
      const [open, redirect, cancel] = await Promise.all(
        ['open', 'redirect', 'cancel'].map(async (name) => (await connecting.locator(`[part="${name}"]`).boundingBox())!),
      );
      if (width === 1280) {
        assert.ok(Math.abs(redirect!.y - cancel!.y) < 1 && redirect!.y > open!.y, JSON.stringify({ open, redirect, cancel }));
        assert.ok(
          Math.abs(redirect!.height - cancel!.height) < 2 && Math.abs(cancel!.height - open!.height) < 2,
          `a label wraps: ${JSON.stringify({ open, redirect, cancel })}`,
        );
        assert.ok(Math.abs(cancel!.x + cancel!.width - (open!.x + open!.width)) < 1, 'the row is filled');
      } else {
        assert.ok(cancel!.y > redirect!.y + redirect!.height - 1 && Math.abs(redirect!.width - open!.width) < 1, JSON.stringify({ open, redirect, cancel }));
      }
      const [popup] = await Promise.all([context.waitForEvent('page'), connecting.locator('[part="open"]').click()]);
      await popup.waitForLoadState();
      await popup.getByRole('button').first().click();
      await closedPopup(popup);
      await atStep(page, 'entityComplete');

      await (await atStep(page, 'entityComplete')).locator('[part="add-another"]').click();
      const third = await atStep(page, 'entityName');
      await third.getByRole('textbox').fill('Screens Belgique SRL');
      await third.locator('[part="submit"]').click();
      await (await atStep(page, 'softwareSelection')).locator('[part="cant-find-button"]').click();
      await atStep(page, 'consent');
      await shot('consent-template');
      await (await atStep(page, 'consent')).locator('[part="accept"]').click();
      await atStep(page, 'manualUpload');
      await shot('manual-upload');
      await uploadReport(page, 'manualUpload', csvFile('supplier-spend.csv', supplierSpendCsv()));
      await (await atStep(page, 'entityComplete', 20_000)).locator('[part="finish"]').click();
      const summary = await atStep(page, 'summary');
      await shot('summary');
      // Every entity's software, status and records in view: at 375 px they were off to the side of a
      // table that scrolled sideways.
      const wrap = summary.locator('[part="table-wrap"]');
      assert.ok(await wrap.evaluate((el) => el.scrollWidth <= el.clientWidth), 'the summary scrolls sideways');
      await page.locator('#start-over').click();

      await startSharing(page, run.demo.siteUrl, { request: 'financials', locale, company: `Screens ${width} SARL` });
      await atStep(page, 'softwareSelection');
      await shot('software-selection-financials');
    } finally {
      await close();
    }
    assert.deepEqual(problems, [], 'something runs off the side');
  });
}
