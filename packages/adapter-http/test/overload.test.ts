/**
 * The adapter under a server that sheds load or refuses for good, against a real loopback
 * receiver that answers a script of statuses.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { HttpBackend, HttpBackendError, type RetryEvent } from '../src/index.js';
import { signal } from './helpers.js';

type Step = { status: number; headers?: Record<string, string>; delayMs?: number };
let script: Step[] = [];
let hits = 0;
let receiver: Server;
let url: string;

before(async () => {
  receiver = createServer((request: IncomingMessage, response: ServerResponse) => {
    request.resume();
    request.on('end', () => {
      const step = script[Math.min(hits, script.length - 1)]!;
      hits++;
      setTimeout(() => {
        const ok = step.status < 300;
        response.writeHead(step.status, { 'content-type': 'application/json', ...step.headers });
        response.end(
          JSON.stringify(ok ? { id: 'req_1', companyId: 'c', companyName: 'C', dataTypes: [] } : { error: { code: 'x', message: 'x', correlationId: 'c' } }),
        );
      }, step.delayMs ?? 0);
    });
  });
  receiver.listen(0, '127.0.0.1');
  await once(receiver, 'listening');
  url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

const play = (steps: Step[]) => {
  script = steps;
  hits = 0;
};
const backend = (retries: RetryEvent[], extra: Partial<ConstructorParameters<typeof HttpBackend>[0]> = {}) =>
  new HttpBackend({ baseUrl: url, sessionToken: 'cls_t', backoff: { baseMs: 10, maxMs: 40 }, onRetry: (e) => retries.push(e), ...extra });

test('a 503 with Retry-After is waited out, plus a jittered spread, then retried', async () => {
  play([{ status: 503, headers: { 'retry-after': '1' } }, { status: 200 }]);
  const retries: RetryEvent[] = [];
  const started = Date.now();
  await backend(retries, { random: () => 1 }).getRequest({ signal: signal() });
  assert.equal(retries.length, 1);
  assert.equal(retries[0]!.delayMs, 1000 + 10, 'Retry-After, then up to one backoff step more');
  assert.ok(Date.now() - started >= 1000);
});

test('408 is retried; 501 and 505 are not', async () => {
  play([{ status: 408 }, { status: 200 }]);
  const retried: RetryEvent[] = [];
  await backend(retried).getRequest({ signal: signal() });
  assert.deepEqual(
    retried.map((r) => r.error.code),
    ['timeout'],
  );
  for (const status of [501, 505]) {
    play([{ status }, { status: 200 }]);
    const retries: RetryEvent[] = [];
    await assert.rejects(backend(retries).getRequest({ signal: signal() }), (error: unknown) => error instanceof HttpBackendError && error.status === status);
    assert.equal(hits, 1, `${status} is sent once`);
    assert.equal(retries.length, 0);
  }
});

test('the per-attempt timeout grows with the batch: a big batch gets the time its bytes need', async () => {
  const records = Array.from({ length: 2000 }, (_, i) => ({ supplierId: `s-${i}`, supplierName: `Supplier number ${i}` }));
  const batch = { connectionId: 'con_1', kind: 'suppliers' as const, batchIndex: 0, totalBatches: 1, idempotencyKey: 'k', uploadId: 'u', records };
  const slow = { timeoutMs: 150, retries: 0, minBytesPerSecond: 200_000 };
  play([{ status: 200, delayMs: 400 }]);
  // ~110 kB at 200 kB/s: about 550 ms more than the base 150 ms, enough for an answer in 400 ms.
  await backend([], slow).submitBatch(batch, { signal: signal() });
  play([{ status: 200, delayMs: 400 }]);
  await assert.rejects(backend([], slow).getRequest({ signal: signal() }), (error: unknown) => error instanceof HttpBackendError && error.code === 'timeout');
});
