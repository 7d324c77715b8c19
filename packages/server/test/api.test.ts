import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createHash } from 'node:crypto';
import { CONSENT_CLOCK_SKEW_MS, IDEMPOTENCY_KEY_TTL_MS, migrate, openDatabase } from '../src/index.js';
import { api, billRows, startTestServer, supplierRows, type TestServer } from './helpers.js';

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

async function fileUploadConnection(token: string) {
  const entity = await api<{ id: string }>(server, token, 'POST', '/v1/entities', { name: 'Acme UK Ltd' });
  const connection = await api<{ id: string; status: string; kind: string }>(server, token, 'POST', '/v1/connections', {
    entityId: entity.body.id,
    integrationKey: 'sandbox-file-upload',
  });
  return { entityId: entity.body.id, connectionId: connection.body.id, connection: connection.body };
}

const put = (token: string, connectionId: string, kind: string, index: number, key: string, records: unknown[], totalBatches = 2) =>
  api<{ batchIndex: number; accepted: number; duplicate: boolean }>(
    server,
    token,
    'PUT',
    `/v1/connections/${connectionId}/reports/${kind}/batches/${index}`,
    { totalBatches, records, uploadId: key.split(':')[0] },
    { 'idempotency-key': key },
  );

describe('session API', () => {
  test('the request, and integrations restricted to the request data types and the company allow-list', async () => {
    const { token, requestId } = await server.session(['spendAnalysis']);
    const request = await api<{ id: string; dataTypes: string[] }>(server, token, 'GET', '/v1/request');
    assert.equal(request.body.id, requestId);
    assert.deepEqual(request.body.dataTypes, ['spendAnalysis']);
    const all = await api<{ integrations: { key: string; kind: string }[] }>(server, token, 'GET', '/v1/integrations');
    assert.ok(all.body.integrations.some((i) => i.kind === 'fileUpload'));

    const company = await server.partner<{ id: string }>('POST', '/partner/v1/companies', { name: 'Only Xero', allowedIntegrations: ['xero'] });
    const req = await server.partner<{ id: string }>('POST', `/partner/v1/companies/${company.body.id}/requests`, { dataTypes: ['financials'] });
    const minted = await server.partner<{ token: string }>('POST', '/partner/v1/sessions', { companyId: company.body.id, requestId: req.body.id });
    const restricted = await api<{ integrations: { key: string }[] }>(server, minted.body.token, 'GET', '/v1/integrations');
    assert.deepEqual(
      restricted.body.integrations.map((i) => i.key),
      ['xero'],
    );
    const refused = await api<{ error: { code: string } }>(server, minted.body.token, 'POST', '/v1/connections', {
      entityId: (await api<{ id: string }>(server, minted.body.token, 'POST', '/v1/entities', { name: 'E' })).body.id,
      integrationKey: 'sage-50',
    });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.error.code, 'invalid_request');
  });

  test('an entity or a connection created again with the same Idempotency-Key is the same one', async () => {
    const { token } = await server.session();
    const first = await api<{ id: string }>(server, token, 'POST', '/v1/entities', { name: 'Acme' }, { 'idempotency-key': 'entity-key-1' });
    const again = await api<{ id: string }>(server, token, 'POST', '/v1/entities', { name: 'Acme' }, { 'idempotency-key': 'entity-key-1' });
    assert.equal(first.status, 201);
    assert.equal(again.body.id, first.body.id);
    const list = await api<{ entities: unknown[] }>(server, token, 'GET', '/v1/entities');
    assert.equal(list.body.entities.length, 1);
    const body = { entityId: first.body.id, integrationKey: 'sandbox-file-upload' };
    const c1 = await api<{ id: string }>(server, token, 'POST', '/v1/connections', body, { 'idempotency-key': 'conn-key-1' });
    const c2 = await api<{ id: string }>(server, token, 'POST', '/v1/connections', body, { 'idempotency-key': 'conn-key-1' });
    assert.equal(c1.body.id, c2.body.id);
  });

  test('idempotency keys as the IETF draft says: same key, other body → 422 on every route; kept 24 h, then forgotten', async () => {
    const { token } = await server.session();
    const code = (answer: { status: number; body: unknown }) => [answer.status, (answer.body as { error?: { code: string } }).error?.code];
    const key = (k: string) => ({ 'idempotency-key': k });
    const entity = await api<{ id: string }>(server, token, 'POST', '/v1/entities', { name: 'Keyed Ltd' }, key('"ent-1"'));
    assert.equal(entity.status, 201);
    assert.equal(
      (await api<{ id: string }>(server, token, 'POST', '/v1/entities', { name: 'Keyed Ltd' }, key('ent-1'))).body.id,
      entity.body.id,
      'a Structured Field string and the bare token are the same key',
    );
    assert.equal(
      (await api<{ id: string }>(server, token, 'POST', '/v1/entities', { name: ' keyed LTD' }, key('ent-1'))).body.id,
      entity.body.id,
      'a name folded the same is the same entity (the journey keys entities so)',
    );
    assert.deepEqual(code(await api(server, token, 'POST', '/v1/entities', { name: 'Other Ltd' }, key('ent-1'))), [422, 'idempotency_conflict']);

    const connection = { entityId: entity.body.id, integrationKey: 'sandbox-file-upload' };
    const started = await api<{ id: string }>(server, token, 'POST', '/v1/connections', connection, key('con-1'));
    assert.equal((await api<{ id: string }>(server, token, 'POST', '/v1/connections', connection, key('con-1'))).body.id, started.body.id);
    assert.deepEqual(code(await api(server, token, 'POST', '/v1/connections', { ...connection, integrationKey: 'supplier-spend-template' }, key('con-1'))), [
      422,
      'idempotency_conflict',
    ]);

    const text = 'I agree';
    const consent = {
      entityId: entity.body.id,
      integrationKey: 'sandbox-file-upload',
      dataTypes: ['spendAnalysis'],
      text,
      textHash: sha256(text),
      version: '1',
      locale: 'en',
      givenAt: new Date().toISOString(),
    };
    const recorded = await api<{ id: number }>(server, token, 'POST', '/v1/consents', consent, key('cst-1'));
    assert.equal(recorded.status, 201);
    assert.equal((await api<{ id: number }>(server, token, 'POST', '/v1/consents', consent, key('cst-1'))).body.id, recorded.body.id);
    assert.deepEqual(code(await api(server, token, 'POST', '/v1/consents', { ...consent, version: '2' }, key('cst-1'))), [422, 'idempotency_conflict']);

    const batch = (records: unknown[]) =>
      api(
        server,
        token,
        'PUT',
        `/v1/connections/${started.body.id}/reports/suppliers/batches/0`,
        { uploadId: 'u1', totalBatches: 1, records },
        key('u1:suppliers:0'),
      );
    assert.equal((await batch(supplierRows(2))).status, 200);
    assert.deepEqual(code(await batch(supplierRows(3))), [422, 'idempotency_conflict']);

    // A day later the keys of entities, connections and consents are forgotten: the same key is a new request.
    assert.equal(IDEMPOTENCY_KEY_TTL_MS, 24 * 3600_000);
    assert.ok((await server.store.purgeIdempotencyKeys(Date.now() + IDEMPOTENCY_KEY_TTL_MS + 1000)) >= 3);
    const later = await api<{ id: string }>(server, token, 'POST', '/v1/entities', { name: 'Other Ltd' }, key('ent-1'));
    assert.equal(later.status, 201);
    assert.notEqual(later.body.id, entity.body.id);
    assert.equal((await api(server, token, 'POST', '/v1/consents', { ...consent, version: '2' }, key('cst-1'))).status, 201);
  });

  test('a consent posted twice is recorded once', async () => {
    const { token } = await server.session();
    const entity = await api<{ id: string }>(server, token, 'POST', '/v1/entities', { name: 'Acme' });
    const consent = {
      entityId: entity.body.id,
      integrationKey: 'xero',
      dataTypes: ['spendAnalysis'],
      text: 'I agree to share…',
      textHash: sha256('I agree to share…'),
      version: '2026-01',
      locale: 'fr',
      givenAt: new Date().toISOString(),
    };
    const a = await api<{ id: number }>(server, token, 'POST', '/v1/consents', consent);
    const b = await api<{ id: number }>(server, token, 'POST', '/v1/consents', consent);
    assert.equal(a.status, 201);
    assert.equal(a.body.id, b.body.id);
  });

  test('a consent is checked by the server: text hash, integration, data types, locale and time; 422 otherwise', async () => {
    const { token } = await server.session(['spendAnalysis']);
    const entity = await api<{ id: string }>(server, token, 'POST', '/v1/entities', { name: 'Evidence Ltd' });
    const text = 'J’accepte de partager mes données de dépenses.';
    const good = {
      entityId: entity.body.id,
      integrationKey: 'sandbox-file-upload',
      dataTypes: ['spendAnalysis'],
      text,
      textHash: sha256(text),
      version: '2026-01',
      locale: 'fr-CA',
      givenAt: new Date().toISOString(),
    };
    const minutes = (n: number) => new Date(Date.now() + n * 60_000).toISOString();
    const cases: [Record<string, unknown>, string, string][] = [
      [{ textHash: sha256('something else') }, 'textHash', 'consent_hash_mismatch'],
      [{ integrationKey: 'not-in-the-catalog' }, 'integrationKey', 'consent_integration_unknown'],
      [{ dataTypes: ['spendAnalysis', 'financials'] }, 'dataTypes', 'consent_data_type_not_requested'],
      [{ locale: 'xx' }, 'locale', 'consent_locale_unsupported'],
      [{ locale: 'en_GB' }, 'locale', 'consent_locale_unsupported'],
      [{ givenAt: minutes(-24 * 60) }, 'givenAt', 'consent_time_out_of_range'],
      [{ givenAt: '2099-01-01T00:00:00.000Z' }, 'givenAt', 'consent_time_out_of_range'],
      [{ givenAt: minutes(CONSENT_CLOCK_SKEW_MS / 60_000 + 1) }, 'givenAt', 'consent_time_out_of_range'],
    ];
    for (const [change, field, code] of cases) {
      const refused = await api<{ error: { code: string; issues: { field: string; code: string }[] } }>(server, token, 'POST', '/v1/consents', {
        ...good,
        ...change,
      });
      assert.equal(refused.status, 422, `${JSON.stringify(change)}: ${JSON.stringify(refused.body)}`);
      assert.equal(refused.body.error.code, 'validation_failed');
      assert.deepEqual(
        refused.body.error.issues.map((i) => [i.field, i.code]),
        [[field, code]],
      );
    }
    const fresh = await api(server, token, 'POST', '/v1/consents', { ...good, givenAt: minutes(-(CONSENT_CLOCK_SKEW_MS / 60_000 - 1)) });
    assert.equal(fresh.status, 201, 'a consent given a few minutes ago (a retried post) is accepted');
    assert.equal((await api(server, token, 'POST', '/v1/consents', good)).status, 201);
    assert.equal((await server.store.latestConsents((await api<{ id: string }>(server, token, 'GET', '/v1/request')).body.id)).size, 1);
  });

  test('batches: a repeated key is a duplicate, a reused key with another body is refused, finalize checks the sum', async () => {
    const { token } = await server.session();
    const { connectionId } = await fileUploadConnection(token);
    const first = await put(token, connectionId, 'suppliers', 0, 'up1:suppliers:0', supplierRows(3));
    assert.deepEqual(first.body, { batchIndex: 0, accepted: 3, duplicate: false });
    const retry = await put(token, connectionId, 'suppliers', 0, 'up1:suppliers:0', supplierRows(3));
    assert.deepEqual(retry.body, { batchIndex: 0, accepted: 3, duplicate: true });
    const reused = await put(token, connectionId, 'suppliers', 0, 'up1:suppliers:0', supplierRows(4));
    assert.equal(reused.status, 422);
    assert.equal((reused.body as unknown as { error: { code: string } }).error.code, 'idempotency_conflict');

    const early = await api<{ error: { code: string } }>(server, token, 'POST', `/v1/connections/${connectionId}/reports/suppliers/finalize`, {
      totalBatches: 2,
      recordCount: 5,
    });
    assert.equal(early.status, 409, 'a missing batch must block finalize');
    await put(token, connectionId, 'suppliers', 1, 'up1:suppliers:1', supplierRows(2, 't'));
    const acknowledged = await api<{ batches: { batchIndex: number }[] }>(
      server,
      token,
      'GET',
      `/v1/connections/${connectionId}/reports/suppliers/batches?uploadId=up1`,
    );
    assert.deepEqual(
      acknowledged.body.batches.map((b) => b.batchIndex),
      [0, 1],
    );
    const otherUpload = await api<{ batches: unknown[] }>(server, token, 'GET', `/v1/connections/${connectionId}/reports/suppliers/batches?uploadId=up2`);
    assert.deepEqual(otherUpload.body.batches, []);
    const wrongCount = await api(server, token, 'POST', `/v1/connections/${connectionId}/reports/suppliers/finalize`, { totalBatches: 2, recordCount: 6 });
    assert.equal(wrongCount.status, 409);
    const done = await api<{ recordCount: number }>(server, token, 'POST', `/v1/connections/${connectionId}/reports/suppliers/finalize`, {
      totalBatches: 2,
      recordCount: 5,
    });
    assert.equal(done.status, 200);
    assert.equal(done.body.recordCount, 5);
  });

  test('POST …/batches (the index in the body) is the same batch as PUT …/batches/{index}: one key, one batch, whichever route a retry takes', async () => {
    const { token } = await server.session();
    const { connectionId } = await fileUploadConnection(token);
    const path = `/v1/connections/${connectionId}/reports/suppliers/batches`;
    const post = (batchIndex: number, key: string, records: unknown[]) =>
      api<{ batchIndex: number; accepted: number; duplicate: boolean }>(
        server,
        token,
        'POST',
        path,
        { batchIndex, totalBatches: 2, records, uploadId: 'p1' },
        { 'idempotency-key': key },
      );
    assert.deepEqual((await post(0, 'p1:suppliers:0', supplierRows(3))).body, { batchIndex: 0, accepted: 3, duplicate: false });
    assert.deepEqual((await put(token, connectionId, 'suppliers', 0, 'p1:suppliers:0', supplierRows(3))).body, { batchIndex: 0, accepted: 3, duplicate: true });
    assert.equal((await post(0, 'p1:suppliers:0', supplierRows(4))).status, 422, 'same key, another body');
    assert.equal((await post(2, 'p1:suppliers:2', supplierRows(1))).status, 400, 'an index past totalBatches');
    await put(token, connectionId, 'suppliers', 1, 'p1:suppliers:1', supplierRows(2, 't'));
    assert.deepEqual((await post(1, 'p1:suppliers:1', supplierRows(2, 't'))).body, { batchIndex: 1, accepted: 2, duplicate: true });
    const acknowledged = await api<{ batches: { batchIndex: number }[] }>(server, token, 'GET', `${path}?uploadId=p1`);
    assert.deepEqual(
      acknowledged.body.batches.map((b) => b.batchIndex),
      [0, 1],
    );
  });

  test("a batch is stored as the records' own text when it is compact, serialized again when not; either reads back as sent", async () => {
    const { token, requestId } = await server.session();
    const { connectionId } = await fileUploadConnection(token);
    const path = `/v1/connections/${connectionId}/reports/suppliers/batches`;
    const compact = '[{"supplierId":"s-1","supplierName":"Caf\\u00e9 \\"Le Zinc\\"","country":"FR"}]';
    const spaced = '[ { "supplierId": "s-2", "supplierName": "Brasserie", "country": "FR" } ]';
    for (const [batchIndex, records] of [compact, spaced].entries()) {
      const body = `{"batchIndex":${batchIndex},"totalBatches":2,"uploadId":"t1","records":${records}}`;
      const stored = await api(server, token, 'POST', path, body, { 'idempotency-key': `t1:suppliers:${batchIndex}` });
      assert.equal(stored.status, 200, JSON.stringify(stored.body));
    }
    const texts = server.store.db
      .prepare('SELECT r.data FROM batch_records r JOIN batches b ON b.id = r.batch_id WHERE b.connection_id = ? ORDER BY b.batch_index')
      .all(connectionId) as { data: string }[];
    assert.deepEqual(
      texts.map((t) => t.data),
      [compact, JSON.stringify(JSON.parse(spaced))],
    );
    const read: unknown[] = [];
    for await (const record of server.store.records(requestId, 'suppliers')) read.push(record.data);
    assert.deepEqual(read, [...(JSON.parse(compact) as unknown[]), ...(JSON.parse(spaced) as unknown[])]);
  });

  test('a new file for the same report replaces the old batches instead of adding to them', async () => {
    const { token } = await server.session();
    const { connectionId } = await fileUploadConnection(token);
    await put(token, connectionId, 'suppliers', 0, 'old:suppliers:0', supplierRows(3), 2);
    await put(token, connectionId, 'suppliers', 1, 'old:suppliers:1', supplierRows(3, 'x'), 2);
    await put(token, connectionId, 'suppliers', 0, 'new:suppliers:0', supplierRows(2, 'n'), 1);
    const done = await api(server, token, 'POST', `/v1/connections/${connectionId}/reports/suppliers/finalize`, { totalBatches: 1, recordCount: 2 });
    assert.equal(done.status, 200);
    const status = await api<{ entities: { counts: Record<string, number> }[] }>(server, token, 'GET', '/v1/request/status');
    assert.equal(status.body.entities[0]?.counts['suppliers'], 2);
  });

  test('exclusive uploads: a newer upload supersedes the current one, which is refused until the newer one is done', async () => {
    const { token } = await server.session();
    const { connectionId } = await fileUploadConnection(token);
    const finalize = (uploadId: string, totalBatches: number, recordCount: number) =>
      api<{ error?: { code: string } }>(server, token, 'POST', `/v1/connections/${connectionId}/reports/suppliers/finalize`, {
        uploadId,
        totalBatches,
        recordCount,
      });
    const code = (answer: { status: number; body: unknown }) => [answer.status, (answer.body as { error?: { code: string } }).error?.code];
    // Tab A and tab B send files of the same size: the counts alone cannot tell them apart.
    assert.equal((await put(token, connectionId, 'suppliers', 0, 'A:suppliers:0', supplierRows(3, 'a'))).status, 200);
    assert.equal((await put(token, connectionId, 'suppliers', 0, 'B:suppliers:0', supplierRows(3, 'b'))).status, 200);
    assert.equal((await put(token, connectionId, 'suppliers', 1, 'B:suppliers:1', supplierRows(2, 'bb'))).status, 200);
    assert.deepEqual(code(await put(token, connectionId, 'suppliers', 1, 'A:suppliers:1', supplierRows(2, 'aa'))), [409, 'upload_superseded']);
    assert.deepEqual(
      code(await put(token, connectionId, 'suppliers', 0, 'A:suppliers:0', supplierRows(3, 'a'))),
      [409, 'upload_superseded'],
      'a retry is no duplicate either',
    );
    assert.deepEqual(code(await finalize('A', 2, 5)), [409, 'upload_superseded'], "A never hears success for B's rows");
    assert.equal((await finalize('B', 2, 5)).status, 200);
    const stored = async (id: string) => (await collect(server.store.records(id, 'suppliers'))).map((row) => String(row.data['supplierId']));
    const request = (await api<{ id: string }>(server, token, 'GET', '/v1/request')).body.id;
    assert.deepEqual(await stored(request), ['b-0', 'b-1', 'b-2', 'bb-0', 'bb-1']);
    // Once B is finalized, choosing A's file again is a new decision of the customer: it replaces B.
    assert.equal((await put(token, connectionId, 'suppliers', 0, 'A:suppliers:0', supplierRows(3, 'a'), 1)).status, 200);
    assert.deepEqual(await stored(request), ['a-0', 'a-1', 'a-2'], "B's batches went in the same transaction");
    assert.deepEqual(code(await finalize('B', 2, 5)), [409, 'upload_superseded']);
    assert.equal((await finalize('A', 1, 3)).status, 200);
  });

  test('records are validated with the upload schemas, with their issue codes', async () => {
    const { token } = await server.session();
    const { connectionId } = await fileUploadConnection(token);
    const refused = await put(token, connectionId, 'bills', 0, 'bad:bills:0', [{ billNumber: 'F-1', issueDate: 'yesterday', totalAmount: 12 }], 1);
    assert.equal(refused.status, 422);
    const body = refused.body as unknown as { error: { code: string; issues: { row: number; field: string; code: string }[] } };
    assert.equal(body.error.code, 'validation_failed');
    assert.ok(
      body.error.issues.some((i) => i.field === 'issueDate' && i.code === 'invalid_date'),
      JSON.stringify(body.error.issues),
    );
    assert.ok(body.error.issues.some((i) => i.code === 'required_value_missing'));
    const none = await api<{ batches: unknown[] }>(server, token, 'GET', `/v1/connections/${connectionId}/reports/bills/batches`);
    assert.deepEqual(none.body.batches, [], 'a refused batch stores nothing');
  });

  test('status per entity goes notStarted → inProgress → uploaded → complete, with counts', async () => {
    const { token } = await server.session();
    const idle = await api<{ id: string }>(server, token, 'POST', '/v1/entities', { name: 'Idle GmbH' });
    const { connectionId } = await fileUploadConnection(token);
    const statusOf = async () =>
      (
        await api<{ finished: boolean; entities: { entityId: string; status: string; counts: Record<string, number> }[] }>(
          server,
          token,
          'GET',
          '/v1/request/status',
        )
      ).body;
    assert.deepEqual(
      (await statusOf()).entities.map((e) => e.status),
      ['notStarted', 'inProgress'],
    );
    await put(token, connectionId, 'suppliers', 0, 'u:suppliers:0', supplierRows(4), 1);
    await api(server, token, 'POST', `/v1/connections/${connectionId}/reports/suppliers/finalize`, { totalBatches: 1, recordCount: 4 });
    assert.equal((await statusOf()).entities[1]?.status, 'inProgress', 'bills still missing');
    await put(token, connectionId, 'bills', 0, 'u:bills:0', billRows(7), 1);
    await api(server, token, 'POST', `/v1/connections/${connectionId}/reports/bills/finalize`, { totalBatches: 1, recordCount: 7 });
    const uploaded = await statusOf();
    assert.equal(uploaded.entities[1]?.status, 'uploaded');
    assert.deepEqual(uploaded.entities[1]?.counts, { suppliers: 4, bills: 7 });
    const finished = await api<{ finished: boolean; entities: { status: string }[] }>(server, token, 'POST', '/v1/request/finish', {});
    assert.equal(finished.body.finished, true);
    assert.deepEqual(
      finished.body.entities.map((e) => e.status),
      ['notStarted', 'complete'],
    );
    assert.equal(finished.body.entities.length, 2);
    assert.ok(idle.body.id);
  });

  test('a finished request is read-only: every write answers 409 request_finished, reads still work', async () => {
    const { token } = await server.session();
    const { entityId, connectionId } = await fileUploadConnection(token);
    assert.equal((await put(token, connectionId, 'suppliers', 0, 'f:suppliers:0', supplierRows(2), 1)).status, 200);
    const first = await api<{ finished: boolean }>(server, token, 'POST', '/v1/request/finish', {});
    assert.equal(first.body.finished, true);
    const refusals = [
      await api(server, token, 'POST', '/v1/entities', { name: 'Late Ltd' }),
      await put(token, connectionId, 'suppliers', 0, 'g:suppliers:0', supplierRows(3), 1),
      await api(server, token, 'POST', '/v1/consents', {
        entityId,
        integrationKey: 'sandbox-file-upload',
        dataTypes: ['spendAnalysis'],
        text: 'I agree',
        textHash: 'h1',
        version: '2026-01',
        locale: 'en',
        givenAt: '2026-11-24T10:00:00.000Z',
      }),
      await api(server, token, 'POST', '/v1/connections', { entityId, integrationKey: 'sandbox-file-upload' }),
      await api(server, token, 'POST', `/v1/connections/${connectionId}/reports/suppliers/finalize`, { totalBatches: 1, recordCount: 2 }),
    ];
    for (const refusal of refusals) {
      assert.equal(refusal.status, 409, JSON.stringify(refusal.body));
      assert.equal((refusal.body as { error: { code: string } }).error.code, 'request_finished');
    }
    assert.equal((await api<{ entities: unknown[] }>(server, token, 'GET', '/v1/entities')).body.entities.length, 1, 'nothing was added');
    const stored = await api<{ batches: { recordCount: number }[] }>(server, token, 'GET', `/v1/connections/${connectionId}/reports/suppliers/batches`);
    assert.deepEqual(
      stored.body.batches.map((b) => b.recordCount),
      [2],
      'the batch was not replaced',
    );
    assert.equal((await api(server, token, 'GET', '/v1/request')).status, 200, 'reads still answer, for a summary');
    const again = await api<{ finished: boolean }>(server, token, 'POST', '/v1/request/finish', {});
    assert.equal(again.status, 200, 'finishing again is idempotent');
    assert.equal(again.body.finished, true);
  });

  test('manual supplier-spend connections take supplierSpend batches', async () => {
    const { token } = await server.session();
    const entity = await api<{ id: string }>(server, token, 'POST', '/v1/entities', { name: 'Manual SA' });
    const connection = await api<{ id: string; kind: string }>(server, token, 'POST', '/v1/connections', {
      entityId: entity.body.id,
      integrationKey: 'supplier-spend-template',
    });
    assert.equal(connection.body.kind, 'manual');
    const wrongKind = await put(token, connection.body.id, 'suppliers', 0, 'm:suppliers:0', supplierRows(1), 1);
    assert.equal(wrongKind.status, 400, 'a manual connection takes the spend template only');
    const rows = [{ supplierName: 'Office Co', totalSpend: 1200.5, currency: 'EUR' }];
    const stored = await put(token, connection.body.id, 'supplierSpend', 0, 'm:supplierSpend:0', rows, 1);
    assert.equal(stored.status, 200, JSON.stringify(stored.body));
    await api(server, token, 'POST', `/v1/connections/${connection.body.id}/reports/supplierSpend/finalize`, { totalBatches: 1, recordCount: 1 });
    const status = await api<{ entities: { status: string }[] }>(server, token, 'GET', '/v1/request/status');
    assert.equal(status.body.entities[0]?.status, 'uploaded');
  });

  test('a direct connection refuses batches; its long-poll returns as soon as it settles', async () => {
    const { token } = await server.session(['financials']);
    const entity = await api<{ id: string }>(server, token, 'POST', '/v1/entities', { name: 'Direct Ltd' });
    const started = await api<{ id: string; status: string; authUrl: string }>(server, token, 'POST', '/v1/connections', {
      entityId: entity.body.id,
      integrationKey: 'sandbox-accounting',
      openerOrigin: 'https://partner.example',
    });
    assert.equal(started.body.status, 'pending');
    assert.match(started.body.authUrl, /\/sandbox\/authorize\?state=/);
    const refused = await put(token, started.body.id, 'suppliers', 0, 'd:suppliers:0', supplierRows(1), 1);
    assert.equal(refused.status, 409);

    const t0 = Date.now();
    const polling = api<{ status: string }>(server, token, 'GET', `/v1/connections/${started.body.id}?waitSeconds=10`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const state = new URL(started.body.authUrl).searchParams.get('state')!;
    const approve = await fetch(`${server.url}/sandbox/authorize`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url },
      body: new URLSearchParams({ state, decision: 'allow' }).toString(),
    });
    await fetch(new URL(approve.headers.get('location')!, server.url));
    const settled = await polling;
    assert.equal(settled.body.status, 'linked');
    assert.ok(Date.now() - t0 < 5000, 'the long-poll woke up on the settle, not at its timeout');
  });
});

describe('sessions', () => {
  test('a session in use slides forward by its TTL, never past its absolute end', async () => {
    const { companyId, requestId } = await server.session();
    const { token } = await server.store.createSession(companyId, requestId, 600, 900);
    const expiry = () => (server.store.db.prepare('SELECT expires_at AS e FROM sessions WHERE token_hash = ?').get(sha256(token)) as { e: number }).e;
    const setExpiry = (at: number) => server.store.db.prepare('UPDATE sessions SET expires_at = ? WHERE token_hash = ?').run(at, sha256(token));
    setExpiry(Date.now() + 60_000);
    assert.equal((await api(server, token, 'GET', '/v1/request')).status, 200);
    assert.ok(expiry() > Date.now() + 590_000, 'extended by the TTL on use');
    const absolute = Date.now() + 120_000;
    server.store.db.prepare('UPDATE sessions SET absolute_expires_at = ? WHERE token_hash = ?').run(absolute, sha256(token));
    setExpiry(Date.now() + 60_000);
    assert.equal((await api(server, token, 'GET', '/v1/request')).status, 200);
    assert.equal(expiry(), absolute, 'capped at the absolute end');
    setExpiry(Date.now() - 1);
    assert.equal((await api(server, token, 'GET', '/v1/request')).status, 401, 'an expired session does not come back');
  });
});

describe('storage', () => {
  test('a database file is migrated once and reopens with its data', () => {
    const dir = mkdtempSync(join(tmpdir(), 'codat-link-db-'));
    try {
      const file = join(dir, 'link.db');
      const db = openDatabase(file);
      db.prepare("INSERT INTO companies (id, name, created_at) VALUES ('cmp_1', 'Kept', 'now')").run();
      db.close();
      const again = openDatabase(file);
      assert.equal((again.prepare('SELECT name FROM companies').get() as { name: string }).name, 'Kept');
      const versions = again.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as { version: number }[];
      const latest = migrate(again);
      assert.ok(latest >= 6);
      assert.deepEqual(
        versions.map((v) => v.version),
        Array.from({ length: latest }, (_, i) => i + 1),
        'each migration applied once',
      );
      // Back to a version-1 file, as an older server left it: reopening upgrades it in place.
      again.exec(`DROP TABLE branding; DROP TABLE portal_invites; DROP TABLE portal_sessions; DROP TABLE portal_users;
        DROP INDEX companies_environment; DROP INDEX data_requests_created; ALTER TABLE companies DROP COLUMN environment;
        DROP TABLE portal_failures; DROP TABLE server_secrets; DROP TABLE jobs; DROP INDEX sessions_expires;
        DROP INDEX consents_idempotency; ALTER TABLE consents DROP COLUMN idempotency_key; ALTER TABLE consents DROP COLUMN idempotency_body_hash;
        ALTER TABLE entities DROP COLUMN idempotency_body_hash; ALTER TABLE connections DROP COLUMN idempotency_body_hash;
        DROP TABLE uploads; ALTER TABLE sessions DROP COLUMN ttl_seconds; ALTER TABLE sessions DROP COLUMN absolute_expires_at;
        ALTER TABLE data_requests DROP COLUMN opened_at; DROP TABLE emails; DROP TABLE alerts; DROP TABLE monitoring_rules;
        DROP TABLE webhook_attempts; DROP TABLE webhook_deliveries; DROP TABLE webhook_endpoints; DROP TABLE events;
        DROP VIEW records; DROP TABLE batch_records;
        CREATE TABLE records (batch_id INTEGER NOT NULL REFERENCES batches(id), row_index INTEGER NOT NULL, data TEXT NOT NULL, PRIMARY KEY (batch_id, row_index));
        DELETE FROM schema_migrations WHERE version >= 2`);
      again.close();
      const upgraded = openDatabase(file);
      const columns = (upgraded.prepare('PRAGMA table_info(sessions)').all() as { name: string }[]).map((c) => c.name);
      assert.ok(columns.includes('ttl_seconds') && columns.includes('absolute_expires_at'), columns.join());
      assert.ok(upgraded.prepare("SELECT name FROM sqlite_master WHERE name = 'uploads'").get(), 'migration 3 ran');
      assert.ok(upgraded.prepare("SELECT name FROM sqlite_master WHERE name = 'webhook_deliveries'").get(), 'migration 5 ran');
      assert.ok(upgraded.prepare("SELECT name FROM sqlite_master WHERE name = 'jobs'").get(), 'migration 6 ran');
      assert.deepEqual(
        upgraded.prepare('SELECT name, environment FROM companies').get(),
        { name: 'Kept', environment: 'sandbox' },
        'migration 7 ran: a company from before environments is in the sandbox',
      );
      upgraded.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
