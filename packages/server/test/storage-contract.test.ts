/**
 * One contract, two engines: every behaviour of the storage the routes rely on, run on SQLite and
 * on PostgreSQL (a throwaway cluster, see ./postgres.ts). Where PostgreSQL cannot start, its half
 * is reported as skipped with the reason.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test as nodeTest } from 'node:test';
import { ApiError } from '../src/errors.js';
import { openDatabase, openSqlDatabase } from '../src/db.js';
import { SqliteDatabase, type SqlDatabase } from '../src/sql.js';
import { Store, type StoreOptions } from '../src/store.js';
import type { ConnectionRow, Storage } from '../src/storage.js';
import { IDEMPOTENCY_KEY_TTL_MS, PORTAL_FAILURE_LIMIT, PORTAL_FAILURE_WINDOW_MS } from '../src/limits.js';
import { startPostgres } from './postgres.js';

const postgres = await startPostgres();
after(() => postgres.cluster?.stop());

/**
 * `open` gives a database; `another` a second handle on the same data, as a second server
 * instance would have (SQLite: the same handle, one process owns the file; PostgreSQL: its own pool).
 */
interface Engine {
  name: string;
  skip?: string;
  open(): Promise<SqlDatabase>;
  another(db: SqlDatabase): Promise<SqlDatabase>;
  /** Where a new, empty database can be made: a file path or a URL for openSqlDatabase. */
  target(): Promise<string>;
}
let url = '';
const scratch = mkdtempSync(join(tmpdir(), 'codat-link-contract-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
let files = 0;
const engines: Engine[] = [
  {
    name: 'SQLite',
    open: async () => new SqliteDatabase(openDatabase(':memory:')),
    another: async (db) => db,
    target: async () => join(scratch, `db-${++files}.sqlite`),
  },
  {
    name: 'PostgreSQL',
    ...(postgres.skip ? { skip: postgres.skip } : {}),
    open: async () => openSqlDatabase((url = await postgres.cluster!.createDatabase())),
    another: async () => openSqlDatabase(url),
    target: async () => postgres.cluster!.createDatabase(),
  },
];

const code = async (promise: Promise<unknown>): Promise<string> => {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    if (error instanceof ApiError) return error.code;
    throw error;
  }
};

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

const rows = (count: number, prefix: string) => Array.from({ length: count }, (_, i) => ({ supplierId: `${prefix}-${i}`, supplierName: `S ${i}` }));

for (const engine of engines) {
  describe(`storage contract on ${engine.name}`, () => {
    // Each test skipped with the reason, so the count of skipped tests says what did not run.
    const test = (name: string, fn: () => Promise<void>) => nodeTest(name, engine.skip ? { skip: engine.skip } : {}, fn);
    let sql: SqlDatabase;
    let store: Store;
    /** The same data through a second instance's handle. */
    let other: Store;
    before(async () => {
      if (engine.skip) return;
      sql = await engine.open();
      store = new Store(sql);
      const second = await engine.another(sql);
      other = new Store(second);
    });
    after(async () => {
      if (other && other.sql !== store.sql) await other.close();
      await store?.close();
    });
    /** Another store on the same database, with its own options (upload idle time). */
    const sibling = (options: StoreOptions): Store => new Store(sql, options);

    /** A company, a request, an entity and a file-upload connection, fresh for each test. */
    const fresh = async (on: Storage = store) => {
      const company = await on.createCompany('Acme SAS', null);
      const request = await on.createRequest(company.id, ['spendAnalysis', 'spendAnalysis']);
      const entity = await on.createEntity(request.id, 'Acme France');
      const connection = await on.createConnection(request.id, { entityId: entity.id, integrationKey: 'sandbox-file-upload', kind: 'fileUpload' });
      return { company, request, entity, connection };
    };

    test('migrations run in order, once: opening again (or twice at once) applies none and keeps the data', async () => {
      const target = await engine.target();
      const first = await openSqlDatabase(target);
      const applied = await first.all<{ version: number; at: string }>('SELECT version, applied_at AS at FROM schema_migrations ORDER BY version');
      assert.deepEqual(
        applied.map((v) => v.version),
        applied.map((_, i) => i + 1),
      );
      assert.ok(applied.length >= 5);
      await first.run("INSERT INTO companies (id, name, created_at) VALUES ('cmp_kept', 'Kept', 'now')");
      await first.close();
      // PostgreSQL: two instances starting together (the advisory lock); SQLite: one after the other.
      const again = engine.name === 'PostgreSQL' ? await Promise.all([openSqlDatabase(target), openSqlDatabase(target)]) : [await openSqlDatabase(target)];
      for (const db of again) {
        assert.deepEqual(await db.all('SELECT version, applied_at AS at FROM schema_migrations ORDER BY version'), applied);
        assert.equal((await db.get<{ name: string }>("SELECT name FROM companies WHERE id = 'cmp_kept'"))?.name, 'Kept');
        await db.close();
      }
    });

    test('migration 9 moves each batch of rows into one row, in order, and the records view lists them as before', async () => {
      const target = await engine.target();
      const db = await openSqlDatabase(target);
      const on = new Store(db);
      const { connection, request } = await fresh(on);
      await on.submitBatch(connection, 'suppliers', 0, 'm0', null, rows(3, 'a'));
      await on.submitBatch(connection, 'suppliers', 1, 'm1', null, rows(2, 'b'));
      await on.submitBatch(connection, 'suppliers', 2, 'm2', null, []);
      const listed = await db.all('SELECT batch_id, row_index, data FROM records ORDER BY batch_id, row_index');
      assert.equal(listed.length, 5);
      // Back to version 8, as an older server left the database: a row per record, in reverse
      // insertion order so that the migration has to order by row_index itself.
      await db.run('CREATE TABLE records_before AS SELECT batch_id, row_index, data FROM records WHERE 1 = 0');
      await db.run('INSERT INTO records_before SELECT batch_id, row_index, data FROM records ORDER BY batch_id DESC, row_index DESC');
      await db.run('DROP VIEW records');
      await db.run('DROP TABLE batch_records');
      await db.run('ALTER TABLE records_before RENAME TO records');
      await db.run('DELETE FROM schema_migrations WHERE version >= 9');
      // …whose batches were hashed over their rows, each serialized.
      const rowsText = rows(3, 'a')
        .map((row) => JSON.stringify(row))
        .join('\n');
      await db.run("UPDATE batches SET body_hash = ? WHERE idempotency_key = 'm0'", [createHash('sha256').update(`suppliers\n0\n${rowsText}`).digest('hex')]);
      await on.close();
      const upgraded = await openSqlDatabase(target);
      try {
        assert.deepEqual(await upgraded.all('SELECT batch_id, row_index, data FROM records ORDER BY batch_id, row_index'), listed);
        const again = new Store(upgraded);
        assert.deepEqual(
          (await collect(again.records(request.id, 'suppliers'))).map((r) => r.data['supplierId']),
          ['a-0', 'a-1', 'a-2', 'b-0', 'b-1'],
        );
        assert.deepEqual(
          await again.submitBatch(connection, 'suppliers', 0, 'm0', null, rows(3, 'a')),
          { batchIndex: 0, accepted: 3, duplicate: true },
          'a batch hashed the old way still finds its key',
        );
        assert.equal(await code(again.submitBatch(connection, 'suppliers', 0, 'm0', null, rows(3, 'x'))), 'idempotency_conflict');
      } finally {
        await upgraded.close();
      }
    });

    test('companies, requests and sessions', async () => {
      const { company, request } = await fresh();
      assert.deepEqual(request.dataTypes, ['spendAnalysis'], 'data types deduplicated');
      assert.equal((await store.getCompany(company.id))?.name, 'Acme SAS');
      assert.ok((await store.listCompanies()).some((c) => c.id === company.id));
      assert.deepEqual(
        (await store.listRequests(company.id)).map((r) => r.id),
        [request.id],
      );
      assert.equal((await store.getRequest(request.id))?.companyName, 'Acme SAS');
      assert.equal(await code(store.createRequest('cmp_nope', ['financials'])), 'not_found');

      const { token } = await store.createSession(company.id, request.id, 600);
      assert.deepEqual(await store.resolveSession(token), {
        companyId: company.id,
        requestId: request.id,
        tokenHash: (await store.resolveSession(token))!.tokenHash,
      });
      assert.equal(await store.resolveSession('cls_unknown'), undefined);
      const expired = await store.createSession(company.id, request.id, -1);
      assert.equal(await store.resolveSession(expired.token), undefined);
      const other = await store.createCompany('Other', null);
      assert.equal(await code(store.createSession(other.id, request.id, 600)), 'not_found', "a session is minted only for the company's own request");
    });

    test('a session slides by its TTL once half of it is gone, never past its absolute end', async () => {
      const { company, request } = await fresh();
      const { token } = await store.createSession(company.id, request.id, 600, 900);
      const { tokenHash } = (await store.resolveSession(token))!;
      const expiry = async () => (await sql.get<{ e: number }>('SELECT expires_at AS e FROM sessions WHERE token_hash = ?', [tokenHash]))!.e;
      await sql.run('UPDATE sessions SET expires_at = ? WHERE token_hash = ?', [Date.now() + 60_000, tokenHash]);
      await store.resolveSession(token);
      assert.ok((await expiry()) > Date.now() + 590_000);
      const absolute = Date.now() + 120_000;
      await sql.run('UPDATE sessions SET expires_at = ?, absolute_expires_at = ? WHERE token_hash = ?', [Date.now() + 60_000, absolute, tokenHash]);
      await store.resolveSession(token);
      assert.equal(await expiry(), absolute);
    });

    test('idempotency keys: entities, connections and consents; other body → idempotency_conflict; purged after the TTL', async () => {
      const { request, entity } = await fresh();
      const first = await store.createEntity(request.id, 'Keyed Ltd', 'k-ent');
      assert.deepEqual(await store.createEntity(request.id, '  KEYED ltd ', 'k-ent'), first, 'the same name folded is the same body');
      assert.equal(await code(store.createEntity(request.id, 'Another', 'k-ent')), 'idempotency_conflict');

      const input = { entityId: entity.id, integrationKey: 'sandbox-file-upload', kind: 'fileUpload' as const, idempotencyKey: 'k-con' };
      const connection = await store.createConnection(request.id, input);
      assert.deepEqual(await store.createConnection(request.id, input), connection);
      assert.equal(await code(store.createConnection(request.id, { ...input, integrationKey: 'other' })), 'idempotency_conflict');

      const consent = {
        entityId: entity.id,
        integrationKey: 'sandbox-file-upload',
        dataTypes: ['spendAnalysis' as const],
        text: 'I agree',
        textHash: 'h',
        version: '1',
        locale: 'en',
        givenAt: new Date().toISOString(),
      };
      let checks = 0;
      const check = () => void (checks += 1);
      const recorded = await store.recordConsent(request.id, consent, check, 'k-consent');
      assert.deepEqual(await store.recordConsent(request.id, consent, check, 'k-consent'), recorded);
      assert.deepEqual(await store.recordConsent(request.id, consent, check), recorded, 'the same consent again is the same record');
      assert.equal(checks, 1, 'the check runs for a new consent only');
      assert.equal(await code(store.recordConsent(request.id, { ...consent, version: '2' }, check, 'k-consent')), 'idempotency_conflict');
      assert.equal((await store.latestConsents(request.id)).get(entity.id)?.version, '1');

      assert.ok((await store.purgeIdempotencyKeys(Date.now() + IDEMPOTENCY_KEY_TTL_MS + 1000)) >= 3);
      const later = await store.createEntity(request.id, 'Another', 'k-ent');
      assert.notEqual(later.id, first.id, 'a forgotten key is a new request');
    });

    test('batches: a key again is a duplicate, with another body a conflict; a new key at a stored index replaces it', async () => {
      const { connection } = await fresh();
      assert.deepEqual(await store.submitBatch(connection, 'suppliers', 0, 'b0', null, rows(3, 'a')), { batchIndex: 0, accepted: 3, duplicate: false });
      assert.deepEqual(await store.submitBatch(connection, 'suppliers', 0, 'b0', null, rows(3, 'a')), { batchIndex: 0, accepted: 3, duplicate: true });
      assert.equal(await code(store.submitBatch(connection, 'suppliers', 0, 'b0', null, rows(2, 'a'))), 'idempotency_conflict');
      await store.submitBatch(connection, 'suppliers', 1, 'b1', null, rows(2, 'c'));
      await store.submitBatch(connection, 'suppliers', 0, 'b0-again', null, rows(1, 'z'));
      assert.deepEqual(
        (await store.acknowledged(connection.id, 'suppliers')).map((b) => [b.batchIndex, b.idempotencyKey, b.recordCount]),
        [
          [0, 'b0-again', 1],
          [1, 'b1', 2],
        ],
      );
      assert.deepEqual(
        (await collect(store.records(connection.requestId, 'suppliers'))).map((r) => r.data['supplierId']),
        ['z-0', 'c-0', 'c-1'],
      );
    });

    test('finalize: refuses a missing batch or a wrong count, drops batches past the total, closes the report', async () => {
      const { connection, request } = await fresh();
      await store.submitBatch(connection, 'suppliers', 0, 'f0', null, rows(2, 'a'));
      assert.equal(await code(store.finalizeReport(connection, 'suppliers', 2, 2)), 'conflict', 'a batch is missing');
      await store.submitBatch(connection, 'suppliers', 1, 'f1', null, rows(3, 'b'));
      await store.submitBatch(connection, 'suppliers', 2, 'f2', null, rows(1, 'c'));
      assert.equal(await code(store.finalizeReport(connection, 'suppliers', 2, 4)), 'conflict', 'the count does not add up');
      assert.match(await store.finalizeReport(connection, 'suppliers', 2, 5), /^\d{4}-/);
      assert.deepEqual(
        (await store.acknowledged(connection.id, 'suppliers')).map((b) => b.batchIndex),
        [0, 1],
        'batch 2 (past the total) dropped',
      );
      await store.submitBatch(connection, 'bills', 0, 'g0', null, [{ billNumber: 'x' }]);
      await store.finalizeReport(connection, 'bills', 1, 1);
      const [status] = await store.entityStatuses(request.id);
      assert.equal(status?.status, 'uploaded');
      assert.deepEqual(status?.counts, { suppliers: 5, bills: 1 });
    });

    test('exclusive uploads: a newer upload supersedes; the older is refused while the newer is live, and may come back after', async () => {
      const { connection } = await fresh();
      await store.submitBatch(connection, 'suppliers', 0, 'A0', 'A', rows(2, 'a'));
      await store.submitBatch(connection, 'suppliers', 0, 'B0', 'B', rows(3, 'b'));
      assert.equal(await code(store.submitBatch(connection, 'suppliers', 1, 'A1', 'A', rows(2, 'a'))), 'upload_superseded');
      assert.deepEqual(await store.acknowledged(connection.id, 'suppliers', 'A'), [], "A's batches went when B started");
      assert.equal(await code(store.finalizeReport(connection, 'suppliers', 1, 2, 'A')), 'upload_superseded');
      await store.finalizeReport(connection, 'suppliers', 1, 3, 'B');
      // B is finalized, so no longer live: A may take the report back (and B's rows go).
      await store.submitBatch(connection, 'suppliers', 0, 'A0', 'A', rows(2, 'a'));
      assert.deepEqual(
        (await store.acknowledged(connection.id, 'suppliers')).map((b) => b.idempotencyKey),
        ['A0'],
      );

      // An idle newer upload (its tab was closed) no longer holds the report.
      const quick = sibling({ uploadIdleMs: 0 });
      const second = (await fresh(quick)).connection;
      await quick.submitBatch(second, 'suppliers', 0, 'A0', 'A', rows(1, 'a'));
      await quick.submitBatch(second, 'suppliers', 0, 'B0', 'B', rows(1, 'b'));
      assert.equal(await code(quick.submitBatch(second, 'suppliers', 1, 'A1', 'A', rows(1, 'a'))), 'ok');
    });

    test('a finished request refuses every write; a pending authorization is cancelled and its waiters wake', async () => {
      const { request, entity, connection } = await fresh();
      const direct = await store.createConnection(request.id, { entityId: entity.id, integrationKey: 'sandbox-direct', kind: 'direct' });
      assert.equal(direct.status, 'pending');
      assert.ok(direct.oauthState);
      const waiting = store.connectionChanged(direct.id, new AbortController().signal);
      assert.deepEqual(await store.finishRequest(request.id), [direct.id]);
      await waiting;
      assert.deepEqual(await store.finishRequest(request.id), [], 'finishing again changes nothing');
      const cancelled = await store.getConnection(request.id, direct.id);
      assert.equal(cancelled.status, 'cancelled');
      assert.equal(await store.connectionByState(direct.oauthState), undefined, 'its state is spent');
      assert.equal(await code(store.createEntity(request.id, 'Late')), 'request_finished');
      assert.equal(await code(store.createConnection(request.id, { entityId: entity.id, integrationKey: 'x', kind: 'fileUpload' })), 'request_finished');
      assert.equal(await code(store.submitBatch(connection, 'suppliers', 0, 'late', null, rows(1, 'l'))), 'request_finished');
      assert.equal(await code(store.finalizeReport(connection, 'suppliers', 0, 0)), 'request_finished');
      assert.equal(
        await code(
          store.recordConsent(request.id, {
            entityId: entity.id,
            integrationKey: 'x',
            dataTypes: ['spendAnalysis'],
            text: 't',
            textHash: 'h',
            version: '1',
            locale: 'en',
            givenAt: new Date().toISOString(),
          }),
        ),
        'request_finished',
      );
    });

    test('a connection is settled once; its waiters wake, the state is spent', async () => {
      const { request, entity } = await fresh();
      const direct = await store.createConnection(request.id, { entityId: entity.id, integrationKey: 'sandbox-direct', kind: 'direct' });
      assert.equal((await store.connectionByState(direct.oauthState!))?.id, direct.id);
      const gone = new AbortController();
      const waiting = store.connectionChanged(direct.id, gone.signal);
      await store.settleConnection(direct.id, 'linked');
      await waiting;
      await store.settleConnection(direct.id, 'cancelled');
      assert.equal((await store.getConnection(request.id, direct.id)).status, 'linked', 'a second decision changes nothing');
      assert.equal(await store.connectionByState(direct.oauthState!), undefined);
      const aborted = new AbortController();
      const never = store.connectionChanged(direct.id, aborted.signal);
      aborted.abort(new Error('client left'));
      await assert.rejects(never, /client left/);
    });

    test('isolation: ids of another request answer not_found, and lists hold their own request only', async () => {
      const mine = await fresh();
      const theirs = await fresh();
      await store.submitBatch(theirs.connection, 'suppliers', 0, 'x', null, rows(2, 'theirs'));
      assert.equal(await code(store.getConnection(mine.request.id, theirs.connection.id)), 'not_found');
      assert.equal(await code(store.requireEntity(mine.request.id, theirs.entity.id)), 'not_found');
      assert.equal(await code(store.createConnection(mine.request.id, { entityId: theirs.entity.id, integrationKey: 'x', kind: 'fileUpload' })), 'not_found');
      assert.deepEqual(
        (await store.listEntities(mine.request.id)).map((e) => e.id),
        [mine.entity.id],
      );
      assert.deepEqual(await collect(store.records(mine.request.id, 'suppliers')), []);
      assert.deepEqual(
        (await store.entityStatuses(mine.request.id)).map((s) => s.entityId),
        [mine.entity.id],
      );
      assert.deepEqual(
        (await store.listRequests(mine.company.id)).map((r) => r.id),
        [mine.request.id],
      );
    });

    test('entity status follows the latest connection, and records come out in entity, batch and row order', async () => {
      const { request, entity, connection } = await fresh();
      const second = await store.createEntity(request.id, 'Second');
      assert.equal((await store.entityStatuses(request.id))[1]?.status, 'notStarted');
      const manual = await store.createConnection(request.id, { entityId: second.id, integrationKey: 'manual', kind: 'manual' });
      await store.submitBatch(manual, 'supplierSpend', 0, 'm0', null, rows(1, 'm'));
      await store.submitBatch(connection, 'suppliers', 1, 's1', null, rows(2, 'late'));
      await store.submitBatch(connection, 'suppliers', 0, 's0', null, rows(2, 'early'));
      assert.deepEqual(
        (await collect(store.records(request.id, 'suppliers'))).map((r) => `${r.entityName}:${String(r.data['supplierId'])}`),
        ['Acme France:early-0', 'Acme France:early-1', 'Acme France:late-0', 'Acme France:late-1'],
      );
      // A newer connection for the same entity is the one its status follows.
      await store.createConnection(request.id, { entityId: entity.id, integrationKey: 'sandbox-direct', kind: 'direct' });
      assert.deepEqual(
        (await store.entityStatuses(request.id)).map((s) => s.status),
        ['inProgress', 'inProgress'],
      );
    });

    test('concurrent writes behave as one at a time: one copy per key, one upload per report, nothing after finish', async () => {
      const { request, connection } = await fresh();
      const same = await Promise.all(Array.from({ length: 8 }, () => store.submitBatch(connection, 'suppliers', 0, 'same', null, rows(5, 'c'))));
      assert.equal(same.filter((r) => !r.duplicate).length, 1, 'one stored, the others duplicates');
      const racing = await Promise.all(
        ['P', 'Q', 'R', 'S'].flatMap((upload) =>
          [0, 1].map((index) => code(store.submitBatch(connection, 'bills', index, `${upload}${index}`, upload, rows(2, upload)))),
        ),
      );
      assert.ok(racing.includes('ok'));
      assert.ok(
        racing.every((outcome) => outcome === 'ok' || outcome === 'upload_superseded'),
        racing.join(),
      );
      const stored = await collect(store.records(request.id, 'bills'));
      assert.equal(new Set(stored.map((r) => String(r.data['supplierId']).split('-')[0])).size, 1, "the report holds one upload's rows");

      const entities = await Promise.all(Array.from({ length: 6 }, () => store.createEntity(request.id, 'Keyed', 'same-key')));
      assert.equal(new Set(entities.map((e) => e.id)).size, 1);

      const writes = Array.from({ length: 6 }, (_, i) => code(store.submitBatch(connection, 'suppliers', i + 1, `w${i}`, null, rows(1, 'w'))));
      const finishing = store.finishRequest(request.id);
      const outcomes = await Promise.all(writes);
      await finishing;
      const acked = (await store.acknowledged(connection.id, 'suppliers')).length - 1;
      assert.equal(acked, outcomes.filter((o) => o === 'ok').length, 'every write told ok is stored');
      assert.ok(
        outcomes.every((o) => o === 'ok' || o === 'request_finished'),
        outcomes.join(),
      );
      assert.equal(await code(store.submitBatch(connection, 'suppliers', 9, 'after', null, rows(1, 'x'))), 'request_finished');
    });

    test('rows and ids the routes pass along keep their types', async () => {
      const { connection } = await fresh();
      const receipt = await store.submitBatch(connection, 'suppliers', 0, 't0', null, rows(1, 't'));
      assert.equal(typeof receipt.accepted, 'number');
      const [ack] = await store.acknowledged(connection.id, 'suppliers');
      assert.equal(typeof ack?.recordCount, 'number');
      assert.equal(typeof ack?.batchIndex, 'number');
      const typed: ConnectionRow = await store.getConnection(connection.requestId, connection.id);
      assert.equal(typed.redirectUri, null);
    });

    test('several instances: a settle through one wakes the long-poll waiting on the other', async () => {
      const { request, entity } = await fresh();
      const direct = await store.createConnection(request.id, { entityId: entity.id, integrationKey: 'sandbox-direct', kind: 'direct' });
      const waiting = other.connectionChanged(direct.id, AbortSignal.timeout(5000));
      await store.settleConnection(direct.id, 'linked');
      await waiting;
      assert.equal((await other.getConnection(request.id, direct.id)).status, 'linked');
    });

    test('several instances: a due job runs once among callers at once, then waits out its interval', async () => {
      const at = Date.now();
      let runs = 0;
      const work = async () => {
        runs += 1;
        await new Promise((resolve) => setTimeout(resolve, 50));
        return 7;
      };
      const outcomes = await Promise.all([store, other, store, other].map((s) => s.runJob('contract-job', 60_000, work, at)));
      assert.equal(runs, 1, outcomes.join());
      assert.deepEqual(
        outcomes.filter((o) => o !== undefined),
        [7],
      );
      assert.equal(await other.runJob('contract-job', 60_000, work, at + 30_000), undefined, 'not due yet');
      assert.equal(await other.runJob('contract-job', 60_000, work, at + 60_000), 7, 'due again after its interval');
    });

    test('several instances: the sweep forgets sessions past their grace and portal failures past their window', async () => {
      const { company, request } = await fresh();
      const old = await store.createSession(company.id, request.id, 60);
      const { tokenHash } = (await store.resolveSession(old.token))!;
      await sql.run('UPDATE sessions SET expires_at = ? WHERE token_hash = ?', [Date.now() - 2 * 86_400_000, tokenHash]);
      await store.recordPortalFailure('sweep\nold', Date.now() - PORTAL_FAILURE_WINDOW_MS - 1000);
      const at = Date.now() + 10 * 60_000;
      const removed = await Promise.all([store.sweep(at), other.sweep(at)]);
      assert.equal(removed.filter((r) => r !== undefined).length, 1, 'one of the two ran it');
      assert.equal(await sql.get('SELECT 1 AS one FROM sessions WHERE token_hash = ?', [tokenHash]), undefined);
      assert.equal(await sql.get("SELECT 1 AS one FROM portal_failures WHERE key = 'sweep\nold'"), undefined);
    });

    test('several instances: portal lock-outs add up across instances, and a success clears them', async () => {
      const key = `203.0.113.9\nrm-${Math.random()}`;
      await Promise.all(Array.from({ length: PORTAL_FAILURE_LIMIT }, (_, i) => (i % 2 ? store : other).recordPortalFailure(key)));
      assert.equal(await store.portalLockedOut(key), true);
      assert.equal(await other.portalLockedOut(key), true);
      assert.equal(await other.portalLockedOut(key, Date.now() + PORTAL_FAILURE_WINDOW_MS + 1000), false, 'the window passed');
      await store.recordPortalFailure(key);
      await other.clearPortalFailures(key);
      assert.equal(await store.portalLockedOut(key), false);
    });

    test('outbox: an event and its deliveries are stored with the change; claims by two instances at once never overlap; a lease is checked', async () => {
      const { endpoint } = await store.createEndpoint({ url: 'https://receiver.example/hook', eventTypes: ['request.created', 'entity.created'] });
      const woken: string[] = [];
      other.onEvent = () => woken.push('other');
      const company = await store.createCompany('Outbox SA', null);
      const requests = await Promise.all(Array.from({ length: 6 }, () => store.createRequest(company.id, ['spendAnalysis'])));
      // On PostgreSQL the wake-up is a NOTIFY, delivered to the other instance's listening
      // connection after the commit: it arrives soon, not necessarily before this line.
      for (let waited = 0; woken.length === 0 && waited < 5_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
      assert.ok(woken.length > 0, "the other instance's worker was woken");
      other.onEvent = undefined;
      const at = Date.now() + 1000;
      const [mine, theirs] = await Promise.all([store.claimDeliveries(at, 60_000, 4), other.claimDeliveries(at, 60_000, 4)]);
      const ours = [...mine, ...theirs].filter((c) => c.endpointId === endpoint.id);
      assert.equal(new Set(ours.map((c) => c.id)).size, ours.length, 'no delivery claimed twice');
      assert.equal(ours.length, requests.length, 'every delivery claimed once');
      assert.deepEqual(new Set(ours.map((c) => c.event.data['requestId'])), new Set(requests.map((r) => r.id)));
      assert.ok(ours.every((c) => c.secrets.length === 1 && c.url === endpoint.url));
      const first = ours[0]!;
      assert.equal(
        await store.completeDelivery({ id: first.id, lease: first.lease + 1 }, { ok: true, statusCode: 200, error: null, latencyMs: 3 }, null),
        false,
        'not this lease',
      );
      assert.equal(await other.completeDelivery(first, { ok: true, statusCode: 200, error: null, latencyMs: 3 }, null), true);
      assert.equal((await store.getDelivery(first.id))?.status, 'succeeded');
      assert.deepEqual(
        (await store.deliveryAttempts(first.id)).map((a) => a.statusCode),
        [200],
      );
      await store.updateEndpoint(endpoint.id, { enabled: false });
    });

    test('outbox: a rule alerts once per subject, with its e-mail; e-mails are claimed once', async () => {
      const rule = await store.createRule({ kind: 'requestFinished', emails: ['rm@bank.example'] });
      const { request } = await fresh();
      await Promise.all([store.finishRequest(request.id), other.finishRequest(request.id)]);
      const alerts = (await store.listAlerts({ open: true })).filter((a) => a.ruleId === rule.id);
      assert.equal(alerts.length, 1);
      assert.equal(alerts[0]?.requestId, request.id);
      const at = Date.now() + 1000;
      const [a, b] = await Promise.all([store.claimEmails(at, 60_000, 50), other.claimEmails(at, 60_000, 50)]);
      const mails = [...a, ...b].filter((e) => e.requestId === request.id);
      assert.equal(mails.length, 1, 'one e-mail, claimed once');
      await store.completeEmail(mails[0]!, 'stored', null);
      assert.equal((await store.getEmail(mails[0]!.id))?.status, 'stored');
      await store.resolveAlert(alerts[0]!.id);
      await store.updateRule(rule.id, { enabled: false });
      const events = await store.listEvents({ requestId: request.id });
      assert.deepEqual(
        events.map((e) => e.type).filter((t) => t === 'request.finished'),
        ['request.finished'],
        'finished once, whichever instance',
      );
    });

    test('several instances: a secret is made once and shared', async () => {
      const [a, b] = await Promise.all([store.secret('contract-secret'), other.secret('contract-secret')]);
      assert.equal(a.length, 32);
      assert.deepEqual(a, b);
      assert.notDeepEqual(await store.secret('another-secret'), a);
    });

    test('environments: a company is in the sandbox unless said; its requests carry its environment; lists filter by it', async () => {
      const sandbox = await store.createCompany('Test SAS', null);
      const live = await store.createCompany('Live SAS', null, 'production');
      assert.equal(sandbox.environment, 'sandbox');
      assert.equal((await store.getCompany(live.id))?.environment, 'production');
      const request = await store.createRequest(live.id, ['spendAnalysis']);
      assert.equal(request.environment, 'production');
      assert.equal((await store.getRequest(request.id))?.environment, 'production');
      assert.deepEqual(
        (await store.listRequests(live.id)).map((r) => r.environment),
        ['production'],
      );
      const production = (await store.listCompanies('production')).map((c) => c.id);
      const sandboxes = (await store.listCompanies('sandbox')).map((c) => c.id);
      assert.ok(production.includes(live.id) && !production.includes(sandbox.id));
      assert.ok(sandboxes.includes(sandbox.id) && !sandboxes.includes(live.id));
      assert.ok((await store.listCompanies()).length >= production.length + sandboxes.length);
    });

    test('record pages: keyset pages in connection, batch and row order, the same rows as records(), bounded limit', async () => {
      const { request, entity, connection } = await fresh();
      await store.submitBatch(connection, 'bills', 1, 'p1', null, [{ billNumber: 'b1-0' }, { billNumber: 'b1-1' }]);
      await store.submitBatch(connection, 'bills', 0, 'p0', null, [{ billNumber: 'b0-0' }, { billNumber: 'b0-1' }, { billNumber: 'b0-2' }]);
      const second = await store.createConnection(request.id, { entityId: entity.id, integrationKey: 'sandbox-file-upload', kind: 'fileUpload' });
      await store.submitBatch(second, 'bills', 0, 'q0', null, [{ billNumber: 'c-0' }]);
      const seen: string[] = [];
      let cursor = null;
      let pages = 0;
      do {
        const page = await other.recordPage(request.id, entity.id, 'bills', cursor, 2);
        assert.ok(page.records.length <= 2);
        seen.push(...page.records.map((r) => String(r.data['billNumber'])));
        cursor = page.nextCursor;
        pages += 1;
      } while (cursor);
      assert.equal(pages, 3);
      const expected = (await collect(store.records(request.id, 'bills'))).map((r) => String(r.data['billNumber']));
      assert.deepEqual(seen, expected);
      // Within a connection, batch index then row: batch 0 before batch 1 though it was stored after.
      const first = seen.filter((b) => b !== 'c-0');
      assert.deepEqual(first, ['b0-0', 'b0-1', 'b0-2', 'b1-0', 'b1-1']);
      assert.equal((await store.recordPage(request.id, entity.id, 'bills', null, 1_000_000)).records.length, 6, 'a huge limit is capped, not refused');
      assert.deepEqual(await store.recordPage(request.id, entity.id, 'suppliers', null, 10), { records: [], nextCursor: null });
      const stranger = await fresh();
      assert.deepEqual((await store.recordPage(stranger.request.id, entity.id, 'bills', null, 10)).records, [], "another request's entity has no rows here");
    });

    test('record pages over many small batches, empty ones among them, ask for batches as often as a page needs', async () => {
      const { request, entity, connection } = await fresh();
      for (let i = 0; i < 45; i++) await store.submitBatch(connection, 'bills', i, `s${i}`, null, i % 3 === 2 ? [] : [{ billNumber: `n-${i}` }]);
      const all = await store.recordPage(request.id, entity.id, 'bills', null, 100);
      assert.equal(all.records.length, 30);
      assert.equal(all.nextCursor, null);
      const first = await store.recordPage(request.id, entity.id, 'bills', null, 25);
      assert.equal(first.records.length, 25);
      const rest = await store.recordPage(request.id, entity.id, 'bills', first.nextCursor, 25);
      assert.deepEqual([...first.records, ...rest.records], all.records);
      assert.equal(rest.nextCursor, null);
    });

    test('funnel: counts and medians per ISO week and integration, from rows with known times, one environment only', async () => {
      const env = `funnel-${Math.random().toString(36).slice(2)}`;
      const company = async (environment: 'sandbox' | 'production') => {
        const id = `cmp_${env}_${environment}`;
        await sql.run('INSERT INTO companies (id, name, environment, created_at) VALUES (?, ?, ?, ?)', [
          id,
          'Funnel SAS',
          environment,
          '2026-03-01T00:00:00.000Z',
        ]);
        return id;
      };
      const sandboxCompany = await company('sandbox');
      const liveCompany = await company('production');
      let n = 0;
      const at = (day: string, time: string) => `2026-03-${day}T${time}:00.000Z`;
      const request = async (
        companyId: string,
        times: {
          created: string;
          opened?: string;
          finished?: string;
          consent?: [string, string];
          linked?: [string, string];
          uploaded?: [string, string];
        },
      ) => {
        const id = `req_${env}_${++n}`;
        await sql.run('INSERT INTO data_requests (id, company_id, data_types, created_at, opened_at, finished_at) VALUES (?, ?, ?, ?, ?, ?)', [
          id,
          companyId,
          '["spendAnalysis"]',
          times.created,
          times.opened ?? null,
          times.finished ?? null,
        ]);
        const entityId = `ent_${env}_${n}`;
        await sql.run('INSERT INTO entities (id, request_id, name, created_at) VALUES (?, ?, ?, ?)', [entityId, id, 'E', times.created]);
        if (times.consent) {
          await sql.run(
            `INSERT INTO consents (request_id, entity_id, integration_key, data_types, text, text_hash, version, locale, given_at, received_at)
            VALUES (?, ?, ?, '["spendAnalysis"]', 't', 'h', '1', 'en', ?, ?)`,
            [id, entityId, times.consent[0], times.consent[1], times.consent[1]],
          );
        }
        if (times.linked) {
          await sql.run(
            `INSERT INTO connections (id, request_id, entity_id, integration_key, kind, status, created_at, updated_at)
            VALUES (?, ?, ?, ?, 'direct', 'linked', ?, ?)`,
            [`con_${env}_${n}`, id, entityId, times.linked[0], times.consent?.[1] ?? times.created, times.linked[1]],
          );
        }
        if (times.uploaded) {
          await sql.run(
            `INSERT INTO connections (id, request_id, entity_id, integration_key, kind, status, created_at, updated_at)
            VALUES (?, ?, ?, ?, 'fileUpload', 'linked', ?, ?)`,
            [`con_${env}_${n}`, id, entityId, times.uploaded[0], times.consent?.[1] ?? times.created, times.consent?.[1] ?? times.created],
          );
          await sql.run("INSERT INTO reports (connection_id, kind, total_batches, record_count, finalized_at) VALUES (?, 'bills', 1, 1, ?)", [
            `con_${env}_${n}`,
            times.uploaded[1],
          ]);
        }
      };
      // ISO week 2026-W10 starts on Monday 2 March 2026.
      await request(sandboxCompany, {
        created: at('02', '09:00'),
        opened: at('02', '10:00'),
        consent: ['xero', at('02', '10:30')],
        linked: ['xero', at('02', '11:00')],
        finished: at('02', '12:00'),
      });
      await request(sandboxCompany, {
        created: at('03', '09:00'),
        opened: at('03', '09:30'),
        consent: ['xero', at('03', '10:30')],
        linked: ['xero', at('03', '12:30')],
      });
      await request(sandboxCompany, {
        created: at('04', '09:00'),
        opened: at('04', '11:00'),
        consent: ['sandbox-file-upload', at('04', '11:10')],
        uploaded: ['sandbox-file-upload', at('04', '11:40')],
        finished: at('04', '12:40'),
      });
      await request(sandboxCompany, { created: at('08', '23:59') });
      await request(sandboxCompany, { created: at('09', '09:00'), opened: at('09', '09:15') }); // 2026-W11
      await request(sandboxCompany, { created: '2026-02-20T09:00:00.000Z', opened: '2026-02-20T10:00:00.000Z' }); // before `from`
      await request(liveCompany, { created: at('02', '09:00'), opened: at('02', '09:01'), consent: ['xero', at('02', '09:02')] });

      const funnel = await other.funnel('sandbox', { from: '2026-03-01T00:00:00.000Z', to: '2026-03-16T00:00:00.000Z' });
      // Other tests' requests are created now, far outside the window: only these rows count.
      assert.deepEqual(
        funnel.weeks.map((w) => [w.week, w.weekStart]),
        [
          ['2026-W11', '2026-03-09'],
          ['2026-W10', '2026-03-02'],
        ],
      );
      const [w11, w10] = funnel.weeks;
      const row = (counts: number[], medians: (number | null)[]) => ({
        counts: { created: counts[0], opened: counts[1], consented: counts[2], connected: counts[3], finished: counts[4] },
        medianSeconds: { createdToOpened: medians[0], openedToConsented: medians[1], consentedToConnected: medians[2], connectedToFinished: medians[3] },
      });
      assert.deepEqual(w10!.integrations, [
        { integrationKey: 'sandbox-file-upload', ...row([1, 1, 1, 1, 1], [7200, 600, 1800, 3600]) },
        { integrationKey: 'xero', ...row([2, 2, 2, 2, 1], [2700, 2700, 4500, 3600]) },
        { integrationKey: null, ...row([1, 0, 0, 0, 0], [null, null, null, null]) },
      ]);
      assert.deepEqual(w10!.total, { integrationKey: null, ...row([4, 3, 3, 3, 2], [3600, 1800, 1800, 3600]) });
      assert.deepEqual(w11!.total, { integrationKey: null, ...row([1, 1, 0, 0, 0], [900, null, null, null]) });

      const live = await store.funnel('production', { from: '2026-03-01T00:00:00.000Z', to: '2026-03-16T00:00:00.000Z' });
      assert.deepEqual(
        live.weeks.map((w) => [w.week, w.total.counts.created, w.total.medianSeconds.openedToConsented]),
        [['2026-W10', 1, 60]],
      );
    });

    test('portal accounts: users by e-mail (any case), sessions seen by every instance until they end or are deleted', async () => {
      const email = `Owner.${Date.now()}@Partner.example`;
      const user = await store.upsertPortalUser(email, 'admin', 'scrypt$hash');
      assert.equal(user.email, email.toLowerCase());
      assert.equal(user.active, true);
      const again = await other.upsertPortalUser(email.toUpperCase(), 'manager', 'scrypt$other');
      assert.equal(again.id, user.id, 'one account per address');
      assert.equal(again.role, 'manager');
      assert.equal((await store.portalCredentialOf(email))?.passwordHash, 'scrypt$other');
      const at = Date.now();
      const session = await store.createPortalSession(user.id, 60_000, at);
      const seen = await other.resolvePortalSession(session.token, at + 1000);
      assert.equal(seen?.user.id, user.id);
      assert.equal(seen?.csrfToken, session.csrfToken);
      assert.equal(await other.resolvePortalSession(session.token, at + 60_001), undefined, 'expired');
      assert.equal(await other.resolvePortalSession('not-a-token'), undefined);
      const stored = await sql.all<{ token_hash: string }>('SELECT token_hash FROM portal_sessions WHERE user_id = ?', [user.id]);
      assert.ok(stored.length === 1 && stored[0]!.token_hash !== session.token, 'only the hash is stored');
      await store.deletePortalSession(session.token);
      assert.equal(await other.resolvePortalSession(session.token, at + 1000), undefined, 'signed out everywhere');
    });

    test('portal invites: taken once even by two instances at once, and not after their end', async () => {
      const email = `invitee.${Date.now()}@partner.example`;
      const { token } = await store.createPortalInvite(email, 'viewer', null, 60_000);
      const listed = (await other.listPortalUsers()).find((u) => u.email === email);
      assert.equal(listed?.active, false, 'listed, not yet able to sign in');
      assert.equal((await other.peekPortalInvite(token))?.role, 'viewer');
      const [a, b] = await Promise.all([store.acceptPortalInvite(token, 'scrypt$a'), other.acceptPortalInvite(token, 'scrypt$b')]);
      assert.equal([a, b].filter(Boolean).length, 1, 'one wins');
      assert.equal((a ?? b)?.active, true);
      assert.equal(await store.peekPortalInvite(token), undefined, 'spent');
      const late = await store.createPortalInvite(`late.${email}`, 'manager', null, 1000, Date.now() - 5000);
      assert.equal(await store.acceptPortalInvite(late.token, 'scrypt$c'), undefined, 'expired');
      const renewed = await store.createPortalInvite(`late.${email}`, 'manager', null, 60_000);
      assert.equal(await store.peekPortalInvite(late.token), undefined, 'a new invite replaces the old one');
      assert.ok(await store.peekPortalInvite(renewed.token));
    });

    test("branding: saved fields, the logo's bytes and kind, cleared with null; every instance reads the same", async () => {
      const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255]);
      await store.saveBranding({
        partnerName: 'Northwind',
        primaryColor: '#0b5fff',
        defaultLocale: 'fr',
        logo: { type: 'image/png', bytes, width: 200, height: 50 },
      });
      const read = await other.getBranding();
      assert.equal(read.partnerName, 'Northwind');
      assert.equal(read.primaryColor, '#0b5fff');
      assert.equal(read.defaultLocale, 'fr');
      assert.deepEqual({ ...read.logo, hash: read.logo?.hash.length }, { type: 'image/png', width: 200, height: 50, hash: 16 });
      assert.deepEqual((await other.brandingLogo())?.bytes, bytes);
      await other.saveBranding({ partnerName: null });
      assert.equal((await store.getBranding()).primaryColor, '#0b5fff', 'a field not named is kept');
      await store.saveBranding({ logo: null, defaultLocale: 'en' });
      const cleared = await other.getBranding();
      assert.equal(cleared.partnerName, null);
      assert.equal(cleared.logo, null);
      assert.equal(await other.brandingLogo(), undefined);
    });
  });
}

describe('PostgreSQL only: the LISTEN connection', () => {
  const test = (name: string, fn: () => Promise<void>) => nodeTest(name, postgres.skip ? { skip: postgres.skip } : {}, fn);

  test('a listener whose connection is cut reconnects, wakes every waiter to re-read, and hears notifications again', async () => {
    const target = await postgres.cluster!.createDatabase();
    const { PostgresDatabase } = await import('../src/postgres.js');
    await openSqlDatabase(target).then((db) => db.close());
    const listening = await PostgresDatabase.open(target, { reconnectMs: 50 });
    const sender = await openSqlDatabase(target);
    try {
      const store = new Store(listening);
      const waiting = store.connectionChanged('con_somewhere', AbortSignal.timeout(10_000));
      // The server ends the LISTEN session, as a failover or a restart would.
      const cut = await sender.all<{ ok: boolean }>(
        "SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%' AND pid <> pg_backend_pid()",
      );
      assert.ok(cut.length >= 1 && cut.every((row) => row.ok));
      await waiting;
      const again = store.connectionChanged('con_later', AbortSignal.timeout(10_000));
      await sender.notify('connection', 'con_later');
      await again;
    } finally {
      await sender.close();
      await listening.close();
    }
  });
});
