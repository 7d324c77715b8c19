/**
 * `<CodatLink>` rendered by React in Chromium: the app is bundled with esbuild (React ships
 * CommonJS, which a bundler resolves as partners' apps do) and driven with playwright-core.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../../test/e2e/support/browser.js';
import { serveFolder, type StaticServer } from '../../../test/e2e/support/static-server.js';

const here = fileURLToPath(new URL('.', import.meta.url));
let dir: string;
let server: StaticServer;
let browser: Browser;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'codat-link-react-'));
  copyFileSync(join(here, 'page/index.html'), join(dir, 'index.html'));
  await build({
    entryPoints: { app: join(here, 'page/app.ts') },
    outdir: dir,
    bundle: true,
    format: 'esm',
    target: 'es2022',
    conditions: ['source', 'browser', 'production'],
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'error',
  });
  server = await serveFolder(dir);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('React renders <codat-link>, sets objects as properties and calls the event props', async () => {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto(`${server.url}/index.html`);

  const heading = page.locator('codat-link h2');
  await heading.waitFor({ timeout: 10_000 });
  assert.equal((await heading.textContent())?.trim(), 'Select your accounting software');

  await page.waitForFunction(() => (window as unknown as { seen: { ready: unknown[] } }).seen.ready.length === 1);
  const seen = await page.evaluate(() => (window as unknown as { seen: unknown }).seen);
  assert.deepEqual(seen, {
    ready: [{ step: 'softwareSelection', resumed: false }],
    steps: ['softwareSelection'],
    backendIsProperty: true,
  });
  // Props that are element properties are set as properties.
  assert.equal(await page.locator('codat-link').evaluate((el) => (el as HTMLElement & { sessionToken?: string }).sessionToken), 'react-session');
  assert.deepEqual(errors, []);
});
