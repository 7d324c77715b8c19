/**
 * 100 uploads of 10,000 rows through a server that refuses 10% of requests (503/500/429) and
 * loses the answer of another 10% after committing them. Idempotency keys and resume must
 * leave every row stored exactly once.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HttpBackend } from '../src/index.js';
import { startServer } from './helpers.js';

const UPLOADS = 100;
const ROWS = 10_000;
const CONCURRENCY = 10;

test(`${UPLOADS} uploads of ${ROWS} rows with 20% of requests failing: every row stored exactly once`, async () => {
  const server = await startServer({
    faults: { failRate: 0.1, dropRate: 0.1, delayRate: 0.05, delayMs: 150, seed: 20261124 },
    validateResponses: false,
  });
  const started = Date.now();
  let retries = 0;
  try {
    const company = await server.store.createCompany('Fault SA', null);
    const jobs = Array.from({ length: UPLOADS }, (_, n) => n);
    const worker = async () => {
      for (let n = jobs.shift(); n !== undefined; n = jobs.shift()) {
        const request = await server.store.createRequest(company.id, ['spendAnalysis']);
        const { token } = await server.store.createSession(company.id, request.id, 3600);
        const backend = new HttpBackend({
          baseUrl: server.url,
          sessionToken: token,
          retries: 12,
          backoff: { baseMs: 20, maxMs: 400 },
          onRetry: () => {
            retries += 1;
          },
        });
        const signal = new AbortController().signal;
        const entity = await backend.createEntity({ name: `Entity ${n}`, idempotencyKey: `entity-${n}` }, { signal });
        const connection = await backend.startConnection(
          { entityId: entity.id, integrationKey: 'sandbox-file-upload', idempotencyKey: `conn-${n}` },
          { signal },
        );
        const records = Array.from({ length: ROWS }, (_, i) => ({ supplierId: `u${n}-${i}`, supplierName: `Supplier ${i}` }));
        await backend.uploadReport(
          { connectionId: connection.id, kind: 'suppliers', records, uploadId: `upload-${n}`, batchSize: 1000 },
          { signal, concurrency: 2 },
        );
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));

    const counts = server.store.db
      .prepare(`SELECT COUNT(*) AS stored, COUNT(DISTINCT json_extract(data, '$.supplierId')) AS uniqueRows FROM records`)
      .get() as { stored: number; uniqueRows: number };
    const expected = UPLOADS * ROWS;
    const duplicates = counts.stored - counts.uniqueRows;
    const lost = expected - counts.uniqueRows;
    const entities = server.store.db.prepare('SELECT COUNT(*) AS n FROM entities').get() as { n: number };
    const finalized = server.store.db.prepare('SELECT COUNT(*) AS n, SUM(record_count) AS rows FROM reports').get() as { n: number; rows: number };
    console.log(
      `fault injection: rows stored ${counts.stored}, duplicates ${duplicates}, lost ${lost}; ` +
        `requests failed ${server.faults?.failed}, answers dropped ${server.faults?.dropped}, delayed ${server.faults?.delayed}, ` +
        `client retries ${retries}; ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    assert.ok((server.faults?.failed ?? 0) > 50 && (server.faults?.dropped ?? 0) > 50, 'faults were injected');
    assert.equal(duplicates, 0);
    assert.equal(lost, 0);
    assert.equal(counts.stored, expected);
    assert.equal(entities.n, UPLOADS, 'retried creates made no extra entity');
    const replaced = server.store.db.prepare('SELECT COUNT(*) AS n FROM batches WHERE superseded = 1').get() as { n: number };
    assert.equal(replaced.n, 0, 'every retry was recognised by its key, none stored as a new version of its batch');
    assert.deepEqual(finalized, { n: UPLOADS, rows: expected });
  } finally {
    await server.close();
  }
});
