/**
 * Environments and the data API over HTTP: a production key cannot reach sandbox data and the
 * reverse, and the JSON pages of records match the CSV and XLSX downloads row for row.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { FIELDS, neutraliseCell } from '@codat-link/upload';
import * as XLSX from '@e965/xlsx';
import { api, billRows, PARTNER_KEY, startTestServer, supplierRows, type TestServer } from './helpers.js';

const PRODUCTION_KEY = 'pk_live_fedcba9876543210';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

let server: TestServer;
before(async () => {
  server = await startTestServer({ partnerApiKeys: { production: PRODUCTION_KEY }, webhooks: { worker: false }, rateLimit: false, overload: false });
});
after(() => server.close());

async function call<T = unknown>(
  key: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T; headers: Headers; raw: Buffer }> {
  const response = await fetch(server.url + path, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const raw = Buffer.from(await response.arrayBuffer());
  const json = (response.headers.get('content-type') ?? '').startsWith('application/json') ? (JSON.parse(raw.toString('utf8')) as T) : (undefined as T);
  return { status: response.status, body: json, headers: response.headers, raw };
}

/** A company, request, session, entity and file-upload connection in the environment of `key`, with records uploaded. */
async function journey(key: string, integrationKey: string, bills: Record<string, unknown>[], batchSize = 2000) {
  const company = await call<{ id: string; environment: string }>(key, 'POST', '/partner/v1/companies', { name: 'Acme SAS' });
  assert.equal(company.status, 201);
  const request = await call<{ id: string; environment: string }>(key, 'POST', `/partner/v1/companies/${company.body.id}/requests`, {
    dataTypes: ['spendAnalysis'],
  });
  const session = await call<{ token: string }>(key, 'POST', '/partner/v1/sessions', { companyId: company.body.id, requestId: request.body.id });
  assert.equal(session.status, 201);
  const token = session.body.token;
  const entity = await api<{ id: string }>(server, token, 'POST', '/v1/entities', { name: 'Acme France' });
  const text = 'I agree';
  await api(server, token, 'POST', '/v1/consents', {
    entityId: entity.body.id,
    integrationKey,
    dataTypes: ['spendAnalysis'],
    text,
    textHash: sha256(text),
    version: '1',
    locale: 'en',
    givenAt: new Date().toISOString(),
  });
  const connection = await api<{ id: string }>(server, token, 'POST', '/v1/connections', { entityId: entity.body.id, integrationKey });
  assert.equal(connection.status, 201, JSON.stringify(connection.body));
  const upload = async (kind: 'suppliers' | 'bills', rows: Record<string, unknown>[]) => {
    const total = Math.max(1, Math.ceil(rows.length / batchSize));
    for (let i = 0; i < total; i++) {
      const put = await api(
        server,
        token,
        'PUT',
        `/v1/connections/${connection.body.id}/reports/${kind}/batches/${i}`,
        { totalBatches: total, records: rows.slice(i * batchSize, (i + 1) * batchSize) },
        { 'idempotency-key': `${kind}-${i}` },
      );
      assert.equal(put.status, 200, JSON.stringify(put.body));
    }
    const done = await api(server, token, 'POST', `/v1/connections/${connection.body.id}/reports/${kind}/finalize`, {
      totalBatches: total,
      recordCount: rows.length,
    });
    assert.equal(done.status, 200, JSON.stringify(done.body));
  };
  await upload('suppliers', supplierRows(3));
  await upload('bills', bills);
  return { companyId: company.body.id, requestId: request.body.id, entityId: entity.body.id, token, environment: request.body.environment };
}

describe('environments', () => {
  test('a production key gets 404 on sandbox companies, requests, sessions and data, and the reverse', async () => {
    const sandbox = await journey(PARTNER_KEY, 'sandbox-file-upload', billRows(5));
    const production = await journey(PRODUCTION_KEY, 'sap-business-one', billRows(4));
    assert.equal(sandbox.environment, 'sandbox');
    assert.equal(production.environment, 'production');
    for (const [key, theirs, mine] of [
      [PRODUCTION_KEY, sandbox, production],
      [PARTNER_KEY, production, sandbox],
    ] as const) {
      const companies = await call<{ companies: { id: string }[] }>(key, 'GET', '/partner/v1/companies');
      assert.ok(companies.body.companies.some((c) => c.id === mine.companyId));
      assert.ok(!companies.body.companies.some((c) => c.id === theirs.companyId), "the other environment's company is not listed");
      const paths = [
        ['GET', `/partner/v1/companies/${theirs.companyId}/requests`],
        ['POST', `/partner/v1/companies/${theirs.companyId}/requests`, { dataTypes: ['spendAnalysis'] }],
        ['POST', '/partner/v1/sessions', { companyId: theirs.companyId, requestId: theirs.requestId }],
        ['GET', `/partner/v1/requests/${theirs.requestId}/status`],
        ['GET', `/partner/v1/requests/${theirs.requestId}/entities`],
        ['GET', `/partner/v1/requests/${theirs.requestId}/entities/${theirs.entityId}/reports/bills/records`],
        ['GET', `/partner/v1/requests/${theirs.requestId}/entities/${theirs.entityId}/reports/bills/export?format=csv`],
        ['GET', `/partner/v1/requests/${theirs.requestId}/reports/bills/export?format=xlsx`],
        ['GET', `/partner/v1/requests/${theirs.requestId}/export`],
        ['POST', `/partner/v1/requests/${theirs.requestId}/email`, { to: ['owner@customer.example'] }],
      ] as const;
      for (const [method, path, body] of paths) {
        const answer = await call<{ error: { code: string } }>(key, method, path, body);
        assert.equal(answer.status, 404, `${method} ${path}`);
        assert.equal(answer.body.error.code, 'not_found');
      }
      // The same calls on its own data answer.
      assert.equal((await call(key, 'GET', `/partner/v1/requests/${mine.requestId}/entities/${mine.entityId}/reports/bills/records`)).status, 200);
      assert.equal((await call(key, 'POST', '/partner/v1/sessions', { companyId: mine.companyId, requestId: mine.requestId })).status, 201);
    }
    // The funnel of each key counts its own environment only.
    const funnel = async (key: string) =>
      (await call<{ weeks: { total: { counts: { created: number } } }[] }>(key, 'GET', '/partner/v1/funnel')).body.weeks.reduce(
        (n, week) => n + week.total.counts.created,
        0,
      );
    assert.equal(await funnel(PARTNER_KEY), 1);
    assert.equal(await funnel(PRODUCTION_KEY), 1);
  });

  test('a session says its environment; a production request lists no sandbox integration and refuses one (sandbox_only)', async () => {
    const company = await call<{ id: string }>(PRODUCTION_KEY, 'POST', '/partner/v1/companies', { name: 'Live SA' });
    const request = await call<{ id: string }>(PRODUCTION_KEY, 'POST', `/partner/v1/companies/${company.body.id}/requests`, {
      dataTypes: ['spendAnalysis', 'financials'],
    });
    const { token } = (
      await call<{ token: string }>(PRODUCTION_KEY, 'POST', '/partner/v1/sessions', { companyId: company.body.id, requestId: request.body.id })
    ).body;
    assert.equal((await api<{ environment: string }>(server, token, 'GET', '/v1/request')).body.environment, 'production');
    const listed = (await api<{ integrations: { key: string; sandbox: boolean }[] }>(server, token, 'GET', '/v1/integrations')).body.integrations;
    assert.ok(listed.length > 10);
    assert.deepEqual(
      listed.filter((i) => i.sandbox),
      [],
    );
    const entity = await api<{ id: string }>(server, token, 'POST', '/v1/entities', { name: 'Live UK' });
    for (const integrationKey of ['sandbox-accounting', 'sandbox-file-upload']) {
      const refused = await api<{ error: { code: string; message: string } }>(server, token, 'POST', '/v1/connections', {
        entityId: entity.body.id,
        integrationKey,
      });
      assert.equal(refused.status, 400);
      assert.equal(refused.body.error.code, 'sandbox_only');
    }
    const sandbox = await server.session(['spendAnalysis']);
    assert.equal((await api<{ environment: string }>(server, sandbox.token, 'GET', '/v1/request')).body.environment, 'sandbox');
    const sandboxListed = (await api<{ integrations: { key: string }[] }>(server, sandbox.token, 'GET', '/v1/integrations')).body.integrations;
    assert.ok(sandboxListed.some((i) => i.key === 'sandbox-file-upload'));
  });

  test('the hosted Link page shows a Sandbox badge for a sandbox request only', async () => {
    const sandbox = await server.session(['spendAnalysis']);
    const page = await (await fetch(`${server.url}/link/${sandbox.requestId}`)).text();
    assert.match(page, /class="env-badge env-sandbox">Sandbox</);
    const company = await call<{ id: string }>(PRODUCTION_KEY, 'POST', '/partner/v1/companies', { name: 'Live SA' });
    const request = await call<{ id: string }>(PRODUCTION_KEY, 'POST', `/partner/v1/companies/${company.body.id}/requests`, { dataTypes: ['spendAnalysis'] });
    const live = await (await fetch(`${server.url}/link/${request.body.id}?lang=fr`)).text();
    assert.doesNotMatch(live, /env-badge/);
    const french = await (await fetch(`${server.url}/link/${sandbox.requestId}?lang=fr`)).text();
    assert.match(french, /class="env-badge env-sandbox">Bac à sable</);
  });

  test('the sandbox and production keys must differ', async () => {
    await assert.rejects(startTestServer({ partnerApiKeys: { sandbox: 'same-key-123', production: 'same-key-123' } }), /must differ/);
  });
});

describe('the data API', () => {
  test('the JSON pages of a 20,000-row Bills report match the CSV download row for row, and the XLSX parses back to the same rows', async () => {
    const bills = billRows(20_000);
    // A formula-looking cell, to see it neutralised in both files.
    bills[7] = { ...bills[7], billNumber: '=HYPERLINK("https://evil.example","x")' };
    const { requestId, entityId } = await journey(PARTNER_KEY, 'sandbox-file-upload', bills);
    const keys = FIELDS.bills.map((f) => f.key);

    const pages: Record<string, unknown>[] = [];
    let cursor: string | null = null;
    let calls = 0;
    do {
      const page: { status: number; body: { records: Record<string, unknown>[]; nextCursor: string | null; fields: { key: string }[] } } = await call(
        PARTNER_KEY,
        'GET',
        `/partner/v1/requests/${requestId}/entities/${entityId}/reports/bills/records?limit=3000${cursor ? `&cursor=${cursor}` : ''}`,
      );
      assert.equal(page.status, 200);
      assert.deepEqual(
        page.body.fields.map((f) => f.key),
        keys,
      );
      pages.push(...page.body.records);
      cursor = page.body.nextCursor;
      calls += 1;
    } while (cursor);
    assert.equal(calls, 7);
    assert.equal(pages.length, 20_000);
    for (const record of pages) assert.deepEqual(Object.keys(record), keys);
    assert.equal(pages[19_999]!['billNumber'], 'b-19999');
    assert.equal(pages[7]!['billNumber'], '=HYPERLINK("https://evil.example","x")', 'JSON gives the value as received');

    const expected = pages.map((record) => keys.map((key) => (record[key] === null ? '' : neutraliseCell(String(record[key])))));

    const csv = await call(PARTNER_KEY, 'GET', `/partner/v1/requests/${requestId}/entities/${entityId}/reports/bills/export?format=csv`);
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get('content-type') ?? '', /^text\/csv/);
    assert.match(csv.headers.get('content-disposition') ?? '', /attachment; filename=".*-bills\.csv"/);
    const parsed = XLSX.utils.sheet_to_json<string[]>(
      XLSX.read(csv.raw.toString('utf8').replace(/^\uFEFF/, ''), { type: 'string', raw: true, dense: true }).Sheets['Sheet1']!,
      { header: 1, raw: false, defval: '', blankrows: false },
    );
    assert.deepEqual(parsed[0], keys);
    assert.equal(parsed.length - 1, 20_000);
    assert.deepEqual(parsed.slice(1), expected);
    assert.equal(parsed[8]![0], '\'=HYPERLINK("https://evil.example","x")');

    const xlsx = await call(PARTNER_KEY, 'GET', `/partner/v1/requests/${requestId}/entities/${entityId}/reports/bills/export?format=xlsx`);
    assert.equal(xlsx.status, 200);
    const book = XLSX.read(xlsx.raw, { type: 'buffer' });
    assert.deepEqual(book.SheetNames, ['bills']);
    const sheet = XLSX.utils.sheet_to_json<unknown[]>(book.Sheets['bills']!, { header: 1, defval: null, blankrows: false });
    assert.deepEqual(sheet[0], keys);
    assert.equal(sheet.length - 1, 20_000);
    const typed = pages.map((record) => keys.map((key) => (typeof record[key] === 'string' ? neutraliseCell(record[key]) : record[key])));
    assert.deepEqual(sheet.slice(1), typed);

    // The request's files: an entity column first; the workbook has a sheet per report.
    const whole = await call(PARTNER_KEY, 'GET', `/partner/v1/requests/${requestId}/reports/suppliers/export?format=csv&locale=fr`);
    const supplierKeys = FIELDS.suppliers.map((f) => f.key);
    const lines = [['entity', ...supplierKeys], ...supplierRows(3).map((r) => ['Acme France', ...supplierKeys.map((k) => String(r[k] ?? ''))])];
    assert.equal(whole.raw.toString('utf8'), `\uFEFF${lines.map((line) => line.join(';')).join('\r\n')}\r\n`);
    const workbook = XLSX.read((await call(PARTNER_KEY, 'GET', `/partner/v1/requests/${requestId}/export`)).raw, { type: 'buffer' });
    assert.deepEqual(workbook.SheetNames, ['suppliers', 'bills', 'supplierSpend']);
    assert.equal(XLSX.utils.sheet_to_json(workbook.Sheets['bills']!).length, 20_000);
  });

  test('a cursor not made by the server, or a limit out of bounds, is refused', async () => {
    const { requestId, entityId } = await journey(PARTNER_KEY, 'sandbox-file-upload', billRows(3));
    const base = `/partner/v1/requests/${requestId}/entities/${entityId}/reports/bills/records`;
    for (const query of ['?cursor=bm90LWEtY3Vyc29y', '?limit=0', '?limit=5001']) {
      const answer = await call<{ error: { code: string } }>(PARTNER_KEY, 'GET', base + query);
      assert.equal(answer.status, 400, query);
      assert.equal(answer.body.error.code, 'invalid_request');
    }
    const page = await call<{ records: unknown[]; nextCursor: string | null }>(PARTNER_KEY, 'GET', `${base}?limit=2`);
    assert.equal(page.body.records.length, 2);
    const rest = await call<{ records: { billNumber: string }[]; nextCursor: string | null }>(
      PARTNER_KEY,
      'GET',
      `${base}?limit=2&cursor=${page.body.nextCursor}`,
    );
    assert.deepEqual(
      rest.body.records.map((r) => r.billNumber),
      ['b-2'],
    );
    assert.equal(rest.body.nextCursor, null);
  });
});
