/**
 * The storage the routes use (see storage.ts), on SQLite or PostgreSQL through the SqlDatabase
 * seam. Writes that SQLite's single writer used to serialize take row locks on PostgreSQL: the
 * request row (shared by writes, exclusive while finishing) and the connection row (one batch or
 * finalize of a connection at a time), so several instances behave as one.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { DataType, EntityStatus, ReportKind } from '@codat-link/core';
import type Database from 'better-sqlite3';
import { ApiError } from './errors.js';
import { IDEMPOTENCY_KEY_TTL_MS, PORTAL_FAILURE_LIMIT, PORTAL_FAILURE_WINDOW_MS } from './limits.js';
import { CONNECTION_TOPIC, RESYNC_TOPIC, SqliteDatabase, type SqlClient, type SqlDatabase } from './sql.js';
import type {
  AcknowledgedBatch, CompanyRow, ConnectionInput, ConnectionRow, ConsentInput, EntityRow, EntityStatusRow, ReceiptRow,
  RequestRow, SessionScope, Storage,
} from './storage.js';

export type {
  AcknowledgedBatch, CompanyRow, ConnectionInput, ConnectionRow, ConsentInput, EntityRow, EntityStatusRow, ReceiptRow,
  RequestRow, SessionScope, Storage,
} from './storage.js';

export const newId = (prefix: string): string => `${prefix}_${randomBytes(12).toString('base64url')}`;
export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
const now = (): string => new Date().toISOString();

const REQUEST_SELECT = `SELECT r.id, r.company_id AS "companyId", c.name AS "companyName", r.data_types AS "dataTypes",
  r.created_at AS "createdAt", r.finished_at AS "finishedAt" FROM data_requests r JOIN companies c ON c.id = r.company_id`;
const CONNECTION_COLUMNS = `id, request_id AS "requestId", entity_id AS "entityId", integration_key AS "integrationKey",
  kind, status, oauth_state AS "oauthState", redirect_uri AS "redirectUri", opener_origin AS "openerOrigin"`;
const CONNECTION_SELECT = `SELECT ${CONNECTION_COLUMNS} FROM connections`;
const ENTITY_COLUMNS = 'id, name, created_at AS "createdAt"';

type RawRequest = Omit<RequestRow, 'dataTypes'> & { dataTypes: string };
const toRequest = (row: RawRequest): RequestRow => ({ ...row, dataTypes: JSON.parse(row.dataTypes) as DataType[] });


/** Portal failure counts kept at most; past it the oldest go (a flood of invented accounts cannot fill the table). */
export const PORTAL_FAILURE_ENTRIES = 10_000;
/** How often the expiry sweep runs (on one instance at a time, see Store.sweep). */
export const SWEEP_INTERVAL_MS = 60_000;
/** Expired sessions are kept this long after they end, for investigating a fresh incident. */
const SESSION_GRACE_MS = 86_400_000;

/** Rows per multi-row INSERT on SQLite: 300 bound values, well under its limit of 32,766. */
const ROWS_PER_INSERT = 100;

/**
 * How long an upload counts as live after its last batch: while live, the upload it superseded
 * is refused; after, that one may take the report back (the newer tab was closed mid-way).
 */
export const UPLOAD_IDLE_MS = 2 * 60_000;

export interface StoreOptions {
  uploadIdleMs?: number;
}

export class Store implements Storage {
  readonly dialect: SqlDatabase['dialect'];
  private readonly uploadIdleMs: number;
  /** `FOR UPDATE` / `FOR SHARE` on PostgreSQL; SQLite's transactions hold the one write lock already. */
  private readonly forUpdate: string;
  private readonly forShare: string;
  /** The column that orders rows by insertion: SQLite's rowid, PostgreSQL's identity `seq`. */
  private readonly seq: string;
  /** Claims a job row no other instance holds, or none. */
  private readonly skipLocked: string;

  constructor(readonly sql: SqlDatabase, options: StoreOptions = {}) {
    this.uploadIdleMs = options.uploadIdleMs ?? UPLOAD_IDLE_MS;
    this.dialect = sql.dialect;
    const pg = sql.dialect === 'postgres';
    this.forUpdate = pg ? ' FOR UPDATE' : '';
    this.forShare = pg ? ' FOR SHARE' : '';
    this.seq = pg ? 'seq' : 'rowid';
    this.skipLocked = pg ? ' FOR UPDATE SKIP LOCKED' : '';
  }

  /** The better-sqlite3 handle, for tests and tools that read the file directly. SQLite only. */
  get db(): Database.Database {
    if (this.sql instanceof SqliteDatabase) return this.sql.raw;
    throw new Error('store.db is the SQLite handle; this store runs on PostgreSQL (use store.sql).');
  }

  close(): Promise<void> {
    return this.sql.close();
  }

  async createCompany(name: string, allowedIntegrations: string[] | null): Promise<CompanyRow> {
    const row = { id: newId('cmp'), name, allowedIntegrations, createdAt: now() };
    await this.sql.run('INSERT INTO companies (id, name, allowed_integrations, created_at) VALUES (?, ?, ?, ?)',
      [row.id, name, allowedIntegrations ? JSON.stringify(allowedIntegrations) : null, row.createdAt]);
    return row;
  }

  async listCompanies(): Promise<CompanyRow[]> {
    const rows = await this.sql.all<{ id: string; name: string; allowed: string | null; createdAt: string }>(
      'SELECT id, name, allowed_integrations AS allowed, created_at AS "createdAt" FROM companies ORDER BY created_at, id');
    return rows.map(({ allowed, ...rest }) => ({ ...rest, allowedIntegrations: allowed ? (JSON.parse(allowed) as string[]) : null }));
  }

  async getCompany(id: string): Promise<CompanyRow | undefined> {
    const row = await this.sql.get<{ id: string; name: string; allowed: string | null; createdAt: string }>(
      'SELECT id, name, allowed_integrations AS allowed, created_at AS "createdAt" FROM companies WHERE id = ?', [id]);
    if (!row) return undefined;
    const { allowed, ...rest } = row;
    return { ...rest, allowedIntegrations: allowed ? (JSON.parse(allowed) as string[]) : null };
  }

  async createRequest(companyId: string, dataTypes: DataType[]): Promise<RequestRow> {
    const company = await this.getCompany(companyId);
    if (!company) throw new ApiError('not_found');
    const unique = [...new Set(dataTypes)];
    const row: RequestRow = { id: newId('req'), companyId, companyName: company.name, dataTypes: unique, createdAt: now(), finishedAt: null };
    await this.sql.run('INSERT INTO data_requests (id, company_id, data_types, created_at) VALUES (?, ?, ?, ?)',
      [row.id, companyId, JSON.stringify(unique), row.createdAt]);
    return row;
  }

  async getRequest(id: string): Promise<RequestRow | undefined> {
    const row = await this.sql.get<RawRequest>(`${REQUEST_SELECT} WHERE r.id = ?`, [id]);
    return row && toRequest(row);
  }

  async listRequests(companyId: string): Promise<RequestRow[]> {
    const rows = await this.sql.all<RawRequest>(`${REQUEST_SELECT} WHERE r.company_id = ? ORDER BY r.created_at, r.id`, [companyId]);
    return rows.map(toRequest);
  }

  /**
   * Inside a write's transaction: the request exists and is not finished. On PostgreSQL the row is
   * locked (shared by concurrent writes, `exclusive` for keyed creates), so a finish waits for
   * writes in flight and no write lands after it.
   */
  private async writableIn(tx: SqlClient, requestId: string, exclusive = false): Promise<void> {
    const row = await tx.get<{ finishedAt: string | null }>(
      `SELECT finished_at AS "finishedAt" FROM data_requests WHERE id = ?${exclusive ? this.forUpdate : this.forShare}`, [requestId]);
    if (!row) throw new ApiError('not_found');
    if (row.finishedAt !== null) throw new ApiError('request_finished');
  }

  /**
   * Finishing makes the request read-only: from then on every write answers `request_finished`,
   * and an authorization still pending is cancelled (its state cleared, so the sandbox pages and
   * callback answer expired). Returns the connections cancelled; their long-polls wake on commit.
   */
  finishRequest(requestId: string): Promise<string[]> {
    return this.sql.transaction(async (tx) => {
      const at = now();
      await tx.run('UPDATE data_requests SET finished_at = COALESCE(finished_at, ?) WHERE id = ?', [at, requestId]);
      const pending = await tx.all<{ id: string }>(`SELECT id FROM connections WHERE request_id = ? AND status = 'pending'${this.forUpdate}`, [requestId]);
      await tx.run("UPDATE connections SET status = 'cancelled', oauth_state = NULL, updated_at = ? WHERE request_id = ? AND status = 'pending'",
        [at, requestId]);
      for (const { id } of pending) await tx.notify(CONNECTION_TOPIC, id);
      return pending.map((row) => row.id);
    });
  }

  /**
   * Only the token's hash is stored: a copy of the database does not hand out live sessions.
   * A session slides: each use extends it by its TTL, never past `maxLifetimeSeconds` after creation.
   */
  async createSession(companyId: string, requestId: string, ttlSeconds: number, maxLifetimeSeconds = 8 * 3600): Promise<{ token: string; expiresAt: string }> {
    const request = await this.getRequest(requestId);
    if (!request || request.companyId !== companyId) throw new ApiError('not_found');
    const token = `cls_${randomBytes(32).toString('base64url')}`;
    const created = Date.now();
    const expires = created + ttlSeconds * 1000;
    await this.sql.run(`INSERT INTO sessions (token_hash, company_id, request_id, expires_at, created_at, ttl_seconds, absolute_expires_at)
      VALUES (?, ?, ?, ?, ?, ?, ?)`,
    [sha256(token), companyId, requestId, expires, new Date(created).toISOString(), ttlSeconds,
      Math.max(expires, created + maxLifetimeSeconds * 1000)]);
    return { token, expiresAt: new Date(expires).toISOString() };
  }

  async resolveSession(token: string): Promise<SessionScope | undefined> {
    const tokenHash = sha256(token);
    const row = await this.sql.get<{ companyId: string; requestId: string; expiresAt: number; ttl: number; absoluteEnd: number | null }>(
      `SELECT company_id AS "companyId", request_id AS "requestId", expires_at AS "expiresAt", ttl_seconds AS ttl,
      absolute_expires_at AS "absoluteEnd" FROM sessions WHERE token_hash = ?`, [tokenHash]);
    const at = Date.now();
    if (!row || row.expiresAt <= at) return undefined;
    // Extending only once half the TTL is gone keeps writes off the hot path of an upload.
    if (row.expiresAt - at < (row.ttl * 1000) / 2) {
      const extended = Math.min(at + row.ttl * 1000, row.absoluteEnd ?? row.expiresAt);
      // Never shortens: another instance may have extended it further meanwhile.
      if (extended > row.expiresAt) await this.sql.run('UPDATE sessions SET expires_at = ? WHERE token_hash = ? AND expires_at < ?', [extended, tokenHash, extended]);
    }
    return { companyId: row.companyId, requestId: row.requestId, tokenHash };
  }

  /**
   * With an idempotency key, a retried create returns the entity the first attempt made; the same
   * key with another name (other than by case or surrounding spaces) is refused (`idempotency_conflict`, 422).
   */
  async createEntity(requestId: string, name: string, idempotencyKey?: string): Promise<EntityRow> {
    // The journey keys an entity by its name folded (a name typed again in other case is the same
    // entity): the body compared is the folded name, so that retry is no conflict.
    const bodyHash = idempotencyKey ? sha256(JSON.stringify({ name: name.normalize('NFC').trim().toLocaleLowerCase() })) : null;
    return this.sql.transaction(async (tx): Promise<EntityRow> => {
      await this.writableIn(tx, requestId, idempotencyKey !== undefined);
      if (idempotencyKey) {
        const seen = await tx.get<EntityRow & { bodyHash: string | null }>(
          `SELECT ${ENTITY_COLUMNS}, idempotency_body_hash AS "bodyHash" FROM entities WHERE request_id = ? AND idempotency_key = ?`,
          [requestId, idempotencyKey]);
        if (seen) {
          const { bodyHash: seenHash, ...entity } = seen;
          if (seenHash !== null && seenHash !== bodyHash) throw new ApiError('idempotency_conflict');
          return entity;
        }
      }
      const row: EntityRow = { id: newId('ent'), name, createdAt: now() };
      await tx.run('INSERT INTO entities (id, request_id, name, idempotency_key, idempotency_body_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)',
        [row.id, requestId, name, idempotencyKey ?? null, bodyHash, row.createdAt]);
      return row;
    });
  }

  /**
   * Forgets idempotency keys of entities, connections and consents older than IDEMPOTENCY_KEY_TTL_MS
   * (their resources stay): after that, the same key is a new request. Returns how many were forgotten.
   */
  async purgeIdempotencyKeys(at: number = Date.now(), client: SqlClient = this.sql): Promise<number> {
    const before = new Date(at - IDEMPOTENCY_KEY_TTL_MS).toISOString();
    let forgotten = 0;
    forgotten += (await client.run(`UPDATE entities SET idempotency_key = NULL, idempotency_body_hash = NULL
      WHERE idempotency_key IS NOT NULL AND created_at < ?`, [before])).changes;
    forgotten += (await client.run(`UPDATE connections SET idempotency_key = NULL, idempotency_body_hash = NULL
      WHERE idempotency_key IS NOT NULL AND created_at < ?`, [before])).changes;
    forgotten += (await client.run(`UPDATE consents SET idempotency_key = NULL, idempotency_body_hash = NULL
      WHERE idempotency_key IS NOT NULL AND received_at < ?`, [before])).changes;
    return forgotten;
  }

  /**
   * Runs background job `name` if it is due and no other instance holds it, then makes it due
   * again in `everyMs`. The job's row is claimed with `FOR UPDATE SKIP LOCKED` on PostgreSQL:
   * of several instances sweeping at once, one runs it, the others skip it. Returns what `work`
   * returned, or undefined when the job was not due or was taken.
   */
  async runJob(name: string, everyMs: number, work: (tx: SqlClient, at: number) => Promise<number>, at: number = Date.now()): Promise<number | undefined> {
    await this.sql.run('INSERT INTO jobs (name, next_run_at) VALUES (?, 0) ON CONFLICT (name) DO NOTHING', [name]);
    return this.sql.transaction(async (tx) => {
      const due = await tx.get(`SELECT name FROM jobs WHERE name = ? AND next_run_at <= ?${this.skipLocked}`, [name, at]);
      if (!due) return undefined;
      const result = await work(tx, at);
      await tx.run('UPDATE jobs SET next_run_at = ?, last_run_at = ?, last_result = ? WHERE name = ?', [at + everyMs, at, result, name]);
      return result;
    });
  }

  /**
   * The expiry sweep: sessions a day past their end, idempotency keys past their TTL, portal
   * failure counts past their window. Every instance calls it now and then; one runs it.
   */
  sweep(at: number = Date.now()): Promise<number | undefined> {
    return this.runJob('expiry-sweep', SWEEP_INTERVAL_MS, async (tx) => {
      let removed = (await tx.run('DELETE FROM sessions WHERE expires_at < ?', [at - SESSION_GRACE_MS])).changes;
      removed += await this.purgeIdempotencyKeys(at, tx);
      removed += (await tx.run('DELETE FROM portal_failures WHERE since < ?', [at - PORTAL_FAILURE_WINDOW_MS])).changes;
      return removed;
    }, at);
  }

  /**
   * Sweeps at once, then every `intervalMs` (unref'd: it never holds the process open).
   * Returns the function that stops it. A failed sweep is reported to `onError` and tried again later.
   */
  startSweeps(intervalMs: number = SWEEP_INTERVAL_MS, onError: (error: unknown) => void = () => undefined): () => void {
    let running: Promise<unknown> | undefined;
    const tick = () => {
      running ??= this.sweep().catch(onError).finally(() => (running = undefined));
    };
    tick();
    const timer = setInterval(tick, intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  /** Whether `key` (account and address) has used up its wrong guesses; an old count is forgotten. */
  async portalLockedOut(key: string, at: number = Date.now()): Promise<boolean> {
    const row = await this.sql.get<{ count: number; since: number }>('SELECT count, since FROM portal_failures WHERE key = ?', [key]);
    if (!row) return false;
    if (at - row.since > PORTAL_FAILURE_WINDOW_MS) {
      await this.sql.run('DELETE FROM portal_failures WHERE key = ? AND since = ?', [key, row.since]);
      return false;
    }
    return row.count >= PORTAL_FAILURE_LIMIT;
  }

  /** One more wrong guess for `key`, counted atomically whichever instance got it; the oldest counts go past PORTAL_FAILURE_ENTRIES. */
  async recordPortalFailure(key: string, at: number = Date.now()): Promise<void> {
    await this.sql.run(`INSERT INTO portal_failures (key, count, since, updated_at) VALUES (?, 1, ?, ?)
      ON CONFLICT (key) DO UPDATE SET count = portal_failures.count + 1, updated_at = excluded.updated_at`, [key, at, at]);
    await this.sql.run(`DELETE FROM portal_failures WHERE key IN
      (SELECT key FROM portal_failures ORDER BY updated_at DESC, key LIMIT 1000000000 OFFSET ?)`, [PORTAL_FAILURE_ENTRIES]);
  }

  /** A right credential clears its pair's count. */
  async clearPortalFailures(key: string): Promise<void> {
    await this.sql.run('DELETE FROM portal_failures WHERE key = ?', [key]);
  }

  /**
   * A random secret called `name`, made once and shared by every instance on the database (so a
   * code one instance signs, another can check).
   */
  async secret(name: string): Promise<Buffer> {
    await this.sql.run('INSERT INTO server_secrets (name, value, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING',
      [name, randomBytes(32).toString('base64'), now()]);
    const row = await this.sql.get<{ value: string }>('SELECT value FROM server_secrets WHERE name = ?', [name]);
    return Buffer.from(row!.value, 'base64');
  }

  listEntities(requestId: string): Promise<EntityRow[]> {
    return this.sql.all<EntityRow>(`SELECT ${ENTITY_COLUMNS} FROM entities WHERE request_id = ? ORDER BY created_at, ${this.seq}`, [requestId]);
  }

  async requireEntity(requestId: string, entityId: string, client: SqlClient = this.sql): Promise<EntityRow> {
    const row = await client.get<EntityRow>(`SELECT ${ENTITY_COLUMNS} FROM entities WHERE id = ? AND request_id = ?`, [entityId, requestId]);
    if (!row) throw new ApiError('not_found');
    return row;
  }

  /** `check` runs only for a consent not recorded yet: a retry minutes later is still the same record. */
  async recordConsent(
    requestId: string, consent: ConsentInput, check?: (consent: ConsentInput) => void, idempotencyKey?: string,
  ): Promise<{ id: number; receivedAt: string }> {
    await this.requireEntity(requestId, consent.entityId);
    const bodyHash = idempotencyKey ? sha256(JSON.stringify(consent)) : null;
    return this.sql.transaction(async (tx) => {
      await this.writableIn(tx, requestId, true);
      if (idempotencyKey) {
        const keyed = await tx.get<{ id: number; receivedAt: string; bodyHash: string | null }>(
          'SELECT id, received_at AS "receivedAt", idempotency_body_hash AS "bodyHash" FROM consents WHERE request_id = ? AND idempotency_key = ?',
          [requestId, idempotencyKey]);
        if (keyed) {
          if (keyed.bodyHash !== null && keyed.bodyHash !== bodyHash) throw new ApiError('idempotency_conflict');
          return { id: keyed.id, receivedAt: keyed.receivedAt };
        }
      }
      // A retried post of the same consent is the same record, not a second one.
      const seen = await tx.get<{ id: number; receivedAt: string }>(
        `SELECT id, received_at AS "receivedAt" FROM consents WHERE request_id = ? AND entity_id = ? AND integration_key = ?
        AND text_hash = ? AND given_at = ?`,
        [requestId, consent.entityId, consent.integrationKey, consent.textHash, consent.givenAt]);
      if (seen) return seen;
      check?.(consent);
      const receivedAt = now();
      const inserted = await tx.get<{ id: number }>(`INSERT INTO consents (request_id, entity_id, integration_key, data_types, text, text_hash,
        version, locale, given_at, received_at, idempotency_key, idempotency_body_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
      [requestId, consent.entityId, consent.integrationKey, JSON.stringify(consent.dataTypes), consent.text,
        consent.textHash, consent.version, consent.locale, consent.givenAt, receivedAt, idempotencyKey ?? null, bodyHash]);
      return { id: Number(inserted!.id), receivedAt };
    });
  }

  /** The latest consent of each entity of a request, for the portal. */
  async latestConsents(requestId: string): Promise<Map<string, { version: string; locale: string; givenAt: string }>> {
    const rows = await this.sql.all<{ entityId: string; version: string; locale: string; givenAt: string }>(
      'SELECT entity_id AS "entityId", version, locale, given_at AS "givenAt" FROM consents WHERE request_id = ? ORDER BY id', [requestId]);
    return new Map(rows.map(({ entityId, ...consent }) => [entityId, consent]));
  }

  async createConnection(requestId: string, input: ConnectionInput): Promise<ConnectionRow> {
    await this.requireEntity(requestId, input.entityId);
    const { idempotencyKey, ...body } = input;
    const bodyHash = idempotencyKey ? sha256(JSON.stringify(body)) : null;
    return this.sql.transaction(async (tx) => {
      await this.writableIn(tx, requestId, idempotencyKey !== undefined);
      if (idempotencyKey) {
        const seen = await tx.get<ConnectionRow & { bodyHash: string | null }>(
          `SELECT ${CONNECTION_COLUMNS}, idempotency_body_hash AS "bodyHash" FROM connections WHERE request_id = ? AND idempotency_key = ?`,
          [requestId, idempotencyKey]);
        if (seen) {
          const { bodyHash: seenHash, ...connection } = seen;
          if (seenHash !== null && seenHash !== bodyHash) throw new ApiError('idempotency_conflict');
          return connection;
        }
      }
      const direct = input.kind === 'direct';
      const row: ConnectionRow = {
        id: newId('con'), requestId, entityId: input.entityId, integrationKey: input.integrationKey, kind: input.kind,
        status: direct ? 'pending' : 'linked', oauthState: direct ? randomBytes(24).toString('base64url') : null,
        redirectUri: input.redirectUri ?? null, openerOrigin: input.openerOrigin ?? null,
      };
      const at = now();
      await tx.run(`INSERT INTO connections (id, request_id, entity_id, integration_key, kind, status, oauth_state, redirect_uri,
        opener_origin, idempotency_key, idempotency_body_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [row.id, requestId, row.entityId, row.integrationKey, row.kind, row.status, row.oauthState, row.redirectUri,
        row.openerOrigin, idempotencyKey ?? null, bodyHash, at, at]);
      return row;
    });
  }

  async getConnection(requestId: string, connectionId: string): Promise<ConnectionRow> {
    const row = await this.sql.get<ConnectionRow>(`${CONNECTION_SELECT} WHERE id = ? AND request_id = ?`, [connectionId, requestId]);
    if (!row) throw new ApiError('not_found');
    return row;
  }

  connectionByState(state: string): Promise<ConnectionRow | undefined> {
    return this.sql.get<ConnectionRow>(`${CONNECTION_SELECT} WHERE oauth_state = ?`, [state]);
  }

  /** A state is good for one decision: clearing it makes a replayed callback a 404. */
  settleConnection(connectionId: string, status: 'linked' | 'cancelled' | 'failed'): Promise<void> {
    return this.sql.transaction(async (tx) => {
      const { changes } = await tx.run("UPDATE connections SET status = ?, oauth_state = NULL, updated_at = ? WHERE id = ? AND status = 'pending'",
        [status, now(), connectionId]);
      if (changes > 0) await tx.notify(CONNECTION_TOPIC, connectionId);
    });
  }

  connectionChanged(connectionId: string, signal: AbortSignal): Promise<void> {
    const events = this.sql.events;
    return new Promise<void>((resolve, reject) => {
      const done = (error?: unknown) => {
        events.off(CONNECTION_TOPIC, onConnection);
        events.off(RESYNC_TOPIC, onResync);
        signal.removeEventListener('abort', onAbort);
        if (error === undefined) resolve();
        else reject(error);
      };
      const onConnection = (id: string) => {
        if (id === connectionId) done();
      };
      const onResync = () => done();
      const onAbort = () => done(signal.reason ?? new Error('aborted'));
      if (signal.aborted) return onAbort();
      events.on(CONNECTION_TOPIC, onConnection);
      events.on(RESYNC_TOPIC, onResync);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  /**
   * Stores one batch. A report has one current upload: a batch of another upload id supersedes it
   * (its batches are dropped in the same transaction), and the superseded upload is refused with
   * `upload_superseded` for as long as the one that replaced it is live (not finalized, and sent a
   * batch in the last `UPLOAD_IDLE_MS`). So two tabs uploading at once cannot mix their files, nor
   * take turns wiping each other's batches. Without an upload id a batch belongs to the unnamed upload.
   */
  async submitBatch(
    connection: ConnectionRow, kind: ReportKind, batchIndex: number, key: string, uploadId: string | null,
    records: Record<string, unknown>[],
  ): Promise<ReceiptRow> {
    // Each record is serialized once: the same text is hashed (to spot a reused key) and stored.
    const rows = records.map((record) => JSON.stringify(record));
    const hash = createHash('sha256').update(`${kind}\n${batchIndex}`);
    for (const row of rows) hash.update('\n').update(row);
    const bodyHash = hash.digest('hex');
    const upload = uploadId ?? '';
    return this.sql.transaction(async (tx): Promise<ReceiptRow> => {
      await this.lockConnection(tx, connection.requestId, connection.id);
      await this.claimUpload(tx, connection.id, kind, upload);
      const seen = await tx.get<{ batchIndex: number; accepted: number; bodyHash: string }>(
        `SELECT batch_index AS "batchIndex", record_count AS accepted, body_hash AS "bodyHash" FROM batches
          WHERE connection_id = ? AND kind = ? AND idempotency_key = ? AND superseded = 0`, [connection.id, kind, key]);
      if (seen) {
        if (seen.bodyHash !== bodyHash) throw new ApiError('idempotency_conflict');
        return { batchIndex: seen.batchIndex, accepted: seen.accepted, duplicate: true };
      }
      // A new key at a stored index of the same upload replaces that batch.
      const live = await tx.get<{ id: number }>('SELECT id FROM batches WHERE connection_id = ? AND kind = ? AND batch_index = ? AND superseded = 0',
        [connection.id, kind, batchIndex]);
      if (live) await this.dropBatch(tx, live.id);
      // Databases from before migration 3 kept superseded rows (records gone); their key is free again.
      await tx.run('DELETE FROM batches WHERE connection_id = ? AND kind = ? AND idempotency_key = ? AND superseded = 1', [connection.id, kind, key]);
      await tx.run('DELETE FROM reports WHERE connection_id = ? AND kind = ?', [connection.id, kind]);
      const inserted = await tx.get<{ id: number }>(`INSERT INTO batches (connection_id, kind, batch_index, idempotency_key, upload_id, body_hash,
        record_count, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
      [connection.id, kind, batchIndex, key, uploadId, bodyHash, records.length, now()]);
      await this.insertRecords(tx, Number(inserted!.id), rows);
      return { batchIndex, accepted: records.length, duplicate: false };
    });
  }

  /**
   * Inside a batch's or finalize's transaction: the request is still writable, and on PostgreSQL
   * the connection row is locked, so batches of one connection are stored one at a time, whichever
   * instance they reach (SQLite's single writer did this before).
   */
  private async lockConnection(tx: SqlClient, requestId: string, connectionId: string): Promise<void> {
    await this.writableIn(tx, requestId);
    if (this.forUpdate) await tx.get(`SELECT id FROM connections WHERE id = ?${this.forUpdate}`, [connectionId]);
  }

  /**
   * SQLite: one statement per ROWS_PER_INSERT rows, prepared once per row count and kept (its
   * per-statement cost, not the bytes, dominates row-by-row inserts). PostgreSQL: the whole batch
   * in one statement, its rows passed as one text array.
   */
  private async insertRecords(tx: SqlClient, batchId: number, rows: readonly string[]): Promise<void> {
    if (rows.length === 0) return;
    if (tx.dialect === 'postgres') {
      await tx.run(`INSERT INTO records (batch_id, row_index, data)
        SELECT ?::bigint, t.ord - 1, t.data FROM unnest(?::text[]) WITH ORDINALITY AS t(data, ord)`, [batchId, rows]);
      return;
    }
    for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
      const count = Math.min(ROWS_PER_INSERT, rows.length - start);
      const values: (number | string)[] = new Array<number | string>(count * 3);
      for (let i = 0; i < count; i++) {
        values[i * 3] = batchId;
        values[i * 3 + 1] = start + i;
        values[i * 3 + 2] = rows[start + i]!;
      }
      await tx.run(`INSERT INTO records (batch_id, row_index, data) VALUES ${'(?, ?, ?), '.repeat(count - 1)}(?, ?, ?)`, values);
    }
  }

  /** A dropped batch leaves no row behind: its key may be sent again by a later upload of the same file. */
  private async dropBatch(tx: SqlClient, batchId: number): Promise<void> {
    await tx.run('DELETE FROM records WHERE batch_id = ?', [batchId]);
    await tx.run('DELETE FROM batches WHERE id = ?', [batchId]);
  }

  /** Makes `upload` the current upload of the report, or refuses it (see submitBatch). Inside a transaction. */
  private async claimUpload(tx: SqlClient, connectionId: string, kind: ReportKind, upload: string): Promise<void> {
    const at = Date.now();
    const current = await tx.get<{ uploadId: string; lastBatchAt: number }>(
      `SELECT upload_id AS "uploadId", last_batch_at AS "lastBatchAt" FROM uploads WHERE connection_id = ? AND kind = ? AND state = 'current'${this.forUpdate}`,
      [connectionId, kind]);
    if (current?.uploadId === upload) {
      await tx.run('UPDATE uploads SET last_batch_at = ? WHERE connection_id = ? AND kind = ? AND upload_id = ?', [at, connectionId, kind, upload]);
      return;
    }
    if (current) {
      const mine = await tx.get<{ state: string }>('SELECT state FROM uploads WHERE connection_id = ? AND kind = ? AND upload_id = ?',
        [connectionId, kind, upload]);
      const finalized = (await tx.get('SELECT 1 AS one FROM reports WHERE connection_id = ? AND kind = ?', [connectionId, kind])) !== undefined;
      const live = !finalized && at - current.lastBatchAt < this.uploadIdleMs;
      if (mine?.state === 'superseded' && live) throw new ApiError('upload_superseded');
      await tx.run("UPDATE uploads SET state = 'superseded' WHERE connection_id = ? AND kind = ? AND state = 'current'", [connectionId, kind]);
    }
    // Whatever another upload left (or, in a database from before uploads were tracked, any batch
    // of another upload id) goes: the report holds one upload's batches only.
    const others = await tx.all<{ id: number }>(
      "SELECT id FROM batches WHERE connection_id = ? AND kind = ? AND superseded = 0 AND COALESCE(upload_id, '') <> ?", [connectionId, kind, upload]);
    for (const { id } of others) await this.dropBatch(tx, id);
    await tx.run('DELETE FROM reports WHERE connection_id = ? AND kind = ?', [connectionId, kind]);
    await tx.run(`INSERT INTO uploads (connection_id, kind, upload_id, state, last_batch_at) VALUES (?, ?, ?, 'current', ?)
      ON CONFLICT (connection_id, kind, upload_id) DO UPDATE SET state = 'current', last_batch_at = excluded.last_batch_at`,
    [connectionId, kind, upload, at]);
  }

  /** With an upload id, only that upload's batches count: another file for the same report starts over. */
  acknowledged(connectionId: string, kind: ReportKind, uploadId?: string): Promise<AcknowledgedBatch[]> {
    return this.sql.all<AcknowledgedBatch>(
      `SELECT batch_index AS "batchIndex", idempotency_key AS "idempotencyKey", record_count AS "recordCount" FROM batches
        WHERE connection_id = ? AND kind = ? AND superseded = 0 AND (CAST(? AS TEXT) IS NULL OR upload_id = ?) ORDER BY batch_index`,
      [connectionId, kind, uploadId ?? null, uploadId ?? null]);
  }

  /**
   * Refuses a report with a missing batch or a count that does not add up: nothing is half-received.
   * With an upload id, every stored batch must belong to that upload, and it must be the current
   * one (else `upload_superseded`): a finalize never vouches for another upload's rows.
   */
  finalizeReport(connection: ConnectionRow, kind: ReportKind, totalBatches: number, recordCount: number, uploadId?: string): Promise<string> {
    const connectionId = connection.id;
    return this.sql.transaction(async (tx) => {
      await this.lockConnection(tx, connection.requestId, connectionId);
      const current = await tx.get<{ uploadId: string }>(
        `SELECT upload_id AS "uploadId" FROM uploads WHERE connection_id = ? AND kind = ? AND state = 'current'`, [connectionId, kind]);
      if (uploadId !== undefined && current !== undefined && current.uploadId !== uploadId) throw new ApiError('upload_superseded');
      const stale = await tx.all<{ id: number }>('SELECT id FROM batches WHERE connection_id = ? AND kind = ? AND superseded = 0 AND batch_index >= ?',
        [connectionId, kind, totalBatches]);
      for (const { id } of stale) await this.dropBatch(tx, id);
      const uploads = await tx.all<{ uploadId: string }>(
        `SELECT DISTINCT COALESCE(upload_id, '') AS "uploadId" FROM batches WHERE connection_id = ? AND kind = ? AND superseded = 0`,
        [connectionId, kind]);
      if (uploads.length > 1 || (uploadId !== undefined && uploads.some((u) => u.uploadId !== uploadId))) {
        throw new ApiError('upload_superseded');
      }
      const sum = (await tx.get<{ batches: number; records: number }>(
        'SELECT COUNT(*) AS batches, COALESCE(SUM(record_count), 0) AS records FROM batches WHERE connection_id = ? AND kind = ? AND superseded = 0',
        [connectionId, kind]))!;
      if (Number(sum.batches) !== totalBatches || Number(sum.records) !== recordCount) {
        throw new ApiError('conflict', undefined, `Received ${sum.batches} batches and ${sum.records} records; expected ${totalBatches} and ${recordCount}.`);
      }
      const at = now();
      await tx.run(`INSERT INTO reports (connection_id, kind, total_batches, record_count, finalized_at) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (connection_id, kind) DO UPDATE SET total_batches = excluded.total_batches, record_count = excluded.record_count,
        finalized_at = excluded.finalized_at`,
      [connectionId, kind, totalBatches, recordCount, at]);
      return at;
    });
  }

  async entityStatuses(requestId: string): Promise<EntityStatusRow[]> {
    const finished = (await this.getRequest(requestId))?.finishedAt != null;
    const entities = await this.listEntities(requestId);
    const statuses: EntityStatusRow[] = [];
    for (const entity of entities) {
      const connection = await this.sql.get<ConnectionRow>(
        `${CONNECTION_SELECT} WHERE entity_id = ? AND request_id = ? ORDER BY ${this.seq} DESC LIMIT 1`, [entity.id, requestId]);
      if (!connection) {
        statuses.push({ entityId: entity.id, name: entity.name, status: 'notStarted', counts: {} });
        continue;
      }
      const counts: Partial<Record<ReportKind, number>> = {};
      const rows = await this.sql.all<{ kind: ReportKind; n: number }>(
        'SELECT kind, SUM(record_count) AS n FROM batches WHERE connection_id = ? AND superseded = 0 GROUP BY kind', [connection.id]);
      for (const row of rows) counts[row.kind] = Number(row.n);
      const finalized = new Set((await this.sql.all<{ kind: ReportKind }>('SELECT kind FROM reports WHERE connection_id = ?', [connection.id])).map((r) => r.kind));
      const status = statusOf(connection, finalized, finished);
      statuses.push({ entityId: entity.id, name: entity.name, status, integrationKey: connection.integrationKey, connectionKind: connection.kind, counts });
    }
    return statuses;
  }

  /** Received records of one kind, oldest first, with their entity, for the portal's CSV: one batch in memory at a time. */
  async *records(requestId: string, kind: ReportKind): AsyncGenerator<{ entityName: string; data: Record<string, unknown> }> {
    const batches = await this.sql.all<{ id: number; entityName: string }>(`SELECT b.id, e.name AS "entityName" FROM batches b
      JOIN connections c ON c.id = b.connection_id JOIN entities e ON e.id = c.entity_id
      WHERE c.request_id = ? AND b.kind = ? AND b.superseded = 0 ORDER BY e.created_at, e.${this.seq}, b.connection_id, b.batch_index`,
    [requestId, kind]);
    for (const batch of batches) {
      const rows = await this.sql.all<{ data: string }>('SELECT data FROM records WHERE batch_id = ? ORDER BY row_index', [batch.id]);
      for (const row of rows) yield { entityName: batch.entityName, data: JSON.parse(row.data) as Record<string, unknown> };
    }
  }
}

function statusOf(connection: ConnectionRow, finalized: Set<ReportKind>, finished: boolean): EntityStatus {
  if (connection.status === 'failed' || connection.status === 'cancelled') return 'failed';
  if (connection.status === 'pending') return 'inProgress';
  let done: boolean;
  if (connection.kind === 'direct') done = true;
  else if (connection.kind === 'manual') done = finalized.has('supplierSpend');
  else done = finalized.has('suppliers') && finalized.has('bills');
  if (!done) return 'inProgress';
  if (finished) return 'complete';
  return connection.kind === 'direct' ? 'connected' : 'uploaded';
}

