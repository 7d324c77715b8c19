/**
 * Ingest benchmark: 50 concurrent sessions each upload a Suppliers and a Bills report through
 * HttpBackend to the reference server on 127.0.0.1, from a worker thread (ingest-clients.ts).
 * Prints rows per second, against a baseline measured in the same run: the same rows inserted
 * straight into SQLite (no HTTP, no validation).
 */
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { createServer } from '@codat-link/server';
import type { ClientsInput, SessionResult } from './ingest-clients.js';
import { BATCH, BILLS, SUPPLIERS, bills, suppliers } from './ingest-data.js';

const SESSIONS = 50;
const CLIENTS = new URL('./ingest-clients.ts', import.meta.url).href;
const data = Array.from({ length: SESSIONS }, (_, n) => ({ suppliers: suppliers(n), bills: bills(n) }));
const totalRows = SESSIONS * (SUPPLIERS + BILLS);

function baseline(): number {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE records (batch_id INTEGER, row_index INTEGER, data TEXT, PRIMARY KEY (batch_id, row_index))');
  const insert = db.prepare('INSERT INTO records (batch_id, row_index, data) VALUES (?, ?, ?)');
  const started = performance.now();
  let batch = 0;
  for (const session of data) {
    for (const rows of [session.suppliers, session.bills]) {
      for (let start = 0; start < rows.length; start += BATCH) {
        batch += 1;
        db.transaction(() => rows.slice(start, start + BATCH).forEach((row, i) => insert.run(batch, i, JSON.stringify(row))))();
      }
    }
  }
  const seconds = (performance.now() - started) / 1000;
  db.close();
  return totalRows / seconds;
}

async function throughServer(batchSize: number): Promise<{ rowsPerSecond: number; complete: number; busy: number }> {
  const server = await createServer({ partnerApiKey: 'pk_bench', rateLimit: false });
  await server.listen();
  try {
    const company = await server.store.createCompany('Bench SA', null);
    const sessions = await Promise.all(
      data.map(async () => {
        const request = await server.store.createRequest(company.id, ['spendAnalysis']);
        return (await server.store.createSession(company.id, request.id, 3600)).token;
      }),
    );
    // A worker does not inherit tsx's loader from `--import`: it registers it, then loads the clients.
    const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(CLIENTS)}); })`;
    const clients = new Worker(bootstrap, { eval: true, workerData: { url: server.url, tokens: sessions, batchSize } satisfies ClientsInput });
    try {
      await once(clients, 'message'); // ready: its rows are built
      const started = performance.now();
      const elu = performance.eventLoopUtilization();
      clients.postMessage('go');
      const [statuses] = (await once(clients, 'message')) as [SessionResult[]];
      const seconds = (performance.now() - started) / 1000;
      const complete = statuses.filter(
        (s) =>
          s.entities.length === 1 &&
          s.entities[0]!.status === 'complete' &&
          s.entities[0]!.counts.suppliers === SUPPLIERS &&
          s.entities[0]!.counts.bills === BILLS,
      ).length;
      return { rowsPerSecond: totalRows / seconds, complete, busy: performance.eventLoopUtilization(elu).utilization };
    } finally {
      await clients.terminate();
    }
  } finally {
    await server.close();
  }
}

baseline(); // warm-up
const raw = baseline();
const ingest = await throughServer(BATCH);
// The journey's default batch size is chosen by this comparison (same run, same rows).
const half = await throughServer(BATCH / 2);
const double = await throughServer(BATCH * 2);
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
console.log(`ingest: ${SESSIONS} concurrent sessions, ${fmt(totalRows)} rows (Suppliers ${SUPPLIERS} + Bills ${BILLS} each)`);
console.log(`  through HttpBackend (clients in a worker thread) → server → SQLite, batches of ${BATCH}: ${fmt(ingest.rowsPerSecond)} rows/s`);
// Near 1, the server is the bottleneck; far below, the clients are, and the ratio says little of the server.
console.log(`  the server's event loop was busy ${(ingest.busy * 100).toFixed(0)}% of that time`);
console.log(
  `  the same, batches of ${BATCH / 2}: ${fmt(half.rowsPerSecond)} rows/s (${(half.rowsPerSecond / ingest.rowsPerSecond).toFixed(2)} of batches of ${BATCH}); ` +
    `of ${BATCH * 2}: ${fmt(double.rowsPerSecond)} rows/s (${(double.rowsPerSecond / ingest.rowsPerSecond).toFixed(2)})`,
);
console.log(`  baseline, raw SQLite insert of the same rows: ${fmt(raw)} rows/s`);
console.log(`  ratio: ${(ingest.rowsPerSecond / raw).toFixed(2)} of raw SQLite (HTTP, JSON, validation, idempotency; goal ≥ 0.5)`);
console.log(`  sessions complete: ${[ingest, half, double].map((r) => `${r.complete}/${SESSIONS}`).join(', ')}`);
if ([ingest, half, double].some((r) => r.complete !== SESSIONS)) process.exit(1);
