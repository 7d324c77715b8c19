/**
 * What the routes ask of storage, engine-free and async. One implementation (store.ts) runs on
 * either engine through the SqlDatabase seam (sql.ts): better-sqlite3 for one instance, PostgreSQL
 * for several. A feature that needs new tables adds a migration for both engines (db.ts) and its
 * methods here and in Store; the contract suite (test/storage-contract.test.ts) runs on both.
 *
 * Every method that reads or writes a customer's data takes the session's request id, so a lookup
 * by id alone can never reach another company's rows.
 */
import type { ConnectionKind, DataType, EntityStatus, ReportKind } from '@codat-link/core';
import type { EventType, StoredEvent } from './events.js';
import type { Dialect, SqlClient } from './sql.js';
import type { FunnelOptions, FunnelReport, RecordCursor, RecordPage } from './store-data.js';
import type { BrandingPatch, BrandingRow, LogoType, PortalInviteRow, PortalRole, PortalSessionRow, PortalUserRow } from './store-accounts.js';
import type {
  AlertRow,
  AttemptOutcome,
  AttemptRow,
  ClaimedDelivery,
  DeliveryRow,
  EmailRow,
  EmailTemplate,
  RuleInput,
  RuleRow,
  WebhookEndpointRow,
} from './store.js';

/** A partner's two worlds: each has its own API key and its own companies (and all that hangs off them). */
export type Environment = 'sandbox' | 'production';
export const ENVIRONMENTS: readonly Environment[] = ['sandbox', 'production'];

export interface CompanyRow {
  id: string;
  name: string;
  allowedIntegrations: string[] | null;
  environment: Environment;
  createdAt: string;
}
export interface RequestRow {
  id: string;
  companyId: string;
  companyName: string;
  dataTypes: DataType[];
  environment: Environment;
  createdAt: string;
  finishedAt: string | null;
}
export interface EntityRow {
  id: string;
  name: string;
  createdAt: string;
}
export interface ConnectionRow {
  id: string;
  requestId: string;
  entityId: string;
  integrationKey: string;
  kind: ConnectionKind;
  status: 'pending' | 'linked' | 'failed' | 'cancelled';
  oauthState: string | null;
  redirectUri: string | null;
  openerOrigin: string | null;
}
export interface ConsentInput {
  entityId: string;
  integrationKey: string;
  dataTypes: DataType[];
  text: string;
  textHash: string;
  version: string;
  locale: string;
  givenAt: string;
}
export interface SessionScope {
  companyId: string;
  requestId: string;
  tokenHash: string;
  /** On partner routes: the environment of the key the call came with. */
  environment?: Environment;
}
export interface ReceiptRow {
  batchIndex: number;
  accepted: number;
  duplicate: boolean;
}
export interface AcknowledgedBatch {
  batchIndex: number;
  idempotencyKey: string;
  recordCount: number;
}
export interface EntityStatusRow {
  entityId: string;
  name: string;
  status: EntityStatus;
  integrationKey?: string;
  connectionKind?: ConnectionKind;
  counts: Partial<Record<ReportKind, number>>;
}
export interface ConnectionInput {
  entityId: string;
  integrationKey: string;
  kind: ConnectionKind;
  redirectUri?: string;
  openerOrigin?: string;
  idempotencyKey?: string;
}

export interface Storage {
  readonly dialect: Dialect;

  /** A company of `environment` (the sandbox when not said). */
  createCompany(name: string, allowedIntegrations: string[] | null, environment?: Environment): Promise<CompanyRow>;
  /** Every company, or those of one environment. */
  listCompanies(environment?: Environment): Promise<CompanyRow[]>;
  getCompany(id: string): Promise<CompanyRow | undefined>;

  createRequest(companyId: string, dataTypes: DataType[]): Promise<RequestRow>;
  getRequest(id: string): Promise<RequestRow | undefined>;
  listRequests(companyId: string): Promise<RequestRow[]>;
  /**
   * Makes the request read-only (every later write answers `request_finished`) and cancels any
   * authorization still pending; their long-polls wake. Returns the connections cancelled.
   */
  finishRequest(requestId: string): Promise<string[]>;

  createSession(companyId: string, requestId: string, ttlSeconds: number, maxLifetimeSeconds?: number): Promise<{ token: string; expiresAt: string }>;
  resolveSession(token: string): Promise<SessionScope | undefined>;

  createEntity(requestId: string, name: string, idempotencyKey?: string): Promise<EntityRow>;
  listEntities(requestId: string): Promise<EntityRow[]>;
  requireEntity(requestId: string, entityId: string): Promise<EntityRow>;

  /** `check` runs only for a consent not recorded yet; it must not call the storage itself. */
  recordConsent(
    requestId: string,
    consent: ConsentInput,
    check?: (consent: ConsentInput) => void,
    idempotencyKey?: string,
  ): Promise<{ id: number; receivedAt: string }>;
  latestConsents(requestId: string): Promise<Map<string, { version: string; locale: string; givenAt: string }>>;

  createConnection(requestId: string, input: ConnectionInput): Promise<ConnectionRow>;
  getConnection(requestId: string, connectionId: string): Promise<ConnectionRow>;
  connectionByState(state: string): Promise<ConnectionRow | undefined>;
  /** Settles a pending connection (its state is then spent) and wakes its long-polls, on every instance. */
  settleConnection(connectionId: string, status: 'linked' | 'cancelled' | 'failed'): Promise<void>;
  /**
   * Resolves when the connection may have left `pending` (settled or cancelled, on any instance),
   * or rejects when `signal` aborts. Start waiting before reading the row, so no wake-up is missed.
   */
  connectionChanged(connectionId: string, signal: AbortSignal): Promise<void>;

  submitBatch(
    connection: ConnectionRow,
    kind: ReportKind,
    batchIndex: number,
    key: string,
    uploadId: string | null,
    records: Record<string, unknown>[],
    /** `records` as JSON text, when the caller has it (the request body's own): stored as it is, not serialized again. */
    recordsText?: string,
  ): Promise<ReceiptRow>;
  acknowledged(connectionId: string, kind: ReportKind, uploadId?: string): Promise<AcknowledgedBatch[]>;
  /** Closes a report; `file` says what the browser left out (for the upload.completed event and its rule). */
  finalizeReport(
    connection: ConnectionRow,
    kind: ReportKind,
    totalBatches: number,
    recordCount: number,
    uploadId?: string,
    file?: { rowsSkipped?: number; fileName?: string },
  ): Promise<string>;

  entityStatuses(requestId: string): Promise<EntityStatusRow[]>;
  /** Received records of one kind, oldest first, with their entity, a batch at a time. */
  records(requestId: string, kind: ReportKind): AsyncGenerator<{ entityName: string; data: Record<string, unknown> }>;

  /**
   * One page of an entity's records of one kind, in stored order (connection, batch index, row
   * index), after `after` (exclusive): keyset pagination, so a page costs the same deep in a
   * report as at its start. `nextCursor` is null on the last page.
   */
  recordPage(requestId: string, entityId: string, kind: ReportKind, after: RecordCursor | null, limit: number): Promise<RecordPage>;
  /** The funnel of one environment's requests, by ISO week of creation and integration (see store-data.ts). */
  funnel(environment: Environment, options: FunnelOptions): Promise<FunnelReport>;

  /** Forgets idempotency keys older than IDEMPOTENCY_KEY_TTL_MS at `at`; returns how many. */
  purgeIdempotencyKeys(at?: number): Promise<number>;
  /**
   * Runs background job `name` when due, on one instance at a time (its row claimed with
   * `FOR UPDATE SKIP LOCKED` on PostgreSQL), inside one transaction; then it is due again in
   * `everyMs`. Undefined when it was not due or another instance holds it.
   */
  runJob(name: string, everyMs: number, work: (tx: SqlClient, at: number) => Promise<number>, at?: number): Promise<number | undefined>;
  /** The expiry sweep (sessions, idempotency keys, portal failures), run by one instance at a time. */
  sweep(at?: number): Promise<number | undefined>;
  /** Starts sweeping now and then; returns the function that stops it. */
  startSweeps(intervalMs?: number, onError?: (error: unknown) => void): () => void;

  /** Portal lock-outs, in the database so every instance sees the same counts. */
  portalLockedOut(key: string, at?: number): Promise<boolean>;
  recordPortalFailure(key: string, at?: number): Promise<void>;
  clearPortalFailures(key: string): Promise<void>;

  /** A random secret made once per database and shared by every instance. */
  secret(name: string): Promise<Buffer>;

  // Events, the webhook outbox, monitoring rules, alerts and e-mail (issue 16). Events are stored
  // in the transaction of the change they report; workers claim due rows (SKIP LOCKED on PostgreSQL).
  /** Called when outbox work is committed, on any instance: wakes the worker. */
  onEvent: (() => void) | undefined;
  getEvent(id: string): Promise<StoredEvent | undefined>;
  listEvents(options?: { after?: string; requestId?: string; limit?: number }): Promise<StoredEvent[]>;
  createEndpoint(input: {
    url: string;
    description?: string;
    eventTypes?: EventType[] | null;
    enabled?: boolean;
  }): Promise<{ endpoint: WebhookEndpointRow; secret: string }>;
  listEndpoints(): Promise<WebhookEndpointRow[]>;
  getEndpoint(id: string): Promise<WebhookEndpointRow | undefined>;
  updateEndpoint(id: string, patch: { url?: string; description?: string; eventTypes?: EventType[] | null; enabled?: boolean }): Promise<WebhookEndpointRow>;
  rotateEndpointSecret(id: string, graceMs: number, at?: number): Promise<string>;
  endpointSecrets(id: string, at?: number): Promise<string[]>;
  claimDeliveries(at: number, leaseMs: number, limit: number): Promise<ClaimedDelivery[]>;
  completeDelivery(claim: { id: string; lease: number }, outcome: AttemptOutcome, retryInMs: number | null, at?: number): Promise<boolean>;
  listDeliveries(endpointId: string, options?: { status?: DeliveryRow['status']; limit?: number }): Promise<DeliveryRow[]>;
  getDelivery(id: string): Promise<DeliveryRow | undefined>;
  deliveryAttempts(deliveryId: string): Promise<AttemptRow[]>;
  replayDelivery(id: string, at?: number): Promise<DeliveryRow>;
  createRule(input: RuleInput): Promise<RuleRow>;
  listRules(): Promise<RuleRow[]>;
  getRule(id: string): Promise<RuleRow | undefined>;
  updateRule(id: string, patch: Partial<Omit<RuleInput, 'kind'>>): Promise<RuleRow>;
  sweepStaleRequests(at?: number): Promise<number>;
  listAlerts(options?: { open?: boolean; limit?: number }): Promise<AlertRow[]>;
  resolveAlert(id: string): Promise<AlertRow>;
  enqueueEmail(
    template: EmailTemplate,
    locale: 'en' | 'fr',
    recipients: string[],
    params: Record<string, unknown>,
    requestId: string | null,
  ): Promise<EmailRow>;
  getEmail(id: string): Promise<EmailRow | undefined>;
  listEmails(limit?: number): Promise<EmailRow[]>;
  claimEmails(at: number, leaseMs: number, limit: number): Promise<(EmailRow & { lease: number })[]>;
  completeEmail(
    claim: { id: string; lease: number },
    status: 'sent' | 'stored' | 'failed' | 'pending',
    error: string | null,
    retryInMs?: number,
    at?: number,
  ): Promise<void>;

  // Portal accounts and branding (issue 17; store-accounts.ts). Tokens are stored hashed.
  createPortalUser(email: string, role: PortalRole, passwordHash: string | null): Promise<PortalUserRow>;
  getPortalUser(id: string): Promise<PortalUserRow | undefined>;
  /** The user of `email` and its password hash (null until an invite is taken). */
  portalCredentialOf(email: string): Promise<{ user: PortalUserRow; passwordHash: string | null } | undefined>;
  listPortalUsers(): Promise<PortalUserRow[]>;
  /** Creates the user or sets its role and password (the first admin, from the command line). */
  upsertPortalUser(email: string, role: PortalRole, passwordHash: string): Promise<PortalUserRow>;
  createPortalSession(userId: string, ttlMs: number, at?: number): Promise<{ token: string; csrfToken: string; expiresAt: number }>;
  /** A live session of an active user, or undefined (unknown, expired, signed out). */
  resolvePortalSession(token: string, at?: number): Promise<PortalSessionRow | undefined>;
  deletePortalSession(token: string): Promise<void>;
  createPortalInvite(email: string, role: PortalRole, invitedBy: string | null, ttlMs: number, at?: number): Promise<{ token: string; expiresAt: number }>;
  peekPortalInvite(token: string, at?: number): Promise<PortalInviteRow | undefined>;
  /** Takes an unused, unexpired invite once and sets the password; undefined otherwise. */
  acceptPortalInvite(token: string, passwordHash: string, at?: number): Promise<PortalUserRow | undefined>;
  getBranding(): Promise<BrandingRow>;
  brandingLogo(): Promise<{ type: LogoType; bytes: Buffer; hash: string } | undefined>;
  saveBranding(patch: BrandingPatch): Promise<BrandingRow>;

  close(): Promise<void>;
}
