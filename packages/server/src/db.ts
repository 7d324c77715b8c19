import Database from 'better-sqlite3';
import { PostgresDatabase, isPostgresUrl, type PostgresOptions } from './postgres.js';
import { SqliteDatabase, type SqlDatabase } from './sql.js';

/**
 * Migration 5 (events, the webhook outbox, monitoring rules, alerts, e-mail): its SQL reads the
 * same on both engines (BIGINT, DOUBLE PRECISION), so both lists hold this one text.
 */
const OUTBOX_MIGRATION = `
  ALTER TABLE data_requests ADD COLUMN opened_at TEXT;
  CREATE TABLE events (
    id TEXT PRIMARY KEY,
    type TEXT NOT NULL,
    company_id TEXT NOT NULL,
    request_id TEXT,
    entity_id TEXT,
    data TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE INDEX events_request ON events(request_id, created_at);
  CREATE TABLE webhook_endpoints (
    id TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    event_types TEXT,
    enabled INTEGER NOT NULL DEFAULT 1,
    secret TEXT NOT NULL,
    previous_secret TEXT,
    previous_secret_until BIGINT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE TABLE webhook_deliveries (
    id TEXT PRIMARY KEY,
    endpoint_id TEXT NOT NULL REFERENCES webhook_endpoints(id),
    event_id TEXT NOT NULL REFERENCES events(id),
    status TEXT NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
    step INTEGER NOT NULL DEFAULT 0,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    claimed_until BIGINT NOT NULL DEFAULT 0,
    last_status_code INTEGER,
    last_error TEXT,
    last_latency_ms INTEGER,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (endpoint_id, event_id)
  );
  CREATE INDEX webhook_deliveries_due ON webhook_deliveries(status, next_attempt_at);
  CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries(endpoint_id, created_at);
  CREATE TABLE webhook_attempts (
    id TEXT PRIMARY KEY,
    delivery_id TEXT NOT NULL REFERENCES webhook_deliveries(id),
    attempt INTEGER NOT NULL,
    status_code INTEGER,
    error TEXT,
    latency_ms INTEGER NOT NULL,
    at TEXT NOT NULL
  );
  CREATE INDEX webhook_attempts_delivery ON webhook_attempts(delivery_id, attempt);
  CREATE TABLE monitoring_rules (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('requestStale', 'connectionFailed', 'uploadSkippedRows', 'requestFinished')),
    threshold DOUBLE PRECISION,
    via_webhook INTEGER NOT NULL DEFAULT 1,
    emails TEXT NOT NULL DEFAULT '[]',
    locale TEXT NOT NULL DEFAULT 'en',
    enabled INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE TABLE alerts (
    id TEXT PRIMARY KEY,
    rule_id TEXT NOT NULL REFERENCES monitoring_rules(id),
    subject_id TEXT NOT NULL,
    company_id TEXT NOT NULL,
    request_id TEXT,
    entity_id TEXT,
    summary TEXT NOT NULL,
    created_at TEXT NOT NULL,
    resolved_at TEXT,
    UNIQUE (rule_id, subject_id)
  );
  CREATE TABLE emails (
    id TEXT PRIMARY KEY,
    template TEXT NOT NULL,
    locale TEXT NOT NULL,
    recipients TEXT NOT NULL,
    params TEXT NOT NULL,
    request_id TEXT,
    status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'stored')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    claimed_until BIGINT NOT NULL DEFAULT 0,
    last_error TEXT,
    created_at TEXT NOT NULL,
    sent_at TEXT
  );
  CREATE INDEX emails_due ON emails(status, next_attempt_at);
`;

/**
 * Migration 7 (environments): every company lives in the partner's sandbox or its production;
 * requests, sessions, entities and records follow their company. Companies from before belong to
 * the sandbox, whose key the single partner key of older servers is. The same text on both engines.
 */
const ENVIRONMENTS_MIGRATION = `
  ALTER TABLE companies ADD COLUMN environment TEXT NOT NULL DEFAULT 'sandbox' CHECK (environment IN ('sandbox', 'production'));
  CREATE INDEX companies_environment ON companies(environment, created_at);
  CREATE INDEX data_requests_created ON data_requests(created_at);
`;

/**
 * Migration 8 (portal accounts, their sessions and invites, and the partner's branding): the
 * same text on both engines. The logo is kept as base64 text, so neither BLOB nor BYTEA is needed.
 */
const ACCOUNTS_MIGRATION = `
  CREATE TABLE portal_users (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL CHECK (role IN ('admin', 'manager', 'viewer')),
    password_hash TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE TABLE portal_sessions (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES portal_users(id),
    csrf_token TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE INDEX portal_sessions_expires ON portal_sessions(expires_at);
  CREATE TABLE portal_invites (
    token_hash TEXT PRIMARY KEY,
    email TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'manager', 'viewer')),
    invited_by TEXT REFERENCES portal_users(id),
    expires_at BIGINT NOT NULL,
    used_at TEXT,
    created_at TEXT NOT NULL
  );
  CREATE TABLE branding (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    partner_name TEXT,
    primary_color TEXT,
    default_locale TEXT NOT NULL DEFAULT 'en',
    logo TEXT,
    logo_type TEXT,
    logo_hash TEXT,
    logo_width INTEGER,
    logo_height INTEGER,
    updated_at TEXT NOT NULL
  );
`;

/**
 * SQLite's schema migrations, applied in order inside one transaction each. Never edit a shipped
 * migration: append a new one, so a database file from an older server upgrades in place. Each
 * entry here has its PostgreSQL twin at the same position in POSTGRES_MIGRATIONS: a change to the
 * schema appends to both.
 */
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE companies (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    allowed_integrations TEXT,
    created_at TEXT NOT NULL
  );
  CREATE TABLE data_requests (
    id TEXT PRIMARY KEY,
    company_id TEXT NOT NULL REFERENCES companies(id),
    data_types TEXT NOT NULL,
    created_at TEXT NOT NULL,
    finished_at TEXT
  );
  CREATE INDEX data_requests_company ON data_requests(company_id);
  CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    company_id TEXT NOT NULL REFERENCES companies(id),
    request_id TEXT NOT NULL REFERENCES data_requests(id),
    expires_at INTEGER NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE TABLE entities (
    id TEXT PRIMARY KEY,
    request_id TEXT NOT NULL REFERENCES data_requests(id),
    name TEXT NOT NULL,
    idempotency_key TEXT,
    created_at TEXT NOT NULL,
    UNIQUE (request_id, idempotency_key)
  );
  CREATE INDEX entities_request ON entities(request_id);
  CREATE TABLE consents (
    id INTEGER PRIMARY KEY,
    request_id TEXT NOT NULL REFERENCES data_requests(id),
    entity_id TEXT NOT NULL REFERENCES entities(id),
    integration_key TEXT NOT NULL,
    data_types TEXT NOT NULL,
    text TEXT NOT NULL,
    text_hash TEXT NOT NULL,
    version TEXT NOT NULL,
    locale TEXT NOT NULL,
    given_at TEXT NOT NULL,
    received_at TEXT NOT NULL
  );
  CREATE TABLE connections (
    id TEXT PRIMARY KEY,
    request_id TEXT NOT NULL REFERENCES data_requests(id),
    entity_id TEXT NOT NULL REFERENCES entities(id),
    integration_key TEXT NOT NULL,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    oauth_state TEXT UNIQUE,
    redirect_uri TEXT,
    opener_origin TEXT,
    idempotency_key TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (request_id, idempotency_key)
  );
  CREATE INDEX connections_entity ON connections(entity_id);
  CREATE TABLE batches (
    id INTEGER PRIMARY KEY,
    connection_id TEXT NOT NULL REFERENCES connections(id),
    kind TEXT NOT NULL,
    batch_index INTEGER NOT NULL,
    idempotency_key TEXT NOT NULL,
    upload_id TEXT,
    body_hash TEXT NOT NULL,
    record_count INTEGER NOT NULL,
    superseded INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    UNIQUE (connection_id, kind, idempotency_key)
  );
  CREATE UNIQUE INDEX batches_live ON batches(connection_id, kind, batch_index) WHERE superseded = 0;
  CREATE TABLE records (
    batch_id INTEGER NOT NULL REFERENCES batches(id),
    row_index INTEGER NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (batch_id, row_index)
  );
  CREATE TABLE reports (
    connection_id TEXT NOT NULL REFERENCES connections(id),
    kind TEXT NOT NULL,
    total_batches INTEGER NOT NULL,
    record_count INTEGER NOT NULL,
    finalized_at TEXT NOT NULL,
    PRIMARY KEY (connection_id, kind)
  );
  `,
  // 2: sliding sessions. Each use extends a session by its own TTL, up to an absolute end.
  `
  ALTER TABLE sessions ADD COLUMN ttl_seconds INTEGER NOT NULL DEFAULT 1800;
  ALTER TABLE sessions ADD COLUMN absolute_expires_at INTEGER;
  `,
  // 3: exclusive uploads. One upload of a report is current; a newer one supersedes it, and the
  // superseded one is refused while the newer one is live (see Store.submitBatch).
  `
  CREATE TABLE uploads (
    connection_id TEXT NOT NULL REFERENCES connections(id),
    kind TEXT NOT NULL,
    upload_id TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('current', 'superseded')),
    last_batch_at INTEGER NOT NULL,
    PRIMARY KEY (connection_id, kind, upload_id)
  );
  CREATE UNIQUE INDEX uploads_current ON uploads(connection_id, kind) WHERE state = 'current';
  `,
  // 4: idempotency keys remember the body they came with (same key, other body: 422), consents
  // take a key too, and keys are forgotten after IDEMPOTENCY_KEY_TTL_MS (see Store).
  `
  ALTER TABLE entities ADD COLUMN idempotency_body_hash TEXT;
  ALTER TABLE connections ADD COLUMN idempotency_body_hash TEXT;
  ALTER TABLE consents ADD COLUMN idempotency_key TEXT;
  ALTER TABLE consents ADD COLUMN idempotency_body_hash TEXT;
  CREATE UNIQUE INDEX consents_idempotency ON consents(request_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
  `,
  // 5: events, the webhook outbox, monitoring rules, alerts and e-mail. An event row is written in
  // the transaction of the change it reports, with one delivery row per endpoint that wants it;
  // workers claim due rows by pushing claimed_until forward in one UPDATE (FOR UPDATE SKIP LOCKED
  // on PostgreSQL), so two workers never send the same attempt. Times the workers compare are epoch
  // milliseconds (BIGINT); times people read are ISO text, as elsewhere.
  OUTBOX_MIGRATION,
  // 6: state several instances share. Portal lock-outs (they were in one process's memory), the
  // secrets every instance signs with (the sandbox's OAuth codes), and background jobs, which an
  // instance claims before it runs one (see Store.runJob).
  `
  CREATE TABLE portal_failures (
    key TEXT PRIMARY KEY,
    count INTEGER NOT NULL,
    since INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE INDEX portal_failures_updated ON portal_failures(updated_at);
  CREATE TABLE server_secrets (name TEXT PRIMARY KEY, value TEXT NOT NULL, created_at TEXT NOT NULL);
  CREATE TABLE jobs (name TEXT PRIMARY KEY, next_run_at INTEGER NOT NULL, last_run_at INTEGER, last_result INTEGER);
  CREATE INDEX sessions_expires ON sessions(expires_at);
  `,
  // 7: sandbox and production environments (see ENVIRONMENTS_MIGRATION).
  ENVIRONMENTS_MIGRATION,
  // 8: portal accounts and branding (see ACCOUNTS_MIGRATION).
  ACCOUNTS_MIGRATION,
  // 9: a batch's records in one row, the JSON array as the batch brought it (see Store.submitBatch):
  // a batch is written, replaced and dropped whole, and a row per record cost most of the time of
  // storing one. `records` stays as a view, one row per record, for queries written against it.
  `
  CREATE TABLE batch_records (
    batch_id INTEGER PRIMARY KEY REFERENCES batches(id),
    data TEXT NOT NULL
  );
  INSERT INTO batch_records (batch_id, data)
    SELECT batch_id, '[' || group_concat(data, ',' ORDER BY row_index) || ']' FROM records GROUP BY batch_id;
  DROP TABLE records;
  CREATE VIEW records (batch_id, row_index, data) AS
    SELECT r.batch_id, CAST(j.key AS INTEGER), j.value FROM batch_records r, json_each(r.data) j;
  `,
];

/**
 * PostgreSQL's migrations, one for each SQLite migration above, at the same position: the same
 * tables and columns, in PostgreSQL's types (BIGINT for epoch milliseconds, identity columns for
 * SQLite's rowids; `seq` orders entities and connections as rowid does there).
 */
const POSTGRES_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE companies (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    allowed_integrations TEXT,
    created_at TEXT NOT NULL
  );
  CREATE TABLE data_requests (
    id TEXT PRIMARY KEY,
    company_id TEXT NOT NULL REFERENCES companies(id),
    data_types TEXT NOT NULL,
    created_at TEXT NOT NULL,
    finished_at TEXT
  );
  CREATE INDEX data_requests_company ON data_requests(company_id);
  CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    company_id TEXT NOT NULL REFERENCES companies(id),
    request_id TEXT NOT NULL REFERENCES data_requests(id),
    expires_at BIGINT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE TABLE entities (
    id TEXT PRIMARY KEY,
    seq BIGINT GENERATED ALWAYS AS IDENTITY,
    request_id TEXT NOT NULL REFERENCES data_requests(id),
    name TEXT NOT NULL,
    idempotency_key TEXT,
    created_at TEXT NOT NULL,
    UNIQUE (request_id, idempotency_key)
  );
  CREATE INDEX entities_request ON entities(request_id);
  CREATE TABLE consents (
    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    request_id TEXT NOT NULL REFERENCES data_requests(id),
    entity_id TEXT NOT NULL REFERENCES entities(id),
    integration_key TEXT NOT NULL,
    data_types TEXT NOT NULL,
    text TEXT NOT NULL,
    text_hash TEXT NOT NULL,
    version TEXT NOT NULL,
    locale TEXT NOT NULL,
    given_at TEXT NOT NULL,
    received_at TEXT NOT NULL
  );
  CREATE INDEX consents_request ON consents(request_id);
  CREATE TABLE connections (
    id TEXT PRIMARY KEY,
    seq BIGINT GENERATED ALWAYS AS IDENTITY,
    request_id TEXT NOT NULL REFERENCES data_requests(id),
    entity_id TEXT NOT NULL REFERENCES entities(id),
    integration_key TEXT NOT NULL,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    oauth_state TEXT UNIQUE,
    redirect_uri TEXT,
    opener_origin TEXT,
    idempotency_key TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (request_id, idempotency_key)
  );
  CREATE INDEX connections_entity ON connections(entity_id);
  CREATE INDEX connections_request ON connections(request_id);
  CREATE TABLE batches (
    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    connection_id TEXT NOT NULL REFERENCES connections(id),
    kind TEXT NOT NULL,
    batch_index INTEGER NOT NULL,
    idempotency_key TEXT NOT NULL,
    upload_id TEXT,
    body_hash TEXT NOT NULL,
    record_count INTEGER NOT NULL,
    superseded INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    UNIQUE (connection_id, kind, idempotency_key)
  );
  CREATE UNIQUE INDEX batches_live ON batches(connection_id, kind, batch_index) WHERE superseded = 0;
  CREATE TABLE records (
    batch_id BIGINT NOT NULL REFERENCES batches(id),
    row_index INTEGER NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (batch_id, row_index)
  );
  CREATE TABLE reports (
    connection_id TEXT NOT NULL REFERENCES connections(id),
    kind TEXT NOT NULL,
    total_batches INTEGER NOT NULL,
    record_count INTEGER NOT NULL,
    finalized_at TEXT NOT NULL,
    PRIMARY KEY (connection_id, kind)
  );
  `,
  `
  ALTER TABLE sessions ADD COLUMN ttl_seconds INTEGER NOT NULL DEFAULT 1800;
  ALTER TABLE sessions ADD COLUMN absolute_expires_at BIGINT;
  `,
  `
  CREATE TABLE uploads (
    connection_id TEXT NOT NULL REFERENCES connections(id),
    kind TEXT NOT NULL,
    upload_id TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('current', 'superseded')),
    last_batch_at BIGINT NOT NULL,
    PRIMARY KEY (connection_id, kind, upload_id)
  );
  CREATE UNIQUE INDEX uploads_current ON uploads(connection_id, kind) WHERE state = 'current';
  `,
  `
  ALTER TABLE entities ADD COLUMN idempotency_body_hash TEXT;
  ALTER TABLE connections ADD COLUMN idempotency_body_hash TEXT;
  ALTER TABLE consents ADD COLUMN idempotency_key TEXT;
  ALTER TABLE consents ADD COLUMN idempotency_body_hash TEXT;
  CREATE UNIQUE INDEX consents_idempotency ON consents(request_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
  `,
  OUTBOX_MIGRATION,
  `
  CREATE TABLE portal_failures (
    key TEXT PRIMARY KEY,
    count INTEGER NOT NULL,
    since BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
  );
  CREATE INDEX portal_failures_updated ON portal_failures(updated_at);
  CREATE TABLE server_secrets (name TEXT PRIMARY KEY, value TEXT NOT NULL, created_at TEXT NOT NULL);
  CREATE TABLE jobs (name TEXT PRIMARY KEY, next_run_at BIGINT NOT NULL, last_run_at BIGINT, last_result BIGINT);
  CREATE INDEX sessions_expires ON sessions(expires_at);
  `,
  ENVIRONMENTS_MIGRATION,
  ACCOUNTS_MIGRATION,
  `
  CREATE TABLE batch_records (
    batch_id BIGINT PRIMARY KEY REFERENCES batches(id),
    data TEXT NOT NULL
  );
  INSERT INTO batch_records (batch_id, data)
    SELECT batch_id, '[' || string_agg(data, ',' ORDER BY row_index) || ']' FROM records GROUP BY batch_id;
  DROP TABLE records;
  CREATE VIEW records (batch_id, row_index, data) AS
    SELECT r.batch_id, (j.ord - 1)::integer, j.value::text
    FROM batch_records r CROSS JOIN LATERAL json_array_elements(r.data::json) WITH ORDINALITY AS j(value, ord);
  `,
];

if (POSTGRES_MIGRATIONS.length !== MIGRATIONS.length) throw new Error('db.ts: every migration needs its SQLite and its PostgreSQL version.');

export type Db = Database.Database;

/** Opens (or creates) the database and brings its schema up to date. */
export function openDatabase(file: string): Db {
  const db = new Database(file);
  // WAL lets the portal read while uploads write; NORMAL sync is durable across app crashes.
  if (file !== ':memory:') db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  migrate(db);
  return db;
}

export function migrate(db: Db): number {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null };
  const current = row.v ?? 0;
  for (let version = current + 1; version <= MIGRATIONS.length; version++) {
    const sql = MIGRATIONS[version - 1]!;
    db.transaction(() => {
      db.exec(sql);
      db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(version, new Date().toISOString());
    })();
  }
  return MIGRATIONS.length;
}

/** Any number below 2^31 that no other tool on the database uses as its advisory lock. */
const MIGRATION_LOCK = 0x0c0da7;

/**
 * Brings a PostgreSQL database up to date, each migration in its own transaction, under an
 * advisory lock: instances started together apply each migration once, the others wait and
 * find it done. Returns the schema version.
 */
export async function migratePostgres(db: PostgresDatabase): Promise<number> {
  return db.withAdvisoryLock(MIGRATION_LOCK, async (client) => {
    await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
    const row = (await client.query<{ v: number | null }>('SELECT MAX(version) AS v FROM schema_migrations')).rows[0];
    for (let version = (row?.v ?? 0) + 1; version <= POSTGRES_MIGRATIONS.length; version++) {
      await client.query('BEGIN');
      try {
        await client.query(POSTGRES_MIGRATIONS[version - 1]!);
        await client.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [version, new Date().toISOString()]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    }
    return POSTGRES_MIGRATIONS.length;
  });
}

/**
 * Opens the database `target` names and brings its schema up to date: a `postgres://` (or
 * `postgresql://`) URL, `:memory:`, or a SQLite file path.
 */
export async function openSqlDatabase(target: string, options: PostgresOptions = {}): Promise<SqlDatabase> {
  if (!isPostgresUrl(target)) return new SqliteDatabase(openDatabase(target));
  const db = await PostgresDatabase.open(target, options);
  try {
    await migratePostgres(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}
