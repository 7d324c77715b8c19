/**
 * The partner's portal end to end, on the real demo and server: the admin signs in through the
 * form, invites a viewer from the Users page, uploads a logo and sets a colour on the Branding
 * page; the hosted Link page and the demo's embedded element (which sets no theme of its own)
 * show them; the viewer, signed in through the invite's link, cannot change them (no control, and
 * 403 when tried). The sign-in, Users and Branding pages are saved as the guide's screenshots.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { openDemoPage, useDemo } from './support/demo.js';
import { atStep, link, startSharing } from './support/journey.js';
import { signInToPortal } from './support/portal.js';

const SHOTS = fileURLToPath(new URL('../../docs/images/portal/', import.meta.url));
mkdirSync(SHOTS, { recursive: true });
const run = useDemo();

/** A logo no one else uses: a purple band with a white mark, 160 × 48. */
const LOGO = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="160" height="48" viewBox="0 0 160 48"><rect width="160" height="48" rx="8" fill="#6b21a8"/><circle cx="24" cy="24" r="12" fill="#fff"/><rect x="46" y="18" width="96" height="12" rx="6" fill="#fff"/></svg>');
const COLOR = '#6b21a8';
const RGB = 'rgb(107, 33, 168)';

test('an admin brands the portal; the hosted page and the embedded element show it; a viewer cannot change it', async () => {
  let inviteLink = '';
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
    assert.match(await page.getByRole('alert').textContent() ?? '', /The colour #f2a900 is refused: its contrast against white \(#ffffff\) is 2\.\d\d:1, below the 4\.5:1/);
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
    assert.match(await logo.getAttribute('src') ?? '', /\/branding\/logo\?v=[0-9a-f]{16}$/);
    assert.equal(await logo.getAttribute('alt'), 'Northwind Bank logo');
    assert.ok(await logo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), 'the logo loads under the demo page\'s CSP');
    assert.equal(await link(demo.page).evaluate((el) => getComputedStyle(el).getPropertyValue('--codat-link-color-primary').trim()), COLOR);
    assert.deepEqual(demo.violations, []);

    // The hosted Link page of the same request.
    const hosted = await demo.page.locator('#hosted-link').getAttribute('href');
    await demo.page.goto(hosted!);
    const brand = demo.page.locator('header.brand');
    assert.equal((await brand.locator('.brand-name').textContent())?.trim(), 'Northwind Bank');
    assert.ok(await brand.locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth === 160));
    assert.equal(await brand.locator('.brand-name').evaluate((el) => getComputedStyle(el).color), RGB);
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
    assert.match(await page.getByRole('alert').textContent() ?? '', /Your role does not allow this/);
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
