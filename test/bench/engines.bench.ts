/**
 * Storage engines: the same uploads (concurrent sessions, Suppliers and Bills, batches of 1,000)
 * through HttpBackend to the reference server on SQLite (a file) and on PostgreSQL (a throwaway
 * local cluster), against a raw insert floor of the same rows measured in the same run: the rows
 * inserted straight into each engine, one transaction per batch, no HTTP, no JSON parsing, no
 * checks. Neither engine syncs to disk on each commit here (SQLite WAL + synchronous=NORMAL; the
 * test cluster runs with fsync off), so the figures compare the engines' work, not the disks.
 *
 * `npm run bench -- engines`; ENGINE_SESSIONS=10 for a smaller run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { HttpBackend } from '@codat-link/adapter-http';
import { createServer } from '@codat-link/server';
import { startPostgres } from '../../packages/server/test/postgres.js';
import { BATCH, BILLS, SUPPLIERS, bills, sendSession, suppliers } from './ingest-data.js';

const SESSIONS = Number(process.env['ENGINE_SESSIONS'] ?? 20);
const data = Array.from({ length: SESSIONS }, (_, n) => ({ suppliers: suppliers(n), bills: bills(n) }));
const totalRows = SESSIONS * (SUPPLIERS + BILLS);

/** Every batch of every session, as the server would store it: serialized rows. */
function* batches(): Generator<string[]> {
  for (const session of data) {
    for (const rows of [session.suppliers, session.bills]) {
      for (let start = 0; start < rows.length; start += BATCH) yield rows.slice(start, start + BATCH).map((row) => JSON.stringify(row));
    }
  }
}

function rawSqlite(dir: string): number {
  const db = new Database(join(dir, 'raw.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE records (batch_id INTEGER, row_index INTEGER, data TEXT, PRIMARY KEY (batch_id, row_index))');
  const PER = 100;
  const insert = db.prepare(`INSERT INTO records (batch_id, row_index, data) VALUES ${'(?, ?, ?), '.repeat(PER - 1)}(?, ?, ?)`);
  const started = performance.now();
  let id = 0;
  for (const rows of batches()) {
    id += 1;
    db.transaction(() => {
      for (let start = 0; start < rows.length; start += PER) insert.run(rows.slice(start, start + PER).flatMap((row, i) => [id, start + i, row]));
    })();
  }
  const seconds = (performance.now() - started) / 1000;
  db.close();
  return totalRows / seconds;
}

async function rawPostgres(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('CREATE TABLE raw_records (batch_id BIGINT, row_index INTEGER, data TEXT, PRIMARY KEY (batch_id, row_index))');
    const started = performance.now();
    let id = 0;
    for (const rows of batches()) {
      id += 1;
      await client.query('BEGIN');
      await client.query({
        name: 'raw',
        values: [id, rows],
        text: 'INSERT INTO raw_records (batch_id, row_index, data) SELECT $1, t.ord - 1, t.data FROM unnest($2::text[]) WITH ORDINALITY AS t(data, ord)',
      });
      await client.query('COMMIT');
    }
    return totalRows / ((performance.now() - started) / 1000);
  } finally {
    await client.query('DROP TABLE IF EXISTS raw_records');
    await client.end();
  }
}

async function throughServer(db: string): Promise<{ rowsPerSecond: number; complete: number }> {
  const server = await createServer({ db, partnerApiKey: 'pk_bench', rateLimit: false, overload: false });
  await server.listen();
  try {
    const company = await server.store.createCompany('Bench SA', null);
    const tokens = await Promise.all(
      data.map(async () => {
        const request = await server.store.createRequest(company.id, ['spendAnalysis']);
        return (await server.store.createSession(company.id, request.id, 3600)).token;
      }),
    );
    const started = performance.now();
    const statuses = await Promise.all(
      tokens.map((token, n) => sendSession(new HttpBackend({ baseUrl: server.url, sessionToken: token }), n, data[n]!, BATCH)),
    );
    const seconds = (performance.now() - started) / 1000;
    const complete = statuses.filter(
      (s) => s.entities[0]?.status === 'complete' && s.entities[0].counts.suppliers === SUPPLIERS && s.entities[0].counts.bills === BILLS,
    ).length;
    return { rowsPerSecond: totalRows / seconds, complete };
  } finally {
    await server.close();
  }
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const dir = mkdtempSync(join(tmpdir(), 'codat-link-engines-'));
const postgres = await startPostgres();
try {
  rawSqlite(mkdtempSync(join(dir, 'warm-'))); // warm-up
  const floor = rawSqlite(mkdtempSync(join(dir, 'floor-')));
  const sqlite = await throughServer(join(dir, 'server.db'));
  console.log(`engines: ${SESSIONS} concurrent sessions, ${fmt(totalRows)} rows (Suppliers ${SUPPLIERS} + Bills ${BILLS} each), batches of ${BATCH}`);
  console.log(`  floor, raw SQLite insert of the same rows (file, WAL): ${fmt(floor)} rows/s`);
  console.log(`  server on SQLite (file):   ${fmt(sqlite.rowsPerSecond)} rows/s = ${(sqlite.rowsPerSecond / floor).toFixed(2)} of the SQLite floor`);
  let failed = sqlite.complete !== SESSIONS;
  if (postgres.cluster) {
    const pgFloor = await rawPostgres(await postgres.cluster.createDatabase());
    const onPostgres = await throughServer(await postgres.cluster.createDatabase());
    console.log(
      `  floor, raw PostgreSQL insert of the same rows (unnest, one transaction per batch): ${fmt(pgFloor)} rows/s = ${(pgFloor / floor).toFixed(2)} of the SQLite floor`,
    );
    console.log(
      `  server on PostgreSQL:      ${fmt(onPostgres.rowsPerSecond)} rows/s = ${(onPostgres.rowsPerSecond / pgFloor).toFixed(2)} of the PostgreSQL floor, ${(onPostgres.rowsPerSecond / sqlite.rowsPerSecond).toFixed(2)} of the server on SQLite`,
    );
    console.log(`  sessions complete: SQLite ${sqlite.complete}/${SESSIONS}, PostgreSQL ${onPostgres.complete}/${SESSIONS}`);
    failed ||= onPostgres.complete !== SESSIONS;
  } else {
    console.log(`  PostgreSQL: skipped (${postgres.skip})`);
    console.log(`  sessions complete: SQLite ${sqlite.complete}/${SESSIONS}`);
  }
  if (failed) process.exitCode = 1;
} finally {
  postgres.cluster?.stop();
  rmSync(dir, { recursive: true, force: true });
}
