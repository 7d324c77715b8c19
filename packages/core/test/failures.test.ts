import { test } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor } from 'xstate';
import { BATCHES_IN_FLIGHT, MemoryBackend, type BackendMethod, type FailureRule, type JourneyStep } from '@codat-link/core';
import { bills, CONSENT_TEXT, harness, suppliers } from './helpers.js';
import type { Harness } from './helpers.js';

/** A customer who always takes the next step forward; `onError` decides what to do on the error screen. */
async function play(h: Harness, integrationKey: string, onError: (h: Harness) => 'retry' | 'stop'): Promise<JourneyStep> {
  const { actor } = h;
  for (let moves = 0; moves < 40; moves++) {
    await waitFor(actor, (s) => !s.hasTag('busy'), { timeout: 10_000 });
    const step = h.step();
    const send = actor.send.bind(actor);
    switch (step) {
      case 'provisionMethod':
        send({ type: 'SELECT_PROVISION_METHOD', method: 'software' });
        break;
      case 'entityCount':
        send({ type: 'SET_ENTITY_COUNT', count: 'one' });
        break;
      case 'softwareSelection':
        send({ type: 'SELECT_INTEGRATION', integrationKey });
        break;
      case 'consent':
        send({ type: 'GIVE_CONSENT', text: CONSENT_TEXT });
        break;
      case 'connecting':
        send({ type: 'CONNECTION_AUTHORIZED' });
        break;
      case 'disclaimer':
        send({ type: 'CONTINUE' });
        break;
      case 'uploadSuppliers':
        send({ type: 'UPLOAD_REPORT', kind: 'suppliers', records: suppliers(5) });
        break;
      case 'uploadBills':
        send({ type: 'UPLOAD_REPORT', kind: 'bills', records: bills(3) });
        break;
      case 'entityComplete':
        send({ type: 'FINISH' });
        break;
      case 'error':
        if (onError(h) === 'stop') return step;
        send({ type: 'RETRY' });
        break;
      default:
        return step;
    }
  }
  throw new Error('the journey did not end');
}

const CALLS: Array<{ method: BackendMethod; step: JourneyStep; via: string }> = [
  { method: 'getRequest', step: 'loading', via: 'sap-business-one' },
  { method: 'listIntegrations', step: 'loading', via: 'sap-business-one' },
  { method: 'createEntity', step: 'consent', via: 'sap-business-one' },
  { method: 'recordConsent', step: 'consent', via: 'sap-business-one' },
  { method: 'startConnection', step: 'consent', via: 'xero' },
  { method: 'awaitConnection', step: 'connecting', via: 'xero' },
  { method: 'acknowledgedBatches', step: 'uploadSuppliers', via: 'sap-business-one' },
  { method: 'submitBatch', step: 'uploadSuppliers', via: 'sap-business-one' },
  { method: 'finalizeReport', step: 'uploadSuppliers', via: 'sap-business-one' },
  { method: 'finishRequest', step: 'summary', via: 'sap-business-one' },
];

/** What a complete one-entity journey leaves in the backend: each thing exactly once. */
function assertNothingTwice(h: Harness, direct: boolean): void {
  const { state } = h.backend;
  assert.equal(state.entities.length, 1, 'one entity');
  assert.equal(state.consents.length, 1, 'one consent');
  assert.equal(state.connections.length, 1, 'one connection');
  const keys = state.batches.map((b) => b.idempotencyKey);
  assert.equal(new Set(keys).size, keys.length);
  assert.equal(state.batches.length, direct ? 0 : 5, 'suppliers in 3 batches, bills in 2');
  assert.equal(state.finalized.length, direct ? 0 : 2);
  assert.equal(state.finished, true);
}

function rules(method: BackendMethod, rule: Omit<FailureRule, 'method'>): FailureRule[] {
  return [{ method, ...rule }];
}

/**
 * Calls to a method made at once: the journey sends {@link BATCHES_IN_FLIGHT} batches together, so
 * a failure that outlasts the retries of each batch on its way is that many times longer.
 */
const atOnce = (method: BackendMethod) => (method === 'submitBatch' ? BATCHES_IN_FLIGHT : 1);
/** The journey's automatic attempts per call (core config's default). */
const ATTEMPTS = 3;

for (const { method, step, via } of CALLS) {
  const direct = via === 'xero';

  test(`${method}: a lost response is retried by itself and nothing is stored twice`, async () => {
    const h = harness({ dataTypes: ['spendAnalysis'], batchSize: 2 }, { failures: rules(method, { code: 'network_error', after: true }) });
    const end = await play(h, via, () => assert.fail('no error screen expected'));
    assert.equal(end, 'summary');
    assert.ok(!h.steps.includes('error'));
    assert.equal(h.backend.callsTo(method).filter((c) => c.outcome === 'network_error').length, 1);
    assertNothingTwice(h, direct);
  });

  test(`${method}: a failure that outlasts the automatic retries offers RETRY, which completes the journey`, async () => {
    const h = harness(
      { dataTypes: ['spendAnalysis'], batchSize: 2 },
      {
        failures: rules(method, { code: 'server_error', times: ATTEMPTS * atOnce(method) }),
      },
    );
    const seen: unknown[] = [];
    const end = await play(h, via, (h) => {
      const { error } = h.actor.getSnapshot().context;
      seen.push([error?.code, error?.userRecoverable, error?.step]);
      return 'retry';
    });
    assert.equal(end, 'summary');
    assert.deepEqual(seen, [['server_error', true, step]]);
    assert.equal(h.actor.getSnapshot().context.error, undefined, 'the error is cleared once retried');
    assertNothingTwice(h, direct);
    assert.ok(h.analytics.some((e) => e.type === 'error' && e.error.code === 'server_error'));
  });

  test(`${method}: an unrecoverable failure ends on the error step with its code`, async () => {
    const h = harness({ dataTypes: ['spendAnalysis'], batchSize: 2 }, { failures: rules(method, { code: 'unauthorized' }) });
    const end = await play(h, via, () => 'stop');
    assert.equal(end, 'error');
    const snapshot = h.actor.getSnapshot();
    assert.deepEqual([snapshot.context.error?.code, snapshot.context.error?.userRecoverable, snapshot.context.error?.step], ['unauthorized', false, step]);
    assert.match(snapshot.context.error?.message ?? '', /session has expired/);
    assert.equal(snapshot.can({ type: 'RETRY' }), false);
    const calls = h.backend.callsTo(method);
    assert.ok(calls.length <= atOnce(method), `${calls.length} calls`);
    const batches = calls.map((c) => (c.input as { batchIndex?: number } | undefined)?.batchIndex);
    assert.equal(new Set(batches).size, calls.length, 'an unrecoverable failure is not retried');
    h.actor.send({ type: 'CLOSE' });
    assert.equal(h.step(), 'closed', 'closing after a fatal error needs no confirmation');
  });
}

test('an upload that fails midway resends only the batches the backend does not hold', async () => {
  const h = harness(
    { dataTypes: ['spendAnalysis'], batchSize: 2, retry: { maxAttempts: 1, baseDelayMs: 0 } },
    { failures: [{ method: 'submitBatch', code: 'server_error', call: 3 }] },
  );
  const end = await play(h, 'sap-business-one', () => 'retry');
  assert.equal(end, 'summary');
  const submitted = h.backend.callsTo('submitBatch').map((c) => c.input as { batchIndex: number; kind: string });
  assert.deepEqual(
    submitted.map((b) => `${b.kind}#${b.batchIndex}`),
    ['suppliers#0', 'suppliers#1', 'suppliers#2', 'suppliers#2', 'bills#0', 'bills#1'],
  );
  assertNothingTwice(h, false);
});

test('a rejected upload goes back to choosing a file, and the step still accepts a corrected one', async () => {
  const h = harness({ dataTypes: ['spendAnalysis'], batchSize: 2 }, { failures: [{ method: 'submitBatch', code: 'validation_failed' }] });
  const end = await play(h, 'sap-business-one', (h) => {
    h.actor.send({ type: 'BACK' });
    return 'stop';
  });
  assert.equal(end, 'error');
  assert.equal(h.step(), 'uploadSuppliers');
  h.actor.send({ type: 'UPLOAD_REPORT', kind: 'suppliers', records: suppliers(2) });
  await h.settle('uploadBills');
  const connectionId = h.backend.state.connections[0]!.id;
  assert.deepEqual(h.backend.recordsFor(connectionId, 'suppliers'), suppliers(2));
});

test('a direct connection the customer refused returns to software selection with connection_failed', async () => {
  const h = harness({ dataTypes: ['financials'] }, { connectionOutcome: () => 'failed' });
  await h.settle('softwareSelection');
  h.actor.send({ type: 'SELECT_INTEGRATION', integrationKey: 'xero' });
  h.actor.send({ type: 'GIVE_CONSENT', text: CONSENT_TEXT });
  await h.settle('connecting');
  h.actor.send({ type: 'CONNECTION_AUTHORIZED' });
  await h.settle('softwareSelection');
  assert.equal(h.actor.getSnapshot().context.error?.code, 'connection_failed');
  h.actor.send({ type: 'SELECT_INTEGRATION', integrationKey: 'sage-50' });
  assert.equal(h.actor.getSnapshot().context.error, undefined);
});

test('cancelling in the platform returns to software selection with connection_cancelled', async () => {
  const h = harness({ dataTypes: ['financials'] });
  await h.settle('softwareSelection');
  h.actor.send({ type: 'SELECT_INTEGRATION', integrationKey: 'xero' });
  h.actor.send({ type: 'GIVE_CONSENT', text: CONSENT_TEXT });
  await h.settle('connecting');
  h.actor.send({ type: 'CONNECTION_CANCELLED' });
  assert.equal(h.step(), 'softwareSelection');
  assert.equal(h.actor.getSnapshot().context.error?.code, 'connection_cancelled');
  assert.equal(h.backend.callsTo('awaitConnection').length, 0);
});

test('after a failed connection, choosing the same platform again starts a new connection', async () => {
  let attempts = 0;
  const h = harness({ dataTypes: ['financials'] }, { connectionOutcome: () => (++attempts === 1 ? 'failed' : 'linked') });
  await h.settle('softwareSelection');
  for (let i = 0; i < 2; i++) {
    h.actor.send({ type: 'SELECT_INTEGRATION', integrationKey: 'xero' });
    h.actor.send({ type: 'GIVE_CONSENT', text: CONSENT_TEXT });
    await h.settle('connecting');
    h.actor.send({ type: 'CONNECTION_AUTHORIZED' });
    await waitFor(h.actor, (s) => !s.hasTag('busy'));
  }
  assert.equal(h.step(), 'entityComplete');
  assert.deepEqual(
    h.backend.state.connections.map((c) => c.status),
    ['failed', 'linked'],
  );
  assert.equal(h.backend.state.entities.length, 1, 'the entity is created once');
});

test('a blocked pop-up is shown on the connecting step, which stays until the customer tries again', async () => {
  const h = harness({ dataTypes: ['financials'] });
  await h.settle('softwareSelection');
  h.actor.send({ type: 'SELECT_INTEGRATION', integrationKey: 'xero' });
  h.actor.send({ type: 'GIVE_CONSENT', text: CONSENT_TEXT });
  await h.settle('connecting');
  h.actor.send({ type: 'CONNECTION_ERROR', code: 'popup_blocked' });
  assert.equal(h.step(), 'connecting');
  assert.equal(h.actor.getSnapshot().context.error?.code, 'popup_blocked');
  assert.ok(h.analytics.some((e) => e.type === 'error' && e.error.code === 'popup_blocked'));
  h.actor.send({ type: 'CONNECTION_AUTHORIZED' });
  await h.settle('entityComplete');
  assert.equal(h.actor.getSnapshot().context.error, undefined);
});

test('a backend that retries by itself gets one attempt per call: the customer is asked at the first failure it gives up on', async () => {
  /** The sandbox, claiming to retry as HttpBackend does. */
  class SelfRetrying extends MemoryBackend {
    readonly retriesTransientFailures = true;
  }
  const config = { dataTypes: ['spendAnalysis' as const], batchSize: 2, retry: { maxAttempts: 3, baseDelayMs: 0 } };
  const backend = new SelfRetrying({ request: { dataTypes: config.dataTypes }, failures: rules('submitBatch', { code: 'server_error', times: 1 }) });
  const h = harness(config, {}, { backend });
  const seen: unknown[] = [];
  const end = await play(h, 'sap-business-one', (h) => {
    seen.push(h.actor.getSnapshot().context.error?.code);
    return 'retry';
  });
  assert.equal(end, 'summary');
  assert.deepEqual(seen, ['server_error'], 'asked at once, not after maxAttempts of its own');
  assert.deepEqual(
    backend
      .callsTo('submitBatch')
      .slice(0, 2)
      .map((c) => c.outcome),
    ['server_error', 'ok'],
  );
  assertNothingTwice(h, false);
});

test(`the journey keeps ${BATCHES_IN_FLIGHT} batches on their way, and after a failure starts no other`, async () => {
  let inFlight = 0;
  let most = 0;
  /** The sandbox, counting the batches it is handling at once. */
  class Counting extends MemoryBackend {
    override async submitBatch(...args: Parameters<MemoryBackend['submitBatch']>) {
      most = Math.max(most, ++inFlight);
      try {
        return await super.submitBatch(...args);
      } finally {
        inFlight--;
      }
    }
  }
  const config = { dataTypes: ['spendAnalysis' as const], batchSize: 1, retry: { maxAttempts: 1, baseDelayMs: 0 } };
  const backend = new Counting({ latencyMs: 5, request: { dataTypes: config.dataTypes }, failures: rules('submitBatch', { code: 'unauthorized', call: 3 }) });
  const h = harness(config, {}, { backend });
  const end = await play(h, 'sap-business-one', () => 'stop');
  assert.equal(end, 'error');
  assert.equal(most, BATCHES_IN_FLIGHT);
  // Batches 0 and 1 went together, then 2 and 3 as each place came free; 2 failed, 3 (already on its
  // way) was let finish, and 4 was never sent.
  assert.deepEqual(
    backend.callsTo('submitBatch').map((c) => [(c.input as { batchIndex: number }).batchIndex, c.outcome]),
    [
      [0, 'ok'],
      [1, 'ok'],
      [2, 'unauthorized'],
      [3, 'ok'],
    ],
  );
});
