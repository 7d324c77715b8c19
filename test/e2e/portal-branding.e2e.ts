/**
 * The partner's portal end to end, on the real demo and server: the admin signs in through the
 * form, invites a viewer from the Users page, uploads a logo and sets a colour on the Branding
 * page; the hosted Link page and the demo's embedded element (which sets no theme of its own)
 * show them; the viewer, signed in through the invite's link, cannot change them (no control, and
 * 403 when tried). The sign-in, Users and Branding pages are saved as the guide's screenshots.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { openDemoPage, useDemo } from './support/demo.js';
import { atStep, csvFile, link, startSharing, uploadReport, startPastChecklist } from './support/journey.js';
import { signInToPortal } from './support/portal.js';

const SHOTS = fileURLToPath(new URL('../../docs/images/portal/', import.meta.url));
mkdirSync(SHOTS, { recursive: true });
const run = useDemo();

/** A logo no one else uses: a purple band with a white mark, 160 × 48. */
const LOGO = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" width="160" height="48" viewBox="0 0 160 48"><rect width="160" height="48" rx="8" fill="#6b21a8"/><circle cx="24" cy="24" r="12" fill="#fff"/><rect x="46" y="18" width="96" height="12" rx="6" fill="#fff"/></svg>',
);
const COLOR = '#6b21a8';
const RGB = 'rgb(107, 33, 168)';

test('an admin brands the portal; the hosted page and the embedded element show it; a viewer cannot change it', async () => {
  let inviteLink: string;
  const { context, page } = await signInToPortal(run.browser, run.demo, run.demo.portalAdmin, 'en', { screenshot: `${SHOTS}sign-in.png` });
  try {
    // Users: invite a viewer; the one-time link is shown once.
    await page.getByRole('link', { name: 'Users' }).click();
    await page.getByLabel('E-mail').fill('viewer@northwind.example');
    await page.getByLabel('Role').selectOption('viewer');
    await page.getByRole('button', { name: 'Send the invite' }).click();
    inviteLink = await page.locator('#invite').inputValue();
    assert.match(inviteLink, /\/portal\/invite\/[A-Za-z0-9_-]{43}\?lang=en$/);
    await page.getByRole('link', { name: '← Users' }).click();
    await page.getByRole('cell', { name: 'viewer@northwind.example' }).waitFor();
    await page.screenshot({ path: `${SHOTS}users.png`, fullPage: true });

    // Branding: name, logo, colour. A colour too light is refused first, with its ratio.
    await page.getByRole('link', { name: 'Branding' }).click();
    await page.getByLabel('Primary colour').fill('#f2a900');
    await page.getByRole('button', { name: 'Save' }).click();
    assert.match(
      (await page.getByRole('alert').textContent()) ?? '',
      /The colour #f2a900 is refused: its contrast against white \(#ffffff\) is 2\.\d\d:1, below the 4\.5:1/,
    );
    await page.getByLabel('Partner name').fill('Northwind Bank');
    await page.getByLabel('New logo').setInputFiles({ name: 'northwind-bank.svg', mimeType: 'image/svg+xml', buffer: LOGO });
    await page.getByLabel('Primary colour').fill(COLOR);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Branding saved.' }).waitFor();
    const preview = page.locator('img.logo-preview');
    assert.ok(await preview.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth === 160), 'the stored logo loads');
    await page.screenshot({ path: `${SHOTS}branding.png`, fullPage: true });
  } finally {
    await context.close();
  }

  // The demo's embedded element: no theme of its own, so the partner's brand from GET /v1/request.
  const demo = await openDemoPage(run.browser);
  try {
    await startSharing(demo.page, run.demo.siteUrl, { request: 'spendAnalysis' });
    await atStep(demo.page, 'provisionMethod');
    const logo = link(demo.page).locator('img[part="logo"]');
    await logo.waitFor();
    assert.match((await logo.getAttribute('src')) ?? '', /\/branding\/logo\?v=[0-9a-f]{16}$/);
    assert.equal(await logo.getAttribute('alt'), 'Northwind Bank logo');
    assert.ok(await logo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), "the logo loads under the demo page's CSP");
    assert.equal(await link(demo.page).evaluate((el) => getComputedStyle(el).getPropertyValue('--codat-link-color-primary').trim()), COLOR);
    assert.deepEqual(demo.violations, []);

    // The hosted Link page of the same request.
    const hosted = await demo.page.locator('#hosted-link').getAttribute('href');
    await demo.page.goto(hosted!);
    const brand = demo.page.locator('header.brand');
    assert.equal((await brand.locator('.brand-name').textContent())?.trim(), 'Northwind Bank');
    assert.ok(await brand.locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth === 160));
    assert.equal(await brand.locator('.brand-name').evaluate((el) => getComputedStyle(el).color), RGB);
    await startPastChecklist(demo.page);
    await atStep(demo.page, 'provisionMethod');
    assert.equal(await link(demo.page).evaluate((el) => getComputedStyle(el).getPropertyValue('--codat-link-color-primary').trim()), COLOR);
    assert.deepEqual(demo.violations, []);
    assert.deepEqual(demo.errors, []);
  } finally {
    await demo.close();
  }

  // The viewer takes the invite, then finds no Branding link, and the page answers 403.
  const viewer = await run.browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await viewer.newPage();
    await page.goto(inviteLink);
    await page.getByLabel('New password').fill('viewer-long-password');
    await page.getByLabel('Password again').fill('viewer-long-password');
    await page.getByRole('button', { name: 'Choose your password' }).click();
    await page.getByText('viewer@northwind.example · Viewer').waitFor();
    assert.equal(await page.getByRole('link', { name: 'Branding' }).count(), 0, 'no Branding link');
    assert.equal(await page.getByRole('button', { name: 'Create' }).count(), 0, 'no form to create anything');
    const direct = await page.goto(`${run.demo.portalUrl}/branding`);
    assert.equal(direct?.status(), 403);
    assert.match((await page.getByRole('alert').textContent()) ?? '', /Your role does not allow this/);
    // Even a post crafted on the portal's own page, with the session's CSRF token, is refused.
    await page.goto(run.demo.portalUrl);
    const status = await page.evaluate(async () => {
      const form = new FormData();
      form.set('_csrf', (document.querySelector('input[name="_csrf"]') as HTMLInputElement).value);
      form.set('partnerName', 'Changed by a viewer');
      return (await fetch('/portal/branding', { method: 'POST', body: form })).status;
    });
    assert.equal(status, 403);
    assert.equal((await run.demo.server.store.getBranding()).partnerName, 'Northwind Bank');
  } finally {
    await viewer.close();
  }
});

test('the hosted page ends on the branded completion screen, in French, and the finished request shows its summary read-only', async () => {
  // Whatever the brand is now (the test above changes it): its colour and name.
  const brand = await run.demo.server.store.getBranding();
  const hex = brand.primaryColor!;
  const rgb = `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;
  const demo = await openDemoPage(run.browser);
  try {
    await startSharing(demo.page, run.demo.siteUrl, { request: 'spendAnalysis', company: 'Fin de parcours SARL' });
    await atStep(demo.page, 'provisionMethod');
    const hosted = await demo.page.locator('#hosted-link').getAttribute('href');
    await demo.page.goto(`${hosted!}?lang=fr`);
    const page = demo.page;
    // A spend request: the hosted page opens on the checklist, in French; Back from the method returns to it.
    const checklist = await atStep(page, 'checklist');
    assert.equal(await checklist.locator('[part="heading"]').innerText(), 'Avant de commencer');
    await checklist.locator('[part="start"]').click();
    await (await atStep(page, 'provisionMethod')).locator('[part="back"]').click();
    await (await atStep(page, 'checklist')).locator('[part="start"]').click();
    await (await atStep(page, 'provisionMethod')).locator('[data-method="manual"]').click();
    await (await atStep(page, 'consent')).locator('[part="accept"]').click();
    const upload = await atStep(page, 'manualUpload');
    const [download] = await Promise.all([page.waitForEvent('download'), upload.locator('[part="template"]').first().click()]);
    const [header] = (await readFile(await download.path(), 'utf8')).replace(/^\uFEFF/, '').split(/\r?\n/);
    // The French template is written for French spreadsheets: ";" between cells.
    const sep = header!.includes(';') ? ';' : ',';
    const cells = [
      'Brightline Logistics',
      'V1002',
      'GB100007919',
      'GB',
      'accounts@brightline.example',
      '48210.40',
      'GBP',
      '24',
      'Card',
      'Net 30',
      '2024-04-01',
      '2025-03-31',
    ];
    const filled = `${header}\r\n${cells.join(sep)}\r\n`;
    await uploadReport(page, 'manualUpload', csvFile('depenses.csv', filled));
    const next = await Promise.race([
      atStep(page, 'entityComplete', 20_000).then(() => 'entityComplete'),
      atStep(page, 'summary', 20_000).then(() => 'summary'),
    ]);
    if (next === 'entityComplete') await (await atStep(page, 'entityComplete')).locator('[part="finish"]').click();
    await atStep(page, 'summary');
    await link(page).locator('[part="close"]').click();
    const done = page.locator('#link-done');
    await done.waitFor({ state: 'visible' });
    assert.equal((await done.locator('h1').textContent())?.trim(), 'Merci, c’est terminé');
    assert.match((await done.textContent()) ?? '', /Vous pouvez fermer cette fenêtre\./);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'link-done', 'focus moves to the screen');
    assert.equal(await done.evaluate((el) => getComputedStyle(el).borderTopColor), rgb, "in the partner's colour");
    await page.screenshot({ path: `${SHOTS}link-done.png` });

    // Opened again, the finished request is a read-only summary: no element, the method, the counts.
    await page.reload();
    await page.getByRole('heading', { name: 'Demande terminée' }).waitFor();
    assert.equal(await page.locator('codat-link').count(), 0);
    const row = await page.locator('table.summary tbody tr').first().locator('td').allTextContents();
    assert.deepEqual(
      row.map((cell) => cell.trim()),
      ['Fin de parcours SARL', 'Modèle de dépenses fournisseurs (téléversement manuel)', 'Terminé', '1'],
    );
    assert.ok(((await page.locator('main').textContent()) ?? '').includes(`Partagé avec ${brand.partnerName!}`));
    assert.deepEqual(demo.violations, []);
  } finally {
    await demo.close();
  }
});
