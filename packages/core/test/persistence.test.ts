import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkPersistedJourney, JOURNEY_MACHINE_VERSION, MemoryBackend, persistJourney } from '@codat-link/core';
import { createJourneyActor, stepOf } from '@codat-link/core';
import { bills, CONSENT_TEXT, harness, suppliers } from './helpers.js';

/** What the element does around a redirect: JSON in storage, read back by a new page. */
function reload(persisted: unknown): unknown {
  return JSON.parse(JSON.stringify(persisted));
}

test('the OAuth redirect: a journey persisted on connecting resumes there with the same entity and connection', async () => {
  const backend = new MemoryBackend({ request: { dataTypes: ['spendAnalysis'] } });
  const before = harness({ dataTypes: ['spendAnalysis'] }, {}, { backend });
  await before.settle('provisionMethod');
  before.actor.send({ type: 'SELECT_PROVISION_METHOD', method: 'software' });
  before.actor.send({ type: 'SET_ENTITY_COUNT', count: 'several' });
  before.actor.send({ type: 'SUBMIT_ENTITY_NAME', name: 'Acme UK Ltd' });
  before.actor.send({ type: 'SELECT_INTEGRATION', integrationKey: 'xero' });
  before.actor.send({ type: 'GIVE_CONSENT', text: CONSENT_TEXT });
  await before.settle('connecting');
  const stored = reload(persistJourney(before.actor));
  before.actor.stop();

  const after = harness({ dataTypes: ['spendAnalysis'] }, {}, { backend, persisted: stored });
  assert.equal(after.step(), 'connecting');
  const { context } = after.actor.getSnapshot();
  assert.deepEqual(
    context.entities.map((e) => [e.name, e.integrationKey, e.connectionId]),
    [['Acme UK Ltd', 'xero', backend.state.connections[0]!.id]],
  );
  after.actor.send({ type: 'CONNECTION_AUTHORIZED' });
  await after.settle('entityComplete');
  assert.equal(after.actor.getSnapshot().can({ type: 'ADD_ENTITY' }), true, 'the entity count survived too');
  assert.equal(backend.state.connections.length, 1);
  assert.equal(backend.state.consents.length, 1);
});

test('a journey persisted on the Bills step resumes with the Suppliers upload done', async () => {
  const backend = new MemoryBackend({ request: { dataTypes: ['spendAnalysis'] } });
  const before = harness({ dataTypes: ['spendAnalysis'], manualUpload: false, multiEntity: false }, {}, { backend });
  await before.settle('softwareSelection');
  before.actor.send({ type: 'SELECT_INTEGRATION', integrationKey: 'sap-ecc' });
  before.actor.send({ type: 'GIVE_CONSENT', text: CONSENT_TEXT });
  await before.settle('disclaimer');
  before.actor.send({ type: 'CONTINUE' });
  before.actor.send({ type: 'UPLOAD_REPORT', kind: 'suppliers', records: suppliers(4) });
  await before.settle('uploadBills');
  const stored = reload(persistJourney(before.actor));
  before.actor.stop();

  const after = harness({ dataTypes: ['spendAnalysis'], manualUpload: false, multiEntity: false }, {}, { backend, persisted: stored });
  assert.equal(after.step(), 'uploadBills');
  const entity = after.actor.getSnapshot().context.entities[0]!;
  assert.deepEqual([entity.uploads.suppliers?.status, entity.uploads.suppliers?.recordCount], ['done', 4]);
  after.actor.send({ type: 'BACK' });
  assert.equal(after.step(), 'uploadSuppliers');
});

test('an upload interrupted by a reload asks for the file again and sends only the missing batches', async () => {
  const backend = new MemoryBackend({ request: { dataTypes: ['spendAnalysis'] }, latencyMs: 5 });
  const config = { dataTypes: ['spendAnalysis' as const], manualUpload: false, multiEntity: false, batchSize: 2 };
  const before = harness(config, {}, { backend });
  await before.settle('softwareSelection');
  before.actor.send({ type: 'SELECT_INTEGRATION', integrationKey: 'sap-ecc' });
  before.actor.send({ type: 'GIVE_CONSENT', text: CONSENT_TEXT });
  await before.settle('disclaimer');
  before.actor.send({ type: 'CONTINUE' });
  const records = suppliers(9);
  before.actor.send({ type: 'UPLOAD_REPORT', kind: 'suppliers', records });
  // Leave after two of five batches reached the backend, as a closed tab would.
  while (backend.state.batches.length < 2) await new Promise((resolve) => setTimeout(resolve, 1));
  const stored = reload(persistJourney(before.actor));
  before.actor.stop();
  assert.ok(!JSON.stringify(stored).includes('Supplier 1"'), 'the records themselves are not persisted');

  const after = harness(config, {}, { backend, persisted: stored });
  await after.settle('uploadSuppliers');
  assert.equal(after.actor.getSnapshot().context.error?.code, 'upload_interrupted');
  after.actor.send({ type: 'UPLOAD_REPORT', kind: 'suppliers', records });
  await after.settle('uploadBills');
  const connectionId = backend.state.connections[0]!.id;
  const sent = backend
    .callsTo('submitBatch')
    .filter((c) => c.outcome === 'ok')
    .map((c) => (c.input as { batchIndex: number }).batchIndex);
  assert.deepEqual(sent, [0, 1, 2, 3, 4], 'each batch reached the backend once across both pages');
  assert.deepEqual(backend.recordsFor(connectionId, 'suppliers'), records);
  after.actor.send({ type: 'UPLOAD_REPORT', kind: 'bills', records: bills(1) });
  await after.settle('entityComplete');
});

test('a snapshot of another machine version is refused with snapshot_incompatible and a fresh start', async () => {
  const before = harness({ dataTypes: ['financials'] });
  await before.settle('softwareSelection');
  const stored = { ...persistJourney(before.actor), machineVersion: JOURNEY_MACHINE_VERSION - 1 };
  const { actor, restoreError } = createJourneyActor({ backend: new MemoryBackend(), config: { dataTypes: ['financials'] }, persisted: stored });
  assert.equal(restoreError?.code, 'snapshot_incompatible');
  assert.match(restoreError?.message ?? '', /start again/);
  actor.start();
  assert.equal(stepOf(actor.getSnapshot()), 'loading');
});

test('garbage in storage is refused, never a crash', () => {
  const current = JOURNEY_MACHINE_VERSION;
  for (const stored of [
    'not json',
    42,
    { machineVersion: current },
    { machineVersion: current, snapshot: { value: { active: { flow: 'noSuchStep', exit: 'idle' } }, context: {} } },
    { machineVersion: current, snapshot: { status: 'active', value: { active: { flow: 'consent', exit: 'idle' } }, context: {} } },
    {
      machineVersion: current,
      snapshot: {
        status: 'active',
        value: { active: { flow: 'consent', exit: 'idle' } },
        context: { sessionId: 's', entities: [], integrations: [], config: { dataTypes: ['payroll'] } },
      },
    },
  ]) {
    const checked = checkPersistedJourney(stored);
    assert.equal(checked.ok, false, JSON.stringify(stored));
    if (!checked.ok) assert.equal(checked.error.code, 'snapshot_incompatible');
    const { actor, restoreError } = createJourneyActor({ backend: new MemoryBackend(), config: { dataTypes: ['financials'] }, persisted: stored });
    assert.equal(restoreError?.code, 'snapshot_incompatible');
    actor.start();
    assert.equal(stepOf(actor.getSnapshot()), 'loading');
    actor.stop();
  }
});

test('a journey persisted while the connection was being confirmed asks the backend again after the reload', async () => {
  const backend = new MemoryBackend({ request: { dataTypes: ['financials'] }, latencyMs: 20 });
  const before = harness({ dataTypes: ['financials'] }, {}, { backend });
  await before.settle('softwareSelection');
  before.actor.send({ type: 'SELECT_INTEGRATION', integrationKey: 'sage-intacct' });
  before.actor.send({ type: 'GIVE_CONSENT', text: CONSENT_TEXT });
  await before.settle('connecting');
  before.actor.send({ type: 'CONNECTION_AUTHORIZED' });
  assert.ok(before.actor.getSnapshot().hasTag('busy'));
  const stored = reload(persistJourney(before.actor));
  before.actor.stop();

  const after = harness({ dataTypes: ['financials'] }, {}, { backend, persisted: stored });
  assert.equal(after.step(), 'connecting');
  await after.settle('entityComplete');
  assert.deepEqual(
    backend.callsTo('awaitConnection').map((c) => c.outcome),
    ['aborted', 'ok'],
  );
  assert.equal(backend.state.connections.length, 1);
});

test('persisting during a send never walks the records: the context holds counts, the actor holds the rows', async () => {
  const backend = new MemoryBackend({ request: { dataTypes: ['spendAnalysis'] }, latencyMs: 5 });
  const config = { dataTypes: ['spendAnalysis' as const], manualUpload: false, multiEntity: false, batchSize: 2 };
  const journey = harness(config, {}, { backend });
  await journey.settle('softwareSelection');
  journey.actor.send({ type: 'SELECT_INTEGRATION', integrationKey: 'sap-ecc' });
  journey.actor.send({ type: 'GIVE_CONSENT', text: CONSENT_TEXT });
  await journey.settle('disclaimer');
  journey.actor.send({ type: 'CONTINUE' });
  // Counts every look into the records array (its keys, items, length) while `watching` is on.
  let watching = false;
  let looks = 0;
  const rows = suppliers(6);
  const records = new Proxy(rows, {
    get(target, key, receiver) {
      if (watching && typeof key === 'string') looks += 1;
      return Reflect.get(target, key, receiver) as unknown;
    },
    ownKeys(target) {
      if (watching) looks += 1;
      return Reflect.ownKeys(target);
    },
  });
  journey.actor.send({ type: 'UPLOAD_REPORT', kind: 'suppliers', records });
  const pending = journey.actor.getSnapshot().context.pendingUpload;
  while (backend.state.batches.length < 1) await new Promise((resolve) => setTimeout(resolve, 1));
  watching = true;
  const stored = persistJourney(journey.actor);
  journey.actor.getPersistedSnapshot();
  watching = false;
  assert.equal(looks, 0, 'persisting looked at the records');
  assert.ok(!JSON.stringify(stored).includes('Supplier 1"'), 'the records themselves are not persisted');
  assert.deepEqual(pending, { kind: 'suppliers', recordCount: 6 });
  await journey.settle('uploadBills');
  assert.deepEqual(backend.recordsFor(backend.state.connections[0]!.id, 'suppliers'), rows);
});
