/**
 * The demo as a partner would judge it: `npm start`'s entry prints its URLs and serves the page;
 * the partner API key stays on the server side; the session endpoint refuses other sites; the
 * SQLite file keeps companies, requests and sessions across a restart; the samples are current.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { billsCsv, supplierSpendCsv, suppliersCsv } from '../../packages/demo/src/samples.js';
import { launchChromium } from './support/browser.js';
import { openDemoPage, startTestDemo } from './support/demo.js';
import { atStep, startSharing } from './support/journey.js';
import { signInResponse } from '../../packages/server/test/helpers.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
let browser: Browser;
let dir: string;
before(async () => {
  browser = await launchChromium();
  dir = mkdtempSync(join(tmpdir(), 'codat-link-demo-'));
});
after(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

test('npm start: the entry prints the site, server and portal URLs and serves them', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=source', 'packages/demo/src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, DEMO_PORT: '0', DEMO_SERVER_PORT: '0', DEMO_DB: join(dir, 'start.db') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const deadline = Date.now() + 20_000;
    while (!out.includes('Ctrl+C') && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 100));
    const site = /Partner site[^\n]*?(http:\/\/127\.0\.0\.1:\d+)\//.exec(out)?.[1];
    const portal = /portal:\s+(http:\/\/127\.0\.0\.1:\d+\/portal)/.exec(out)?.[1];
    assert.ok(site && portal, `URLs printed:\n${out}`);
    assert.match(await (await fetch(`${site}/`)).text(), /Northwind Card/);
    // The portal sends a stranger to its sign-in form; the admin's printed e-mail and password sign in.
    const stranger = await fetch(portal, { redirect: 'manual' });
    assert.equal(stranger.status, 303);
    assert.match(stranger.headers.get('location') ?? '', /^\/portal\/sign-in/);
    const [, email, password] = /sign in as admin: e-mail "([^"]+)", password "([^"]+)"/.exec(out) ?? [];
    assert.ok(email && password, out);
    const signedIn = await signInResponse({ url: new URL(portal).origin }, email, password);
    assert.equal(signedIn.status, 303);
  } finally {
    child.kill('SIGTERM');
  }
});

test('the partner API key never reaches the browser; the session endpoint refuses other sites', async () => {
  const partnerApiKey = 'pk_test_never_in_the_browser_4f1c';
  const demo = await startTestDemo({ partnerApiKey });
  const { page, close } = await openDemoPage(browser);
  try {
    const bodies: string[] = [];
    page.on('response', (response) => {
      void response.text().then(
        (text) => bodies.push(text),
        () => {},
      );
    });
    await startSharing(page, demo.siteUrl, { request: 'spendAnalysis' });
    await atStep(page, 'provisionMethod');
    const stored = await page.evaluate(() => JSON.stringify({ ...sessionStorage }) + document.documentElement.outerHTML);
    assert.ok(bodies.length > 5);
    assert.ok(![...bodies, stored].some((text) => text.includes(partnerApiKey)), 'the partner API key reached the page');
    assert.match(stored, /cls_/, 'the session token is what the page holds');

    assert.equal((await post(`${demo.siteUrl}/api/link-session`, { dataTypes: ['spendAnalysis'] }, { origin: 'https://evil.example' })).status, 403);
    const form = await fetch(`${demo.siteUrl}/api/link-session`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'dataTypes=spendAnalysis',
    });
    assert.equal(form.status, 403);
    assert.equal((await post(`${demo.siteUrl}/api/link-session`, { dataTypes: ['payroll'] })).status, 400);
    assert.equal((await fetch(`${demo.siteUrl}/cdn/..%2f..%2fserver%2fsrc%2fapp.ts`)).status, 404);
  } finally {
    await close();
    await demo.close();
  }
});

test('a restart on the same SQLite file keeps the company, its requests and live sessions', async () => {
  const db = join(dir, 'restart.db');
  const first = await startTestDemo({ db });
  const session = (await (await post(`${first.siteUrl}/api/link-session`, { dataTypes: ['spendAnalysis'], companyName: 'Tailspin Toys' })).json()) as {
    sessionToken: string;
    companyId: string;
    requestId: string;
  };
  await first.close();

  const second = await startTestDemo({ db });
  try {
    const again = (await (await post(`${second.siteUrl}/api/link-session`, { dataTypes: ['financials'], companyName: 'Tailspin Toys' })).json()) as {
      companyId: string;
      requestId: string;
    };
    assert.equal(again.companyId, session.companyId, 'the same customer keeps one company');
    assert.notEqual(again.requestId, session.requestId);
    // The first session's token still works against the restarted server.
    const request = await fetch(`${second.serverUrl}/v1/request`, { headers: { authorization: `Bearer ${session.sessionToken}` } });
    assert.equal(request.status, 200);
    assert.equal(((await request.json()) as { id?: string; requestId?: string }).id ?? '', session.requestId);
  } finally {
    await second.close();
  }
});

test('the sample exports offered on the page are downloads, and match their generator', async () => {
  const demo = await startTestDemo();
  try {
    for (const [file, text] of [
      ['contoso-suppliers.csv', suppliersCsv()],
      ['contoso-bills.csv', billsCsv()],
      ['contoso-supplier-spend.csv', supplierSpendCsv()],
    ] as const) {
      const response = await fetch(`${demo.siteUrl}/samples/${file}`);
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-disposition') ?? '', /^attachment/);
      assert.equal(await response.text(), text, `${file} is stale: run node --import tsx --conditions=source packages/demo/src/samples.ts`);
      assert.equal(readFileSync(join(ROOT, 'packages/demo/public/samples', file), 'utf8'), text);
    }
  } finally {
    await demo.close();
  }
});

test('Start sharing again continues the company’s open request instead of opening another', async () => {
  const partnerApiKey = 'pk_test_reuse_open_requests_7d2e';
  const demo = await startTestDemo({ partnerApiKey });
  const { page, close } = await openDemoPage(browser);
  try {
    const hostedLink = () => page.locator('#hosted-link').getAttribute('href');
    await startSharing(page, demo.siteUrl, { request: 'spendAnalysis', company: 'Fabrikam Reuse Ltd' });
    await atStep(page, 'provisionMethod');
    const first = await hostedLink();
    await page.locator('#start-over').click();
    await startSharing(page, demo.siteUrl, { request: 'spendAnalysis', company: 'Fabrikam Reuse Ltd' });
    await atStep(page, 'provisionMethod');
    assert.equal(await hostedLink(), first, 'the same request, not a second one in the portal');
    // Other data types are another request.
    await page.locator('#start-over').click();
    await startSharing(page, demo.siteUrl, { request: 'financials', company: 'Fabrikam Reuse Ltd' });
    await atStep(page, 'softwareSelection');
    assert.notEqual(await hostedLink(), first);
    const companies = (await (await fetch(`${demo.serverUrl}/partner/v1/companies`, { headers: { authorization: `Bearer ${partnerApiKey}` } })).json()) as {
      companies: { id: string; name: string }[];
    };
    const id = companies.companies.find((c) => c.name === 'Fabrikam Reuse Ltd')!.id;
    const { requests } = (await (
      await fetch(`${demo.serverUrl}/partner/v1/companies/${id}/requests`, { headers: { authorization: `Bearer ${partnerApiKey}` } })
    ).json()) as { requests: unknown[] };
    assert.equal(requests.length, 2);
  } finally {
    await close();
    await demo.close();
  }
});
