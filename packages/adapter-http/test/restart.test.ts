/**
 * The server process killed (SIGKILL) in the middle of an upload, then started again on the same
 * database file: the session still works, the upload resumes where the server's disk says it
 * stopped, and the report holds every row exactly once.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { openDatabase } from '@codat-link/server';
import { HttpBackend, HttpBackendError } from '../src/index.js';
import { suppliers } from './helpers.js';
import { startServerProcess } from './server-process.js';

const KEY = 'pk_restart_test_key';

const start = (db: string, port: number) => startServerProcess(['--port', String(port), '--db', db], { CODAT_LINK_PARTNER_API_KEY: KEY }, 20_000);

const partner = async <T>(url: string, path: string, body: unknown): Promise<T> => {
  const response = await fetch(url + path, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  assert.ok(response.ok, `${path}: ${response.status}`);
  return (await response.json()) as T;
};

test('kill -9 mid-upload, restart on the same file: the upload resumes and every row is stored once', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'codat-link-restart-'));
  const db = join(dir, 'link.db');
  let server = await start(db, 0);
  try {
    const port = Number(new URL(server.url).port);
    const company = await partner<{ id: string }>(server.url, '/partner/v1/companies', { name: 'Restart SA' });
    const request = await partner<{ id: string }>(server.url, `/partner/v1/companies/${company.id}/requests`, { dataTypes: ['spendAnalysis'] });
    const { token } = await partner<{ token: string }>(server.url, '/partner/v1/sessions', { companyId: company.id, requestId: request.id });
    const records = suppliers(6000);
    const upload = { kind: 'suppliers' as const, records, uploadId: 'file-restart', batchSize: 100 };
    let killed = false;
    const first = new HttpBackend({
      baseUrl: server.url,
      sessionToken: token,
      retries: 0,
      // Killed from inside the progress callback: batches are in flight at that moment.
      onProgress: (progress) => {
        if (!killed && progress.batchIndex >= 10) {
          killed = true;
          server.child.kill('SIGKILL');
        }
      },
    });
    const entity = await first.createEntity({ name: 'Restart Ltd' }, { signal: AbortSignal.timeout(10_000) });
    const connection = await first.startConnection({ entityId: entity.id, integrationKey: 'sandbox-file-upload' }, { signal: AbortSignal.timeout(10_000) });
    await assert.rejects(
      first.uploadReport({ connectionId: connection.id, ...upload }, { signal: AbortSignal.timeout(30_000), concurrency: 4 }),
      (error: unknown) => error instanceof HttpBackendError && error.code === 'network_error',
    );
    if (server.child.exitCode === null && server.child.signalCode === null) await once(server.child, 'exit');

    server = await start(db, port);
    const second = new HttpBackend({ baseUrl: server.url, sessionToken: token });
    const summary = await second.uploadReport({ connectionId: connection.id, ...upload }, { signal: AbortSignal.timeout(60_000) });
    assert.ok(summary.resumedBatches >= 10 && summary.resumedBatches < 60, `resumed ${summary.resumedBatches} of 60 batches`);
    const status = await second.getStatus({ signal: AbortSignal.timeout(10_000) });
    assert.equal(status.entities[0]?.counts.suppliers, records.length);
  } finally {
    const exited = server.child.exitCode === null ? once(server.child, 'exit') : Promise.resolve();
    server.child.kill('SIGTERM');
    await exited;
  }
  const check = openDatabase(db);
  try {
    const row = check
      .prepare(
        `SELECT COUNT(*) AS n, COUNT(DISTINCT json_extract(r.data, '$.supplierId')) AS distinctIds
      FROM records r JOIN batches b ON b.id = r.batch_id WHERE b.superseded = 0`,
      )
      .get() as { n: number; distinctIds: number };
    assert.deepEqual(row, { n: 6000, distinctIds: 6000 }, 'every row once, none lost, none twice');
    const report = check.prepare("SELECT record_count AS n FROM reports WHERE kind = 'suppliers'").get() as { n: number } | undefined;
    assert.equal(report?.n, 6000, 'the report was finalized after the restart');
  } finally {
    check.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
