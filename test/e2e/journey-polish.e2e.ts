/**
 * What a customer reads along the way agrees with itself: one entry per platform, a consent that
 * lists what the chosen way collects, copy that fits the request, and upload messages that replace
 * each other instead of piling up. Each test is one of the contradictions customers met.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Locator } from 'playwright-core';
import { suppliersCsv } from '../../packages/demo/src/samples.js';
import { openDemoPage, useDemo } from './support/demo.js';
import { atStep, csvFile, link, startSharing } from './support/journey.js';
import { storedReport } from './support/stored.js';

const run = useDemo();

/** Every text node under the element, shadow roots included, that is rendered (visually hidden live regions too). */
// The walks are loops, not named inner functions: the test runner's transform would wrap those in a
// helper that does not exist in the page.
const visibleTexts = (root: Locator) =>
  root.evaluate((host) => {
    const texts: string[] = [];
    const stack: Node[] = [host];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node instanceof Element) {
        const style = getComputedStyle(node);
        if (style.display === 'none' || style.visibility === 'hidden' || node.hasAttribute('hidden')) continue;
        if (node.shadowRoot) stack.push(node.shadowRoot);
      }
      if (node.nodeType === Node.TEXT_NODE && node.textContent!.trim()) texts.push(node.textContent!.trim());
      stack.push(...[...node.childNodes].reverse());
    }
    return texts.join(' ');
  });

/** The live regions (alerts, status, aria-live) under the element whose text includes `text`. */
const liveRegionsWith = (root: Locator, text: string) =>
  root.evaluate((host, wanted) => {
    const found: string[] = [];
    const roots: ParentNode[] = [host.shadowRoot ?? host];
    while (roots.length > 0) {
      for (const el of roots.pop()!.querySelectorAll('*')) {
        if (el.matches('[role="alert"], [role="status"], [aria-live]:not([aria-live="off"])') && el.textContent!.includes(wanted)) found.push(el.tagName);
        if (el.shadowRoot) roots.push(el.shadowRoot);
      }
    }
    return found;
  }, text);

test('a platform offered both ways is listed once; the file way consents to two reports and says so', async () => {
  const { page, close } = await openDemoPage(run.browser);
  try {
    await startSharing(page, run.demo.siteUrl, { request: 'spendAnalysis', company: 'Polish Workday Ltd' });
    await (await atStep(page, 'provisionMethod')).locator('[data-method="connect"]').click();
    await (await atStep(page, 'entityCount')).locator('[data-count="one"]').click();
    const software = await atStep(page, 'softwareSelection');
    await software.getByRole('combobox').fill('Workday');
    // Before, the list showed two "Workday" entries, one per way.
    assert.deepEqual(await software.locator('[part="option-name"]').allInnerTexts(), ['Workday']);
    await software.locator('[part="option"]').click();
    assert.equal(await software.locator('[part="heading"]').innerText(), 'How would you like to share data from Workday?');
    await software.locator('[data-key="workday-file"]').click();

    const consent = await atStep(page, 'consent');
    // Before, a file upload's consent listed bill payments, credit notes, direct costs and tax rates.
    assert.deepEqual(await consent.locator('[part="data-item"]').allInnerTexts(), ['Suppliers', 'Bills']);
    assert.match(await consent.locator('[part="terms"]').innerText(), /nothing is read from your software/);
    await consent.locator('[part="accept"]').click();
    const disclaimer = await atStep(page, 'disclaimer');
    // Before: "Workday does not connect directly", right after a list offering its direct connection.
    const intro = await disclaimer.locator('[part="intro"]').innerText();
    assert.doesNotMatch(intro, /does not connect/);
    assert.match(intro, /export two reports from Workday/);
  } finally {
    await close();
  }
});

test('a financials request asks where the books are kept, not the supplier information', async () => {
  const { page, close } = await openDemoPage(run.browser);
  try {
    await startSharing(page, run.demo.siteUrl, { request: 'financials', company: 'Polish Financials Ltd' });
    const software = await atStep(page, 'softwareSelection');
    const intro = await software.locator('[part="intro"]').innerText();
    assert.doesNotMatch(intro, /supplier/i);
    assert.match(intro, /where you keep your books/);
  } finally {
    await close();
  }
});

test('a financials + spend request keeps “Can’t find your software?”, and it says what to do instead of a dead end', async () => {
  const { page, close } = await openDemoPage(run.browser);
  try {
    await startSharing(page, run.demo.siteUrl, { request: 'both', company: 'Polish Both Ltd' });
    const software = await atStep(page, 'softwareSelection');
    await software.getByRole('combobox').fill('Nothing like it');
    // Before, the list was empty and only Back was left.
    const button = software.getByRole('button', { name: 'Can’t find your software?' });
    assert.equal(await button.getAttribute('aria-expanded'), 'false');
    await button.click();
    assert.equal(await button.getAttribute('aria-expanded'), 'true');
    assert.match(await software.locator('[part="cant-find-answer"]').innerText(), /tell whoever sent you this request which software you use/);
    assert.equal(await link(page).locator('.body').getAttribute('data-current-step'), 'softwareSelection');
  } finally {
    await close();
  }
});

test('a new file replaces the previous file’s message: one message on screen, said once', async () => {
  const { page, close } = await openDemoPage(run.browser);
  try {
    await startSharing(page, run.demo.siteUrl, { request: 'spendAnalysis', company: 'Polish Upload Ltd' });
    await (await atStep(page, 'provisionMethod')).locator('[data-method="connect"]').click();
    await (await atStep(page, 'entityCount')).locator('[data-count="one"]').click();
    const software = await atStep(page, 'softwareSelection');
    await software.getByRole('combobox').fill('Epicor');
    await software.locator('[data-key="epicor"]').click();
    await (await atStep(page, 'consent')).locator('[part="accept"]').click();
    await (await atStep(page, 'disclaimer')).locator('[part="continue"]').click();
    const upload = await atStep(page, 'uploadSuppliers');

    // A PNG saved with a .csv name: the intake reads it and refuses it as binary data.
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    await upload.locator('input[type="file"]').setInputFiles({ name: 'suppliers.csv', mimeType: 'text/csv', buffer: Buffer.concat([png, Buffer.alloc(2048)]) });
    await upload.locator('[part="rejection"]').waitFor();
    const first = await visibleTexts(upload);
    assert.match(first, /binary data/);
    // In the page once: the alert holds it; the status region does not repeat it (it did).
    assert.equal(first.split('looks like binary data').length - 1, 1, first);

    await upload.locator('input[type="file"]').setInputFiles({ name: 'empty.csv', mimeType: 'text/csv', buffer: Buffer.alloc(0) });
    await upload.locator('[part="refusal"]', { hasText: 'is empty' }).waitFor();
    const shown = await visibleTexts(upload);
    // Before, the binary-data box stayed beside the new message.
    assert.doesNotMatch(shown, /binary|not text/i, 'the previous file’s message is gone');
    assert.equal(shown.split('“empty.csv” is empty.').length - 1, 1, `the message is on screen once: ${shown}`);
    // Read once by screen readers: one live region holds it.
    const live = await liveRegionsWith(upload, 'is empty');
    assert.equal(live.length, 1, `live regions announcing it: ${live.join(', ')}`);
  } finally {
    await close();
  }
});

/** The preview as a customer reads it: each header and the first rows' cells, cut or not, with the whole text on hover. */
const previewTable = (preview: Locator) =>
  preview.evaluate((host) => {
    const root = host.shadowRoot!;
    // Rows of cells, the header first; a loop, not a named helper (see visibleTexts).
    const rows = [root.querySelector('.head [role=row]')!, ...[...root.querySelectorAll('.body [role=row]')].slice(0, 5)];
    const read: { text: string; cut: boolean; title: string }[][] = [];
    for (const row of rows) {
      const cells: { text: string; cut: boolean; title: string }[] = [];
      for (const cell of row.querySelectorAll<HTMLElement>('[role=columnheader], [role=rowheader], [role=cell]')) {
        cells.push({ text: cell.textContent!.trim(), cut: cell.scrollWidth > cell.clientWidth + 1, title: cell.title });
      }
      read.push(cells);
    }
    return { headers: read[0]!, rows: read.slice(1), counts: root.querySelector('[part=counts]')!.textContent!.trim() };
  });

test('the preview can be read (whole headers and values, sideways scroll); Cancel in the mapping leaves mapping and preview as they were', async () => {
  const company = 'Polish Preview Ltd';
  const { page, close } = await openDemoPage(run.browser);
  try {
    await startSharing(page, run.demo.siteUrl, { request: 'spendAnalysis', company });
    await (await atStep(page, 'provisionMethod')).locator('[data-method="connect"]').click();
    await (await atStep(page, 'entityCount')).locator('[data-count="one"]').click();
    const software = await atStep(page, 'softwareSelection');
    await software.getByRole('combobox').fill('Epicor');
    await software.locator('[data-key="epicor"]').click();
    await (await atStep(page, 'consent')).locator('[part="accept"]').click();
    await (await atStep(page, 'disclaimer')).locator('[part="continue"]').click();
    const upload = await atStep(page, 'uploadSuppliers');
    await upload.locator('input[type="file"]').setInputFiles(csvFile('suppliers.csv', suppliersCsv()));
    await upload.locator('[part="send"]').waitFor();
    const preview = upload.locator('codat-link-upload-preview');
    await preview.locator('.body [role=row]').first().waitFor();

    // Before, the columns were cut to "R…", "Supplier…", "Acme Ind…", and nothing said what they held.
    const before = await previewTable(preview);
    assert.ok(before.headers.length >= 4, JSON.stringify(before.headers));
    for (const header of before.headers) {
      assert.equal(header.cut, false, `header “${header.text}” is cut`);
      assert.equal(header.title === '' || header.title === header.text, true);
    }
    assert.equal(before.headers[0]!.text, 'Row');
    for (const row of before.rows) {
      for (const cell of row) if (cell.cut) assert.equal(cell.title, cell.text, `a cut cell shows its whole value on hover: ${cell.text}`);
    }
    assert.ok(
      before.rows.flat().some((cell) => cell.text === 'Acme Industrial Supplies Ltd' && !cell.cut),
      'the first supplier’s name is whole',
    );
    // The table scrolls sideways; the row number stays in view.
    const table = preview.locator('[part="table"]');
    const rowNumber = preview.locator('.body [role=rowheader]').first();
    const x = (await rowNumber.boundingBox())!.x;
    const scrolled = await table.evaluate((el) => {
      el.scrollLeft = el.scrollWidth;
      return el.scrollLeft;
    });
    if (scrolled > 0) assert.ok(Math.abs((await rowNumber.boundingBox())!.x - x) < 1, 'the row number stays in view');
    await table.evaluate((el) => (el.scrollLeft = 0));

    // "Change the columns", change one, then Cancel: the preview is the one it was.
    await upload.getByRole('button', { name: 'Change the columns' }).click();
    const mapping = upload.locator('codat-link-upload-mapping');
    const selects = mapping.locator('select');
    const chosen = await selects.evaluateAll((all) => all.map((s) => (s as HTMLSelectElement).value));
    const changed = chosen.findIndex((value) => value !== '');
    await selects.nth(changed).selectOption('');
    await mapping.locator('[part="cancel"]').click();
    await upload.locator('[part="send"]').waitFor();
    await preview.locator('.body [role=row]').first().waitFor();
    assert.deepEqual(await previewTable(preview), before, 'the preview after Cancel is the one before');
    // Opened again, the review shows the mapping in use, not the change that was cancelled.
    await upload.getByRole('button', { name: 'Change the columns' }).click();
    assert.deepEqual(await mapping.locator('select').evaluateAll((all) => all.map((s) => (s as HTMLSelectElement).value)), chosen);
    await mapping.locator('[part="cancel"]').click();

    // What is sent is read with the mapping as it was.
    await upload.locator('[part="send"]').click();
    await atStep(page, 'uploadBills');
    const stored = storedReport(run.demo, company, 'suppliers').records;
    assert.equal(stored.length, 24);
    assert.equal(stored[0]!['supplierName'] ?? stored[0]!['name'], 'Acme Industrial Supplies Ltd');
  } finally {
    await close();
  }
});
