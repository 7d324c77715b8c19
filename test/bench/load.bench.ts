/**
 * Load benchmark: many concurrent sessions, each sending Suppliers and Bills through the real
 * HttpBackend to the reference server on 127.0.0.1 (file database, load shedding on). Prints the
 * sessions completed, rows stored against rows sent (equal, no duplicates), the 503s the server
 * shed, p50/p95 batch latency, and rows per second against a raw better-sqlite3 insert of the same
 * rows measured in the same run. Bounded: every session shares one deadline, and the run stops.
 *
 * `npm run bench -- load.bench`; LOAD_SESSIONS=100 for a smaller run.
 */
import { setMaxListeners } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { HttpBackend } from '@codat-link/adapter-http';
import { createServer } from '@codat-link/server';
import { bills as ingestBills, suppliers as ingestSuppliers } from './ingest-data.js';

const SESSIONS = Number(process.env['LOAD_SESSIONS'] ?? 500);
const SUPPLIERS = 100;
const BILLS = 5_000;
const BATCH = 500;
const DEADLINE_MS = 10 * 60_000;

const suppliers = (n: number) => ingestSuppliers(n, { count: SUPPLIERS, email: false });
const bills = (n: number) => ingestBills(n, { count: BILLS, suppliers: SUPPLIERS });
const totalRows = SESSIONS * (SUPPLIERS + BILLS);

/** The same rows, in the same batches, straight into SQLite: no HTTP, no JSON parsing, no checks. */
function baseline(): number {
  const dir = mkdtempSync(join(tmpdir(), 'codat-link-load-raw-'));
  const db = new Database(join(dir, 'raw.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE records (batch_id INTEGER, row_index INTEGER, data TEXT, PRIMARY KEY (batch_id, row_index))');
  const insert = db.prepare('INSERT INTO records (batch_id, row_index, data) VALUES (?, ?, ?)');
  const started = performance.now();
  let batch = 0;
  for (let n = 0; n < SESSIONS; n++) {
    for (const rows of [suppliers(n), bills(n)]) {
      for (let start = 0; start < rows.length; start += BATCH) {
        batch += 1;
        db.transaction(() => rows.slice(start, start + BATCH).forEach((row, i) => insert.run(batch, i, JSON.stringify(row))))();
      }
    }
  }
  const seconds = (performance.now() - started) / 1000;
  db.close();
  rmSync(dir, { recursive: true, force: true });
  return totalRows / seconds;
}

async function throughServer() {
  const dir = mkdtempSync(join(tmpdir(), 'codat-link-load-'));
  const server = await createServer({ db: join(dir, 'load.db'), partnerApiKey: 'pk_bench', rateLimit: false });
  await server.listen();
  const latencies: number[] = [];
  let shed = 0;
  const retries = new Map<string, number>();
  // Times every attempt of a batch (POST …/batches), and counts the 503s the server shed.
  const timedFetch: typeof fetch = async (input, init) => {
    const started = performance.now();
    const response = await fetch(input, init);
    if (response.status === 503) shed += 1;
    if (init?.method === 'POST' && String(input instanceof Request ? input.url : input).endsWith('/batches')) latencies.push(performance.now() - started);
    return response;
  };
  try {
    const company = await server.store.createCompany('Load SA', null);
    const tokens = await Promise.all(
      Array.from({ length: SESSIONS }, async () => {
        const request = await server.store.createRequest(company.id, ['spendAnalysis']);
        return (await server.store.createSession(company.id, request.id, 3600)).token;
      }),
    );
    const deadline = AbortSignal.timeout(DEADLINE_MS);
    setMaxListeners(0, deadline); // every call of every session listens to it
    const started = performance.now();
    const outcomes = await Promise.allSettled(
      tokens.map(async (token, n) => {
        const backend = new HttpBackend({
          baseUrl: server.url,
          sessionToken: token,
          fetch: timedFetch,
          onRetry: (e) => retries.set(e.error.code, (retries.get(e.error.code) ?? 0) + 1),
        });
        const entity = await backend.createEntity({ name: `Entity ${n}` }, { signal: deadline });
        const connection = await backend.startConnection({ entityId: entity.id, integrationKey: 'sandbox-file-upload' }, { signal: deadline });
        await backend.uploadReport(
          { connectionId: connection.id, kind: 'suppliers', records: suppliers(n), uploadId: `s${n}`, batchSize: BATCH },
          { signal: deadline },
        );
        await backend.uploadReport(
          { connectionId: connection.id, kind: 'bills', records: bills(n), uploadId: `b${n}`, batchSize: BATCH },
          { signal: deadline },
        );
        return backend.finishRequest({ signal: deadline });
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const complete = outcomes.filter((o) => o.status === 'fulfilled' && o.value.entities[0]?.status === 'complete').length;
    const failures = new Map<string, number>();
    for (const o of outcomes)
      if (o.status === 'rejected')
        failures.set(
          String((o.reason as { code?: string }).code ?? o.reason),
          (failures.get(String((o.reason as { code?: string }).code ?? o.reason)) ?? 0) + 1,
        );
    const stored = server.store.db
      .prepare(
        `SELECT COUNT(*) AS rows, COUNT(DISTINCT b.kind || ':' || COALESCE(json_extract(r.data, '$.billNumber'), json_extract(r.data, '$.supplierId'))) AS distinctRows
        FROM records r JOIN batches b ON b.id = r.batch_id WHERE b.superseded = 0`,
      )
      .get() as { rows: number; distinctRows: number };
    latencies.sort((a, b) => a - b);
    const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
    return { seconds, complete, failures, stored, shed, retries, p50: pct(50), p95: pct(95), attempts: latencies.length };
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const raw = baseline();
const load = await throughServer();
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const rowsPerSecond = load.stored.rows / load.seconds;
console.log(`load: ${SESSIONS} concurrent sessions × (Suppliers ${SUPPLIERS} + Bills ${BILLS}), batches of ${BATCH}, ${fmt(totalRows)} rows sent`);
console.log(
  `  sessions completed: ${load.complete}/${SESSIONS}${load.failures.size ? ` (failed: ${[...load.failures].map(([c, n]) => `${c} × ${n}`).join(', ')})` : ''}`,
);
console.log(`  rows stored: ${fmt(load.stored.rows)} of ${fmt(totalRows)} sent, ${fmt(load.stored.rows - load.stored.distinctRows)} duplicates`);
const retried = [...load.retries].map(([code, n]) => `${code} × ${n}`).join(', ') || 'none';
console.log(`  503s shed by the server: ${load.shed}; retries by HttpBackend: ${retried}`);
console.log(`  batch latency (per attempt, ${fmt(load.attempts)} batch POSTs): p50 ${fmt(load.p50)} ms, p95 ${fmt(load.p95)} ms`);
console.log(`  through HttpBackend → server → SQLite: ${fmt(rowsPerSecond)} rows/s in ${load.seconds.toFixed(1)} s`);
console.log(`  baseline, raw better-sqlite3 insert of the same rows: ${fmt(raw)} rows/s`);
console.log(`  ratio: ${(rowsPerSecond / raw).toFixed(2)} of raw SQLite`);
if (load.stored.rows !== load.stored.distinctRows || load.complete !== SESSIONS || load.stored.rows !== totalRows) process.exit(1);
