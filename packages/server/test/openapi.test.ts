import { createHash } from 'node:crypto';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { z } from 'zod';
import { PARTNER_KEY, startTestServer, supplierRows, type TestServer } from './helpers.js';

type Doc = {
  openapi: string;
  paths: Record<
    string,
    Record<
      string,
      { responses: Record<string, { content?: { 'application/json': { schema: Record<string, unknown> } } }>; parameters: { name: string; in: string }[] }
    >
  >;
  components: { schemas: Record<string, Record<string, unknown>> };
};

let server: TestServer;
let doc: Doc;
before(async () => {
  server = await startTestServer({ webhooks: { worker: false } });
  doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as Doc;
});
after(() => server.close());

const isApi = (url: string) => url.startsWith('/v1/') || url.startsWith('/partner/v1/');
const toOpenApi = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

test('the document is OpenAPI 3.1, and documents exactly the API routes the server registered', () => {
  assert.equal(doc.openapi, '3.1.0');
  const served = server.routes
    .filter((r) => isApi(r.url) && r.method !== 'HEAD' && r.method !== 'OPTIONS')
    .map((r) => `${r.method} ${toOpenApi(r.url)}`)
    .sort();
  const documented = Object.entries(doc.paths)
    .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
    .sort();
  assert.ok(served.length >= 15, served.join('\n'));
  assert.deepEqual(documented, served);
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const pathParams = op.parameters
        .filter((p) => p.in === 'path')
        .map((p) => p.name)
        .sort();
      assert.deepEqual(pathParams, [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort(), `${method} ${path}`);
    }
  }
});

/** Validates a real answer against the served document (not against the server's zod schemas). */
function checkAgainstDoc(method: string, path: string, status: number, body: unknown): void {
  const template = Object.keys(doc.paths).find((p) => new RegExp(`^${p.replace(/\{\w+\}/g, '[^/]+')}$`).test(path.split('?')[0]!));
  assert.ok(template, `${path} is documented`);
  const operation = doc.paths[template]![method.toLowerCase()];
  assert.ok(operation, `${method} ${template} is documented`);
  const response = operation.responses[String(status)];
  assert.ok(response, `${method} ${template} documents status ${status}`);
  let schema = response.content?.['application/json'].schema;
  assert.ok(schema);
  if (typeof schema['$ref'] === 'string') schema = doc.components.schemas[String(schema['$ref']).split('/').pop()!]!;
  const result = z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]).safeParse(body);
  assert.ok(result.success, `${method} ${path} ${status}: ${result.success ? '' : result.error.message}`);
}

function checkWebhookAgainstDoc(event: { type: string }): void {
  const operation = (
    doc as unknown as { webhooks: Record<string, { post: { requestBody: { content: { 'application/json': { schema: Record<string, unknown> } } } } }> }
  ).webhooks[event.type];
  assert.ok(operation, `${event.type} is documented in webhooks`);
  const schema = operation.post.requestBody.content['application/json'].schema;
  const result = z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]).safeParse(event);
  assert.ok(result.success, `${event.type}: ${result.success ? '' : result.error.message}`);
}

test('every answer of a whole journey matches the document, errors included', async () => {
  const seen = new Set<string>();
  const call = async <T>(method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(server.url + path, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const json = (await response.json()) as T;
    checkAgainstDoc(method, path, response.status, json);
    seen.add(
      `${method} ${path
        .split('?')[0]!
        .replace(/(cmp|req|ent|con|whe|dlv|rul|alr)_[\w-]+/g, 'ID')
        .replace(/\/batches\/\d+/, '/batches/N')}`,
    );
    return json;
  };
  // Webhooks and monitoring first, so the journey below fills the delivery log and raises alerts.
  const endpoint = await call<{ id: string }>('POST', '/partner/v1/webhook-endpoints', PARTNER_KEY, { url: 'https://8.8.8.8/hooks', description: 'contract' });
  await call('POST', '/partner/v1/webhook-endpoints', PARTNER_KEY, { url: 'https://127.0.0.1/hooks' });
  await call('GET', '/partner/v1/webhook-endpoints', PARTNER_KEY);
  await call('GET', `/partner/v1/webhook-endpoints/${endpoint.id}`, PARTNER_KEY);
  await call('PATCH', `/partner/v1/webhook-endpoints/${endpoint.id}`, PARTNER_KEY, { eventTypes: ['upload.completed', 'request.finished'] });
  await call('POST', `/partner/v1/webhook-endpoints/${endpoint.id}/rotate-secret`, PARTNER_KEY);
  // Nothing is sent to 8.8.8.8: the worker is off in this server (see before()), the rows stay pending.
  const rule = await call<{ id: string }>('POST', '/partner/v1/monitoring-rules', PARTNER_KEY, { kind: 'requestFinished', emails: ['rm@partner.example'] });
  await call('POST', '/partner/v1/monitoring-rules', PARTNER_KEY, { kind: 'uploadSkippedRows', threshold: 101 });
  await call('PATCH', `/partner/v1/monitoring-rules/${rule.id}`, PARTNER_KEY, { locale: 'fr' });
  await call('GET', '/partner/v1/monitoring-rules', PARTNER_KEY);
  const company = await call<{ id: string }>('POST', '/partner/v1/companies', PARTNER_KEY, { name: 'Contract SA' });
  await call('GET', '/partner/v1/companies', PARTNER_KEY);
  const request = await call<{ id: string }>('POST', `/partner/v1/companies/${company.id}/requests`, PARTNER_KEY, {
    dataTypes: ['spendAnalysis', 'financials'],
  });
  await call('GET', `/partner/v1/companies/${company.id}/requests`, PARTNER_KEY);
  const session = await call<{ token: string }>('POST', '/partner/v1/sessions', PARTNER_KEY, { companyId: company.id, requestId: request.id });
  const token = session.token;
  await call('GET', '/v1/request', token);
  await call('GET', '/v1/integrations', token);
  const entity = await call<{ id: string }>('POST', '/v1/entities', token, { name: 'Contract UK' });
  await call('GET', '/v1/entities', token);
  await call('POST', '/v1/consents', token, {
    entityId: entity.id,
    integrationKey: 'sandbox-file-upload',
    dataTypes: ['spendAnalysis'],
    text: 'I agree',
    textHash: createHash('sha256').update('I agree').digest('hex'),
    version: '1',
    locale: 'en',
    givenAt: new Date().toISOString(),
  });
  const direct = await call<{ id: string }>('POST', '/v1/connections', token, { entityId: entity.id, integrationKey: 'sandbox-accounting' });
  await call('GET', `/v1/connections/${direct.id}?waitSeconds=0`, token);
  const files = await call<{ id: string }>('POST', '/v1/connections', token, { entityId: entity.id, integrationKey: 'sandbox-file-upload' });
  const batchPath = `/v1/connections/${files.id}/reports/suppliers/batches`;
  await call('PUT', `${batchPath}/0`, token, { totalBatches: 1, records: supplierRows(2) }, { 'idempotency-key': 'contract:0:k' });
  await call('PUT', `${batchPath}/0`, token, { totalBatches: 1, records: [{ country: 'FR' }] }, { 'idempotency-key': 'contract:0:bad' });
  await call('POST', batchPath, token, { batchIndex: 0, totalBatches: 1, records: supplierRows(2) }, { 'idempotency-key': 'contract:0:k' });
  await call('POST', batchPath, token, { batchIndex: 1, totalBatches: 1, records: supplierRows(2) }, { 'idempotency-key': 'contract:1:k' });
  await call('GET', batchPath, token);
  await call('POST', `/v1/connections/${files.id}/reports/suppliers/finalize`, token, { totalBatches: 2, recordCount: 2 });
  await call('POST', `/v1/connections/${files.id}/reports/suppliers/finalize`, token, { totalBatches: 1, recordCount: 2 });
  await call('GET', '/v1/request/status', token);
  await call('POST', '/v1/request/finish', token, {});
  await call('GET', `/partner/v1/requests/${request.id}/status`, PARTNER_KEY);
  // The data API: entities, record pages, and the downloads (checked against the media types documented).
  await call('GET', `/partner/v1/requests/${request.id}/entities`, PARTNER_KEY);
  const first = await call<{ nextCursor: string }>(
    'GET',
    `/partner/v1/requests/${request.id}/entities/${entity.id}/reports/suppliers/records?limit=1`,
    PARTNER_KEY,
  );
  await call('GET', `/partner/v1/requests/${request.id}/entities/${entity.id}/reports/suppliers/records?cursor=${first.nextCursor}`, PARTNER_KEY);
  await call('GET', `/partner/v1/requests/${request.id}/entities/${entity.id}/reports/suppliers/records?cursor=junk`, PARTNER_KEY);
  await call('GET', '/partner/v1/funnel?from=2026-01-01&to=2026-12-31', PARTNER_KEY);
  const download = async (path: string, type: string) => {
    const response = await fetch(server.url + path, { headers: { authorization: `Bearer ${PARTNER_KEY}` } });
    assert.equal(response.status, 200, path);
    assert.equal(response.headers.get('content-type'), type);
    const template = Object.keys(doc.paths).find((p) => new RegExp(`^${p.replace(/\{\w+\}/g, '[^/]+')}$`).test(path.split('?')[0]!))!;
    const documented = (doc.paths[template]!['get']!.responses['200'] as unknown as { content: Record<string, unknown> }).content;
    assert.ok(type in documented, `${template} documents ${type}`);
    await response.arrayBuffer();
    seen.add(`GET ${template}`);
  };
  const csv = 'text/csv; charset=utf-8';
  const xlsx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  await download(`/partner/v1/requests/${request.id}/entities/${entity.id}/reports/suppliers/export?format=csv`, csv);
  await download(`/partner/v1/requests/${request.id}/reports/suppliers/export?format=xlsx`, xlsx);
  await download(`/partner/v1/requests/${request.id}/export`, xlsx);
  await call('POST', `/partner/v1/requests/${request.id}/email`, PARTNER_KEY, { to: ['owner@customer.example'], locale: 'fr' });
  await call('GET', '/partner/v1/emails', PARTNER_KEY);
  const alerts = await call<{ alerts: { id: string }[] }>('GET', '/partner/v1/alerts?open=true', PARTNER_KEY);
  assert.equal(alerts.alerts.length, 1);
  await call('POST', `/partner/v1/alerts/${alerts.alerts[0]!.id}/resolve`, PARTNER_KEY);
  const deliveries = await call<{ deliveries: { id: string; eventType: string }[] }>(
    'GET',
    `/partner/v1/webhook-endpoints/${endpoint.id}/deliveries`,
    PARTNER_KEY,
  );
  assert.deepEqual(
    deliveries.deliveries.map((d) => d.eventType),
    ['request.finished', 'upload.completed'],
  );
  await call('GET', `/partner/v1/webhook-deliveries/${deliveries.deliveries[0]!.id}`, PARTNER_KEY);
  await call('POST', `/partner/v1/webhook-deliveries/${deliveries.deliveries[0]!.id}/replay`, PARTNER_KEY);
  const events = await call<{ events: { id: string; type: string }[] }>('GET', `/partner/v1/events?requestId=${request.id}`, PARTNER_KEY);
  // Every event stored matches its schema in the document's webhooks section.
  for (const event of events.events) checkWebhookAgainstDoc(event);
  assert.deepEqual(
    events.events.map((e) => e.type),
    [
      'request.created',
      'request.opened',
      'entity.created',
      'consent.recorded',
      'connection.connected',
      'upload.completed',
      'request.finished',
      'alert.triggered',
    ],
  );
  await call('GET', '/v1/request', 'cls_unknown');
  await call('GET', '/v1/connections/con_missing', token);
  const documentedOperations = Object.values(doc.paths).reduce((n, ops) => n + Object.keys(ops).length, 0);
  const exercised = new Set([...seen].map((s) => s.replace(/con_missing/, 'ID')));
  assert.ok(exercised.size >= documentedOperations, `exercised ${exercised.size} of ${documentedOperations}: ${[...exercised].join(', ')}`);
});
