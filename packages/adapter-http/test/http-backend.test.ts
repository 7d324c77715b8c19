import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createJourneyActor, LinkError, sha256Hex, stepOf, type JourneySnapshot } from '@codat-link/core';
import { HttpBackend, HttpBackendError, type BatchProgress, type RetryEvent, type UploadProgress } from '../src/index.js';
import { PARTNER_ORIGIN, signal, startServer, suppliers } from './helpers.js';

let server: Awaited<ReturnType<typeof startServer>>;
before(async () => {
  server = await startServer();
});
after(() => server.close());

const fast = { baseMs: 5, maxMs: 20 };

async function fileConnection(backend: HttpBackend) {
  const entity = await backend.createEntity({ name: 'Acme UK' }, { signal: signal() });
  return backend.startConnection({ entityId: entity.id, integrationKey: 'sandbox-file-upload' }, { signal: signal() });
}

describe('HttpBackend against the reference server', () => {
  test('a whole file-upload journey: request, integrations, entity, consent, upload with progress, status', async () => {
    const progress: BatchProgress[] = [];
    const backend = new HttpBackend({ baseUrl: `${server.url}/`, sessionToken: await server.session(), onProgress: (p) => progress.push(p) });
    const request = await backend.getRequest({ signal: signal() });
    assert.deepEqual(request.dataTypes, ['spendAnalysis']);
    const integrations = await backend.listIntegrations({ signal: signal() });
    assert.ok(integrations.some((i) => i.key === 'sandbox-file-upload'));
    const entity = await backend.createEntity({ name: 'Acme UK', idempotencyKey: 'entity-1' }, { signal: signal() });
    const same = await backend.createEntity({ name: 'Acme UK', idempotencyKey: 'entity-1' }, { signal: signal() });
    assert.equal(same.id, entity.id);
    const key = 'session-7:entity:société générale uk ltd';
    const accented = await backend.createEntity({ name: 'Société Générale UK Ltd', idempotencyKey: key }, { signal: signal() });
    assert.equal(accented.name, 'Société Générale UK Ltd');
    assert.equal((await backend.createEntity({ name: 'Société Générale UK Ltd', idempotencyKey: key }, { signal: signal() })).id, accented.id);
    await backend.recordConsent(
      {
        entityId: entity.id,
        integrationKey: 'sandbox-file-upload',
        dataTypes: ['spendAnalysis'],
        text: 'I agree',
        textHash: await sha256Hex('I agree'),
        version: '1',
        locale: 'en',
        givenAt: new Date().toISOString(),
      },
      { signal: signal() },
    );
    const connection = await backend.startConnection({ entityId: entity.id, integrationKey: 'sandbox-file-upload' }, { signal: signal() });
    assert.equal(connection.status, 'linked');
    const seen: UploadProgress[] = [];
    const summary = await backend.uploadReport(
      { connectionId: connection.id, kind: 'suppliers', records: suppliers(1050), uploadId: 'file-1', batchSize: 200 },
      { signal: signal(), onProgress: (p) => seen.push(p) },
    );
    assert.deepEqual(summary, { totalBatches: 6, resumedBatches: 0, duplicateBatches: 0, recordCount: 1050 });
    assert.equal(progress.length, 6);
    assert.deepEqual(seen.at(-1), { sentRecords: 1050, totalRecords: 1050, doneBatches: 6, totalBatches: 6 });
    assert.ok(
      seen.every((p, i) => i === 0 || p.sentRecords >= seen[i - 1]!.sentRecords),
      'progress only grows',
    );
    await backend.uploadReport(
      {
        connectionId: connection.id,
        kind: 'bills',
        records: [{ billNumber: 'F1', supplierId: 's-1', issueDate: '2026-01-02', totalAmount: 10 }],
        uploadId: 'file-2',
      },
      { signal: signal() },
    );
    const status = await backend.finishRequest({ signal: signal() });
    assert.equal(status.finished, true);
    assert.deepEqual(
      status.entities.map((e) => [e.status, e.counts]),
      [
        ['complete', { suppliers: 1050, bills: 1 }],
        ['notStarted', {}],
      ],
    );
    assert.deepEqual(await backend.getStatus({ signal: signal() }), status);
  });

  test('finalize tells the server the file name and the rows skipped: upload.completed carries them', async () => {
    const backend = new HttpBackend({ baseUrl: server.url, sessionToken: await server.session() });
    const connection = await fileConnection(backend);
    await backend.submitBatch(
      { connectionId: connection.id, kind: 'suppliers', batchIndex: 0, totalBatches: 1, idempotencyKey: 'named:0', records: suppliers(3) },
      { signal: signal() },
    );
    await backend.finalizeReport(
      { connectionId: connection.id, kind: 'suppliers', totalBatches: 1, recordCount: 3, rowsSkipped: 2, fileName: 'Fournisseurs 2026.xlsx' },
      { signal: signal() },
    );
    const event = (await server.store.listEvents({ limit: 500 })).find((e) => e.type === 'upload.completed' && e.data['connectionId'] === connection.id);
    assert.deepEqual([event?.data['records'], event?.data['rowsSkipped'], event?.data['fileName']], [3, 2, 'Fournisseurs 2026.xlsx']);
  });

  test('resume: an interrupted upload sends only the batches the server does not have', async () => {
    const backend = new HttpBackend({ baseUrl: server.url, sessionToken: await server.session() });
    const connection = await fileConnection(backend);
    const records = suppliers(1000);
    for (const index of [0, 1, 3]) {
      await backend.submitBatch(
        {
          connectionId: connection.id,
          kind: 'suppliers',
          batchIndex: index,
          totalBatches: 5,
          idempotencyKey: `up-9:suppliers:${index}`,
          uploadId: 'up-9',
          records: records.slice(index * 200, (index + 1) * 200),
        },
        { signal: signal() },
      );
    }
    assert.deepEqual(await backend.acknowledgedBatches({ connectionId: connection.id, kind: 'suppliers', uploadId: 'up-9' }, { signal: signal() }), [0, 1, 3]);
    const sent: number[] = [];
    const resumed = new HttpBackend({
      baseUrl: server.url,
      sessionToken: (backend as unknown as { options: { sessionToken: string } }).options.sessionToken,
      onProgress: (p) => sent.push(p.batchIndex),
    });
    const summary = await resumed.uploadReport(
      { connectionId: connection.id, kind: 'suppliers', records, uploadId: 'up-9', batchSize: 200 },
      { signal: signal() },
    );
    assert.equal(summary.resumedBatches, 3);
    assert.deepEqual(sent.sort(), [2, 4]);
    const status = await backend.getStatus({ signal: signal() });
    assert.equal(status.entities[0]?.counts.suppliers, 1000);
  });

  test('a direct connection: authUrl for the pop-up, then awaitConnection resolves when the customer approves', async () => {
    const backend = new HttpBackend({ baseUrl: server.url, sessionToken: await server.session(['financials']), longPollSeconds: 5 });
    const entity = await backend.createEntity({ name: 'Direct Co' }, { signal: signal() });
    const connection = await backend.startConnection(
      { entityId: entity.id, integrationKey: 'sandbox-accounting', openerOrigin: PARTNER_ORIGIN },
      { signal: signal() },
    );
    assert.equal(connection.status, 'pending');
    assert.ok(connection.authUrl);
    const waiting = backend.awaitConnection({ connectionId: connection.id }, { signal: signal() });
    const state = new URL(connection.authUrl).searchParams.get('state')!;
    const decided = await fetch(`${server.url}/sandbox/authorize`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url },
      body: new URLSearchParams({ state, decision: 'allow' }).toString(),
    });
    await fetch(new URL(decided.headers.get('location')!, server.url));
    const linked = await waiting;
    assert.equal(linked.status, 'linked');
    assert.equal(linked.authUrl, undefined);
  });
});

describe('HttpBackend errors', () => {
  test('uploadReport stops sending once a batch is refused, and does not finalize', async () => {
    const sent: number[] = [];
    const backend = new HttpBackend({ baseUrl: server.url, sessionToken: await server.session(), onProgress: (p) => sent.push(p.batchIndex) });
    const connection = await fileConnection(backend);
    const records = suppliers(2000);
    records[250] = { supplierId: 'no-name' };
    await assert.rejects(
      backend.uploadReport(
        { connectionId: connection.id, kind: 'suppliers', records, uploadId: 'stops', batchSize: 100 },
        { signal: signal(), concurrency: 2 },
      ),
      (error: unknown) => error instanceof HttpBackendError && error.code === 'validation_failed',
    );
    assert.ok(sent.length <= 4, `stopped early, sent ${sent.length} of 20`);
    const status = await backend.getStatus({ signal: signal() });
    assert.equal(status.entities[0]?.status, 'inProgress', 'not finalized');
  });

  const rejectsWith = async (promise: Promise<unknown>, code: string): Promise<HttpBackendError> => {
    try {
      await promise;
    } catch (error) {
      assert.ok(error instanceof HttpBackendError, String(error));
      assert.equal(error.code, code, error.message);
      return error;
    }
    assert.fail(`expected ${code}`);
  };

  test('an unknown token is `unauthorized`, not recoverable, with the server correlation id', async () => {
    const backend = new HttpBackend({ baseUrl: server.url, sessionToken: 'cls_nope' });
    const error = await rejectsWith(backend.getRequest({ signal: signal() }), 'unauthorized');
    assert.equal(error.userRecoverable, false);
    assert.equal(error.status, 401);
    assert.match(error.correlationId ?? '', /^[0-9a-f-]{36}$/);
    assert.deepEqual(Object.keys(error.toInfo()).sort(), ['code', 'correlationId', 'message', 'userRecoverable']);
    const french = new HttpBackend({ baseUrl: server.url, sessionToken: 'cls_nope', locale: 'fr' });
    const localized = await rejectsWith(french.getRequest({ signal: signal() }), 'unauthorized');
    assert.notEqual(localized.message, error.message, 'the customer message follows the locale');
    assert.ok(localized instanceof LinkError, 'core recognises it as a LinkError');
  });

  test('a write after finish is `request_finished` (its own message), not recoverable and not retried', async () => {
    const retries: RetryEvent[] = [];
    const backend = new HttpBackend({ baseUrl: server.url, sessionToken: await server.session(), onRetry: (e) => retries.push(e) });
    await backend.finishRequest({ signal: signal() });
    const error = await rejectsWith(backend.createEntity({ name: 'Late Ltd' }, { signal: signal() }), 'request_finished');
    assert.equal(error.status, 409);
    assert.match(error.message, /already complete/);
    assert.equal(error.serverCode, 'request_finished');
    assert.equal(error.userRecoverable, false);
    assert.equal(retries.length, 0);
  });

  test('refused records are `validation_failed` with the server issues, and are not retried', async () => {
    const retries: RetryEvent[] = [];
    const backend = new HttpBackend({ baseUrl: server.url, sessionToken: await server.session(), onRetry: (e) => retries.push(e) });
    const connection = await fileConnection(backend);
    const error = await rejectsWith(
      backend.submitBatch(
        { connectionId: connection.id, kind: 'suppliers', batchIndex: 0, totalBatches: 1, idempotencyKey: 'bad:suppliers:0', records: [{ supplierId: 'x' }] },
        { signal: signal() },
      ),
      'validation_failed',
    );
    assert.equal(error.userRecoverable, true);
    assert.equal(error.issues?.[0]?.code, 'required_value_missing');
    assert.equal(retries.length, 0);
  });

  test('5xx and 429 are retried with backoff, honouring Retry-After', async () => {
    const limited = await startServer({ rateLimit: { max: 2, timeWindowMs: 1000 } });
    try {
      const company = await await limited.store.createCompany('Limited', null);
      const request = await await limited.store.createRequest(company.id, ['spendAnalysis']);
      const { token } = await await limited.store.createSession(company.id, request.id, 600);
      const retries: RetryEvent[] = [];
      const backend = new HttpBackend({ baseUrl: limited.url, sessionToken: token, backoff: fast, onRetry: (e) => retries.push(e) });
      const started = Date.now();
      for (let i = 0; i < 3; i++) await backend.getRequest({ signal: signal() });
      assert.equal(retries.length, 1);
      assert.equal(retries[0]?.error.code, 'rate_limited');
      assert.ok(retries[0]!.delayMs >= 1000, `waited ${retries[0]!.delayMs} ms as Retry-After asked`);
      assert.ok(Date.now() - started >= 900);
    } finally {
      await limited.close();
    }
    const flaky = await startServer({ faults: { failRate: 0.5, seed: 7 }, rateLimit: false });
    try {
      const retries: RetryEvent[] = [];
      const backend = new HttpBackend({
        baseUrl: flaky.url,
        sessionToken: await flaky.session(),
        backoff: fast,
        retries: 10,
        maxRetryAfterMs: 1,
        onRetry: (e) => retries.push(e),
      });
      for (let i = 0; i < 10; i++) await backend.getRequest({ signal: signal() }).catch((e: HttpBackendError) => assert.equal(e.code, 'rate_limited'));
      assert.ok(
        retries.some((r) => r.error.code === 'server_error'),
        'a 5xx was retried',
      );
    } finally {
      await flaky.close();
    }
  });

  test('a slow answer is a `timeout`; an unreachable server is a `network_error` after the retries', async () => {
    const slow = await startServer({ faults: { delayRate: 1, delayMs: 400 } });
    try {
      const backend = new HttpBackend({ baseUrl: slow.url, sessionToken: await slow.session(), timeoutMs: 100, retries: 1, backoff: fast });
      const error = await rejectsWith(backend.getRequest({ signal: signal() }), 'timeout');
      assert.equal(error.userRecoverable, true);
    } finally {
      await slow.close();
    }
    const gone = await startServer();
    const url = gone.url;
    await gone.close();
    const retries: RetryEvent[] = [];
    const backend = new HttpBackend({ baseUrl: url, sessionToken: 'cls_x', retries: 2, backoff: fast, onRetry: (e) => retries.push(e) });
    await rejectsWith(backend.getRequest({ signal: signal() }), 'network_error');
    assert.equal(retries.length, 2);
  });

  test('aborting stops the call and its retries at once', async () => {
    const slow = await startServer({ faults: { delayRate: 1, delayMs: 2000 } });
    try {
      const backend = new HttpBackend({ baseUrl: slow.url, sessionToken: await slow.session() });
      const controller = new AbortController();
      const started = Date.now();
      const call = backend.getRequest({ signal: controller.signal });
      setTimeout(() => controller.abort(), 50);
      await rejectsWith(call, 'aborted');
      assert.ok(Date.now() - started < 1000);
      await rejectsWith(backend.getRequest({ signal: AbortSignal.abort() }), 'aborted');
    } finally {
      await slow.close();
    }
  });

  test('sends an X-Correlation-Id, keeps it across retries, and holds no secret but the session token', async () => {
    const headersSeen: Headers[] = [];
    const recordingFetch: typeof fetch = (input, init) => {
      headersSeen.push(new Headers(init?.headers));
      return fetch(input, init);
    };
    const flaky = await startServer({ faults: { failRate: 0.6, seed: 3 }, rateLimit: false });
    try {
      const backend = new HttpBackend({
        baseUrl: flaky.url,
        sessionToken: await flaky.session(),
        fetch: recordingFetch,
        backoff: fast,
        retries: 20,
        maxRetryAfterMs: 0,
      });
      await backend.getRequest({ signal: signal() }).catch(() => undefined);
      const ids = new Set(headersSeen.map((h) => h.get('x-correlation-id')));
      assert.equal(ids.size, 1, 'one correlation id for every attempt of a call');
      assert.match(headersSeen[0]!.get('authorization') ?? '', /^Bearer cls_/);
    } finally {
      await flaky.close();
    }
  });

  test("in a journey, a call that keeps failing is sent 1 + retries times, not that many times the journey's own attempts", async () => {
    const failing = await startServer({ faults: { failRate: 1, prefix: '/v1/request', seed: 5 }, rateLimit: false });
    try {
      const paths: string[] = [];
      const countingFetch: typeof fetch = (input, init) => {
        paths.push(new URL(input instanceof Request ? input.url : String(input)).pathname);
        return fetch(input, init);
      };
      const backend = new HttpBackend({
        baseUrl: failing.url,
        sessionToken: await failing.session(),
        fetch: countingFetch,
        backoff: fast,
        retries: 2,
        maxRetryAfterMs: 1_500,
      });
      const { actor } = createJourneyActor({
        backend,
        config: { dataTypes: ['spendAnalysis'], retry: { maxAttempts: 3, baseDelayMs: 0 } },
        sessionId: 'sess_retries',
      });
      const error = new Promise<JourneySnapshot>((resolve) => {
        actor.subscribe((snapshot) => {
          if (stepOf(snapshot) === 'error') resolve(snapshot);
        });
      });
      actor.start();
      const snapshot = await error;
      actor.stop();
      assert.equal(paths.filter((p) => p === '/v1/request').length, 3, "the adapter's 1 + 2 attempts, once");
      assert.equal(snapshot.context.error?.userRecoverable, true);
      assert.equal(snapshot.can({ type: 'RETRY' }), true, 'the customer is offered to try again');
    } finally {
      await failing.close();
    }
  });
});
