/**
 * Storage: every query that reads or writes a customer's data takes the session's request id,
 * so a lookup by id alone can never reach another company's rows.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { ConnectionKind, DataType, EntityStatus, ReportKind } from '@codat-link/core';
import type Database from 'better-sqlite3';
import type { Db } from './db.js';
import { ApiError } from './errors.js';
import { IDEMPOTENCY_KEY_TTL_MS } from './limits.js';

export const newId = (prefix: string): string => `${prefix}_${randomBytes(12).toString('base64url')}`;
export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
const now = (): string => new Date().toISOString();

export interface CompanyRow { id: string; name: string; allowedIntegrations: string[] | null; createdAt: string }
export interface RequestRow {
  id: string; companyId: string; companyName: string; dataTypes: DataType[]; createdAt: string; finishedAt: string | null;
}
export interface EntityRow { id: string; name: string; createdAt: string }
export interface ConnectionRow {
  id: string; requestId: string; entityId: string; integrationKey: string; kind: ConnectionKind;
  status: 'pending' | 'linked' | 'failed' | 'cancelled'; oauthState: string | null;
  redirectUri: string | null; openerOrigin: string | null;
}
export interface ConsentInput {
  entityId: string; integrationKey: string; dataTypes: DataType[]; text: string; textHash: string;
  version: string; locale: string; givenAt: string;
}
export interface SessionScope { companyId: string; requestId: string; tokenHash: string }
export interface ReceiptRow { batchIndex: number; accepted: number; duplicate: boolean }

const REQUEST_SELECT = `SELECT r.id, r.company_id AS companyId, c.name AS companyName, r.data_types AS dataTypes,
  r.created_at AS createdAt, r.finished_at AS finishedAt FROM data_requests r JOIN companies c ON c.id = r.company_id`;
const CONNECTION_SELECT = `SELECT id, request_id AS requestId, entity_id AS entityId, integration_key AS integrationKey,
  kind, status, oauth_state AS oauthState, redirect_uri AS redirectUri, opener_origin AS openerOrigin FROM connections`;

type RawRequest = Omit<RequestRow, 'dataTypes'> & { dataTypes: string };
const toRequest = (row: RawRequest): RequestRow => ({ ...row, dataTypes: JSON.parse(row.dataTypes) as DataType[] });

/**
 * How long an upload counts as live after its last batch: while live, the upload it superseded
 * is refused; after, that one may take the report back (the newer tab was closed mid-way).
 */
export const UPLOAD_IDLE_MS = 2 * 60_000;

export interface StoreOptions {
  uploadIdleMs?: number;
}

/** Rows per multi-row INSERT: 300 bound values, well under SQLite's limit of 32,766. */
const ROWS_PER_INSERT = 100;

export class Store {
  readonly #statements = new Map<string, Database.Statement>();
  private readonly uploadIdleMs: number;
  constructor(readonly db: Db, options: StoreOptions = {}) {
    this.uploadIdleMs = options.uploadIdleMs ?? UPLOAD_IDLE_MS;
  }

  /** Prepared once per SQL text: preparing on every call showed up in the ingest profile. */
  private sql(text: string): Database.Statement {
    let statement = this.#statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.#statements.set(text, statement);
    }
    return statement;
  }

  createCompany(name: string, allowedIntegrations: string[] | null): CompanyRow {
    const row = { id: newId('cmp'), name, allowedIntegrations, createdAt: now() };
    this
      .sql('INSERT INTO companies (id, name, allowed_integrations, created_at) VALUES (?, ?, ?, ?)')
      .run(row.id, name, allowedIntegrations ? JSON.stringify(allowedIntegrations) : null, row.createdAt);
    return row;
  }

  listCompanies(): CompanyRow[] {
    const rows = this
      .sql('SELECT id, name, allowed_integrations AS allowed, created_at AS createdAt FROM companies ORDER BY created_at, id')
      .all() as { id: string; name: string; allowed: string | null; createdAt: string }[];
    return rows.map(({ allowed, ...rest }) => ({ ...rest, allowedIntegrations: allowed ? (JSON.parse(allowed) as string[]) : null }));
  }

  getCompany(id: string): CompanyRow | undefined {
    return this.listCompanies().find((c) => c.id === id);
  }

  createRequest(companyId: string, dataTypes: DataType[]): RequestRow {
    const company = this.getCompany(companyId);
    if (!company) throw new ApiError('not_found');
    const unique = [...new Set(dataTypes)];
    const row: RequestRow = { id: newId('req'), companyId, companyName: company.name, dataTypes: unique, createdAt: now(), finishedAt: null };
    this
      .sql('INSERT INTO data_requests (id, company_id, data_types, created_at) VALUES (?, ?, ?, ?)')
      .run(row.id, companyId, JSON.stringify(unique), row.createdAt);
    return row;
  }

  getRequest(id: string): RequestRow | undefined {
    const row = this.sql(`${REQUEST_SELECT} WHERE r.id = ?`).get(id) as RawRequest | undefined;
    return row && toRequest(row);
  }

  listRequests(companyId: string): RequestRow[] {
    const rows = this.sql(`${REQUEST_SELECT} WHERE r.company_id = ? ORDER BY r.created_at, r.id`).all(companyId) as RawRequest[];
    return rows.map(toRequest);
  }

  /**
   * Finishing makes the request read-only: from then on every write answers `request_finished`,
   * and an authorization still pending is cancelled (its state cleared, so the sandbox pages and
   * callback answer expired). Returns the connections cancelled, to wake their long-polls.
   */
  finishRequest(requestId: string): string[] {
    return this.db.transaction((): string[] => {
      const at = now();
      this.sql('UPDATE data_requests SET finished_at = COALESCE(finished_at, ?) WHERE id = ?').run(at, requestId);
      const pending = this.sql("SELECT id FROM connections WHERE request_id = ? AND status = 'pending'").all(requestId) as { id: string }[];
      this.sql("UPDATE connections SET status = 'cancelled', oauth_state = NULL, updated_at = ? WHERE request_id = ? AND status = 'pending'")
        .run(at, requestId);
      return pending.map((row) => row.id);
    }).immediate();
  }

  /**
   * Only the token's hash is stored: a copy of the database does not hand out live sessions.
   * A session slides: each use extends it by its TTL, never past `maxLifetimeSeconds` after creation.
   */
  createSession(companyId: string, requestId: string, ttlSeconds: number, maxLifetimeSeconds = 8 * 3600): { token: string; expiresAt: string } {
    const request = this.getRequest(requestId);
    if (!request || request.companyId !== companyId) throw new ApiError('not_found');
    const token = `cls_${randomBytes(32).toString('base64url')}`;
    const created = Date.now();
    const expires = created + ttlSeconds * 1000;
    // Expired sessions are useless; a day's grace keeps them for investigating a fresh incident.
    this.sql('DELETE FROM sessions WHERE expires_at < ?').run(created - 86_400_000);
    this.sql(`INSERT INTO sessions (token_hash, company_id, request_id, expires_at, created_at, ttl_seconds, absolute_expires_at)
      VALUES (?, ?, ?, ?, ?, ?, ?)`)
      .run(sha256(token), companyId, requestId, expires, new Date(created).toISOString(), ttlSeconds,
        Math.max(expires, created + maxLifetimeSeconds * 1000));
    return { token, expiresAt: new Date(expires).toISOString() };
  }

  resolveSession(token: string): SessionScope | undefined {
    const tokenHash = sha256(token);
    const row = this.sql(`SELECT company_id AS companyId, request_id AS requestId, expires_at AS expiresAt, ttl_seconds AS ttl,
      absolute_expires_at AS absoluteEnd FROM sessions WHERE token_hash = ?`)
      .get(tokenHash) as { companyId: string; requestId: string; expiresAt: number; ttl: number; absoluteEnd: number | null } | undefined;
    const now = Date.now();
    if (!row || row.expiresAt <= now) return undefined;
    // Extending only once half the TTL is gone keeps writes off the hot path of an upload.
    if (row.expiresAt - now < (row.ttl * 1000) / 2) {
      const extended = Math.min(now + row.ttl * 1000, row.absoluteEnd ?? row.expiresAt);
      if (extended > row.expiresAt) this.sql('UPDATE sessions SET expires_at = ? WHERE token_hash = ?').run(extended, tokenHash);
    }
    return { companyId: row.companyId, requestId: row.requestId, tokenHash };
  }

  /**
   * With an idempotency key, a retried create returns the entity the first attempt made; the same
   * key with another name (other than by case or surrounding spaces) is refused (`idempotency_conflict`, 422).
   */
  createEntity(requestId: string, name: string, idempotencyKey?: string): EntityRow {
    const select = `SELECT id, name, created_at AS createdAt, idempotency_body_hash AS bodyHash FROM entities
      WHERE request_id = ? AND idempotency_key = ?`;
    // The journey keys an entity by its name folded (a name typed again in other case is the same
    // entity): the body compared is the folded name, so that retry is no conflict.
    const bodyHash = idempotencyKey ? sha256(JSON.stringify({ name: name.normalize('NFC').trim().toLocaleLowerCase() })) : null;
    return this.db.transaction((): EntityRow => {
      if (idempotencyKey) {
        this.purgeIdempotencyKeysNowAndThen();
        const seen = this.sql(select).get(requestId, idempotencyKey) as (EntityRow & { bodyHash: string | null }) | undefined;
        if (seen) {
          const { bodyHash: seenHash, ...entity } = seen;
          if (seenHash !== null && seenHash !== bodyHash) throw new ApiError('idempotency_conflict');
          return entity;
        }
      }
      const row = { id: newId('ent'), name, createdAt: now() };
      this
        .sql('INSERT INTO entities (id, request_id, name, idempotency_key, idempotency_body_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(row.id, requestId, name, idempotencyKey ?? null, bodyHash, row.createdAt);
      return row;
    }).immediate();
  }

  /**
   * Forgets idempotency keys of entities, connections and consents older than IDEMPOTENCY_KEY_TTL_MS
   * (their resources stay): after that, the same key is a new request. Returns how many were forgotten.
   */
  purgeIdempotencyKeys(at: number = Date.now()): number {
    const before = new Date(at - IDEMPOTENCY_KEY_TTL_MS).toISOString();
    this.#lastPurge = at;
    let forgotten = 0;
    forgotten += this.sql(`UPDATE entities SET idempotency_key = NULL, idempotency_body_hash = NULL
      WHERE idempotency_key IS NOT NULL AND created_at < ?`).run(before).changes;
    forgotten += this.sql(`UPDATE connections SET idempotency_key = NULL, idempotency_body_hash = NULL
      WHERE idempotency_key IS NOT NULL AND created_at < ?`).run(before).changes;
    forgotten += this.sql(`UPDATE consents SET idempotency_key = NULL, idempotency_body_hash = NULL
      WHERE idempotency_key IS NOT NULL AND received_at < ?`).run(before).changes;
    return forgotten;
  }

  #lastPurge = 0;
  /** Keyed writes purge at most once a minute: the sweep stays off the hot path. */
  private purgeIdempotencyKeysNowAndThen(): void {
    if (Date.now() - this.#lastPurge > 60_000) this.purgeIdempotencyKeys();
  }

  listEntities(requestId: string): EntityRow[] {
    return this
      .sql('SELECT id, name, created_at AS createdAt FROM entities WHERE request_id = ? ORDER BY created_at, rowid')
      .all(requestId) as EntityRow[];
  }

  requireEntity(requestId: string, entityId: string): EntityRow {
    const row = this
      .sql('SELECT id, name, created_at AS createdAt FROM entities WHERE id = ? AND request_id = ?')
      .get(entityId, requestId) as EntityRow | undefined;
    if (!row) throw new ApiError('not_found');
    return row;
  }

  /** `check` runs only for a consent not recorded yet: a retry minutes later is still the same record. */
  recordConsent(
    requestId: string, consent: ConsentInput, check?: (consent: ConsentInput) => void, idempotencyKey?: string,
  ): { id: number; receivedAt: string } {
    this.requireEntity(requestId, consent.entityId);
    const bodyHash = idempotencyKey ? sha256(JSON.stringify(consent)) : null;
    if (idempotencyKey) {
      this.purgeIdempotencyKeysNowAndThen();
      const keyed = this
        .sql('SELECT id, received_at AS receivedAt, idempotency_body_hash AS bodyHash FROM consents WHERE request_id = ? AND idempotency_key = ?')
        .get(requestId, idempotencyKey) as { id: number; receivedAt: string; bodyHash: string | null } | undefined;
      if (keyed) {
        if (keyed.bodyHash !== null && keyed.bodyHash !== bodyHash) throw new ApiError('idempotency_conflict');
        return { id: keyed.id, receivedAt: keyed.receivedAt };
      }
    }
    // A retried post of the same consent is the same record, not a second one.
    const seen = this
      .sql(`SELECT id, received_at AS receivedAt FROM consents WHERE request_id = ? AND entity_id = ? AND integration_key = ?
        AND text_hash = ? AND given_at = ?`)
      .get(requestId, consent.entityId, consent.integrationKey, consent.textHash, consent.givenAt) as { id: number; receivedAt: string } | undefined;
    if (seen) return seen;
    check?.(consent);
    const receivedAt = now();
    const result = this
      .sql(`INSERT INTO consents (request_id, entity_id, integration_key, data_types, text, text_hash, version, locale,
        given_at, received_at, idempotency_key, idempotency_body_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(requestId, consent.entityId, consent.integrationKey, JSON.stringify(consent.dataTypes), consent.text,
        consent.textHash, consent.version, consent.locale, consent.givenAt, receivedAt, idempotencyKey ?? null, bodyHash);
    return { id: Number(result.lastInsertRowid), receivedAt };
  }

  /** The latest consent of each entity of a request, for the portal. */
  latestConsents(requestId: string): Map<string, { version: string; locale: string; givenAt: string }> {
    const rows = this.sql(`SELECT entity_id AS entityId, version, locale, given_at AS givenAt FROM consents
      WHERE request_id = ? ORDER BY id`).all(requestId) as { entityId: string; version: string; locale: string; givenAt: string }[];
    return new Map(rows.map(({ entityId, ...consent }) => [entityId, consent]));
  }

  createConnection(requestId: string, input: {
    entityId: string; integrationKey: string; kind: ConnectionKind; redirectUri?: string; openerOrigin?: string;
    idempotencyKey?: string;
  }): ConnectionRow {
    this.requireEntity(requestId, input.entityId);
    const { idempotencyKey, ...body } = input;
    const bodyHash = idempotencyKey ? sha256(JSON.stringify(body)) : null;
    if (idempotencyKey) {
      this.purgeIdempotencyKeysNowAndThen();
      const seen = this
        .sql(`${CONNECTION_SELECT.replace(' FROM connections', ', idempotency_body_hash AS bodyHash FROM connections')} WHERE request_id = ? AND idempotency_key = ?`)
        .get(requestId, idempotencyKey) as (ConnectionRow & { bodyHash: string | null }) | undefined;
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
    this
      .sql(`INSERT INTO connections (id, request_id, entity_id, integration_key, kind, status, oauth_state, redirect_uri,
        opener_origin, idempotency_key, idempotency_body_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(row.id, requestId, row.entityId, row.integrationKey, row.kind, row.status, row.oauthState, row.redirectUri,
        row.openerOrigin, idempotencyKey ?? null, bodyHash, at, at);
    return row;
  }

  getConnection(requestId: string, connectionId: string): ConnectionRow {
    const row = this.sql(`${CONNECTION_SELECT} WHERE id = ? AND request_id = ?`).get(connectionId, requestId) as
      | ConnectionRow
      | undefined;
    if (!row) throw new ApiError('not_found');
    return row;
  }

  connectionByState(state: string): ConnectionRow | undefined {
    return this.sql(`${CONNECTION_SELECT} WHERE oauth_state = ?`).get(state) as ConnectionRow | undefined;
  }

  /** A state is good for one decision: clearing it makes a replayed callback a 404. */
  settleConnection(connectionId: string, status: 'linked' | 'cancelled' | 'failed'): void {
    this
      .sql("UPDATE connections SET status = ?, oauth_state = NULL, updated_at = ? WHERE id = ? AND status = 'pending'")
      .run(status, now(), connectionId);
  }

  /**
   * Stores one batch. A report has one current upload: a batch of another upload id supersedes it
   * (its batches are dropped in the same transaction), and the superseded upload is refused with
   * `upload_superseded` for as long as the one that replaced it is live (not finalized, and sent a
   * batch in the last `UPLOAD_IDLE_MS`). So two tabs uploading at once cannot mix their files, nor
   * take turns wiping each other's batches. Without an upload id a batch belongs to the unnamed upload.
   */
  submitBatch(
    connection: ConnectionRow, kind: ReportKind, batchIndex: number, key: string, uploadId: string | null,
    records: Record<string, unknown>[],
  ): ReceiptRow {
    // Each record is serialized once: the same text is hashed (to spot a reused key) and stored.
    const rows = records.map((record) => JSON.stringify(record));
    const hash = createHash('sha256').update(`${kind}\n${batchIndex}`);
    for (const row of rows) hash.update('\n').update(row);
    const bodyHash = hash.digest('hex');
    const upload = uploadId ?? '';
    const db = this.db;
    return db.transaction((): ReceiptRow => {
      this.claimUpload(connection.id, kind, upload);
      const seen = this
        .sql(`SELECT batch_index AS batchIndex, record_count AS accepted, body_hash AS bodyHash FROM batches
          WHERE connection_id = ? AND kind = ? AND idempotency_key = ? AND superseded = 0`)
        .get(connection.id, kind, key) as { batchIndex: number; accepted: number; bodyHash: string } | undefined;
      if (seen) {
        if (seen.bodyHash !== bodyHash) throw new ApiError('idempotency_conflict');
        return { batchIndex: seen.batchIndex, accepted: seen.accepted, duplicate: true };
      }
      // A new key at a stored index of the same upload replaces that batch.
      const live = this
        .sql('SELECT id FROM batches WHERE connection_id = ? AND kind = ? AND batch_index = ? AND superseded = 0')
        .get(connection.id, kind, batchIndex) as { id: number } | undefined;
      if (live) this.dropBatch(live.id);
      // Databases from before migration 3 kept superseded rows (records gone); their key is free again.
      this.sql('DELETE FROM batches WHERE connection_id = ? AND kind = ? AND idempotency_key = ? AND superseded = 1').run(connection.id, kind, key);
      this.sql('DELETE FROM reports WHERE connection_id = ? AND kind = ?').run(connection.id, kind);
      const inserted = this
        .sql(`INSERT INTO batches (connection_id, kind, batch_index, idempotency_key, upload_id, body_hash, record_count,
          created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
        .run(connection.id, kind, batchIndex, key, uploadId, bodyHash, records.length, now());
      const batchId = Number(inserted.lastInsertRowid);
      this.insertRecords(batchId, rows);
      return { batchIndex, accepted: records.length, duplicate: false };
    }).immediate();
  }

  /** A dropped batch leaves no row behind: its key may be sent again by a later upload of the same file. */
  private dropBatch(batchId: number): void {
    this.sql('DELETE FROM records WHERE batch_id = ?').run(batchId);
    this.sql('DELETE FROM batches WHERE id = ?').run(batchId);
  }

  /** Makes `upload` the current upload of the report, or refuses it (see submitBatch). Inside a transaction. */
  private claimUpload(connectionId: string, kind: ReportKind, upload: string): void {
    const at = Date.now();
    const current = this
      .sql("SELECT upload_id AS uploadId, last_batch_at AS lastBatchAt FROM uploads WHERE connection_id = ? AND kind = ? AND state = 'current'")
      .get(connectionId, kind) as { uploadId: string; lastBatchAt: number } | undefined;
    if (current?.uploadId === upload) {
      this.sql('UPDATE uploads SET last_batch_at = ? WHERE connection_id = ? AND kind = ? AND upload_id = ?').run(at, connectionId, kind, upload);
      return;
    }
    if (current) {
      const mine = this
        .sql('SELECT state FROM uploads WHERE connection_id = ? AND kind = ? AND upload_id = ?')
        .get(connectionId, kind, upload) as { state: string } | undefined;
      const finalized = this.sql('SELECT 1 FROM reports WHERE connection_id = ? AND kind = ?').get(connectionId, kind) !== undefined;
      const live = !finalized && at - current.lastBatchAt < this.uploadIdleMs;
      if (mine?.state === 'superseded' && live) throw new ApiError('upload_superseded');
      this.sql("UPDATE uploads SET state = 'superseded' WHERE connection_id = ? AND kind = ? AND state = 'current'").run(connectionId, kind);
    }
    // Whatever another upload left (or, in a database from before uploads were tracked, any batch
    // of another upload id) goes: the report holds one upload's batches only.
    const others = this
      .sql("SELECT id FROM batches WHERE connection_id = ? AND kind = ? AND superseded = 0 AND COALESCE(upload_id, '') <> ?")
      .all(connectionId, kind, upload) as { id: number }[];
    for (const { id } of others) this.dropBatch(id);
    this.sql('DELETE FROM reports WHERE connection_id = ? AND kind = ?').run(connectionId, kind);
    this.sql(`INSERT INTO uploads (connection_id, kind, upload_id, state, last_batch_at) VALUES (?, ?, ?, 'current', ?)
      ON CONFLICT (connection_id, kind, upload_id) DO UPDATE SET state = 'current', last_batch_at = excluded.last_batch_at`)
      .run(connectionId, kind, upload, at);
  }

  /**
   * One statement per ROWS_PER_INSERT rows (`VALUES (?, ?, ?), (?, ?, ?), …`), prepared once per
   * row count and kept: SQLite's per-statement cost, not the bytes, dominates row-by-row inserts.
   */
  private insertRecords(batchId: number, rows: readonly string[]): void {
    for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
      const count = Math.min(ROWS_PER_INSERT, rows.length - start);
      const values: (number | string)[] = new Array<number | string>(count * 3);
      for (let i = 0; i < count; i++) {
        values[i * 3] = batchId;
        values[i * 3 + 1] = start + i;
        values[i * 3 + 2] = rows[start + i]!;
      }
      this.sql(`INSERT INTO records (batch_id, row_index, data) VALUES ${'(?, ?, ?), '.repeat(count - 1)}(?, ?, ?)`).run(values);
    }
  }

  /** With an upload id, only that upload's batches count: another file for the same report starts over. */
  acknowledged(connectionId: string, kind: ReportKind, uploadId?: string): { batchIndex: number; idempotencyKey: string; recordCount: number }[] {
    return this
      .sql(`SELECT batch_index AS batchIndex, idempotency_key AS idempotencyKey, record_count AS recordCount FROM batches
        WHERE connection_id = ? AND kind = ? AND superseded = 0 AND (? IS NULL OR upload_id = ?) ORDER BY batch_index`)
      .all(connectionId, kind, uploadId ?? null, uploadId ?? null) as { batchIndex: number; idempotencyKey: string; recordCount: number }[];
  }

  /**
   * Refuses a report with a missing batch or a count that does not add up: nothing is half-received.
   * With an upload id, every stored batch must belong to that upload, and it must be the current
   * one (else `upload_superseded`): a finalize never vouches for another upload's rows.
   */
  finalizeReport(connectionId: string, kind: ReportKind, totalBatches: number, recordCount: number, uploadId?: string): string {
    const db = this.db;
    return db.transaction(() => {
      const current = this
        .sql("SELECT upload_id AS uploadId FROM uploads WHERE connection_id = ? AND kind = ? AND state = 'current'")
        .get(connectionId, kind) as { uploadId: string } | undefined;
      if (uploadId !== undefined && current !== undefined && current.uploadId !== uploadId) throw new ApiError('upload_superseded');
      const stale = this
        .sql('SELECT id FROM batches WHERE connection_id = ? AND kind = ? AND superseded = 0 AND batch_index >= ?')
        .all(connectionId, kind, totalBatches) as { id: number }[];
      for (const { id } of stale) this.dropBatch(id);
      const uploads = this
        .sql("SELECT DISTINCT COALESCE(upload_id, '') AS uploadId FROM batches WHERE connection_id = ? AND kind = ? AND superseded = 0")
        .all(connectionId, kind) as { uploadId: string }[];
      if (uploads.length > 1 || (uploadId !== undefined && uploads.some((u) => u.uploadId !== uploadId))) {
        throw new ApiError('upload_superseded');
      }
      const sum = this
        .sql('SELECT COUNT(*) AS batches, COALESCE(SUM(record_count), 0) AS records FROM batches WHERE connection_id = ? AND kind = ? AND superseded = 0')
        .get(connectionId, kind) as { batches: number; records: number };
      if (sum.batches !== totalBatches || sum.records !== recordCount) {
        throw new ApiError('conflict', undefined, `Received ${sum.batches} batches and ${sum.records} records; expected ${totalBatches} and ${recordCount}.`);
      }
      const at = now();
      this.sql('INSERT OR REPLACE INTO reports (connection_id, kind, total_batches, record_count, finalized_at) VALUES (?, ?, ?, ?, ?)')
        .run(connectionId, kind, totalBatches, recordCount, at);
      return at;
    }).immediate();
  }

  entityStatuses(requestId: string): { entityId: string; name: string; status: EntityStatus; integrationKey?: string; connectionKind?: ConnectionKind; counts: Partial<Record<ReportKind, number>> }[] {
    const finished = this.getRequest(requestId)?.finishedAt != null;
    return this.listEntities(requestId).map((entity) => {
      const connection = this
        .sql(`${CONNECTION_SELECT} WHERE entity_id = ? AND request_id = ? ORDER BY rowid DESC LIMIT 1`)
        .get(entity.id, requestId) as ConnectionRow | undefined;
      if (!connection) return { entityId: entity.id, name: entity.name, status: 'notStarted' as const, counts: {} };
      const counts: Partial<Record<ReportKind, number>> = {};
      const rows = this
        .sql('SELECT kind, SUM(record_count) AS n FROM batches WHERE connection_id = ? AND superseded = 0 GROUP BY kind')
        .all(connection.id) as { kind: ReportKind; n: number }[];
      for (const row of rows) counts[row.kind] = row.n;
      const finalized = new Set(
        (this.sql('SELECT kind FROM reports WHERE connection_id = ?').all(connection.id) as { kind: ReportKind }[]).map((r) => r.kind),
      );
      const status = statusOf(connection, finalized, finished);
      return { entityId: entity.id, name: entity.name, status, integrationKey: connection.integrationKey, connectionKind: connection.kind, counts };
    });
  }

  /** Received records of one kind, oldest first, with their entity, for the portal's CSV. */
  *records(requestId: string, kind: ReportKind): Generator<{ entityName: string; data: Record<string, unknown> }> {
    const statement = this.sql(`SELECT e.name AS entityName, r.data AS data FROM records r
      JOIN batches b ON b.id = r.batch_id JOIN connections c ON c.id = b.connection_id JOIN entities e ON e.id = c.entity_id
      WHERE c.request_id = ? AND b.kind = ? AND b.superseded = 0 ORDER BY e.created_at, e.rowid, b.connection_id, b.batch_index, r.row_index`);
    for (const row of statement.iterate(requestId, kind) as Iterable<{ entityName: string; data: string }>) {
      yield { entityName: row.entityName, data: JSON.parse(row.data) as Record<string, unknown> };
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
