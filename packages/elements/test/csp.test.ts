/**
 * The drop-in bundle under the strict CSP banks deploy: a whole journey in real Chromium with zero
 * violations reported, Trusted Types enforced, and hostile partner and customer text never executed.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../../test/e2e/support/browser.js';
import { serveFolder, type StaticServer } from '../../../test/e2e/support/static-server.js';

const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; require-trusted-types-for 'script'";
const here = fileURLToPath(new URL('.', import.meta.url));

let dir: string;
let server: StaticServer;
let browser: Browser;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'codat-link-csp-'));
  cpSync(join(here, 'csp-page'), dir, { recursive: true });
  await build({
    // The drop-in script, as vite builds it (cdn-entry.ts awaits the element's chunk).
    entryPoints: { 'codat-link': join(here, '../src/cdn-entry.ts') },
    outdir: dir,
    bundle: true,
    splitting: true,
    format: 'esm',
    target: 'es2022',
    minify: true,
    conditions: ['source', 'browser', 'production'],
    logLevel: 'error',
  });
  server = await serveFolder(dir, { 'content-security-policy': CSP });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('a whole journey runs under a strict CSP with zero violations', async () => {
  const page = await browser.newPage();
  const console: string[] = [];
  page.on('console', (message) => console.push(message.text()));
  page.on('pageerror', (error) => console.push(`pageerror: ${error.message}`));
  await page.goto(`${server.url}/index.html`);

  // Playwright's CSS selectors pierce open shadow roots.
  await page.waitForSelector('codat-link-checklist [part="start"]');
  // An inline journey does not take the focus away from the partner's page when it appears.
  assert.equal(await page.evaluate(() => document.activeElement === document.body), true);
  // The help is a lazy chunk too: it loads and renders under the same policy.
  await page.click('codat-link [part="help-button"]');
  await page.waitForSelector('codat-link-help [part="help-question"]');
  await page.click('codat-link [part="help-button"]');
  await page.click('codat-link-checklist [part="start"]');
  await page.click('codat-link-provision-method [data-method="connect"]');
  await page.click('codat-link-entity-count [data-count="several"]');
  await page.fill('codat-link-entity-name input', '<script>window.__pwned=3</script> Acme');
  await page.keyboard.press('Enter');
  await page.fill('codat-link-software-selection input', 'xero');
  await page.keyboard.press('Enter');
  await page.click('codat-link-consent [part="accept"]');
  await page.click('codat-link-connecting [part="open"]');
  await page.click('codat-link-entity-complete [part="finish"]');
  await page.waitForSelector('codat-link-summary tbody tr');

  const summary = await page.textContent('codat-link-summary tbody');
  assert.match(summary ?? '', /<script>window.__pwned=3<\/script> Acme/);
  const result = await page.evaluate(() => ({
    violations: (window as unknown as { __violations: unknown[] }).__violations,
    pwned: (window as unknown as { __pwned?: number }).__pwned,
    steps: (window as unknown as { __events: { type: string; detail: { step?: string } }[] }).__events
      .filter((e) => e.type === 'codat-link-step-change')
      .map((e) => e.detail.step),
    primary: getComputedStyle(document.querySelector('codat-link')!).getPropertyValue('--codat-link-color-primary').trim(),
  }));
  assert.deepEqual(result.violations, []);
  assert.equal(result.pwned, undefined);
  assert.deepEqual(result.steps, [
    'checklist',
    'provisionMethod',
    'entityCount',
    'entityName',
    'softwareSelection',
    'consent',
    'connecting',
    'entityComplete',
    'summary',
  ]);
  assert.equal(result.primary, '#0a7d33', 'theme tokens set through the CSSOM apply under style-src self');
  // French is a lazy chunk in this build: switching loads it and re-renders the shell and the step.
  await page.evaluate(() => ((document.querySelector('codat-link') as unknown as { locale: string }).locale = 'fr'));
  await page.waitForFunction(() => {
    const link = document.querySelector('codat-link')!;
    return link.shadowRoot!.querySelector('[part="title"]')!.textContent === 'Partagez les données de votre entreprise';
  });
  assert.equal(await page.textContent('codat-link-summary h2'), 'Récapitulatif de votre demande de données');
  assert.deepEqual(
    console.filter((line) => /Content Security Policy|Trusted Type|pageerror/i.test(line)),
    [],
  );
  await page.close();
});
