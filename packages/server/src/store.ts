/**
 * Storage: every query that reads or writes a customer's data takes the session's request id,
 * so a lookup by id alone can never reach another company's rows.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { ConnectionKind, DataType, EntityStatus, ReportKind } from '@codat-link/core';
import type Database from 'better-sqlite3';
import type { Db } from './db.js';
import { ApiError } from './errors.js';
import type { EventData, EventType, StoredEvent } from './events.js';
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

export interface WebhookEndpointRow {
  id: string; url: string; description: string;
  /** The event types delivered; null means every type, including ones added later. */
  eventTypes: EventType[] | null;
  enabled: boolean; createdAt: string; updatedAt: string;
}
export interface DeliveryRow {
  id: string; endpointId: string; eventId: string; eventType: EventType;
  status: 'pending' | 'succeeded' | 'failed'; attempts: number;
  /** When the next attempt is due, for a pending delivery. */
  nextAttemptAt: string | null;
  lastStatusCode: number | null; lastError: string | null; lastLatencyMs: number | null;
  createdAt: string; updatedAt: string;
}
export interface AttemptRow { attempt: number; statusCode: number | null; error: string | null; latencyMs: number; at: string }
export interface AttemptOutcome { ok: boolean; statusCode: number | null; error: string | null; latencyMs: number }
export interface ClaimedDelivery {
  id: string; endpointId: string; step: number; attempts: number; lease: number; url: string; event: StoredEvent; secrets: string[];
}
export type RuleKind = 'requestStale' | 'connectionFailed' | 'uploadSkippedRows' | 'requestFinished';
export interface RuleInput {
  kind: RuleKind;
  /** requestStale: days after opening; uploadSkippedRows: the share of skipped rows, in percent. */
  threshold?: number | null;
  viaWebhook?: boolean; emails?: string[]; locale?: 'en' | 'fr'; enabled?: boolean;
}
export interface RuleRow {
  id: string; kind: RuleKind; threshold: number | null; viaWebhook: boolean; emails: string[]; locale: 'en' | 'fr';
  enabled: boolean; createdAt: string; updatedAt: string;
}
export interface AlertRow {
  id: string; ruleId: string; rule: RuleKind; subjectId: string; companyId: string; requestId: string | null;
  entityId: string | null; summary: string; createdAt: string; resolvedAt: string | null;
}
export type EmailTemplate = 'request' | 'alert' | 'reminder';
export interface EmailRow {
  id: string; template: EmailTemplate; locale: 'en' | 'fr'; recipients: string[]; params: Record<string, unknown>;
  requestId: string | null; status: 'pending' | 'sent' | 'failed' | 'stored'; attempts: number; lastError: string | null;
  createdAt: string; sentAt: string | null;
}

const ENDPOINT_SELECT = `SELECT id, url, description, event_types AS eventTypes, enabled, created_at AS createdAt,
  updated_at AS updatedAt FROM webhook_endpoints`;
type RawEndpoint = Omit<WebhookEndpointRow, 'eventTypes' | 'enabled'> & { eventTypes: string | null; enabled: number };
const toEndpoint = (row: RawEndpoint): WebhookEndpointRow => ({
  ...row, eventTypes: row.eventTypes === null ? null : (JSON.parse(row.eventTypes) as EventType[]), enabled: row.enabled === 1,
});
const DELIVERY_SELECT = `SELECT d.id, d.endpoint_id AS endpointId, d.event_id AS eventId, e.type AS eventType, d.status, d.attempts,
  d.next_attempt_at AS nextAttemptAt, d.last_status_code AS lastStatusCode, d.last_error AS lastError,
  d.last_latency_ms AS lastLatencyMs, d.created_at AS createdAt, d.updated_at AS updatedAt
  FROM webhook_deliveries d JOIN events e ON e.id = d.event_id`;
type RawDelivery = Omit<DeliveryRow, 'nextAttemptAt'> & { nextAttemptAt: number };
const toDelivery = (row: RawDelivery): DeliveryRow => ({
  ...row, nextAttemptAt: row.status === 'pending' ? new Date(row.nextAttemptAt).toISOString() : null,
});
const RULE_SELECT = `SELECT id, kind, threshold, via_webhook AS viaWebhook, emails, locale, enabled, created_at AS createdAt,
  updated_at AS updatedAt FROM monitoring_rules`;
type RawRule = Omit<RuleRow, 'viaWebhook' | 'emails' | 'enabled'> & { viaWebhook: number; emails: string; enabled: number };
const toRule = (row: RawRule): RuleRow => ({
  ...row, viaWebhook: row.viaWebhook === 1, enabled: row.enabled === 1, emails: JSON.parse(row.emails) as string[],
});
const ALERT_SELECT = `SELECT a.id, a.rule_id AS ruleId, r.kind AS rule, a.subject_id AS subjectId, a.company_id AS companyId,
  a.request_id AS requestId, a.entity_id AS entityId, a.summary, a.created_at AS createdAt, a.resolved_at AS resolvedAt
  FROM alerts a JOIN monitoring_rules r ON r.id = a.rule_id`;
const EMAIL_SELECT = `SELECT id, template, locale, recipients, params, request_id AS requestId, status, attempts,
  last_error AS lastError, created_at AS createdAt, sent_at AS sentAt FROM emails`;
type RawEmail = Omit<EmailRow, 'recipients' | 'params'> & { recipients: string; params: string };
const toEmail = (row: RawEmail): EmailRow => ({
  ...row, recipients: JSON.parse(row.recipients) as string[], params: JSON.parse(row.params) as Record<string, unknown>,
});

/**
 * Event ids sort in the order the events were stored: a base-36 time in milliseconds, a counter
 * for events of the same millisecond, then randomness. The feed, the outbox and receivers can
 * order by id alone (an alert and the event that raised it share a millisecond).
 */
let lastEventMs = 0;
let sameMsCount = 0;
export function newEventId(at = Date.now()): string {
  if (at <= lastEventMs) sameMsCount += 1;
  else {
    lastEventMs = at;
    sameMsCount = 0;
  }
  return `evt_${lastEventMs.toString(36).padStart(9, '0')}${sameMsCount.toString(36).padStart(3, '0')}${randomBytes(6).toString('base64url')}`;
}

/** A Standard Webhooks secret: `whsec_` and 24 random bytes in base64. */
const newWebhookSecret = (): string => `whsec_${randomBytes(24).toString('base64')}`;

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
    this.db.transaction(() => {
      this
        .sql('INSERT INTO data_requests (id, company_id, data_types, created_at) VALUES (?, ?, ?, ?)')
        .run(row.id, companyId, JSON.stringify(unique), row.createdAt);
      this.emit('request.created', { companyId, requestId: row.id, dataTypes: unique });
    }).immediate();
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
      const finishing = this.sql('UPDATE data_requests SET finished_at = ? WHERE id = ? AND finished_at IS NULL').run(at, requestId).changes === 1;
      const pending = this.sql("SELECT id FROM connections WHERE request_id = ? AND status = 'pending'").all(requestId) as { id: string }[];
      this.sql("UPDATE connections SET status = 'cancelled', oauth_state = NULL, updated_at = ? WHERE request_id = ? AND status = 'pending'")
        .run(at, requestId);
      if (finishing) {
        const request = this.getRequest(requestId)!;
        const entities = this.entityStatuses(requestId).map(({ entityId, name, status }) => ({ entityId, name, status }));
        this.emit('request.finished', { companyId: request.companyId, requestId, entities });
      }
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
    this.db.transaction(() => {
      this.sql(`INSERT INTO sessions (token_hash, company_id, request_id, expires_at, created_at, ttl_seconds, absolute_expires_at)
        VALUES (?, ?, ?, ?, ?, ?, ?)`)
        .run(sha256(token), companyId, requestId, expires, new Date(created).toISOString(), ttlSeconds,
          Math.max(expires, created + maxLifetimeSeconds * 1000));
      // The first session is the request's opening: the clock of the "not finished after N days" rule.
      const opened = this.sql('UPDATE data_requests SET opened_at = ? WHERE id = ? AND opened_at IS NULL')
        .run(new Date(created).toISOString(), requestId).changes === 1;
      if (opened) this.emit('request.opened', { companyId, requestId });
    }).immediate();
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
      this.emit('entity.created', { ...this.scopeOf(requestId), entityId: row.id, name });
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
    return this.db.transaction(() => {
      const result = this
        .sql(`INSERT INTO consents (request_id, entity_id, integration_key, data_types, text, text_hash, version, locale,
          given_at, received_at, idempotency_key, idempotency_body_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
        .run(requestId, consent.entityId, consent.integrationKey, JSON.stringify(consent.dataTypes), consent.text,
          consent.textHash, consent.version, consent.locale, consent.givenAt, receivedAt, idempotencyKey ?? null, bodyHash);
      this.emit('consent.recorded', {
        ...this.scopeOf(requestId), entityId: consent.entityId, integrationKey: consent.integrationKey,
        dataTypes: consent.dataTypes, version: consent.version, locale: consent.locale,
      });
      return { id: Number(result.lastInsertRowid), receivedAt };
    }).immediate();
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
    this.db.transaction(() => {
      this
        .sql(`INSERT INTO connections (id, request_id, entity_id, integration_key, kind, status, oauth_state, redirect_uri,
          opener_origin, idempotency_key, idempotency_body_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
        .run(row.id, requestId, row.entityId, row.integrationKey, row.kind, row.status, row.oauthState, row.redirectUri,
          row.openerOrigin, idempotencyKey ?? null, bodyHash, at, at);
      if (row.status === 'linked') this.emitConnection(row, 'connection.connected');
    }).immediate();
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
    this.db.transaction(() => {
      const settled = this
        .sql("UPDATE connections SET status = ?, oauth_state = NULL, updated_at = ? WHERE id = ? AND status = 'pending'")
        .run(status, now(), connectionId).changes === 1;
      if (!settled) return;
      const row = this.sql(`${CONNECTION_SELECT} WHERE id = ?`).get(connectionId) as ConnectionRow;
      if (status === 'linked') this.emitConnection(row, 'connection.connected');
      else this.emitConnection(row, 'connection.failed');
    }).immediate();
  }

  private emitConnection(row: ConnectionRow, type: 'connection.connected' | 'connection.failed'): void {
    const base = {
      ...this.scopeOf(row.requestId), entityId: row.entityId, connectionId: row.id, integrationKey: row.integrationKey, kind: row.kind,
    };
    if (type === 'connection.connected') this.emit(type, base);
    else this.emit(type, { ...base, status: row.status === 'cancelled' ? 'cancelled' : 'failed' });
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
  finalizeReport(
    connectionId: string, kind: ReportKind, totalBatches: number, recordCount: number, uploadId?: string,
    file: { rowsSkipped?: number; fileName?: string } = {},
  ): string {
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
      // A finalize retried (the same report already closed) is no new upload: no second event.
      const closed = this
        .sql('SELECT finalized_at AS at FROM reports WHERE connection_id = ? AND kind = ? AND total_batches = ? AND record_count = ?')
        .get(connectionId, kind, totalBatches, recordCount) as { at: string } | undefined;
      if (closed) return closed.at;
      this.sql('DELETE FROM reports WHERE connection_id = ? AND kind = ?').run(connectionId, kind);
      this.sql('INSERT INTO reports (connection_id, kind, total_batches, record_count, finalized_at) VALUES (?, ?, ?, ?, ?)')
        .run(connectionId, kind, totalBatches, recordCount, at);
      const connection = this.sql(`${CONNECTION_SELECT} WHERE id = ?`).get(connectionId) as ConnectionRow;
      this.emit('upload.completed', {
        ...this.scopeOf(connection.requestId), entityId: connection.entityId, connectionId, kind, records: recordCount,
        rowsSkipped: file.rowsSkipped ?? null, fileName: file.fileName ?? null,
      });
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
  // ---- Events, the webhook outbox, monitoring rules, alerts and e-mail ----

  /** Called after an event is stored (inside its transaction): wakes the outbox worker. */
  onEvent: (() => void) | undefined;

  /** The company and request of a request id, for an event's subject. */
  private scopeOf(requestId: string): { companyId: string; requestId: string } {
    const row = this.sql('SELECT company_id AS companyId FROM data_requests WHERE id = ?').get(requestId) as { companyId: string } | undefined;
    if (!row) throw new ApiError('not_found');
    return { companyId: row.companyId, requestId };
  }

  /**
   * Stores an event and one delivery per enabled endpoint that wants it. Call it inside the
   * transaction of the change it reports: both are kept, or neither (the outbox's guarantee).
   * Monitoring rules that watch this event are evaluated in the same transaction.
   */
  private emit<T extends EventType>(type: T, data: EventData<T>): string {
    const id = newEventId();
    const at = now();
    const subject = data as { companyId: string; requestId?: string; entityId?: string };
    this.sql('INSERT INTO events (id, type, company_id, request_id, entity_id, data, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(id, type, subject.companyId, subject.requestId ?? null, subject.entityId ?? null, JSON.stringify(data), at);
    const due = Date.now();
    for (const endpoint of this.listEndpoints()) {
      if (!endpoint.enabled || (endpoint.eventTypes !== null && !endpoint.eventTypes.includes(type))) continue;
      this.sql(`INSERT INTO webhook_deliveries (id, endpoint_id, event_id, status, next_attempt_at, created_at, updated_at)
        VALUES (?, ?, ?, 'pending', ?, ?, ?)`).run(newId('dlv'), endpoint.id, id, due, at, at);
    }
    if (type !== 'alert.triggered') this.evaluateRules(type, data as Record<string, unknown>);
    this.onEvent?.();
    return id;
  }

  getEvent(id: string): StoredEvent | undefined {
    const row = this.sql('SELECT id, type, data, created_at AS timestamp FROM events WHERE id = ?').get(id) as
      | { id: string; type: EventType; data: string; timestamp: string }
      | undefined;
    return row && { ...row, data: JSON.parse(row.data) as Record<string, unknown> };
  }

  /** Events oldest first, after the event id given (for catching up after an outage). */
  listEvents(options: { after?: string; requestId?: string; limit?: number } = {}): StoredEvent[] {
    if (options.after && !this.sql('SELECT 1 FROM events WHERE id = ?').get(options.after)) throw new ApiError('not_found');
    const rows = this
      .sql(`SELECT id, type, data, created_at AS timestamp FROM events
        WHERE (? IS NULL OR id > ?) AND (? IS NULL OR request_id = ?) ORDER BY id LIMIT ?`)
      .all(options.after ?? null, options.after ?? null, options.requestId ?? null, options.requestId ?? null, options.limit ?? 100) as
      { id: string; type: EventType; data: string; timestamp: string }[];
    return rows.map((row) => ({ ...row, data: JSON.parse(row.data) as Record<string, unknown> }));
  }

  createEndpoint(input: { url: string; description?: string; eventTypes?: EventType[] | null; enabled?: boolean }): { endpoint: WebhookEndpointRow; secret: string } {
    const id = newId('whe');
    const secret = newWebhookSecret();
    const at = now();
    this.sql(`INSERT INTO webhook_endpoints (id, url, description, event_types, enabled, secret, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(id, input.url, input.description ?? '', input.eventTypes ? JSON.stringify(input.eventTypes) : null,
        input.enabled === false ? 0 : 1, secret, at, at);
    return { endpoint: this.getEndpoint(id)!, secret };
  }

  listEndpoints(): WebhookEndpointRow[] {
    return (this.sql(`${ENDPOINT_SELECT} ORDER BY created_at, id`).all() as RawEndpoint[]).map(toEndpoint);
  }

  getEndpoint(id: string): WebhookEndpointRow | undefined {
    const row = this.sql(`${ENDPOINT_SELECT} WHERE id = ?`).get(id) as RawEndpoint | undefined;
    return row && toEndpoint(row);
  }

  updateEndpoint(id: string, patch: { url?: string; description?: string; eventTypes?: EventType[] | null; enabled?: boolean }): WebhookEndpointRow {
    const current = this.getEndpoint(id);
    if (!current) throw new ApiError('not_found');
    const next = { ...current, ...patch };
    this.sql('UPDATE webhook_endpoints SET url = ?, description = ?, event_types = ?, enabled = ?, updated_at = ? WHERE id = ?')
      .run(next.url, next.description, next.eventTypes ? JSON.stringify(next.eventTypes) : null, next.enabled ? 1 : 0, now(), id);
    return this.getEndpoint(id)!;
  }

  /**
   * A new secret, shown once. The old one keeps signing too (a second signature in the header)
   * for `graceMs`, so the partner can deploy the new secret without losing a delivery.
   */
  rotateEndpointSecret(id: string, graceMs: number, at = Date.now()): string {
    const secret = newWebhookSecret();
    const changed = this.sql(`UPDATE webhook_endpoints SET previous_secret = secret, previous_secret_until = ?, secret = ?, updated_at = ?
      WHERE id = ?`).run(at + graceMs, secret, new Date(at).toISOString(), id).changes;
    if (changed === 0) throw new ApiError('not_found');
    return secret;
  }

  /** The secrets an endpoint's deliveries are signed with now: the current one, and the previous during its grace. */
  endpointSecrets(id: string, at = Date.now()): string[] {
    const row = this.sql('SELECT secret, previous_secret AS previous, previous_secret_until AS until FROM webhook_endpoints WHERE id = ?')
      .get(id) as { secret: string; previous: string | null; until: number | null } | undefined;
    if (!row) return [];
    return row.previous && row.until !== null && row.until > at ? [row.secret, row.previous] : [row.secret];
  }

  /**
   * Claims due deliveries for `leaseMs`: one UPDATE moves their claimed_until forward, so two
   * workers (or two servers on one database) never hold the same row. On PostgreSQL the inner
   * SELECT takes FOR UPDATE SKIP LOCKED. A worker that dies leaves rows to be claimed again when
   * the lease ends: delivery is at least once, and receivers deduplicate on the event id.
   */
  claimDeliveries(at: number, leaseMs: number, limit: number): ClaimedDelivery[] {
    const until = at + leaseMs;
    const rows = this
      .sql(`UPDATE webhook_deliveries SET claimed_until = ? WHERE id IN (
          SELECT d.id FROM webhook_deliveries d JOIN webhook_endpoints w ON w.id = d.endpoint_id
          WHERE d.status = 'pending' AND d.next_attempt_at <= ? AND d.claimed_until < ? AND w.enabled = 1
          ORDER BY d.next_attempt_at, d.event_id LIMIT ?)
        RETURNING id, endpoint_id AS endpointId, event_id AS eventId, step, attempts`)
      .all(until, at, at, limit) as { id: string; endpointId: string; eventId: string; step: number; attempts: number }[];
    return rows.map((row) => {
      const endpoint = this.getEndpoint(row.endpointId)!;
      return { ...row, lease: until, url: endpoint.url, event: this.getEvent(row.eventId)!, secrets: this.endpointSecrets(row.endpointId, at) };
    });
  }

  /**
   * Records an attempt's outcome, if the lease is still this worker's. `retryInMs` null means no
   * further attempt: the delivery succeeded, or failed for good.
   */
  completeDelivery(claim: { id: string; lease: number }, outcome: AttemptOutcome, retryInMs: number | null, at = Date.now()): boolean {
    return this.db.transaction((): boolean => {
      const status = outcome.ok ? 'succeeded' : retryInMs === null ? 'failed' : 'pending';
      const updated = this
        .sql(`UPDATE webhook_deliveries SET status = ?, step = step + 1, attempts = attempts + 1, next_attempt_at = ?, claimed_until = 0,
            last_status_code = ?, last_error = ?, last_latency_ms = ?, updated_at = ?
          WHERE id = ? AND claimed_until = ? RETURNING attempts`)
        .get(status, at + (retryInMs ?? 0), outcome.statusCode, outcome.error, outcome.latencyMs, new Date(at).toISOString(), claim.id, claim.lease) as
        | { attempts: number }
        | undefined;
      if (!updated) return false;
      this.sql('INSERT INTO webhook_attempts (id, delivery_id, attempt, status_code, error, latency_ms, at) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(newId('wha'), claim.id, updated.attempts, outcome.statusCode, outcome.error, outcome.latencyMs, new Date(at).toISOString());
      return true;
    }).immediate();
  }

  listDeliveries(endpointId: string, options: { status?: DeliveryRow['status']; limit?: number } = {}): DeliveryRow[] {
    return this
      .sql(`${DELIVERY_SELECT} WHERE d.endpoint_id = ? AND (? IS NULL OR d.status = ?) ORDER BY d.event_id DESC, d.id DESC LIMIT ?`)
      .all(endpointId, options.status ?? null, options.status ?? null, options.limit ?? 50)
      .map((row) => toDelivery(row as RawDelivery));
  }

  getDelivery(id: string): DeliveryRow | undefined {
    const row = this.sql(`${DELIVERY_SELECT} WHERE d.id = ?`).get(id) as RawDelivery | undefined;
    return row && toDelivery(row);
  }

  deliveryAttempts(deliveryId: string): AttemptRow[] {
    return this
      .sql(`SELECT attempt, status_code AS statusCode, error, latency_ms AS latencyMs, at FROM webhook_attempts
        WHERE delivery_id = ? ORDER BY attempt`)
      .all(deliveryId) as AttemptRow[];
  }

  /** Sends a delivery again from the start of the schedule, with the same event id. */
  replayDelivery(id: string, at = Date.now()): DeliveryRow {
    const changed = this.sql("UPDATE webhook_deliveries SET status = 'pending', step = 0, next_attempt_at = ?, updated_at = ? WHERE id = ?")
      .run(at, new Date(at).toISOString(), id).changes;
    if (changed === 0) throw new ApiError('not_found');
    this.onEvent?.();
    return this.getDelivery(id)!;
  }

  createRule(input: RuleInput): RuleRow {
    const id = newId('rul');
    const at = now();
    this.sql(`INSERT INTO monitoring_rules (id, kind, threshold, via_webhook, emails, locale, enabled, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(id, input.kind, input.threshold ?? null, input.viaWebhook === false ? 0 : 1, JSON.stringify(input.emails ?? []),
        input.locale ?? 'en', input.enabled === false ? 0 : 1, at, at);
    return this.getRule(id)!;
  }

  listRules(): RuleRow[] {
    return (this.sql(`${RULE_SELECT} ORDER BY created_at, id`).all() as RawRule[]).map(toRule);
  }

  getRule(id: string): RuleRow | undefined {
    const row = this.sql(`${RULE_SELECT} WHERE id = ?`).get(id) as RawRule | undefined;
    return row && toRule(row);
  }

  updateRule(id: string, patch: Partial<Omit<RuleInput, 'kind'>>): RuleRow {
    const current = this.getRule(id);
    if (!current) throw new ApiError('not_found');
    const next = { ...current, ...patch };
    this.sql('UPDATE monitoring_rules SET threshold = ?, via_webhook = ?, emails = ?, locale = ?, enabled = ?, updated_at = ? WHERE id = ?')
      .run(next.threshold, next.viaWebhook ? 1 : 0, JSON.stringify(next.emails), next.locale, next.enabled ? 1 : 0, now(), id);
    return this.getRule(id)!;
  }

  private evaluateRules(type: EventType, data: Record<string, unknown>): void {
    const watching: Partial<Record<EventType, RuleRow['kind']>> = {
      'connection.failed': 'connectionFailed', 'upload.completed': 'uploadSkippedRows', 'request.finished': 'requestFinished',
    };
    const kind = watching[type];
    if (!kind) return;
    const rules = this.listRules().filter((rule) => rule.enabled && rule.kind === kind);
    const scope = { companyId: String(data['companyId']), requestId: String(data['requestId']) };
    const entityId = typeof data['entityId'] === 'string' ? data['entityId'] : undefined;
    for (const rule of rules) {
      if (type === 'connection.failed') {
        this.raiseAlert(rule, String(data['connectionId']), { ...scope, entityId },
          `A connection to ${String(data['integrationKey'])} was ${data['status'] === 'cancelled' ? 'denied by the customer' : 'refused by the platform'}.`);
      } else if (type === 'upload.completed') {
        const skipped = data['rowsSkipped'];
        const records = Number(data['records']);
        if (typeof skipped !== 'number' || skipped + records === 0) continue;
        const share = (skipped / (skipped + records)) * 100;
        if (share <= (rule.threshold ?? 0)) continue;
        this.raiseAlert(rule, `${String(data['connectionId'])}/${String(data['kind'])}`, { ...scope, entityId },
          `An upload of ${String(data['kind'])} skipped ${skipped} of ${skipped + records} rows (${share.toFixed(1)} %, above ${rule.threshold ?? 0} %).`);
      } else {
        this.raiseAlert(rule, scope.requestId, scope, 'The customer finished the data request.');
      }
    }
  }

  /** Alerts once per rule and subject: the UNIQUE pair makes a second trigger a no-op. */
  private raiseAlert(rule: RuleRow, subjectId: string, scope: { companyId: string; requestId: string; entityId?: string | undefined }, summary: string): void {
    const id = newId('alr');
    const inserted = this
      .sql(`INSERT INTO alerts (id, rule_id, subject_id, company_id, request_id, entity_id, summary, created_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (rule_id, subject_id) DO NOTHING`)
      .run(id, rule.id, subjectId, scope.companyId, scope.requestId, scope.entityId ?? null, summary, now()).changes === 1;
    if (!inserted) return;
    if (rule.viaWebhook) {
      this.emit('alert.triggered', {
        companyId: scope.companyId, requestId: scope.requestId, ...(scope.entityId ? { entityId: scope.entityId } : {}),
        alertId: id, ruleId: rule.id, rule: rule.kind, subjectId, summary,
      });
    }
    if (rule.emails.length > 0) {
      this.enqueueEmail('alert', rule.locale, rule.emails, { alertId: id, rule: rule.kind, threshold: rule.threshold, summary }, scope.requestId);
    }
  }

  /**
   * The time-based rule: requests opened `threshold` days ago or more and not finished. Run by
   * the worker now and then; returns how many alerts it raised.
   */
  sweepStaleRequests(at = Date.now()): number {
    return this.db.transaction((): number => {
      let raised = 0;
      for (const rule of this.listRules().filter((r) => r.enabled && r.kind === 'requestStale')) {
        const before = new Date(at - (rule.threshold ?? 7) * 86_400_000).toISOString();
        const stale = this
          .sql(`SELECT r.id, r.company_id AS companyId, r.opened_at AS openedAt FROM data_requests r
            WHERE r.finished_at IS NULL AND r.opened_at IS NOT NULL AND r.opened_at <= ?
            AND NOT EXISTS (SELECT 1 FROM alerts a WHERE a.rule_id = ? AND a.subject_id = r.id) ORDER BY r.opened_at LIMIT 500`)
          .all(before, rule.id) as { id: string; companyId: string; openedAt: string }[];
        for (const request of stale) {
          this.raiseAlert(rule, request.id, { companyId: request.companyId, requestId: request.id },
            `The data request was opened on ${request.openedAt.slice(0, 10)} and is not finished after ${rule.threshold ?? 7} days.`);
          raised += 1;
        }
      }
      return raised;
    }).immediate();
  }

  listAlerts(options: { open?: boolean; limit?: number } = {}): AlertRow[] {
    return this
      .sql(`${ALERT_SELECT} WHERE (? = 0 OR a.resolved_at IS NULL) ORDER BY a.created_at DESC, a.id DESC LIMIT ?`)
      .all(options.open ? 1 : 0, options.limit ?? 100) as AlertRow[];
  }

  resolveAlert(id: string): AlertRow {
    const changed = this.sql('UPDATE alerts SET resolved_at = COALESCE(resolved_at, ?) WHERE id = ?').run(now(), id).changes;
    if (changed === 0) throw new ApiError('not_found');
    return this.sql(`${ALERT_SELECT} WHERE a.id = ?`).get(id) as AlertRow;
  }

  /** Queues an e-mail; its text is rendered when it is sent (mail.ts), from the template and params. */
  enqueueEmail(template: EmailTemplate, locale: 'en' | 'fr', recipients: string[], params: Record<string, unknown>, requestId: string | null): EmailRow {
    const id = newId('eml');
    this.sql(`INSERT INTO emails (id, template, locale, recipients, params, request_id, status, next_attempt_at, created_at)
      VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?)`)
      .run(id, template, locale, JSON.stringify(recipients), JSON.stringify(params), requestId, Date.now(), now());
    this.onEvent?.();
    return this.getEmail(id)!;
  }

  getEmail(id: string): EmailRow | undefined {
    const row = this.sql(`${EMAIL_SELECT} WHERE id = ?`).get(id) as RawEmail | undefined;
    return row && toEmail(row);
  }

  listEmails(limit = 100): EmailRow[] {
    return (this.sql(`${EMAIL_SELECT} ORDER BY created_at DESC, id DESC LIMIT ?`).all(limit) as RawEmail[]).map(toEmail);
  }

  /** As claimDeliveries, for e-mails. */
  claimEmails(at: number, leaseMs: number, limit: number): (EmailRow & { lease: number })[] {
    const until = at + leaseMs;
    const rows = this
      .sql(`UPDATE emails SET claimed_until = ? WHERE id IN (
          SELECT id FROM emails WHERE status = 'pending' AND next_attempt_at <= ? AND claimed_until < ? ORDER BY next_attempt_at LIMIT ?)
        RETURNING id`)
      .all(until, at, at, limit) as { id: string }[];
    return rows.map((row) => ({ ...this.getEmail(row.id)!, lease: until }));
  }

  completeEmail(claim: { id: string; lease: number }, status: 'sent' | 'stored' | 'failed' | 'pending', error: string | null, retryInMs = 0, at = Date.now()): void {
    this.sql(`UPDATE emails SET status = ?, attempts = attempts + 1, last_error = ?, next_attempt_at = ?, claimed_until = 0,
        sent_at = CASE WHEN ? IN ('sent', 'stored') THEN ? ELSE sent_at END WHERE id = ? AND claimed_until = ?`)
      .run(status, error, at + retryInMs, status, new Date(at).toISOString(), claim.id, claim.lease);
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
