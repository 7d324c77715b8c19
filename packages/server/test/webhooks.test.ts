import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { newEventId } from '../src/store.js';
import { isPublicAddress, postWebhook } from '../src/webhooks.js';
import { startReceiver, waitFor, type Receiver } from './receivers.js';
import { startTestServer, type TestServer } from './helpers.js';

/** Fast schedule for tests: the production one is minutes and hours apart. */
const FAST = { allowLocalUrls: true, retryScheduleMs: [0, 30, 30, 30, 30, 30, 30, 30], pollIntervalMs: 20 };

const verified = (secret: string, post: { headers: IncomingHttpHeaders; body: string }) =>
  new Webhook(secret).verify(post.body, post.headers as Record<string, string>) as { id: string; type: string; data: Record<string, unknown> };

describe('webhook delivery', () => {
  let receiver: Receiver;
  let server: TestServer;
  before(async () => {
    receiver = await startReceiver();
    server = await startTestServer({ webhooks: FAST });
  });
  after(async () => {
    await server.close();
    await receiver.close();
  });

  test('deliveries are signed as Standard Webhooks says, and verify with the standardwebhooks verifier', async () => {
    receiver.received.length = 0;
    const created = await server.partner<{ id: string; secret: string }>('POST', '/partner/v1/webhook-endpoints', {
      url: receiver.url,
      eventTypes: ['request.created'],
    });
    assert.equal(created.status, 201);
    assert.match(created.body.secret, /^whsec_/);
    const company = await server.partner<{ id: string }>('POST', '/partner/v1/companies', { name: 'Signed SA' });
    const request = await server.partner<{ id: string }>('POST', `/partner/v1/companies/${company.body.id}/requests`, { dataTypes: ['spendAnalysis'] });
    const post = await waitFor(async () => receiver.received[0], 'a delivery');
    const event = verified(created.body.secret, post);
    assert.equal(event.type, 'request.created');
    assert.equal(post.headers['webhook-id'], event.id);
    assert.match(event.id, /^evt_/);
    assert.deepEqual(event.data, { companyId: company.body.id, requestId: request.body.id, dataTypes: ['spendAnalysis'] });
    // Tampered body or another secret: refused by the same verifier.
    assert.throws(() => new Webhook(created.body.secret).verify(post.body.replace('Signed', 'Forged') + ' ', post.headers as Record<string, string>));
    assert.throws(() => verified(`whsec_${Buffer.from('another secret of 24 bytes').toString('base64')}`, post));
    // Only the types asked for: the session minted next (request.opened) is not posted here.
    await server.partner('POST', '/partner/v1/sessions', { companyId: company.body.id, requestId: request.body.id });
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(receiver.received.length, 1);
    await server.partner('PATCH', `/partner/v1/webhook-endpoints/${created.body.id}`, { enabled: false });
  });

  test('changing an endpoint that does not exist is a 404', async () => {
    // Before, the lookup was not awaited: its rejection floated and the update went on without it.
    const missing = await server.partner('PATCH', '/partner/v1/webhook-endpoints/whe_missing', { enabled: false });
    assert.equal(missing.status, 404);
  });

  test('a rotated secret: for a while, both the new and the previous secret verify', async () => {
    receiver.received.length = 0;
    const created = await server.partner<{ id: string; secret: string }>('POST', '/partner/v1/webhook-endpoints', { url: receiver.url });
    const rotated = await server.partner<{ secret: string }>('POST', `/partner/v1/webhook-endpoints/${created.body.id}/rotate-secret`);
    assert.equal(rotated.status, 200);
    assert.notEqual(rotated.body.secret, created.body.secret);
    await server
      .partner('POST', '/partner/v1/companies', { name: 'Rotated SA' })
      .then((c) => server.partner('POST', `/partner/v1/companies/${(c.body as { id: string }).id}/requests`, { dataTypes: ['financials'] }));
    const post = await waitFor(async () => receiver.received[0], 'a delivery');
    assert.equal(String(post.headers['webhook-signature']).split(' ').length, 2);
    assert.equal(verified(rotated.body.secret, post).type, 'request.created');
    assert.equal(verified(created.body.secret, post).type, 'request.created');
    // The listing never shows a secret.
    const listed = await server.partner<{ endpoints: Record<string, unknown>[] }>('GET', '/partner/v1/webhook-endpoints');
    assert.ok(listed.body.endpoints.every((e) => !('secret' in e)));
    assert.ok(!JSON.stringify(listed.body).includes('whsec_'));
    await server.partner('PATCH', `/partner/v1/webhook-endpoints/${created.body.id}`, { enabled: false });
  });

  test('a receiver failing three times then succeeding gets the event once it succeeds, with the attempts in the log', async () => {
    const flaky = await startReceiver((index) => (index < 3 ? 500 : 200));
    try {
      const created = await server.partner<{ id: string; secret: string }>('POST', '/partner/v1/webhook-endpoints', {
        url: flaky.url,
        eventTypes: ['request.created'],
      });
      const company = await server.partner<{ id: string }>('POST', '/partner/v1/companies', { name: 'Flaky SA' });
      await server.partner('POST', `/partner/v1/companies/${company.body.id}/requests`, { dataTypes: ['spendAnalysis'] });
      type Delivery = { id: string; status: string; attempts: number; lastStatusCode: number | null; eventId: string };
      const list = async () =>
        (await server.partner<{ deliveries: Delivery[] }>('GET', `/partner/v1/webhook-endpoints/${created.body.id}/deliveries`)).body.deliveries;
      const start = Date.now();
      let delivery: Delivery | undefined;
      while (Date.now() - start < 5_000) {
        delivery = (await list())[0];
        if (delivery?.status === 'succeeded') break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      assert.equal(delivery?.status, 'succeeded');
      assert.equal(delivery.attempts, 4);
      assert.equal(delivery.lastStatusCode, 200);
      assert.equal(flaky.received.length, 4);
      // The same event every time: one id, so the receiver keeps it once.
      assert.deepEqual(new Set(flaky.received.map((p) => verified(created.body.secret, p).id)), new Set([delivery.eventId]));
      const detail = await server.partner<{ attemptLog: { attempt: number; statusCode: number }[] }>('GET', `/partner/v1/webhook-deliveries/${delivery.id}`);
      assert.deepEqual(
        detail.body.attemptLog.map((a) => [a.attempt, a.statusCode]),
        [
          [1, 500],
          [2, 500],
          [3, 500],
          [4, 200],
        ],
      );
      // Replay: sent again with the same event id.
      const replayed = await server.partner<{ status: string }>('POST', `/partner/v1/webhook-deliveries/${delivery.id}/replay`);
      assert.equal(replayed.status, 200);
      await waitFor(async () => flaky.received.length === 5, 'the replay');
      assert.equal(verified(created.body.secret, flaky.received[4]!).id, delivery.eventId);
      await server.partner('PATCH', `/partner/v1/webhook-endpoints/${created.body.id}`, { enabled: false });
    } finally {
      await flaky.close();
    }
  });

  test('after the last attempt of the schedule a delivery is failed, and no further attempt is made', async () => {
    const down = await startReceiver(() => 503);
    const short = await startTestServer({ webhooks: { ...FAST, retryScheduleMs: [0, 20, 20] } });
    try {
      const created = await short.partner<{ id: string }>('POST', '/partner/v1/webhook-endpoints', { url: down.url, eventTypes: ['request.created'] });
      await short.session();
      type Delivery = { status: string; attempts: number; lastStatusCode: number };
      const delivery = (await waitFor(async () => {
        const row = (await short.store.listDeliveries(created.body.id))[0];
        return row?.status === 'failed' ? row : undefined;
      }, 'a failed delivery')) as Delivery;
      assert.equal(delivery.attempts, 3);
      assert.equal(delivery.lastStatusCode, 503);
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(down.received.length, 3);
    } finally {
      await short.close();
      await down.close();
    }
  });

  test('a receiver that does not answer holds one slot: events for other endpoints are delivered meanwhile', async () => {
    let release!: () => void;
    const held = new Promise<number>((resolve) => (release = () => resolve(200)));
    const slow = await startReceiver(() => held);
    const fast = await startReceiver();
    try {
      const a = await server.partner<{ id: string }>('POST', '/partner/v1/webhook-endpoints', { url: slow.url, eventTypes: ['request.created'] });
      const b = await server.partner<{ id: string }>('POST', '/partner/v1/webhook-endpoints', { url: fast.url, eventTypes: ['request.opened'] });
      const company = await server.partner<{ id: string }>('POST', '/partner/v1/companies', { name: 'Slow SA' });
      const request = await server.partner<{ id: string }>('POST', `/partner/v1/companies/${company.body.id}/requests`, { dataTypes: ['spendAnalysis'] });
      await waitFor(async () => slow.received.length === 1, 'the slow receiver to be called');
      // Stored while the slow delivery is in flight: sent without waiting for it.
      await server.partner('POST', '/partner/v1/sessions', { companyId: company.body.id, requestId: request.body.id });
      await waitFor(async () => fast.received.length === 1, 'the other endpoint’s delivery');
      assert.equal((await server.store.listDeliveries(a.body.id))[0]?.status, 'pending', 'the slow one still in flight');
      release();
      await waitFor(async () => (await server.store.listDeliveries(a.body.id))[0]?.status === 'succeeded', 'the slow one recorded');
      for (const id of [a.body.id, b.body.id]) await server.partner('PATCH', `/partner/v1/webhook-endpoints/${id}`, { enabled: false });
    } finally {
      release();
      await slow.close();
      await fast.close();
    }
  });

  test('a disabled endpoint gets nothing new, and its pending deliveries wait until it is enabled again', async () => {
    let failing = true;
    const paused = await startReceiver(() => (failing ? 500 : 204));
    const slow = await startTestServer({ webhooks: { ...FAST, retryScheduleMs: [0, 300, 300] } });
    try {
      const created = await slow.partner<{ id: string }>('POST', '/partner/v1/webhook-endpoints', { url: paused.url, eventTypes: ['request.created'] });
      await slow.session();
      await waitFor(async () => (await slow.store.listDeliveries(created.body.id))[0]?.attempts === 1, 'the first attempt');
      await slow.partner('PATCH', `/partner/v1/webhook-endpoints/${created.body.id}`, { enabled: false });
      failing = false;
      await slow.session();
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert.equal(paused.received.length, 1, 'no retry while disabled');
      assert.equal((await slow.store.listDeliveries(created.body.id)).length, 1, 'no delivery for an event stored while disabled');
      await slow.partner('PATCH', `/partner/v1/webhook-endpoints/${created.body.id}`, { enabled: true });
      await waitFor(async () => (await slow.store.listDeliveries(created.body.id))[0]?.status === 'succeeded', 'the retry once enabled');
      assert.equal(paused.received.length, 2);
    } finally {
      await slow.close();
      await paused.close();
    }
  });

  test('a server restarted mid-schedule still delivers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'codat-link-outbox-'));
    const file = join(dir, 'link.db');
    let failing = true;
    const later = await startReceiver(() => (failing ? 500 : 200));
    try {
      // The second attempt is due 300 ms after the first: the server is gone by then.
      const options = { db: file, webhooks: { ...FAST, retryScheduleMs: [0, 300, 300] } };
      const first = await startTestServer(options);
      const created = await first.partner<{ id: string; secret: string }>('POST', '/partner/v1/webhook-endpoints', {
        url: later.url,
        eventTypes: ['request.created'],
      });
      await first.session();
      await waitFor(async () => later.received.length === 1, 'the first attempt');
      await waitFor(async () => (await first.store.listDeliveries(created.body.id))[0]?.attempts === 1, 'the first attempt logged');
      await first.close();
      failing = false;
      const second = await startTestServer(options);
      try {
        const delivery = await waitFor(async () => {
          const row = (await second.store.listDeliveries(created.body.id))[0];
          return row?.status === 'succeeded' ? row : undefined;
        }, 'the delivery after the restart');
        assert.equal(delivery.attempts, 2);
        assert.equal(later.received.length, 2);
        assert.equal(verified(created.body.secret, later.received[1]!).id, delivery.eventId);
      } finally {
        await second.close();
      }
    } finally {
      await later.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a claimed delivery is not claimed again while its lease runs, and is after it ends', async () => {
    const at = Date.now() + 60_000;
    const { endpoint } = await server.store.createEndpoint({ url: receiver.url, eventTypes: ['request.created'] });
    const company = await server.store.createCompany('Lease SA', null);
    await server.store.createRequest(company.id, ['spendAnalysis']);
    const claimed = (await server.store.claimDeliveries(at, 1_000, 100)).filter((c) => c.endpointId === endpoint.id);
    assert.equal(claimed.length, 1);
    assert.equal((await server.store.claimDeliveries(at + 500, 1_000, 100)).filter((c) => c.endpointId === endpoint.id).length, 0);
    const again = (await server.store.claimDeliveries(at + 1_001, 1_000, 100)).filter((c) => c.endpointId === endpoint.id);
    assert.equal(again.length, 1);
    // The first worker's lease is gone: its late result is not recorded over the second's.
    assert.equal(await server.store.completeDelivery(claimed[0]!, { ok: true, statusCode: 200, error: null, latencyMs: 1 }, null), false);
    assert.equal(await server.store.completeDelivery(again[0]!, { ok: true, statusCode: 200, error: null, latencyMs: 1 }, null), true);
    await server.store.updateEndpoint(endpoint.id, { enabled: false });
  });
});

describe('webhook URLs', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  test('a URL resolving to 127.0.0.1 (or any private, loopback or link-local address) is refused without the development option', async () => {
    for (const url of [
      'https://localhost:8443/hooks',
      'https://127.0.0.1/hooks',
      'https://[::1]/hooks',
      'https://169.254.169.254/latest',
      'https://10.1.2.3/hooks',
      'https://[::ffff:127.0.0.1]/hooks',
      'http://203.0.113.10/hooks',
      'ftp://example.com/',
      'not a url',
    ]) {
      const refused = await server.partner<{ error: { code: string; message: string } }>('POST', '/partner/v1/webhook-endpoints', { url });
      assert.equal(refused.status, 422, url);
      assert.equal(refused.body.error.code, 'webhook_url_refused', url);
    }
    assert.deepEqual((await server.partner<{ endpoints: unknown[] }>('GET', '/partner/v1/webhook-endpoints')).body.endpoints, []);
  });

  test('at delivery time, a host that resolves to a loopback address is refused before connecting', async () => {
    const receiver = await startReceiver();
    try {
      const port = new URL(receiver.url).port;
      const outcome = await postWebhook(`https://localhost:${port}/hooks`, '{}', {}, { timeoutMs: 1_000, allowLocal: false });
      assert.equal(outcome.error, 'address_refused');
      const literal = await postWebhook(`https://127.0.0.1:${port}/hooks`, '{}', {}, { timeoutMs: 1_000, allowLocal: false });
      assert.equal(literal.error, 'address_refused');
      assert.equal(receiver.received.length, 0);
    } finally {
      await receiver.close();
    }
  });

  test('public unicast addresses only', () => {
    for (const address of ['8.8.8.8', '2606:4700:4700::1111']) assert.ok(isPublicAddress(address), address);
    for (const address of [
      '127.0.0.1',
      '10.0.0.1',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      'fe80::1',
      'fc00::1',
      '::ffff:10.0.0.1',
      '224.0.0.1',
    ]) {
      assert.ok(!isPublicAddress(address), address);
    }
  });
});

test('event ids sort in the order they were made, within one millisecond too', () => {
  const at = Date.now() + 3_600_000;
  const ids = [newEventId(at - 1), ...Array.from({ length: 500 }, () => newEventId(at)), newEventId(at + 1)];
  assert.deepEqual([...ids].sort(), ids);
  assert.equal(new Set(ids).size, ids.length);
});
