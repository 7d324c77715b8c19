/**
 * Storage: every query that reads or writes a customer's data takes the session's request id,
 * so a lookup by id alone can never reach another company's rows.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { ConnectionKind, DataType, EntityStatus, ReportKind } from '@codat-link/core';
import type Database from 'better-sqlite3';
import type { Db } from './db.js';
import { ApiError } from './errors.js';

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
export interface SessionScope { companyId: string; requestId: string; tokenHash: string }
export interface ReceiptRow { batchIndex: number; accepted: number; duplicate: boolean }

const REQUEST_SELECT = `SELECT r.id, r.company_id AS companyId, c.name AS companyName, r.data_types AS dataTypes,
  r.created_at AS createdAt, r.finished_at AS finishedAt FROM data_requests r JOIN companies c ON c.id = r.company_id`;
const CONNECTION_SELECT = `SELECT id, request_id AS requestId, entity_id AS entityId, integration_key AS integrationKey,
  kind, status, oauth_state AS oauthState, redirect_uri AS redirectUri, opener_origin AS openerOrigin FROM connections`;

type RawRequest = Omit<RequestRow, 'dataTypes'> & { dataTypes: string };
const toRequest = (row: RawRequest): RequestRow => ({ ...row, dataTypes: JSON.parse(row.dataTypes) as DataType[] });


/** Rows per multi-row INSERT: 300 bound values, well under SQLite's limit of 32,766. */
const ROWS_PER_INSERT = 100;

export class Store {
  readonly #statements = new Map<string, Database.Statement>();
  constructor(readonly db: Db) {}

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

  finishRequest(requestId: string): void {
    this.sql('UPDATE data_requests SET finished_at = COALESCE(finished_at, ?) WHERE id = ?').run(now(), requestId);
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

  /** With an idempotency key, a retried create returns the entity the first attempt made. */
  createEntity(requestId: string, name: string, idempotencyKey?: string): EntityRow {
    const select = 'SELECT id, name, created_at AS createdAt FROM entities WHERE request_id = ? AND idempotency_key = ?';
    return this.db.transaction((): EntityRow => {
      if (idempotencyKey) {
        const seen = this.sql(select).get(requestId, idempotencyKey) as EntityRow | undefined;
        if (seen) return seen;
      }
      const row = { id: newId('ent'), name, createdAt: now() };
      this
        .sql('INSERT INTO entities (id, request_id, name, idempotency_key, created_at) VALUES (?, ?, ?, ?, ?)')
        .run(row.id, requestId, name, idempotencyKey ?? null, row.createdAt);
      return row;
    }).immediate();
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

  recordConsent(requestId: string, consent: {
    entityId: string; integrationKey: string; dataTypes: DataType[]; text: string; textHash: string;
    version: string; locale: string; givenAt: string;
  }): { id: number; receivedAt: string } {
    this.requireEntity(requestId, consent.entityId);
    // A retried post of the same consent is the same record, not a second one.
    const seen = this
      .sql(`SELECT id, received_at AS receivedAt FROM consents WHERE request_id = ? AND entity_id = ? AND integration_key = ?
        AND text_hash = ? AND given_at = ?`)
      .get(requestId, consent.entityId, consent.integrationKey, consent.textHash, consent.givenAt) as { id: number; receivedAt: string } | undefined;
    if (seen) return seen;
    const receivedAt = now();
    const result = this
      .sql(`INSERT INTO consents (request_id, entity_id, integration_key, data_types, text, text_hash, version, locale,
        given_at, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(requestId, consent.entityId, consent.integrationKey, JSON.stringify(consent.dataTypes), consent.text,
        consent.textHash, consent.version, consent.locale, consent.givenAt, receivedAt);
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
    if (input.idempotencyKey) {
      const seen = this.sql(`${CONNECTION_SELECT} WHERE request_id = ? AND idempotency_key = ?`).get(requestId, input.idempotencyKey) as
        | ConnectionRow
        | undefined;
      if (seen) return seen;
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
        opener_origin, idempotency_key, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(row.id, requestId, row.entityId, row.integrationKey, row.kind, row.status, row.oauthState, row.redirectUri,
        row.openerOrigin, input.idempotencyKey ?? null, at, at);
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

  submitBatch(
    connection: ConnectionRow, kind: ReportKind, batchIndex: number, key: string, uploadId: string | null,
    records: Record<string, unknown>[],
  ): ReceiptRow {
    // Each record is serialized once: the same text is hashed (to spot a reused key) and stored.
    const rows = records.map((record) => JSON.stringify(record));
    const hash = createHash('sha256').update(`${kind}\n${batchIndex}`);
    for (const row of rows) hash.update('\n').update(row);
    const bodyHash = hash.digest('hex');
    const db = this.db;
    return db.transaction((): ReceiptRow => {
      const seen = this
        .sql('SELECT batch_index AS batchIndex, record_count AS accepted, body_hash AS bodyHash FROM batches WHERE connection_id = ? AND kind = ? AND idempotency_key = ?')
        .get(connection.id, kind, key) as { batchIndex: number; accepted: number; bodyHash: string } | undefined;
      if (seen) {
        if (seen.bodyHash !== bodyHash) throw new ApiError('idempotency_conflict');
        return { batchIndex: seen.batchIndex, accepted: seen.accepted, duplicate: true };
      }
      // A new key at a stored index is a new upload of the report (another file): it replaces.
      const live = this
        .sql('SELECT id FROM batches WHERE connection_id = ? AND kind = ? AND batch_index = ? AND superseded = 0')
        .get(connection.id, kind, batchIndex) as { id: number } | undefined;
      if (live) {
        this.sql('UPDATE batches SET superseded = 1 WHERE id = ?').run(live.id);
        this.sql('DELETE FROM records WHERE batch_id = ?').run(live.id);
      }
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

  /** Refuses a report with a missing batch or a count that does not add up: nothing is half-received. */
  finalizeReport(connectionId: string, kind: ReportKind, totalBatches: number, recordCount: number): string {
    const db = this.db;
    return db.transaction(() => {
      const stale = this
        .sql('SELECT id FROM batches WHERE connection_id = ? AND kind = ? AND superseded = 0 AND batch_index >= ?')
        .all(connectionId, kind, totalBatches) as { id: number }[];
      for (const { id } of stale) {
        this.sql('UPDATE batches SET superseded = 1 WHERE id = ?').run(id);
        this.sql('DELETE FROM records WHERE batch_id = ?').run(id);
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
