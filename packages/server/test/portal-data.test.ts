/**
 * The portal's environments, an entity's downloads and the funnel page, over HTTP as a
 * relationship manager's browser reaches them.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, test } from 'node:test';
import * as XLSX from '@e965/xlsx';
import { api, billRows, PARTNER_KEY, signIn, startTestServer, supplierRows, type PortalClient, type TestServer } from './helpers.js';

const PRODUCTION_KEY = 'pk_live_portal_0123456789';
let server: TestServer;
let manager: PortalClient;
before(async () => {
  server = await startTestServer({ partnerApiKeys: { production: PRODUCTION_KEY }, webhooks: { worker: false }, overload: false });
  manager = await signIn(server);
});
after(() => server.close());

const portal = (path: string) => manager.get(path);
const partner = async <T>(key: string, method: string, path: string, body?: unknown) => {
  const response = await fetch(server.url + path, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, body: (await response.json()) as T };
};

test("the portal lists each environment's companies under its switch, with a badge, and creates companies in the one shown", async () => {
  const sandbox = await partner<{ id: string }>(PARTNER_KEY, 'POST', '/partner/v1/companies', { name: 'Sandbox Test SAS' });
  const live = await partner<{ id: string }>(PRODUCTION_KEY, 'POST', '/partner/v1/companies', { name: 'Live Customer SAS' });
  const sandboxPage = await (await portal('/portal')).text();
  assert.match(sandboxPage, /<span class="env-badge env-sandbox">Sandbox<\/span>/);
  assert.match(sandboxPage, /<a href="\/portal\?env=sandbox&amp;lang=en" aria-current="page">Sandbox<\/a>/);
  assert.ok(sandboxPage.includes(sandbox.body.id) && !sandboxPage.includes(live.body.id));
  const livePage = await (await portal('/portal?env=production&lang=fr')).text();
  assert.match(livePage, /<span class="env-badge env-production">Production<\/span>/);
  assert.ok(livePage.includes(live.body.id) && !livePage.includes(sandbox.body.id));
  assert.match(await (await portal(`/portal/companies/${live.body.id}`)).text(), /env-badge env-production/);

  const created = await manager.post('/portal/companies', { name: 'Made in production', env: 'production' });
  assert.equal(created.status, 303);
  const listed = await partner<{ companies: { name: string; environment: string }[] }>(PRODUCTION_KEY, 'GET', '/partner/v1/companies');
  assert.ok(listed.body.companies.some((c) => c.name === 'Made in production' && c.environment === 'production'));
});

test("an entity's page links to its CSV and XLSX per report; the files are the partner API's", async () => {
  const { token, requestId } = await server.session(['spendAnalysis']);
  const entity = await api<{ id: string }>(server, token, 'POST', '/v1/entities', { name: 'Acme France' });
  const text = 'I agree';
  await api(server, token, 'POST', '/v1/consents', {
    entityId: entity.body.id,
    integrationKey: 'sandbox-file-upload',
    dataTypes: ['spendAnalysis'],
    text,
    textHash: createHash('sha256').update(text).digest('hex'),
    version: '1',
    locale: 'en',
    givenAt: new Date().toISOString(),
  });
  const connection = await api<{ id: string }>(server, token, 'POST', '/v1/connections', { entityId: entity.body.id, integrationKey: 'sandbox-file-upload' });
  await api(
    server,
    token,
    'PUT',
    `/v1/connections/${connection.body.id}/reports/suppliers/batches/0`,
    { totalBatches: 1, records: supplierRows(2) },
    { 'idempotency-key': 's0' },
  );
  await api(
    server,
    token,
    'PUT',
    `/v1/connections/${connection.body.id}/reports/bills/batches/0`,
    { totalBatches: 1, records: billRows(5) },
    { 'idempotency-key': 'b0' },
  );

  const requestPage = await (await portal(`/portal/requests/${requestId}`)).text();
  const entityUrl = `/portal/requests/${requestId}/entities/${entity.body.id}`;
  assert.ok(requestPage.includes(`href="${entityUrl}?lang=en"`), "the entity's name links to its page");
  assert.ok(requestPage.includes(`/portal/requests/${requestId}/export/bills.xlsx`), 'XLSX next to the CSV');

  const page = await portal(`${entityUrl}?lang=fr`);
  assert.equal(page.status, 200);
  const body = await page.text();
  assert.match(body, /<h1><bdi>Acme France<\/bdi> <span class="env-badge env-sandbox">Bac à sable<\/span><\/h1>/);
  assert.ok(
    body.includes(
      `<li>Factures <small>(5)</small>: <a href="${entityUrl}/export/bills.csv?lang=fr" download aria-label="Factures (CSV)">CSV</a> · <a href="${entityUrl}/export/bills.xlsx?lang=fr" download aria-label="Factures (XLSX)">XLSX</a></li>`,
    ),
  );

  const csv = await (await portal(`${entityUrl}/export/bills.csv?lang=en`)).text();
  const fromApi = await (
    await fetch(`${server.url}/partner/v1/requests/${requestId}/entities/${entity.body.id}/reports/bills/export?format=csv`, {
      headers: { authorization: `Bearer ${PARTNER_KEY}` },
    })
  ).text();
  assert.equal(csv, fromApi);
  const xlsx = await portal(`${entityUrl}/export/all.xlsx`);
  assert.equal(xlsx.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const book = XLSX.read(Buffer.from(await xlsx.arrayBuffer()), { type: 'buffer' });
  assert.deepEqual(book.SheetNames, ['suppliers', 'bills', 'supplierSpend']);
  assert.equal(XLSX.utils.sheet_to_json(book.Sheets['bills']!).length, 5);

  // Someone else's entity under this request, or a file that is no report: 404.
  const stranger = await server.session(['spendAnalysis']);
  const theirs = await api<{ id: string }>(server, stranger.token, 'POST', '/v1/entities', { name: 'Other' });
  assert.equal((await portal(`/portal/requests/${requestId}/entities/${theirs.body.id}`)).status, 404);
  assert.equal((await portal(`/portal/requests/${requestId}/entities/${theirs.body.id}/export/bills.csv`)).status, 404);
  assert.equal((await portal(`${entityUrl}/export/invoices.csv`)).status, 404);
});

test("the funnel page shows this week's requests per integration, in English and French, per environment", async () => {
  const { token } = await server.session(['spendAnalysis']);
  const entity = await api<{ id: string }>(server, token, 'POST', '/v1/entities', { name: 'Funnel Ltd' });
  const text = 'I agree';
  await api(server, token, 'POST', '/v1/consents', {
    entityId: entity.body.id,
    integrationKey: 'sandbox-accounting',
    dataTypes: ['spendAnalysis'],
    text,
    textHash: createHash('sha256').update(text).digest('hex'),
    version: '1',
    locale: 'en',
    givenAt: new Date().toISOString(),
  });
  const page = await portal('/portal/funnel');
  assert.equal(page.status, 200);
  const body = await page.text();
  assert.match(body, /<h1>Funnel <span class="env-badge env-sandbox">Sandbox<\/span><\/h1>/);
  assert.match(body, /<td>Sandbox Accounting<\/td><td class="num">1<\/td><td class="num">1<br><small>/);
  assert.match(body, /<td>All integrations<\/td>/);
  const french = await (await portal('/portal/funnel?lang=fr&env=production')).text();
  assert.match(french, /<h1>Entonnoir <span class="env-badge env-production">Production<\/span><\/h1>/);
  assert.ok(!french.includes('Sandbox Accounting'), "the sandbox's requests are not production's");
  // A window that holds nothing says so.
  assert.match(await (await portal('/portal/funnel?from=2020-01-01&to=2020-01-31')).text(), /No request in this period\./);
});
