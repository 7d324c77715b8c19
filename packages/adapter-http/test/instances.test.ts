/**
 * Two server processes on one PostgreSQL, behind a tiny round-robin proxy, as a partner runs
 * several instances behind a load balancer (no sticky sessions): an upload whose batches
 * alternate between the instances, a direct connection whose OAuth callback lands on the other
 * instance than the waiting long-poll, and one instance killed in the middle of an upload. The
 * cluster is a throwaway one (see packages/server/test/postgres.ts); where it cannot start,
 * these tests are reported as skipped with the reason.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test as nodeTest } from 'node:test';
import pg from 'pg';
import { HttpBackend } from '../src/index.js';
import { startPostgres } from '../../server/test/postgres.js';
import { signIn } from '../../server/test/helpers.js';
import { startReceiver, waitFor, type Receiver } from '../../server/test/receivers.js';
import { suppliers } from './helpers.js';
import { startServerProcess, type ServerProcess } from './server-process.js';

const KEY = 'pk_instances_test_key';
const ADMIN = { email: 'admin@instances.example', password: 'instances-secret-admin' };

const postgres = await startPostgres();
after(() => postgres.cluster?.stop());
const test = (name: string, fn: () => Promise<void>) => nodeTest(name, postgres.skip ? { skip: postgres.skip } : {}, fn);

type Instance = ServerProcess;

function startInstance(databaseUrl: string): Promise<Instance> {
  // --allow-local-webhooks: the test's receiver is on loopback. DATABASE_URL, not --db: the way a
  // container is configured.
  return startServerProcess(['--port', '0', '--allow-local-webhooks'], {
    DATABASE_URL: databaseUrl,
    CODAT_LINK_PARTNER_API_KEY: KEY,
    CODAT_LINK_ADMIN_EMAIL: ADMIN.email,
    CODAT_LINK_ADMIN_PASSWORD: ADMIN.password,
  });
}

async function stopInstance(instance: Instance): Promise<void> {
  if (instance.child.exitCode !== null || instance.child.signalCode !== null) return;
  const exited = once(instance.child, 'exit');
  instance.child.kill('SIGTERM');
  await exited;
}

/**
 * A round-robin proxy: each request goes to the next target. A target that refuses the
 * connection is skipped from then on (the request goes to the next one); one that dies with a
 * request in flight answers 502 for it, which the client retries. Counts what each target served.
 */
async function roundRobin(targets: string[]): Promise<{ url: string; served: number[]; batches: number[]; close(): Promise<void> }> {
  const served = targets.map(() => 0);
  const batches = targets.map(() => 0);
  const dead = new Set<number>();
  let next = 0;
  const forward = (index: number, method: string, path: string, headers: Record<string, string | string[] | undefined>, body: Buffer) =>
    new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
      const target = new URL(targets[index]!);
      const outgoing = httpRequest({ host: target.hostname, port: target.port, method, path, headers: { ...headers, host: target.host } }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 502, headers: response.headers, body: Buffer.concat(chunks) }));
        response.on('error', reject);
      });
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  const server: Server = createServer((incoming, reply) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', async () => {
      const body = Buffer.concat(chunks);
      for (let tries = 0; tries < targets.length; tries++) {
        const index = next++ % targets.length;
        if (dead.has(index)) continue;
        try {
          const answer = await forward(index, incoming.method ?? 'GET', incoming.url ?? '/', incoming.headers, body);
          served[index]! += 1;
          if (incoming.method === 'POST' && /\/batches$/.test(incoming.url ?? '')) batches[index]! += 1;
          reply.writeHead(answer.status, answer.headers).end(answer.body);
          return;
        } catch (error) {
          if ((error as { code?: string }).code === 'ECONNREFUSED') {
            dead.add(index);
            continue;
          }
          // Died with the request in flight: whether it was stored is unknown; the client retries.
          reply.writeHead(502, { 'content-type': 'application/json' }).end('{"error":{"code":"server_error"}}');
          return;
        }
      }
      reply.writeHead(502).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    served,
    batches,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * fetch, retried on 503 after its Retry-After as a client should: a freshly started instance on
 * a busy machine may shed load (@fastify/under-pressure) for a moment.
 */
async function send(url: string | URL, init?: RequestInit): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    const response = await fetch(url, init);
    if (response.status !== 503 || attempt === 10) return response;
    await response.arrayBuffer();
    await new Promise((resolve) => setTimeout(resolve, Number(response.headers.get('retry-after') ?? 1) * 1000));
  }
}

const partner = async <T>(url: string, method: string, path: string, body?: unknown): Promise<T> => {
  const response = await send(url + path, {
    method,
    headers: { authorization: `Bearer ${KEY}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  assert.ok(response.ok, `${method} ${path}: ${response.status}`);
  return (await response.json()) as T;
};

/** A company, a request and a session, through instance `url`. */
async function session(url: string): Promise<{ requestId: string; token: string }> {
  const company = await partner<{ id: string }>(url, 'POST', '/partner/v1/companies', { name: 'Two Instances SA' });
  const request = await partner<{ id: string }>(url, 'POST', `/partner/v1/companies/${company.id}/requests`, { dataTypes: ['spendAnalysis', 'financials'] });
  const { token } = await partner<{ token: string }>(url, 'POST', '/partner/v1/sessions', { companyId: company.id, requestId: request.id });
  return { requestId: request.id, token };
}

const signal = () => AbortSignal.timeout(60_000);

describe('two server instances on one PostgreSQL', () => {
  let databaseUrl = '';
  let a: Instance;
  let b: Instance;
  let receiver: Receiver;
  before(async () => {
    if (postgres.skip) return;
    receiver = await startReceiver();
    databaseUrl = await postgres.cluster!.createDatabase();
    // Started together: the migrations' advisory lock lets one apply them while the other waits.
    [a, b] = await Promise.all([startInstance(databaseUrl), startInstance(databaseUrl)]);
  });
  after(async () => {
    await Promise.all([a, b].filter(Boolean).map(stopInstance));
    await receiver?.close();
  });

  test('an upload whose batches alternate between the instances, and an OAuth callback on the other instance than the long-poll', async () => {
    const proxy = await roundRobin([a.url, b.url]);
    try {
      // Every event goes to one webhook endpoint; both instances run an outbox worker.
      await partner(b.url, 'POST', '/partner/v1/webhook-endpoints', { url: receiver.url });
      const { requestId, token } = await session(a.url);
      const backend = new HttpBackend({ baseUrl: proxy.url, sessionToken: token });
      const entity = await backend.createEntity({ name: 'Alternating Ltd' }, { signal: signal() });
      const fileUpload = await backend.startConnection({ entityId: entity.id, integrationKey: 'sandbox-file-upload' }, { signal: signal() });
      const records = suppliers(3000);
      const summary = await backend.uploadReport(
        { connectionId: fileUpload.id, kind: 'suppliers', records, uploadId: 'alternating', batchSize: 100 },
        { signal: signal(), concurrency: 4 },
      );
      assert.equal(summary.duplicateBatches, 0);
      const bills = Array.from({ length: 700 }, (_, i) => ({
        billNumber: `b-${i}`,
        supplierId: `s-${i % 50}`,
        issueDate: '2026-01-15',
        totalAmount: 10 + i,
        currency: 'EUR',
      }));
      await backend.uploadReport(
        { connectionId: fileUpload.id, kind: 'bills', records: bills, uploadId: 'alternating', batchSize: 100 },
        { signal: signal(), concurrency: 3 },
      );
      assert.ok(proxy.batches[0]! >= 10 && proxy.batches[1]! >= 10, `batches per instance: ${proxy.batches.join(' / ')}`);

      // A direct connection: the long-poll waits on B; the customer authorizes through B's form
      // and the callback lands on A (the code B signed, A checks: a key both share).
      const second = await backend.createEntity({ name: 'Direct Ltd' }, { signal: signal() });
      const direct = await backend.startConnection({ entityId: second.id, integrationKey: 'sandbox-accounting' }, { signal: signal() });
      assert.equal(direct.status, 'pending');
      const state = new URL(direct.authUrl!).searchParams.get('state')!;
      const started = Date.now();
      const waiting = send(`${b.url}/v1/connections/${direct.id}?waitSeconds=30`, { headers: { authorization: `Bearer ${token}` } });
      // Time for B to start waiting (were it later, it would read `linked` at once: a weaker test, never a failing one).
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal((await send(`${b.url}/sandbox/authorize?state=${encodeURIComponent(state)}`)).status, 200);
      const decided = await send(`${b.url}/sandbox/authorize`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ state, decision: 'allow' }).toString(),
      });
      assert.equal(decided.status, 303);
      const callback = await send(new URL(decided.headers.get('location')!, a.url), { redirect: 'manual' });
      assert.equal(callback.status, 200, 'the callback on A accepts the code B signed');
      const woken = await waiting;
      const body = (await woken.json()) as { status: string };
      assert.equal(body.status, 'linked');
      // Woken by the NOTIFY from A, not by its own 30-second timeout (which cannot answer before
      // 30 s after the request left, however busy the machine).
      assert.ok(Date.now() - started < 29_000, `the long-poll on B answered after ${Date.now() - started} ms`);

      // Nothing duplicated, and either instance reports the same.
      const statusA = await partner<{ entities: { counts: Record<string, number>; status: string }[] }>(
        a.url,
        'GET',
        `/partner/v1/requests/${requestId}/status`,
      );
      const statusB = await partner<typeof statusA>(b.url, 'GET', `/partner/v1/requests/${requestId}/status`);
      assert.deepEqual(statusA, statusB);
      assert.deepEqual(
        statusA.entities.map((e) => [e.status, e.counts]),
        [
          ['uploaded', { suppliers: 3000, bills: 700 }],
          ['connected', {}],
        ],
      );
      // Signed in on one instance, the session (kept in the database) works on the other.
      const { cookie } = await signIn(a, ADMIN);
      const portal = async (url: string) => {
        const page = await send(`${url}/portal/requests/${requestId}`, { headers: { cookie } });
        assert.equal(page.status, 200);
        return [...(await page.text()).matchAll(/<td class="num">(\d+)<\/td>/g)].map((m) => Number(m[1]));
      };
      const countsA = await portal(a.url);
      assert.deepEqual(countsA, [3000, 700, 0, 0, 0, 0]);
      assert.deepEqual(await portal(b.url), countsA, 'the portal on either instance shows the same counts');

      const db = new pg.Client({ connectionString: databaseUrl });
      await db.connect();
      try {
        const { rows } = await db.query<{ n: string; ids: string }>(
          `SELECT COUNT(*) AS n, COUNT(DISTINCT r.data::json->>'supplierId') AS ids
          FROM records r JOIN batches b ON b.id = r.batch_id WHERE b.connection_id = $1 AND b.kind = 'suppliers'`,
          [fileUpload.id],
        );
        assert.deepEqual(rows[0], { n: '3000', ids: '3000' }, 'every row once');
      } finally {
        await db.end();
      }

      // Every event of the request reached the receiver once, whichever instance stored or sent it.
      const { events } = await partner<{ events: { id: string; type: string }[] }>(a.url, 'GET', `/partner/v1/events?requestId=${requestId}&limit=100`);
      assert.deepEqual(
        events.map((e) => e.type).filter((t) => t === 'upload.completed'),
        ['upload.completed', 'upload.completed'],
      );
      const delivered = () => receiver.received.map((r) => String(r.headers['webhook-id'])).filter((id) => events.some((e) => e.id === id));
      await waitFor(() => delivered().length >= events.length, 'the webhooks of every event', 20_000);
      assert.deepEqual([...delivered()].sort(), events.map((e) => e.id).sort(), 'each event delivered once');
    } finally {
      await proxy.close();
    }
  });

  test('one instance killed in the middle of an upload: the client finishes on the other; rows stored = rows sent', async () => {
    // A third instance to kill, so the test above keeps its two.
    const doomed = await startInstance(databaseUrl);
    const proxy = await roundRobin([a.url, doomed.url]);
    try {
      const { requestId, token } = await session(a.url);
      let killed = false;
      const backend = new HttpBackend({
        baseUrl: proxy.url,
        sessionToken: token,
        retries: 12,
        backoff: { baseMs: 20, maxMs: 400 },
        onProgress: (progress) => {
          if (!killed && progress.batchIndex >= 8) {
            killed = true;
            doomed.child.kill('SIGKILL');
          }
        },
      });
      const entity = await backend.createEntity({ name: 'Survivor Ltd' }, { signal: signal() });
      const connection = await backend.startConnection({ entityId: entity.id, integrationKey: 'sandbox-file-upload' }, { signal: signal() });
      const records = suppliers(4000);
      await backend.uploadReport(
        { connectionId: connection.id, kind: 'suppliers', records, uploadId: 'survivor', batchSize: 100 },
        { signal: signal(), concurrency: 4 },
      );
      assert.ok(killed, 'the instance was killed mid-upload');
      assert.ok(proxy.batches[1]! > 0, 'the killed instance had taken batches');
      const status = await partner<{ entities: { counts: Record<string, number>; status: string }[] }>(
        a.url,
        'GET',
        `/partner/v1/requests/${requestId}/status`,
      );
      assert.equal(status.entities[0]?.counts['suppliers'], records.length, 'rows stored = rows sent');
      const db = new pg.Client({ connectionString: databaseUrl });
      await db.connect();
      try {
        const { rows } = await db.query<{ n: string; ids: string }>(
          `SELECT COUNT(*) AS n, COUNT(DISTINCT r.data::json->>'supplierId') AS ids
          FROM records r JOIN batches b ON b.id = r.batch_id WHERE b.connection_id = $1`,
          [connection.id],
        );
        assert.deepEqual(rows[0], { n: '4000', ids: '4000' }, 'none lost, none twice');
        const report = await db.query<{ n: number }>("SELECT record_count AS n FROM reports WHERE connection_id = $1 AND kind = 'suppliers'", [connection.id]);
        assert.equal(report.rows[0]?.n, 4000, 'finalized');
      } finally {
        await db.end();
      }
    } finally {
      await proxy.close();
      await stopInstance(doomed);
    }
  });
});
