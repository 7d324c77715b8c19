/** `early`: the first attempt of a GET takes a response sent before the backend existed (the drop-in script's). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HttpBackend, type EarlyResponse, type RetryEvent } from '../src/index.js';

const signal = () => new AbortController().signal;
const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

function earlyOf(response: Promise<Response>, correlationId = 'early-1'): EarlyResponse & { aborted: unknown[] } {
  const aborted: unknown[] = [];
  return { correlationId, response, abort: (reason) => aborted.push(reason), aborted };
}

test('the first attempt of a GET takes the early response and sends nothing; later calls fetch', async () => {
  const sent: string[] = [];
  const fetch = (async (url: string) => {
    sent.push(url);
    return json({ id: 'req_fetched', dataTypes: ['financials'] });
  }) as typeof globalThis.fetch;
  const early = new Map([['/v1/request', earlyOf(Promise.resolve(json({ id: 'req_early', dataTypes: ['spendAnalysis'] })))]]);
  const backend = new HttpBackend({ baseUrl: 'https://partner.example/api', sessionToken: 't', fetch, early });
  assert.equal((await backend.getRequest({ signal: signal() })).id, 'req_early');
  assert.deepEqual(sent, []);
  assert.equal(early.size, 0, 'used once');
  assert.equal((await backend.getRequest({ signal: signal() })).id, 'req_fetched');
  assert.deepEqual(sent, ['https://partner.example/api/v1/request']);
});

test('an early response that failed is retried like any attempt, with the same correlation id', async () => {
  const headers: Record<string, string>[] = [];
  const fetch = (async (_url: string, init: RequestInit) => {
    headers.push(init.headers as Record<string, string>);
    return json({ integrations: [{ key: 'xero' }] });
  }) as typeof globalThis.fetch;
  const retries: RetryEvent[] = [];
  const early = new Map([['/v1/integrations', earlyOf(Promise.reject(new TypeError('Failed to fetch')), 'corr-early')]]);
  const backend = new HttpBackend({
    baseUrl: 'https://partner.example/api',
    sessionToken: 't',
    fetch,
    early,
    backoff: { baseMs: 1, maxMs: 2 },
    onRetry: (event) => retries.push(event),
  });
  const integrations = await backend.listIntegrations({ signal: signal() });
  assert.deepEqual(
    integrations.map((i) => i.key),
    ['xero'],
  );
  assert.equal(retries.length, 1);
  assert.equal(retries[0]!.error.code, 'network_error');
  assert.equal(headers[0]!['X-Correlation-Id'], 'corr-early');
});

test('an early response refused for good fails the call with its code; aborting the call aborts it', async () => {
  const fetch = (async () => json({})) as typeof globalThis.fetch;
  const refused = new Map([['/v1/request', earlyOf(Promise.resolve(json({ error: { code: 'session_expired' } }, 401)))]]);
  const backend = new HttpBackend({ baseUrl: 'https://partner.example/api', sessionToken: 't', fetch, early: refused });
  await assert.rejects(backend.getRequest({ signal: signal() }), (error: { status?: number }) => error.status === 401);

  // As fetch does, aborting rejects it.
  let reject: (reason: unknown) => void = () => {};
  const pending = earlyOf(new Promise<Response>((_resolve, fail) => (reject = fail)));
  const abort = pending.abort;
  pending.abort = (reason) => (abort(reason), reject(reason));
  const waiting = new HttpBackend({ baseUrl: 'https://partner.example/api', sessionToken: 't', fetch, early: new Map([['/v1/request', pending]]) });
  const controller = new AbortController();
  const call = waiting.getRequest({ signal: controller.signal });
  controller.abort(new Error('left'));
  await assert.rejects(call, (error: { code?: string }) => error.code === 'aborted');
  assert.equal(pending.aborted.length, 1);
});
