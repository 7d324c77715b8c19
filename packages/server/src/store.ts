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
import type { EventData, EventType, StoredEvent } from './events.js';
import { IDEMPOTENCY_KEY_TTL_MS, PORTAL_FAILURE_LIMIT, PORTAL_FAILURE_WINDOW_MS } from './limits.js';
import {
  AccountsStore,
  type BrandingPatch,
  type BrandingRow,
  type LogoType,
  type PortalInviteRow,
  type PortalRole,
  type PortalSessionRow,
  type PortalUserRow,
} from './store-accounts.js';
import { CONNECTION_TOPIC, OUTBOX_TOPIC, RESYNC_TOPIC, SqliteDatabase, type SqlClient, type SqlDatabase } from './sql.js';
import type {
  AcknowledgedBatch,
  CompanyRow,
  ConnectionInput,
  ConnectionRow,
  ConsentInput,
  EntityRow,
  EntityStatusRow,
  Environment,
  ReceiptRow,
  RequestRow,
  SessionScope,
  Storage,
} from './storage.js';
import { buildFunnel, recordPage, requestTimes, type FunnelOptions, type FunnelReport, type RecordCursor, type RecordPage } from './store-data.js';

export type {
  AcknowledgedBatch,
  CompanyRow,
  ConnectionInput,
  ConnectionRow,
  ConsentInput,
  EntityRow,
  EntityStatusRow,
  Environment,
  ReceiptRow,
  RequestRow,
  SessionScope,
  Storage,
} from './storage.js';

export const newId = (prefix: string): string => `${prefix}_${randomBytes(12).toString('base64url')}`;
export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * How a batch's body was hashed before its records were stored as one array (one row per record,
 * each serialized): a retry of a batch stored then still finds its key.
 */
const rowsHash = (kind: ReportKind, batchIndex: number, records: readonly Record<string, unknown>[]): string =>
  sha256(records.length === 0 ? `${kind}\n${batchIndex}` : `${kind}\n${batchIndex}\n${records.map((record) => JSON.stringify(record)).join('\n')}`);
const now = (): string => new Date().toISOString();

const REQUEST_SELECT = `SELECT r.id, r.company_id AS "companyId", c.name AS "companyName", r.data_types AS "dataTypes",
  c.environment, r.created_at AS "createdAt", r.finished_at AS "finishedAt" FROM data_requests r JOIN companies c ON c.id = r.company_id`;
const CONNECTION_COLUMNS = `id, request_id AS "requestId", entity_id AS "entityId", integration_key AS "integrationKey",
  kind, status, oauth_state AS "oauthState", redirect_uri AS "redirectUri", opener_origin AS "openerOrigin"`;
const CONNECTION_SELECT = `SELECT ${CONNECTION_COLUMNS} FROM connections`;
const ENTITY_COLUMNS = 'id, name, created_at AS "createdAt"';

type RawRequest = Omit<RequestRow, 'dataTypes'> & { dataTypes: string };
const toRequest = (row: RawRequest): RequestRow => ({ ...row, dataTypes: JSON.parse(row.dataTypes) as DataType[] });

export interface WebhookEndpointRow {
  id: string;
  url: string;
  description: string;
  /** The event types delivered; null means every type, including ones added later. */
  eventTypes: EventType[] | null;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
}
export interface DeliveryRow {
  id: string;
  endpointId: string;
  eventId: string;
  eventType: EventType;
  status: 'pending' | 'succeeded' | 'failed';
  attempts: number;
  /** When the next attempt is due, for a pending delivery. */
  nextAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  lastLatencyMs: number | null;
  createdAt: string;
  updatedAt: string;
}
export interface AttemptRow {
  attempt: number;
  statusCode: number | null;
  error: string | null;
  latencyMs: number;
  at: string;
}
export interface AttemptOutcome {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  latencyMs: number;
}
export interface ClaimedDelivery {
  id: string;
  endpointId: string;
  step: number;
  attempts: number;
  lease: number;
  url: string;
  event: StoredEvent;
  secrets: string[];
}
export type RuleKind = 'requestStale' | 'connectionFailed' | 'uploadSkippedRows' | 'requestFinished';
export interface RuleInput {
  kind: RuleKind;
  /** requestStale: days after opening; uploadSkippedRows: the share of skipped rows, in percent. */
  threshold?: number | null;
  viaWebhook?: boolean;
  emails?: string[];
  locale?: 'en' | 'fr';
  enabled?: boolean;
}
export interface RuleRow {
  id: string;
  kind: RuleKind;
  threshold: number | null;
  viaWebhook: boolean;
  emails: string[];
  locale: 'en' | 'fr';
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
}
export interface AlertRow {
  id: string;
  ruleId: string;
  rule: RuleKind;
  subjectId: string;
  companyId: string;
  requestId: string | null;
  entityId: string | null;
  summary: string;
  createdAt: string;
  resolvedAt: string | null;
}
export type EmailTemplate = 'request' | 'alert' | 'reminder' | 'invite';
export interface EmailRow {
  id: string;
  template: EmailTemplate;
  locale: 'en' | 'fr';
  recipients: string[];
  params: Record<string, unknown>;
  requestId: string | null;
  status: 'pending' | 'sent' | 'failed' | 'stored';
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

const ENDPOINT_SELECT = `SELECT id, url, description, event_types AS "eventTypes", enabled, created_at AS "createdAt",
  updated_at AS "updatedAt" FROM webhook_endpoints`;
type RawEndpoint = Omit<WebhookEndpointRow, 'eventTypes' | 'enabled'> & { eventTypes: string | null; enabled: number };
const toEndpoint = (row: RawEndpoint): WebhookEndpointRow => ({
  ...row,
  eventTypes: row.eventTypes === null ? null : (JSON.parse(row.eventTypes) as EventType[]),
  enabled: row.enabled === 1,
});
const DELIVERY_SELECT = `SELECT d.id, d.endpoint_id AS "endpointId", d.event_id AS "eventId", e.type AS "eventType", d.status, d.attempts,
  d.next_attempt_at AS "nextAttemptAt", d.last_status_code AS "lastStatusCode", d.last_error AS "lastError",
  d.last_latency_ms AS "lastLatencyMs", d.created_at AS "createdAt", d.updated_at AS "updatedAt"
  FROM webhook_deliveries d JOIN events e ON e.id = d.event_id`;
type RawDelivery = Omit<DeliveryRow, 'nextAttemptAt'> & { nextAttemptAt: number };
const toDelivery = (row: RawDelivery): DeliveryRow => ({
  ...row,
  nextAttemptAt: row.status === 'pending' ? new Date(row.nextAttemptAt).toISOString() : null,
});
const RULE_SELECT = `SELECT id, kind, threshold, via_webhook AS "viaWebhook", emails, locale, enabled, created_at AS "createdAt",
  updated_at AS "updatedAt" FROM monitoring_rules`;
type RawRule = Omit<RuleRow, 'viaWebhook' | 'emails' | 'enabled'> & { viaWebhook: number; emails: string; enabled: number };
const toRule = (row: RawRule): RuleRow => ({
  ...row,
  viaWebhook: row.viaWebhook === 1,
  enabled: row.enabled === 1,
  emails: JSON.parse(row.emails) as string[],
});
const ALERT_SELECT = `SELECT a.id, a.rule_id AS "ruleId", r.kind AS rule, a.subject_id AS "subjectId", a.company_id AS "companyId",
  a.request_id AS "requestId", a.entity_id AS "entityId", a.summary, a.created_at AS "createdAt", a.resolved_at AS "resolvedAt"
  FROM alerts a JOIN monitoring_rules r ON r.id = a.rule_id`;
const EMAIL_SELECT = `SELECT id, template, locale, recipients, params, request_id AS "requestId", status, attempts,
  last_error AS "lastError", created_at AS "createdAt", sent_at AS "sentAt" FROM emails`;
type RawEmail = Omit<EmailRow, 'recipients' | 'params'> & { recipients: string; params: string };
const toEmail = (row: RawEmail): EmailRow => ({
  ...row,
  recipients: JSON.parse(row.recipients) as string[],
  params: JSON.parse(row.params) as Record<string, unknown>,
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

/** Portal failure counts kept at most; past it the oldest go (a flood of invented accounts cannot fill the table). */
export const PORTAL_FAILURE_ENTRIES = 10_000;
/** How often the expiry sweep runs (on one instance at a time, see Store.sweep). */
export const SWEEP_INTERVAL_MS = 60_000;
/** Expired sessions are kept this long after they end, for investigating a fresh incident. */
const SESSION_GRACE_MS = 86_400_000;

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

  private readonly accounts: AccountsStore;

  constructor(
    readonly sql: SqlDatabase,
    options: StoreOptions = {},
  ) {
    this.accounts = new AccountsStore(sql);
    this.uploadIdleMs = options.uploadIdleMs ?? UPLOAD_IDLE_MS;
    this.dialect = sql.dialect;
    const pg = sql.dialect === 'postgres';
    this.forUpdate = pg ? ' FOR UPDATE' : '';
    this.forShare = pg ? ' FOR SHARE' : '';
    this.seq = pg ? 'seq' : 'rowid';
    this.skipLocked = pg ? ' FOR UPDATE SKIP LOCKED' : '';
    // A stored event, a replayed delivery or a queued e-mail wakes the outbox worker on every
    // instance (sent on commit, see SqlClient.notify).
    sql.events.on(OUTBOX_TOPIC, () => this.onEvent?.());
  }

  /** Called after an event, a replay or an e-mail is committed, on every instance: wakes the outbox worker. */
  onEvent: (() => void) | undefined;

  /** The better-sqlite3 handle, for tests and tools that read the file directly. SQLite only. */
  get db(): Database.Database {
    if (this.sql instanceof SqliteDatabase) return this.sql.raw;
    throw new Error('store.db is the SQLite handle; this store runs on PostgreSQL (use store.sql).');
  }

  close(): Promise<void> {
    return this.sql.close();
  }

  async createCompany(name: string, allowedIntegrations: string[] | null, environment: Environment = 'sandbox'): Promise<CompanyRow> {
    const row: CompanyRow = { id: newId('cmp'), name, allowedIntegrations, environment, createdAt: now() };
    await this.sql.run('INSERT INTO companies (id, name, allowed_integrations, environment, created_at) VALUES (?, ?, ?, ?, ?)', [
      row.id,
      name,
      allowedIntegrations ? JSON.stringify(allowedIntegrations) : null,
      environment,
      row.createdAt,
    ]);
    return row;
  }

  async listCompanies(environment?: Environment): Promise<CompanyRow[]> {
    const rows = await this.sql.all<{ id: string; name: string; allowed: string | null; environment: Environment; createdAt: string }>(
      `SELECT id, name, allowed_integrations AS allowed, environment, created_at AS "createdAt" FROM companies
        WHERE (CAST(? AS TEXT) IS NULL OR environment = ?) ORDER BY created_at, id`,
      [environment ?? null, environment ?? null],
    );
    return rows.map(({ allowed, ...rest }) => ({ ...rest, allowedIntegrations: allowed ? (JSON.parse(allowed) as string[]) : null }));
  }

  async getCompany(id: string): Promise<CompanyRow | undefined> {
    const row = await this.sql.get<{ id: string; name: string; allowed: string | null; environment: Environment; createdAt: string }>(
      'SELECT id, name, allowed_integrations AS allowed, environment, created_at AS "createdAt" FROM companies WHERE id = ?',
      [id],
    );
    if (!row) return undefined;
    const { allowed, ...rest } = row;
    return { ...rest, allowedIntegrations: allowed ? (JSON.parse(allowed) as string[]) : null };
  }

  async createRequest(companyId: string, dataTypes: DataType[]): Promise<RequestRow> {
    const company = await this.getCompany(companyId);
    if (!company) throw new ApiError('not_found');
    const unique = [...new Set(dataTypes)];
    const row: RequestRow = {
      id: newId('req'),
      companyId,
      companyName: company.name,
      dataTypes: unique,
      environment: company.environment,
      createdAt: now(),
      finishedAt: null,
    };
    await this.sql.transaction(async (tx) => {
      await tx.run('INSERT INTO data_requests (id, company_id, data_types, created_at) VALUES (?, ?, ?, ?)', [
        row.id,
        companyId,
        JSON.stringify(unique),
        row.createdAt,
      ]);
      await this.emit(tx, 'request.created', { companyId, requestId: row.id, dataTypes: unique });
    });
    return row;
  }

  async getRequest(id: string, client: SqlClient = this.sql): Promise<RequestRow | undefined> {
    const row = await client.get<RawRequest>(`${REQUEST_SELECT} WHERE r.id = ?`, [id]);
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
      `SELECT finished_at AS "finishedAt" FROM data_requests WHERE id = ?${exclusive ? this.forUpdate : this.forShare}`,
      [requestId],
    );
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
      const finishing = (await tx.run('UPDATE data_requests SET finished_at = ? WHERE id = ? AND finished_at IS NULL', [at, requestId])).changes === 1;
      const pending = await tx.all<{ id: string }>(`SELECT id FROM connections WHERE request_id = ? AND status = 'pending'${this.forUpdate}`, [requestId]);
      await tx.run("UPDATE connections SET status = 'cancelled', oauth_state = NULL, updated_at = ? WHERE request_id = ? AND status = 'pending'", [
        at,
        requestId,
      ]);
      for (const { id } of pending) await tx.notify(CONNECTION_TOPIC, id);
      if (finishing) {
        const request = (await this.getRequest(requestId, tx))!;
        const entities = (await this.entityStatuses(requestId, tx)).map(({ entityId, name, status }) => ({ entityId, name, status }));
        await this.emit(tx, 'request.finished', { companyId: request.companyId, requestId, entities });
      }
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
    await this.sql.transaction(async (tx) => {
      await tx.run(
        `INSERT INTO sessions (token_hash, company_id, request_id, expires_at, created_at, ttl_seconds, absolute_expires_at)
        VALUES (?, ?, ?, ?, ?, ?, ?)`,
        [sha256(token), companyId, requestId, expires, new Date(created).toISOString(), ttlSeconds, Math.max(expires, created + maxLifetimeSeconds * 1000)],
      );
      // The first session is the request's opening: the clock of the "not finished after N days" rule.
      const opened =
        (await tx.run('UPDATE data_requests SET opened_at = ? WHERE id = ? AND opened_at IS NULL', [new Date(created).toISOString(), requestId])).changes === 1;
      if (opened) await this.emit(tx, 'request.opened', { companyId, requestId });
    });
    return { token, expiresAt: new Date(expires).toISOString() };
  }

  async resolveSession(token: string): Promise<SessionScope | undefined> {
    const tokenHash = sha256(token);
    const row = await this.sql.get<{ companyId: string; requestId: string; expiresAt: number; ttl: number; absoluteEnd: number | null }>(
      `SELECT company_id AS "companyId", request_id AS "requestId", expires_at AS "expiresAt", ttl_seconds AS ttl,
      absolute_expires_at AS "absoluteEnd" FROM sessions WHERE token_hash = ?`,
      [tokenHash],
    );
    const at = Date.now();
    if (!row || row.expiresAt <= at) return undefined;
    // Extending only once half the TTL is gone keeps writes off the hot path of an upload.
    if (row.expiresAt - at < (row.ttl * 1000) / 2) {
      const extended = Math.min(at + row.ttl * 1000, row.absoluteEnd ?? row.expiresAt);
      // Never shortens: another instance may have extended it further meanwhile.
      if (extended > row.expiresAt)
        await this.sql.run('UPDATE sessions SET expires_at = ? WHERE token_hash = ? AND expires_at < ?', [extended, tokenHash, extended]);
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
          [requestId, idempotencyKey],
        );
        if (seen) {
          const { bodyHash: seenHash, ...entity } = seen;
          if (seenHash !== null && seenHash !== bodyHash) throw new ApiError('idempotency_conflict');
          return entity;
        }
      }
      const row: EntityRow = { id: newId('ent'), name, createdAt: now() };
      await tx.run('INSERT INTO entities (id, request_id, name, idempotency_key, idempotency_body_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)', [
        row.id,
        requestId,
        name,
        idempotencyKey ?? null,
        bodyHash,
        row.createdAt,
      ]);
      await this.emit(tx, 'entity.created', { ...(await this.scopeOf(tx, requestId)), entityId: row.id, name });
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
    for (const [table, madeAt] of [
      ['entities', 'created_at'],
      ['connections', 'created_at'],
      ['consents', 'received_at'],
    ] as const) {
      forgotten += (
        await client.run(`UPDATE ${table} SET idempotency_key = NULL, idempotency_body_hash = NULL WHERE idempotency_key IS NOT NULL AND ${madeAt} < ?`, [
          before,
        ])
      ).changes;
    }
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
    return this.runJob(
      'expiry-sweep',
      SWEEP_INTERVAL_MS,
      async (tx) => {
        let removed = (await tx.run('DELETE FROM sessions WHERE expires_at < ?', [at - SESSION_GRACE_MS])).changes;
        removed += await this.purgeIdempotencyKeys(at, tx);
        removed += (await tx.run('DELETE FROM portal_failures WHERE since < ?', [at - PORTAL_FAILURE_WINDOW_MS])).changes;
        removed += await this.accounts.sweepAccounts(tx, at);
        return removed;
      },
      at,
    );
  }

  /**
   * Sweeps at once, then every `intervalMs` (unref'd: it never holds the process open).
   * Returns the function that stops it. A failed sweep is reported to `onError` and tried again later.
   */
  startSweeps(intervalMs: number = SWEEP_INTERVAL_MS, onError: (error: unknown) => void = () => undefined): () => void {
    let running: Promise<unknown> | undefined;
    const tick = () => {
      running ??= this.sweep()
        .catch(onError)
        .finally(() => (running = undefined));
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
    await this.sql.run(
      `INSERT INTO portal_failures (key, count, since, updated_at) VALUES (?, 1, ?, ?)
      ON CONFLICT (key) DO UPDATE SET count = portal_failures.count + 1, updated_at = excluded.updated_at`,
      [key, at, at],
    );
    await this.sql.run(
      `DELETE FROM portal_failures WHERE key IN
      (SELECT key FROM portal_failures ORDER BY updated_at DESC, key LIMIT 1000000000 OFFSET ?)`,
      [PORTAL_FAILURE_ENTRIES],
    );
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
    await this.sql.run('INSERT INTO server_secrets (name, value, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING', [
      name,
      randomBytes(32).toString('base64'),
      now(),
    ]);
    const row = await this.sql.get<{ value: string }>('SELECT value FROM server_secrets WHERE name = ?', [name]);
    return Buffer.from(row!.value, 'base64');
  }

  listEntities(requestId: string, client: SqlClient = this.sql): Promise<EntityRow[]> {
    return client.all<EntityRow>(`SELECT ${ENTITY_COLUMNS} FROM entities WHERE request_id = ? ORDER BY created_at, ${this.seq}`, [requestId]);
  }

  async requireEntity(requestId: string, entityId: string, client: SqlClient = this.sql): Promise<EntityRow> {
    const row = await client.get<EntityRow>(`SELECT ${ENTITY_COLUMNS} FROM entities WHERE id = ? AND request_id = ?`, [entityId, requestId]);
    if (!row) throw new ApiError('not_found');
    return row;
  }

  /** `check` runs only for a consent not recorded yet: a retry minutes later is still the same record. */
  async recordConsent(
    requestId: string,
    consent: ConsentInput,
    check?: (consent: ConsentInput) => void,
    idempotencyKey?: string,
  ): Promise<{ id: number; receivedAt: string }> {
    await this.requireEntity(requestId, consent.entityId);
    const bodyHash = idempotencyKey ? sha256(JSON.stringify(consent)) : null;
    return this.sql.transaction(async (tx) => {
      await this.writableIn(tx, requestId, true);
      if (idempotencyKey) {
        const keyed = await tx.get<{ id: number; receivedAt: string; bodyHash: string | null }>(
          'SELECT id, received_at AS "receivedAt", idempotency_body_hash AS "bodyHash" FROM consents WHERE request_id = ? AND idempotency_key = ?',
          [requestId, idempotencyKey],
        );
        if (keyed) {
          if (keyed.bodyHash !== null && keyed.bodyHash !== bodyHash) throw new ApiError('idempotency_conflict');
          return { id: keyed.id, receivedAt: keyed.receivedAt };
        }
      }
      // A retried post of the same consent is the same record, not a second one.
      const seen = await tx.get<{ id: number; receivedAt: string }>(
        `SELECT id, received_at AS "receivedAt" FROM consents WHERE request_id = ? AND entity_id = ? AND integration_key = ?
        AND text_hash = ? AND given_at = ?`,
        [requestId, consent.entityId, consent.integrationKey, consent.textHash, consent.givenAt],
      );
      if (seen) return seen;
      check?.(consent);
      const receivedAt = now();
      const inserted = await tx.get<{ id: number }>(
        `INSERT INTO consents (request_id, entity_id, integration_key, data_types, text, text_hash,
        version, locale, given_at, received_at, idempotency_key, idempotency_body_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
        [
          requestId,
          consent.entityId,
          consent.integrationKey,
          JSON.stringify(consent.dataTypes),
          consent.text,
          consent.textHash,
          consent.version,
          consent.locale,
          consent.givenAt,
          receivedAt,
          idempotencyKey ?? null,
          bodyHash,
        ],
      );
      await this.emit(tx, 'consent.recorded', {
        ...(await this.scopeOf(tx, requestId)),
        entityId: consent.entityId,
        integrationKey: consent.integrationKey,
        dataTypes: consent.dataTypes,
        version: consent.version,
        locale: consent.locale,
      });
      return { id: Number(inserted!.id), receivedAt };
    });
  }

  /** The latest consent of each entity of a request, for the portal. */
  async latestConsents(requestId: string): Promise<Map<string, { version: string; locale: string; givenAt: string }>> {
    const rows = await this.sql.all<{ entityId: string; version: string; locale: string; givenAt: string }>(
      'SELECT entity_id AS "entityId", version, locale, given_at AS "givenAt" FROM consents WHERE request_id = ? ORDER BY id',
      [requestId],
    );
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
          [requestId, idempotencyKey],
        );
        if (seen) {
          const { bodyHash: seenHash, ...connection } = seen;
          if (seenHash !== null && seenHash !== bodyHash) throw new ApiError('idempotency_conflict');
          return connection;
        }
      }
      const direct = input.kind === 'direct';
      const row: ConnectionRow = {
        id: newId('con'),
        requestId,
        entityId: input.entityId,
        integrationKey: input.integrationKey,
        kind: input.kind,
        status: direct ? 'pending' : 'linked',
        oauthState: direct ? randomBytes(24).toString('base64url') : null,
        redirectUri: input.redirectUri ?? null,
        openerOrigin: input.openerOrigin ?? null,
      };
      const at = now();
      await tx.run(
        `INSERT INTO connections (id, request_id, entity_id, integration_key, kind, status, oauth_state, redirect_uri,
        opener_origin, idempotency_key, idempotency_body_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          row.id,
          requestId,
          row.entityId,
          row.integrationKey,
          row.kind,
          row.status,
          row.oauthState,
          row.redirectUri,
          row.openerOrigin,
          idempotencyKey ?? null,
          bodyHash,
          at,
          at,
        ],
      );
      if (row.status === 'linked') await this.emitConnection(tx, row, 'connection.connected');
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
      const { changes } = await tx.run("UPDATE connections SET status = ?, oauth_state = NULL, updated_at = ? WHERE id = ? AND status = 'pending'", [
        status,
        now(),
        connectionId,
      ]);
      if (changes === 0) return;
      await tx.notify(CONNECTION_TOPIC, connectionId);
      const row = (await tx.get<ConnectionRow>(`${CONNECTION_SELECT} WHERE id = ?`, [connectionId]))!;
      await this.emitConnection(tx, row, status === 'linked' ? 'connection.connected' : 'connection.failed');
    });
  }

  private async emitConnection(tx: SqlClient, row: ConnectionRow, type: 'connection.connected' | 'connection.failed'): Promise<void> {
    const base = {
      ...(await this.scopeOf(tx, row.requestId)),
      entityId: row.entityId,
      connectionId: row.id,
      integrationKey: row.integrationKey,
      kind: row.kind,
    };
    if (type === 'connection.connected') await this.emit(tx, type, base);
    else await this.emit(tx, type, { ...base, status: row.status === 'cancelled' ? 'cancelled' : 'failed' });
  }

  connectionChanged(connectionId: string, signal: AbortSignal): Promise<void> {
    const events = this.sql.events;
    return new Promise<void>((resolve, reject) => {
      const done = (error?: Error) => {
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
      const onAbort = () => done((signal.reason as Error | undefined) ?? new Error('aborted'));
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
    connection: ConnectionRow,
    kind: ReportKind,
    batchIndex: number,
    key: string,
    uploadId: string | null,
    records: Record<string, unknown>[],
    recordsText?: string,
  ): Promise<ReceiptRow> {
    // The batch's records as one JSON array: the text they came in when the body parser kept it,
    // else serialized once. The same text is hashed (to spot a reused key) and stored.
    const text = recordsText ?? JSON.stringify(records);
    const bodyHash = sha256(`${kind}\n${batchIndex}\n${text}`);
    const upload = uploadId ?? '';
    return this.sql.transaction(async (tx): Promise<ReceiptRow> => {
      await this.lockConnection(tx, connection.requestId, connection.id);
      await this.claimUpload(tx, connection.id, kind, upload);
      const seen = await tx.get<{ batchIndex: number; accepted: number; bodyHash: string }>(
        `SELECT batch_index AS "batchIndex", record_count AS accepted, body_hash AS "bodyHash" FROM batches
          WHERE connection_id = ? AND kind = ? AND idempotency_key = ? AND superseded = 0`,
        [connection.id, kind, key],
      );
      if (seen) {
        if (seen.bodyHash !== bodyHash && seen.bodyHash !== rowsHash(kind, batchIndex, records)) throw new ApiError('idempotency_conflict');
        return { batchIndex: seen.batchIndex, accepted: seen.accepted, duplicate: true };
      }
      // A new key at a stored index of the same upload replaces that batch.
      const live = await tx.get<{ id: number }>('SELECT id FROM batches WHERE connection_id = ? AND kind = ? AND batch_index = ? AND superseded = 0', [
        connection.id,
        kind,
        batchIndex,
      ]);
      if (live) await this.dropBatch(tx, live.id);
      // Databases from before migration 3 kept superseded rows (records gone); their key is free again.
      await tx.run('DELETE FROM batches WHERE connection_id = ? AND kind = ? AND idempotency_key = ? AND superseded = 1', [connection.id, kind, key]);
      await tx.run('DELETE FROM reports WHERE connection_id = ? AND kind = ?', [connection.id, kind]);
      const inserted = await tx.get<{ id: number }>(
        `INSERT INTO batches (connection_id, kind, batch_index, idempotency_key, upload_id, body_hash,
        record_count, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
        [connection.id, kind, batchIndex, key, uploadId, bodyHash, records.length, now()],
      );
      if (records.length > 0) await tx.run('INSERT INTO batch_records (batch_id, data) VALUES (?, ?)', [Number(inserted!.id), text]);
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

  /** A dropped batch leaves no row behind: its key may be sent again by a later upload of the same file. */
  private async dropBatch(tx: SqlClient, batchId: number): Promise<void> {
    await tx.run('DELETE FROM batch_records WHERE batch_id = ?', [batchId]);
    await tx.run('DELETE FROM batches WHERE id = ?', [batchId]);
  }

  /** Makes `upload` the current upload of the report, or refuses it (see submitBatch). Inside a transaction. */
  private async claimUpload(tx: SqlClient, connectionId: string, kind: ReportKind, upload: string): Promise<void> {
    const at = Date.now();
    const current = await tx.get<{ uploadId: string; lastBatchAt: number }>(
      `SELECT upload_id AS "uploadId", last_batch_at AS "lastBatchAt" FROM uploads WHERE connection_id = ? AND kind = ? AND state = 'current'${this.forUpdate}`,
      [connectionId, kind],
    );
    if (current?.uploadId === upload) {
      await tx.run('UPDATE uploads SET last_batch_at = ? WHERE connection_id = ? AND kind = ? AND upload_id = ?', [at, connectionId, kind, upload]);
      return;
    }
    if (current) {
      const mine = await tx.get<{ state: string }>('SELECT state FROM uploads WHERE connection_id = ? AND kind = ? AND upload_id = ?', [
        connectionId,
        kind,
        upload,
      ]);
      const finalized = (await tx.get('SELECT 1 AS one FROM reports WHERE connection_id = ? AND kind = ?', [connectionId, kind])) !== undefined;
      const live = !finalized && at - current.lastBatchAt < this.uploadIdleMs;
      if (mine?.state === 'superseded' && live) throw new ApiError('upload_superseded');
      await tx.run("UPDATE uploads SET state = 'superseded' WHERE connection_id = ? AND kind = ? AND state = 'current'", [connectionId, kind]);
    }
    // Whatever another upload left (or, in a database from before uploads were tracked, any batch
    // of another upload id) goes: the report holds one upload's batches only.
    const others = await tx.all<{ id: number }>(
      "SELECT id FROM batches WHERE connection_id = ? AND kind = ? AND superseded = 0 AND COALESCE(upload_id, '') <> ?",
      [connectionId, kind, upload],
    );
    for (const { id } of others) await this.dropBatch(tx, id);
    await tx.run('DELETE FROM reports WHERE connection_id = ? AND kind = ?', [connectionId, kind]);
    await tx.run(
      `INSERT INTO uploads (connection_id, kind, upload_id, state, last_batch_at) VALUES (?, ?, ?, 'current', ?)
      ON CONFLICT (connection_id, kind, upload_id) DO UPDATE SET state = 'current', last_batch_at = excluded.last_batch_at`,
      [connectionId, kind, upload, at],
    );
  }

  /** With an upload id, only that upload's batches count: another file for the same report starts over. */
  acknowledged(connectionId: string, kind: ReportKind, uploadId?: string): Promise<AcknowledgedBatch[]> {
    return this.sql.all<AcknowledgedBatch>(
      `SELECT batch_index AS "batchIndex", idempotency_key AS "idempotencyKey", record_count AS "recordCount" FROM batches
        WHERE connection_id = ? AND kind = ? AND superseded = 0 AND (CAST(? AS TEXT) IS NULL OR upload_id = ?) ORDER BY batch_index`,
      [connectionId, kind, uploadId ?? null, uploadId ?? null],
    );
  }

  /**
   * Refuses a report with a missing batch or a count that does not add up: nothing is half-received.
   * With an upload id, every stored batch must belong to that upload, and it must be the current
   * one (else `upload_superseded`): a finalize never vouches for another upload's rows.
   */
  finalizeReport(
    connection: ConnectionRow,
    kind: ReportKind,
    totalBatches: number,
    recordCount: number,
    uploadId?: string,
    file: { rowsSkipped?: number; fileName?: string } = {},
  ): Promise<string> {
    const connectionId = connection.id;
    return this.sql.transaction(async (tx) => {
      await this.lockConnection(tx, connection.requestId, connectionId);
      const current = await tx.get<{ uploadId: string }>(
        `SELECT upload_id AS "uploadId" FROM uploads WHERE connection_id = ? AND kind = ? AND state = 'current'`,
        [connectionId, kind],
      );
      if (uploadId !== undefined && current !== undefined && current.uploadId !== uploadId) throw new ApiError('upload_superseded');
      const stale = await tx.all<{ id: number }>('SELECT id FROM batches WHERE connection_id = ? AND kind = ? AND superseded = 0 AND batch_index >= ?', [
        connectionId,
        kind,
        totalBatches,
      ]);
      for (const { id } of stale) await this.dropBatch(tx, id);
      const uploads = await tx.all<{ uploadId: string }>(
        `SELECT DISTINCT COALESCE(upload_id, '') AS "uploadId" FROM batches WHERE connection_id = ? AND kind = ? AND superseded = 0`,
        [connectionId, kind],
      );
      if (uploads.length > 1 || (uploadId !== undefined && uploads.some((u) => u.uploadId !== uploadId))) {
        throw new ApiError('upload_superseded');
      }
      const sum = (await tx.get<{ batches: number; records: number }>(
        'SELECT COUNT(*) AS batches, COALESCE(SUM(record_count), 0) AS records FROM batches WHERE connection_id = ? AND kind = ? AND superseded = 0',
        [connectionId, kind],
      ))!;
      if (Number(sum.batches) !== totalBatches || Number(sum.records) !== recordCount) {
        throw new ApiError('conflict', undefined, `Received ${sum.batches} batches and ${sum.records} records; expected ${totalBatches} and ${recordCount}.`);
      }
      const at = now();
      // A finalize retried (the same report already closed) is no new upload: no second event.
      const closed = await tx.get<{ at: string }>(
        'SELECT finalized_at AS at FROM reports WHERE connection_id = ? AND kind = ? AND total_batches = ? AND record_count = ?',
        [connectionId, kind, totalBatches, recordCount],
      );
      if (closed) return closed.at;
      await tx.run(
        `INSERT INTO reports (connection_id, kind, total_batches, record_count, finalized_at) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (connection_id, kind) DO UPDATE SET total_batches = excluded.total_batches, record_count = excluded.record_count,
        finalized_at = excluded.finalized_at`,
        [connectionId, kind, totalBatches, recordCount, at],
      );
      await this.emit(tx, 'upload.completed', {
        ...(await this.scopeOf(tx, connection.requestId)),
        entityId: connection.entityId,
        connectionId,
        kind,
        records: recordCount,
        rowsSkipped: file.rowsSkipped ?? null,
        fileName: file.fileName ?? null,
      });
      return at;
    });
  }

  async entityStatuses(requestId: string, client: SqlClient = this.sql): Promise<EntityStatusRow[]> {
    const finished = (await this.getRequest(requestId, client))?.finishedAt != null;
    const entities = await this.listEntities(requestId, client);
    const statuses: EntityStatusRow[] = [];
    for (const entity of entities) {
      const connection = await client.get<ConnectionRow>(`${CONNECTION_SELECT} WHERE entity_id = ? AND request_id = ? ORDER BY ${this.seq} DESC LIMIT 1`, [
        entity.id,
        requestId,
      ]);
      if (!connection) {
        statuses.push({ entityId: entity.id, name: entity.name, status: 'notStarted', counts: {} });
        continue;
      }
      const counts: Partial<Record<ReportKind, number>> = {};
      const rows = await client.all<{ kind: ReportKind; n: number }>(
        'SELECT kind, SUM(record_count) AS n FROM batches WHERE connection_id = ? AND superseded = 0 GROUP BY kind',
        [connection.id],
      );
      for (const row of rows) counts[row.kind] = Number(row.n);
      const finalized = new Set(
        (await client.all<{ kind: ReportKind }>('SELECT kind FROM reports WHERE connection_id = ?', [connection.id])).map((r) => r.kind),
      );
      const status = statusOf(connection, finalized, finished);
      statuses.push({ entityId: entity.id, name: entity.name, status, integrationKey: connection.integrationKey, connectionKind: connection.kind, counts });
    }
    return statuses;
  }

  /** Received records of one kind, oldest first, with their entity, for the portal's CSV: one batch in memory at a time. */
  async *records(requestId: string, kind: ReportKind): AsyncGenerator<{ entityName: string; data: Record<string, unknown> }> {
    const batches = await this.sql.all<{ id: number; entityName: string }>(
      `SELECT b.id, e.name AS "entityName" FROM batches b
      JOIN connections c ON c.id = b.connection_id JOIN entities e ON e.id = c.entity_id
      WHERE c.request_id = ? AND b.kind = ? AND b.superseded = 0 ORDER BY e.created_at, e.${this.seq}, b.connection_id, b.batch_index`,
      [requestId, kind],
    );
    for (const batch of batches) {
      const row = await this.sql.get<{ data: string }>('SELECT data FROM batch_records WHERE batch_id = ?', [batch.id]);
      for (const data of row ? (JSON.parse(row.data) as Record<string, unknown>[]) : []) yield { entityName: batch.entityName, data };
    }
  }

  recordPage(requestId: string, entityId: string, kind: ReportKind, after: RecordCursor | null, limit: number): Promise<RecordPage> {
    return recordPage(this.sql, requestId, entityId, kind, after, limit);
  }

  async funnel(environment: Environment, options: FunnelOptions): Promise<FunnelReport> {
    return buildFunnel(environment, options, await requestTimes(this.sql, environment, options));
  }

  // ---- Events, the webhook outbox, monitoring rules, alerts and e-mail ----

  /** The company and request of a request id, for an event's subject. */
  private async scopeOf(q: SqlClient, requestId: string): Promise<{ companyId: string; requestId: string }> {
    const row = await q.get<{ companyId: string }>('SELECT company_id AS "companyId" FROM data_requests WHERE id = ?', [requestId]);
    if (!row) throw new ApiError('not_found');
    return { companyId: row.companyId, requestId };
  }

  /**
   * Stores an event and one delivery per enabled endpoint that wants it. Call it inside the
   * transaction of the change it reports: both are kept, or neither (the outbox's guarantee).
   * Monitoring rules that watch this event are evaluated in the same transaction; the outbox
   * workers of every instance are woken on commit.
   */
  private async emit<T extends EventType>(tx: SqlClient, type: T, data: EventData<T>): Promise<string> {
    const id = newEventId();
    const at = now();
    const subject = data as { companyId: string; requestId?: string; entityId?: string };
    await tx.run('INSERT INTO events (id, type, company_id, request_id, entity_id, data, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)', [
      id,
      type,
      subject.companyId,
      subject.requestId ?? null,
      subject.entityId ?? null,
      JSON.stringify(data),
      at,
    ]);
    const due = Date.now();
    for (const endpoint of await this.listEndpoints(tx)) {
      if (!endpoint.enabled || (endpoint.eventTypes !== null && !endpoint.eventTypes.includes(type))) continue;
      await tx.run(
        `INSERT INTO webhook_deliveries (id, endpoint_id, event_id, status, next_attempt_at, created_at, updated_at)
        VALUES (?, ?, ?, 'pending', ?, ?, ?)`,
        [newId('dlv'), endpoint.id, id, due, at, at],
      );
    }
    if (type !== 'alert.triggered') await this.evaluateRules(tx, type, data);
    await tx.notify(OUTBOX_TOPIC, id);
    return id;
  }

  async getEvent(id: string, client: SqlClient = this.sql): Promise<StoredEvent | undefined> {
    const row = await client.get<{ id: string; type: EventType; data: string; timestamp: string }>(
      'SELECT id, type, data, created_at AS timestamp FROM events WHERE id = ?',
      [id],
    );
    return row && { ...row, data: JSON.parse(row.data) as Record<string, unknown> };
  }

  /** Events oldest first, after the event id given (for catching up after an outage). */
  async listEvents(options: { after?: string; requestId?: string; limit?: number } = {}): Promise<StoredEvent[]> {
    if (options.after && !(await this.sql.get('SELECT 1 AS one FROM events WHERE id = ?', [options.after]))) throw new ApiError('not_found');
    const rows = await this.sql.all<{ id: string; type: EventType; data: string; timestamp: string }>(
      `SELECT id, type, data, created_at AS timestamp FROM events
        WHERE (CAST(? AS TEXT) IS NULL OR id > ?) AND (CAST(? AS TEXT) IS NULL OR request_id = ?) ORDER BY id LIMIT ?`,
      [options.after ?? null, options.after ?? null, options.requestId ?? null, options.requestId ?? null, options.limit ?? 100],
    );
    return rows.map((row) => ({ ...row, data: JSON.parse(row.data) as Record<string, unknown> }));
  }

  async createEndpoint(input: {
    url: string;
    description?: string;
    eventTypes?: EventType[] | null;
    enabled?: boolean;
  }): Promise<{ endpoint: WebhookEndpointRow; secret: string }> {
    const id = newId('whe');
    const secret = newWebhookSecret();
    const at = now();
    await this.sql.run(
      `INSERT INTO webhook_endpoints (id, url, description, event_types, enabled, secret, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [id, input.url, input.description ?? '', input.eventTypes ? JSON.stringify(input.eventTypes) : null, input.enabled === false ? 0 : 1, secret, at, at],
    );
    return { endpoint: (await this.getEndpoint(id))!, secret };
  }

  async listEndpoints(client: SqlClient = this.sql): Promise<WebhookEndpointRow[]> {
    return (await client.all<RawEndpoint>(`${ENDPOINT_SELECT} ORDER BY created_at, id`)).map(toEndpoint);
  }

  async getEndpoint(id: string, client: SqlClient = this.sql): Promise<WebhookEndpointRow | undefined> {
    const row = await client.get<RawEndpoint>(`${ENDPOINT_SELECT} WHERE id = ?`, [id]);
    return row && toEndpoint(row);
  }

  async updateEndpoint(
    id: string,
    patch: { url?: string; description?: string; eventTypes?: EventType[] | null; enabled?: boolean },
  ): Promise<WebhookEndpointRow> {
    const current = await this.getEndpoint(id);
    if (!current) throw new ApiError('not_found');
    const next = { ...current, ...patch };
    await this.sql.run('UPDATE webhook_endpoints SET url = ?, description = ?, event_types = ?, enabled = ?, updated_at = ? WHERE id = ?', [
      next.url,
      next.description,
      next.eventTypes ? JSON.stringify(next.eventTypes) : null,
      next.enabled ? 1 : 0,
      now(),
      id,
    ]);
    // Enabling an endpoint again releases its pending deliveries: wake the workers.
    if (next.enabled && !current.enabled) await this.sql.notify(OUTBOX_TOPIC, id);
    return (await this.getEndpoint(id))!;
  }

  /**
   * A new secret, shown once. The old one keeps signing too (a second signature in the header)
   * for `graceMs`, so the partner can deploy the new secret without losing a delivery.
   */
  async rotateEndpointSecret(id: string, graceMs: number, at = Date.now()): Promise<string> {
    const secret = newWebhookSecret();
    const { changes } = await this.sql.run(
      `UPDATE webhook_endpoints SET previous_secret = secret, previous_secret_until = ?, secret = ?, updated_at = ?
      WHERE id = ?`,
      [at + graceMs, secret, new Date(at).toISOString(), id],
    );
    if (changes === 0) throw new ApiError('not_found');
    return secret;
  }

  /** The secrets an endpoint's deliveries are signed with now: the current one, and the previous during its grace. */
  async endpointSecrets(id: string, at = Date.now(), client: SqlClient = this.sql): Promise<string[]> {
    const row = await client.get<{ secret: string; previous: string | null; until: number | null }>(
      'SELECT secret, previous_secret AS previous, previous_secret_until AS until FROM webhook_endpoints WHERE id = ?',
      [id],
    );
    if (!row) return [];
    return row.previous && row.until !== null && row.until > at ? [row.secret, row.previous] : [row.secret];
  }

  /**
   * Claims due deliveries for `leaseMs`: one UPDATE moves their claimed_until forward, so two
   * workers (or two servers on one database) never hold the same row. On PostgreSQL the inner
   * SELECT takes FOR UPDATE SKIP LOCKED: a row another instance is claiming is skipped, not waited
   * for. A worker that dies leaves rows to be claimed again when the lease ends: delivery is at
   * least once, and receivers deduplicate on the event id.
   */
  async claimDeliveries(at: number, leaseMs: number, limit: number): Promise<ClaimedDelivery[]> {
    const until = at + leaseMs;
    const lock = this.dialect === 'postgres' ? ' FOR UPDATE OF d SKIP LOCKED' : '';
    return this.sql.transaction(async (tx) => {
      const rows = await tx.all<{ id: string; endpointId: string; eventId: string; step: number; attempts: number }>(
        `UPDATE webhook_deliveries SET claimed_until = ? WHERE id IN (
          SELECT d.id FROM webhook_deliveries d JOIN webhook_endpoints w ON w.id = d.endpoint_id
          WHERE d.status = 'pending' AND d.next_attempt_at <= ? AND d.claimed_until < ? AND w.enabled = 1
          ORDER BY d.next_attempt_at, d.event_id LIMIT ?${lock})
        RETURNING id, endpoint_id AS "endpointId", event_id AS "eventId", step, attempts`,
        [until, at, at, limit],
      );
      const claimed: ClaimedDelivery[] = [];
      for (const row of rows) {
        const endpoint = (await this.getEndpoint(row.endpointId, tx))!;
        claimed.push({
          ...row,
          lease: until,
          url: endpoint.url,
          event: (await this.getEvent(row.eventId, tx))!,
          secrets: await this.endpointSecrets(row.endpointId, at, tx),
        });
      }
      return claimed;
    });
  }

  /**
   * Records an attempt's outcome, if the lease is still this worker's. `retryInMs` null means no
   * further attempt: the delivery succeeded, or failed for good.
   */
  completeDelivery(claim: { id: string; lease: number }, outcome: AttemptOutcome, retryInMs: number | null, at = Date.now()): Promise<boolean> {
    return this.sql.transaction(async (tx) => {
      const status = outcome.ok ? 'succeeded' : retryInMs === null ? 'failed' : 'pending';
      const updated = await tx.get<{ attempts: number }>(
        `UPDATE webhook_deliveries SET status = ?, step = step + 1, attempts = attempts + 1, next_attempt_at = ?, claimed_until = 0,
            last_status_code = ?, last_error = ?, last_latency_ms = ?, updated_at = ?
          WHERE id = ? AND claimed_until = ? RETURNING attempts`,
        [status, at + (retryInMs ?? 0), outcome.statusCode, outcome.error, outcome.latencyMs, new Date(at).toISOString(), claim.id, claim.lease],
      );
      if (!updated) return false;
      await tx.run('INSERT INTO webhook_attempts (id, delivery_id, attempt, status_code, error, latency_ms, at) VALUES (?, ?, ?, ?, ?, ?, ?)', [
        newId('wha'),
        claim.id,
        updated.attempts,
        outcome.statusCode,
        outcome.error,
        outcome.latencyMs,
        new Date(at).toISOString(),
      ]);
      return true;
    });
  }

  async listDeliveries(endpointId: string, options: { status?: DeliveryRow['status']; limit?: number } = {}): Promise<DeliveryRow[]> {
    const rows = await this.sql.all<RawDelivery>(
      `${DELIVERY_SELECT} WHERE d.endpoint_id = ? AND (CAST(? AS TEXT) IS NULL OR d.status = ?) ORDER BY d.event_id DESC, d.id DESC LIMIT ?`,
      [endpointId, options.status ?? null, options.status ?? null, options.limit ?? 50],
    );
    return rows.map(toDelivery);
  }

  async getDelivery(id: string): Promise<DeliveryRow | undefined> {
    const row = await this.sql.get<RawDelivery>(`${DELIVERY_SELECT} WHERE d.id = ?`, [id]);
    return row && toDelivery(row);
  }

  deliveryAttempts(deliveryId: string): Promise<AttemptRow[]> {
    return this.sql.all<AttemptRow>(
      `SELECT attempt, status_code AS "statusCode", error, latency_ms AS "latencyMs", at FROM webhook_attempts
        WHERE delivery_id = ? ORDER BY attempt`,
      [deliveryId],
    );
  }

  /** Sends a delivery again from the start of the schedule, with the same event id. */
  async replayDelivery(id: string, at = Date.now()): Promise<DeliveryRow> {
    await this.sql.transaction(async (tx) => {
      const { changes } = await tx.run("UPDATE webhook_deliveries SET status = 'pending', step = 0, next_attempt_at = ?, updated_at = ? WHERE id = ?", [
        at,
        new Date(at).toISOString(),
        id,
      ]);
      if (changes === 0) throw new ApiError('not_found');
      await tx.notify(OUTBOX_TOPIC, id);
    });
    return (await this.getDelivery(id))!;
  }

  async createRule(input: RuleInput): Promise<RuleRow> {
    const id = newId('rul');
    const at = now();
    await this.sql.run(
      `INSERT INTO monitoring_rules (id, kind, threshold, via_webhook, emails, locale, enabled, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        id,
        input.kind,
        input.threshold ?? null,
        input.viaWebhook === false ? 0 : 1,
        JSON.stringify(input.emails ?? []),
        input.locale ?? 'en',
        input.enabled === false ? 0 : 1,
        at,
        at,
      ],
    );
    return (await this.getRule(id))!;
  }

  async listRules(client: SqlClient = this.sql): Promise<RuleRow[]> {
    return (await client.all<RawRule>(`${RULE_SELECT} ORDER BY created_at, id`)).map(toRule);
  }

  async getRule(id: string): Promise<RuleRow | undefined> {
    const row = await this.sql.get<RawRule>(`${RULE_SELECT} WHERE id = ?`, [id]);
    return row && toRule(row);
  }

  async updateRule(id: string, patch: Partial<Omit<RuleInput, 'kind'>>): Promise<RuleRow> {
    const current = await this.getRule(id);
    if (!current) throw new ApiError('not_found');
    const next = { ...current, ...patch };
    await this.sql.run('UPDATE monitoring_rules SET threshold = ?, via_webhook = ?, emails = ?, locale = ?, enabled = ?, updated_at = ? WHERE id = ?', [
      next.threshold,
      next.viaWebhook ? 1 : 0,
      JSON.stringify(next.emails),
      next.locale,
      next.enabled ? 1 : 0,
      now(),
      id,
    ]);
    return (await this.getRule(id))!;
  }

  private async evaluateRules(tx: SqlClient, type: EventType, data: Record<string, unknown>): Promise<void> {
    const watching: Partial<Record<EventType, RuleRow['kind']>> = {
      'connection.failed': 'connectionFailed',
      'upload.completed': 'uploadSkippedRows',
      'request.finished': 'requestFinished',
    };
    const kind = watching[type];
    if (!kind) return;
    const rules = (await this.listRules(tx)).filter((rule) => rule.enabled && rule.kind === kind);
    const scope = { companyId: String(data['companyId']), requestId: String(data['requestId']) };
    const entityId = typeof data['entityId'] === 'string' ? data['entityId'] : undefined;
    for (const rule of rules) {
      if (type === 'connection.failed') {
        await this.raiseAlert(
          tx,
          rule,
          String(data['connectionId']),
          { ...scope, entityId },
          `A connection to ${String(data['integrationKey'])} was ${data['status'] === 'cancelled' ? 'denied by the customer' : 'refused by the platform'}.`,
        );
      } else if (type === 'upload.completed') {
        const skipped = data['rowsSkipped'];
        const records = Number(data['records']);
        if (typeof skipped !== 'number' || skipped + records === 0) continue;
        const share = (skipped / (skipped + records)) * 100;
        if (share <= (rule.threshold ?? 0)) continue;
        await this.raiseAlert(
          tx,
          rule,
          `${String(data['connectionId'])}/${String(data['kind'])}`,
          { ...scope, entityId },
          `An upload of ${String(data['kind'])} skipped ${skipped} of ${skipped + records} rows (${share.toFixed(1)} %, above ${rule.threshold ?? 0} %).`,
        );
      } else {
        await this.raiseAlert(tx, rule, scope.requestId, scope, 'The customer finished the data request.');
      }
    }
  }

  /** Alerts once per rule and subject: the UNIQUE pair makes a second trigger a no-op. */
  private async raiseAlert(
    tx: SqlClient,
    rule: RuleRow,
    subjectId: string,
    scope: { companyId: string; requestId: string; entityId?: string | undefined },
    summary: string,
  ): Promise<void> {
    const id = newId('alr');
    const { changes } = await tx.run(
      `INSERT INTO alerts (id, rule_id, subject_id, company_id, request_id, entity_id, summary, created_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (rule_id, subject_id) DO NOTHING`,
      [id, rule.id, subjectId, scope.companyId, scope.requestId, scope.entityId ?? null, summary, now()],
    );
    if (changes !== 1) return;
    if (rule.viaWebhook) {
      await this.emit(tx, 'alert.triggered', {
        companyId: scope.companyId,
        requestId: scope.requestId,
        ...(scope.entityId ? { entityId: scope.entityId } : {}),
        alertId: id,
        ruleId: rule.id,
        rule: rule.kind,
        subjectId,
        summary,
      });
    }
    if (rule.emails.length > 0) {
      await this.enqueueEmail('alert', rule.locale, rule.emails, { alertId: id, rule: rule.kind, threshold: rule.threshold, summary }, scope.requestId, tx);
    }
  }

  /**
   * The time-based rule: requests opened `threshold` days ago or more and not finished. Run by
   * the worker now and then; returns how many alerts it raised. Two instances sweeping at once
   * raise each alert once (the UNIQUE rule and subject pair).
   */
  sweepStaleRequests(at = Date.now()): Promise<number> {
    return this.sql.transaction(async (tx) => {
      let raised = 0;
      for (const rule of (await this.listRules(tx)).filter((r) => r.enabled && r.kind === 'requestStale')) {
        const before = new Date(at - (rule.threshold ?? 7) * 86_400_000).toISOString();
        const stale = await tx.all<{ id: string; companyId: string; openedAt: string }>(
          `SELECT r.id, r.company_id AS "companyId", r.opened_at AS "openedAt" FROM data_requests r
            WHERE r.finished_at IS NULL AND r.opened_at IS NOT NULL AND r.opened_at <= ?
            AND NOT EXISTS (SELECT 1 FROM alerts a WHERE a.rule_id = ? AND a.subject_id = r.id) ORDER BY r.opened_at LIMIT 500`,
          [before, rule.id],
        );
        for (const request of stale) {
          await this.raiseAlert(
            tx,
            rule,
            request.id,
            { companyId: request.companyId, requestId: request.id },
            `The data request was opened on ${request.openedAt.slice(0, 10)} and is not finished after ${rule.threshold ?? 7} days.`,
          );
          raised += 1;
        }
      }
      return raised;
    });
  }

  listAlerts(options: { open?: boolean; limit?: number } = {}): Promise<AlertRow[]> {
    return this.sql.all<AlertRow>(`${ALERT_SELECT} WHERE (? = 0 OR a.resolved_at IS NULL) ORDER BY a.created_at DESC, a.id DESC LIMIT ?`, [
      options.open ? 1 : 0,
      options.limit ?? 100,
    ]);
  }

  async resolveAlert(id: string): Promise<AlertRow> {
    const { changes } = await this.sql.run('UPDATE alerts SET resolved_at = COALESCE(resolved_at, ?) WHERE id = ?', [now(), id]);
    if (changes === 0) throw new ApiError('not_found');
    return (await this.sql.get<AlertRow>(`${ALERT_SELECT} WHERE a.id = ?`, [id]))!;
  }

  /** Queues an e-mail; its text is rendered when it is sent (mail.ts), from the template and params. */
  async enqueueEmail(
    template: EmailTemplate,
    locale: 'en' | 'fr',
    recipients: string[],
    params: Record<string, unknown>,
    requestId: string | null,
    client: SqlClient = this.sql,
  ): Promise<EmailRow> {
    const id = newId('eml');
    await client.run(
      `INSERT INTO emails (id, template, locale, recipients, params, request_id, status, next_attempt_at, created_at)
      VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?)`,
      [id, template, locale, JSON.stringify(recipients), JSON.stringify(params), requestId, Date.now(), now()],
    );
    await client.notify(OUTBOX_TOPIC, id);
    return (await this.getEmail(id, client))!;
  }

  async getEmail(id: string, client: SqlClient = this.sql): Promise<EmailRow | undefined> {
    const row = await client.get<RawEmail>(`${EMAIL_SELECT} WHERE id = ?`, [id]);
    return row && toEmail(row);
  }

  async listEmails(limit = 100): Promise<EmailRow[]> {
    return (await this.sql.all<RawEmail>(`${EMAIL_SELECT} ORDER BY created_at DESC, id DESC LIMIT ?`, [limit])).map(toEmail);
  }

  /** As claimDeliveries, for e-mails. */
  async claimEmails(at: number, leaseMs: number, limit: number): Promise<(EmailRow & { lease: number })[]> {
    const until = at + leaseMs;
    return this.sql.transaction(async (tx) => {
      const rows = await tx.all<{ id: string }>(
        `UPDATE emails SET claimed_until = ? WHERE id IN (
          SELECT id FROM emails WHERE status = 'pending' AND next_attempt_at <= ? AND claimed_until < ? ORDER BY next_attempt_at LIMIT ?${this.skipLocked})
        RETURNING id`,
        [until, at, at, limit],
      );
      const claimed: (EmailRow & { lease: number })[] = [];
      for (const row of rows) claimed.push({ ...(await this.getEmail(row.id, tx))!, lease: until });
      return claimed;
    });
  }

  async completeEmail(
    claim: { id: string; lease: number },
    status: 'sent' | 'stored' | 'failed' | 'pending',
    error: string | null,
    retryInMs = 0,
    at = Date.now(),
  ): Promise<void> {
    await this.sql.run(
      `UPDATE emails SET status = ?, attempts = attempts + 1, last_error = ?, next_attempt_at = ?, claimed_until = 0,
        sent_at = CASE WHEN CAST(? AS TEXT) IN ('sent', 'stored') THEN CAST(? AS TEXT) ELSE sent_at END WHERE id = ? AND claimed_until = ?`,
      [status, error, at + retryInMs, status, new Date(at).toISOString(), claim.id, claim.lease],
    );
  }

  // ---- Portal accounts and branding: see store-accounts.ts ----
  createPortalUser(email: string, role: PortalRole, passwordHash: string | null): Promise<PortalUserRow> {
    return this.accounts.createPortalUser(email, role, passwordHash);
  }
  getPortalUser(id: string): Promise<PortalUserRow | undefined> {
    return this.accounts.getPortalUser(id);
  }
  portalCredentialOf(email: string): Promise<{ user: PortalUserRow; passwordHash: string | null } | undefined> {
    return this.accounts.portalCredentialOf(email);
  }
  listPortalUsers(): Promise<PortalUserRow[]> {
    return this.accounts.listPortalUsers();
  }
  upsertPortalUser(email: string, role: PortalRole, passwordHash: string): Promise<PortalUserRow> {
    return this.accounts.upsertPortalUser(email, role, passwordHash);
  }
  createPortalSession(userId: string, ttlMs: number, at?: number): Promise<{ token: string; csrfToken: string; expiresAt: number }> {
    return this.accounts.createPortalSession(userId, ttlMs, at);
  }
  resolvePortalSession(token: string, at?: number): Promise<PortalSessionRow | undefined> {
    return this.accounts.resolvePortalSession(token, at);
  }
  deletePortalSession(token: string): Promise<void> {
    return this.accounts.deletePortalSession(token);
  }
  createPortalInvite(email: string, role: PortalRole, invitedBy: string | null, ttlMs: number, at?: number): Promise<{ token: string; expiresAt: number }> {
    return this.accounts.createPortalInvite(email, role, invitedBy, ttlMs, at);
  }
  peekPortalInvite(token: string, at?: number): Promise<PortalInviteRow | undefined> {
    return this.accounts.peekPortalInvite(token, at);
  }
  acceptPortalInvite(token: string, passwordHash: string, at?: number): Promise<PortalUserRow | undefined> {
    return this.accounts.acceptPortalInvite(token, passwordHash, at);
  }
  getBranding(): Promise<BrandingRow> {
    return this.accounts.getBranding();
  }
  brandingLogo(): Promise<{ type: LogoType; bytes: Buffer; hash: string } | undefined> {
    return this.accounts.brandingLogo();
  }
  saveBranding(patch: BrandingPatch): Promise<BrandingRow> {
    return this.accounts.saveBranding(patch);
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
