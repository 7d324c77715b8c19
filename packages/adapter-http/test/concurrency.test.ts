/**
 * Two uploads of the same report at once (two tabs, or a retry racing a new file): the report
 * the server keeps is one file, whole, and only the upload whose data is stored hears "success".
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { HttpBackend, HttpBackendError } from '../src/index.js';
import { signal, startServer, suppliers } from './helpers.js';

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

let server: Awaited<ReturnType<typeof startServer>>;
before(async () => {
  server = await startServer({ rateLimit: false });
});
after(() => server.close());

test('two concurrent uploads of one report never store a mix of both files, nor both succeed', async () => {
  const files = { a: suppliers(1200, 'a'), b: suppliers(900, 'b') };
  for (let trial = 0; trial < 20; trial++) {
    const token = await server.session();
    const tab = () => new HttpBackend({ baseUrl: server.url, sessionToken: token, retries: 0 });
    const first = tab();
    const entity = await first.createEntity({ name: `Trial ${trial}` }, { signal: signal() });
    const connection = await first.startConnection({ entityId: entity.id, integrationKey: 'sandbox-file-upload' }, { signal: signal() });
    const { id: requestId } = await first.getRequest({ signal: signal() });
    const upload = (name: 'a' | 'b') =>
      tab().uploadReport(
        { connectionId: connection.id, kind: 'suppliers', records: files[name], uploadId: `file-${name}-${trial}`, batchSize: 100 },
        { signal: signal(), concurrency: 2 },
      );
    const [a, b] = await Promise.allSettled([upload('a'), upload('b')]);
    const outcomes = { a, b };
    const winners = (['a', 'b'] as const).filter((name) => outcomes[name].status === 'fulfilled');
    for (const name of ['a', 'b'] as const) {
      const outcome = outcomes[name];
      if (outcome.status === 'rejected') {
        assert.ok(outcome.reason instanceof HttpBackendError, String(outcome.reason));
        assert.equal(outcome.reason.code, 'upload_superseded', `trial ${trial}, ${name}: ${outcome.reason.message}`);
        assert.equal(outcome.reason.status, 409);
      }
    }
    assert.ok(winners.length <= 1, `trial ${trial}: both uploads were told they succeeded`);
    const stored = (await collect(server.store.records(requestId, 'suppliers'))).map((row) => String(row.data['supplierId']));
    const prefixes = new Set(stored.map((id) => id.split('-')[0]));
    assert.ok(prefixes.size <= 1, `trial ${trial}: the report mixes ${[...prefixes].join(' and ')}`);
    if (winners.length === 1) {
      const winner = winners[0]!;
      assert.deepEqual(
        stored,
        files[winner].map((row) => String(row['supplierId'])),
        `trial ${trial}: the winner's file is stored whole`,
      );
    }
  }
});
