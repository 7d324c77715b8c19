import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryBackend } from '@codat-link/core';
import type { LinkError } from '@codat-link/core';

const signal = () => new AbortController().signal;

async function script(backend: MemoryBackend): Promise<string[]> {
  const entity = await backend.createEntity({ name: 'Acme' }, { signal: signal() });
  const connection = await backend.startConnection({ entityId: entity.id, integrationKey: 'xero' }, { signal: signal() });
  return [entity.id, connection.id, connection.authUrl ?? ''];
}

test('the same seed gives the same ids; another seed other ids', async () => {
  assert.deepEqual(await script(new MemoryBackend({ seed: 7 })), await script(new MemoryBackend({ seed: 7 })));
  assert.notDeepEqual(await script(new MemoryBackend({ seed: 7 })), await script(new MemoryBackend({ seed: 8 })));
});

test('latency is honoured and an aborted call rejects with aborted and has no effect', async () => {
  const backend = new MemoryBackend({ latencyMs: 30 });
  const started = Date.now();
  await backend.getRequest({ signal: signal() });
  assert.ok(Date.now() - started >= 25);
  const controller = new AbortController();
  const pending = backend.createEntity({ name: 'Acme' }, { signal: controller.signal });
  controller.abort();
  await assert.rejects(pending, (error: LinkError) => error.code === 'aborted');
  assert.equal(backend.state.entities.length, 0);
  assert.equal(backend.callsTo('createEntity')[0]!.outcome, 'aborted');
});

test('failure rules pick the call, the count and whether the effect happened first', async () => {
  const backend = new MemoryBackend({
    failures: [
      { method: 'createEntity', code: 'server_error', call: 2, times: 2 },
      { method: 'getRequest', code: 'network_error', after: true },
    ],
  });
  const outcomes: string[] = [];
  for (let i = 0; i < 4; i++) {
    outcomes.push(
      await backend.createEntity({ name: `E${i}` }, { signal: signal() }).then(
        () => 'ok',
        (e: LinkError) => e.code,
      ),
    );
  }
  assert.deepEqual(outcomes, ['ok', 'server_error', 'server_error', 'ok']);
  assert.deepEqual(
    backend.state.entities.map((e) => e.name),
    ['E0', 'E3'],
  );
  await assert.rejects(backend.getRequest({ signal: signal() }), (e: LinkError) => e.code === 'network_error' && e.correlationId === 'mem-getRequest-1');
});

test('idempotency keys: a repeated entity, connection or batch is stored once', async () => {
  const backend = new MemoryBackend();
  const a = await backend.createEntity({ name: 'Acme', idempotencyKey: 'k1' }, { signal: signal() });
  const b = await backend.createEntity({ name: 'Acme', idempotencyKey: 'k1' }, { signal: signal() });
  assert.equal(a.id, b.id);
  const c1 = await backend.startConnection({ entityId: a.id, integrationKey: 'epicor', idempotencyKey: 'c' }, { signal: signal() });
  const c2 = await backend.startConnection({ entityId: a.id, integrationKey: 'epicor', idempotencyKey: 'c' }, { signal: signal() });
  assert.equal(c1.id, c2.id);
  const batch = {
    connectionId: c1.id,
    kind: 'suppliers' as const,
    batchIndex: 0,
    totalBatches: 1,
    idempotencyKey: 'u:0',
    uploadId: 'u',
    records: [{ supplierName: 'X' }],
  };
  assert.equal((await backend.submitBatch(batch, { signal: signal() })).duplicate, false);
  assert.equal((await backend.submitBatch(batch, { signal: signal() })).duplicate, true);
  assert.deepEqual(backend.recordsFor(c1.id, 'suppliers'), [{ supplierName: 'X' }]);
  assert.deepEqual(await backend.acknowledgedBatches({ connectionId: c1.id, kind: 'suppliers', uploadId: 'u' }, { signal: signal() }), [0]);
  assert.deepEqual(await backend.acknowledgedBatches({ connectionId: c1.id, kind: 'suppliers', uploadId: 'other' }, { signal: signal() }), []);
  await assert.rejects(
    backend.finalizeReport({ connectionId: c1.id, kind: 'suppliers', totalBatches: 2, recordCount: 2 }, { signal: signal() }),
    (e: LinkError) => e.code === 'conflict',
  );
  assert.equal(backend.state.entities.length, 1);
  assert.equal(backend.state.connections.length, 1);
});

test('a batch of another upload drops what an earlier upload of the same report left, as the reference server does', async () => {
  const backend = new MemoryBackend();
  const [, connectionId] = await script(backend);
  const batch = (uploadId: string, batchIndex: number, name: string) => ({
    connectionId: connectionId!,
    kind: 'suppliers' as const,
    batchIndex,
    totalBatches: 3,
    uploadId,
    idempotencyKey: `${uploadId}:${batchIndex}`,
    records: [{ supplierId: name, supplierName: name }],
  });
  // The first file was refused at its first batch while its second was on its way and landed.
  await backend.submitBatch(batch('upl_first', 1, 'from the refused file'), { signal: signal() });
  await backend.submitBatch({ ...batch('upl_fixed', 0, 'corrected'), totalBatches: 1 }, { signal: signal() });
  await backend.finalizeReport(
    { connectionId: connectionId!, kind: 'suppliers', uploadId: 'upl_fixed', totalBatches: 1, recordCount: 1 },
    { signal: signal() },
  );
  assert.deepEqual(backend.recordsFor(connectionId!, 'suppliers'), [{ supplierId: 'corrected', supplierName: 'corrected' }]);
  assert.deepEqual(await backend.acknowledgedBatches({ connectionId: connectionId!, kind: 'suppliers' }, { signal: signal() }), [0]);
});
