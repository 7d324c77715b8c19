/**
 * Ingest benchmark: 50 concurrent sessions each upload a Suppliers and a Bills report through
 * HttpBackend to the reference server on 127.0.0.1. Prints rows per second, against a baseline
 * measured in the same run: the same rows inserted straight into SQLite (no HTTP, no validation).
 */
import Database from 'better-sqlite3';
import { HttpBackend } from '@codat-link/adapter-http';
import { createServer } from '@codat-link/server';
import { BATCH, BILLS, SUPPLIERS, bills, suppliers } from './ingest-data.js';

const SESSIONS = 50;
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

async function throughServer(batchSize: number): Promise<{ rowsPerSecond: number; complete: number }> {
  const server = await createServer({ partnerApiKey: 'pk_bench', rateLimit: false });
  await server.listen();
  try {
    const company = await server.store.createCompany('Bench SA', null);
    const sessions = await Promise.all(data.map(async () => {
      const request = await server.store.createRequest(company.id, ['spendAnalysis']);
      return (await server.store.createSession(company.id, request.id, 3600)).token;
    }));
    const started = performance.now();
    const statuses = await Promise.all(
      sessions.map(async (token, n) => {
        const backend = new HttpBackend({ baseUrl: server.url, sessionToken: token });
        const signal = new AbortController().signal;
        const entity = await backend.createEntity({ name: `Entity ${n}` }, { signal });
        const connection = await backend.startConnection({ entityId: entity.id, integrationKey: 'sandbox-file-upload' }, { signal });
        const session = data[n]!;
        await backend.uploadReport({ connectionId: connection.id, kind: 'suppliers', records: session.suppliers, uploadId: `s${n}`, batchSize }, { signal });
        await backend.uploadReport({ connectionId: connection.id, kind: 'bills', records: session.bills, uploadId: `b${n}`, batchSize }, { signal });
        return backend.finishRequest({ signal });
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const complete = statuses.filter(
      (s) => s.entities.length === 1 && s.entities[0]!.status === 'complete' && s.entities[0]!.counts.suppliers === SUPPLIERS && s.entities[0]!.counts.bills === BILLS,
    ).length;
    return { rowsPerSecond: totalRows / seconds, complete };
  } finally {
    await server.close();
  }
}

baseline(); // warm-up
const raw = baseline();
const ingest = await throughServer(BATCH);
// The journey's default batch size is chosen by this comparison (same run, same rows).
const half = await throughServer(BATCH / 2);
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
console.log(`ingest: ${SESSIONS} concurrent sessions, ${fmt(totalRows)} rows (Suppliers ${SUPPLIERS} + Bills ${BILLS} each)`);
console.log(`  through HttpBackend → server → SQLite, batches of ${BATCH}: ${fmt(ingest.rowsPerSecond)} rows/s`);
console.log(`  the same, batches of ${BATCH / 2}: ${fmt(half.rowsPerSecond)} rows/s (${(half.rowsPerSecond / ingest.rowsPerSecond).toFixed(2)} of batches of ${BATCH})`);
console.log(`  baseline, raw SQLite insert of the same rows: ${fmt(raw)} rows/s`);
console.log(`  ratio: ${(ingest.rowsPerSecond / raw).toFixed(2)} of raw SQLite (HTTP, JSON, validation, idempotency; goal ≥ 0.5)`);
console.log(`  sessions complete: ${ingest.complete}/${SESSIONS}, ${half.complete}/${SESSIONS}`);
if (ingest.complete !== SESSIONS || half.complete !== SESSIONS) process.exit(1);
