/**
 * PostgreSQL behind the SqlDatabase seam (node-postgres with a pool), for several server
 * instances on one database. Notifications go through LISTEN/NOTIFY on one dedicated
 * connection, so a connection settled on instance A wakes the long-poll waiting on instance B.
 */
import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import pg from 'pg';
import { RESYNC_TOPIC, type SqlClient, type SqlDatabase } from './sql.js';

/** The one channel every instance listens on; a payload is `topic` + newline + data. */
export const NOTIFY_CHANNEL = 'codat_link_events';

/** Whether `target` (a `--db` value or `DATABASE_URL`) names a PostgreSQL database. */
export const isPostgresUrl = (target: string): boolean => /^postgres(ql)?:\/\//i.test(target);

/** Deadlock and serialization failures: the transaction did nothing and may simply run again. */
const RETRYABLE = new Set(['40P01', '40001']);
const ATTEMPTS = 3;

// BIGINT (counts, epoch milliseconds) and NUMERIC (sums of BIGINT) come back as numbers, like
// SQLite's: every value the store keeps there is far below 2^53.
const types = {
  getTypeParser: ((oid: number, format?: string) => {
    if (oid === Number(pg.types.builtins.INT8) || oid === Number(pg.types.builtins.NUMERIC)) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format as 'text') as (value: string) => unknown;
  }) as typeof pg.types.getTypeParser,
};

interface Converted {
  name: string;
  text: string;
}

export interface PostgresOptions {
  /** Connections in the pool (default 10). */
  max?: number;
  /** How long a LISTEN connection waits before reconnecting after it broke (default 1 s). */
  reconnectMs?: number;
}

export class PostgresDatabase implements SqlDatabase {
  readonly dialect = 'postgres' as const;
  readonly events = new EventEmitter();
  readonly pool: pg.Pool;
  readonly #converted = new Map<string, Converted>();
  #listener: pg.Client | undefined;
  #closed = false;
  #reconnect: NodeJS.Timeout | undefined;

  private constructor(
    readonly url: string,
    private readonly options: PostgresOptions,
  ) {
    this.events.setMaxListeners(0);
    this.pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, types });
    // An idle client that dies (the server restarted) must not crash the process; the pool replaces it.
    this.pool.on('error', () => undefined);
  }

  /** Connects, and listens for notifications before returning: no wake-up is missed from the first request on. */
  static async open(url: string, options: PostgresOptions = {}): Promise<PostgresDatabase> {
    const db = new PostgresDatabase(url, options);
    try {
      await db.listen();
    } catch (error) {
      await db.pool.end();
      throw error;
    }
    return db;
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url, types });
    client.on('notification', (message) => {
      if (message.channel !== NOTIFY_CHANNEL || message.payload === undefined) return;
      const cut = message.payload.indexOf('\n');
      if (cut > 0) this.events.emit(message.payload.slice(0, cut), message.payload.slice(cut + 1));
    });
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    await client.connect();
    await client.query(`LISTEN ${NOTIFY_CHANNEL}`);
    this.#listener = client;
  }

  /** The LISTEN connection broke: reconnect, then wake every waiter (it may have missed a notification). */
  private lost(client: pg.Client): void {
    if (this.#listener !== client || this.#closed) return;
    this.#listener = undefined;
    client.removeAllListeners('end');
    const retry = () => {
      this.#reconnect = undefined;
      if (this.#closed) return;
      this.listen().then(
        () => this.events.emit(RESYNC_TOPIC, ''),
        () => {
          this.#reconnect = setTimeout(retry, this.options.reconnectMs ?? 1000);
          this.#reconnect.unref();
        },
      );
    };
    this.#reconnect = setTimeout(retry, this.options.reconnectMs ?? 1000);
    this.#reconnect.unref();
  }

  /**
   * `?` placeholders become `$1`, `$2`…; each distinct text is a named prepared statement, so
   * PostgreSQL plans it once per connection. The store's SQL has no `?` inside string literals.
   */
  private convert(sql: string): Converted {
    let converted = this.#converted.get(sql);
    if (!converted) {
      let n = 0;
      const text = sql.replace(/\?/g, () => `$${++n}`);
      converted = { name: `cl_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`, text };
      this.#converted.set(sql, converted);
    }
    return converted;
  }

  private async query<T>(client: pg.Pool | pg.PoolClient, sql: string, params: readonly unknown[]): Promise<pg.QueryResult<T & pg.QueryResultRow>> {
    const { name, text } = this.convert(sql);
    return client.query<T & pg.QueryResultRow>({ name, text, values: params as unknown[] });
  }

  private clientOf(client: pg.Pool | pg.PoolClient): SqlClient {
    return {
      dialect: 'postgres',
      all: async <T>(sql: string, params: readonly unknown[] = []) => (await this.query<T>(client, sql, params)).rows as T[],
      get: async <T>(sql: string, params: readonly unknown[] = []) => (await this.query<T>(client, sql, params)).rows[0] as T | undefined,
      run: async (sql: string, params: readonly unknown[] = []) => ({ changes: (await this.query(client, sql, params)).rowCount ?? 0 }),
      // Inside a transaction PostgreSQL itself holds the notification until commit.
      notify: async (topic: string, payload: string) => {
        await this.query(client, 'SELECT pg_notify(?, ?)', [NOTIFY_CHANNEL, `${topic}\n${payload}`]);
      },
    };
  }

  readonly #direct = (): SqlClient => this.clientOf(this.pool);

  all<T>(sql: string, params?: readonly unknown[]): Promise<T[]> {
    return this.#direct().all<T>(sql, params);
  }

  get<T>(sql: string, params?: readonly unknown[]): Promise<T | undefined> {
    return this.#direct().get<T>(sql, params);
  }

  run(sql: string, params?: readonly unknown[]): Promise<{ changes: number }> {
    return this.#direct().run(sql, params);
  }

  notify(topic: string, payload: string): Promise<void> {
    return this.#direct().notify(topic, payload);
  }

  /**
   * READ COMMITTED, with the row locks the store takes (`FOR UPDATE`, `FOR SHARE`, `SKIP LOCKED`)
   * where it relies on one writer at a time. A deadlock or serialization failure runs the work
   * again (at most three times): it had no effect.
   */
  async transaction<T>(work: (tx: SqlClient) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const client = await this.pool.connect();
      let broken = false;
      try {
        await client.query('BEGIN');
        const result = await work(this.clientOf(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        try {
          await client.query('ROLLBACK');
        } catch {
          broken = true;
        }
        const code = (error as { code?: string }).code;
        if (attempt < ATTEMPTS && code !== undefined && RETRYABLE.has(code)) continue;
        throw error;
      } finally {
        client.release(broken);
      }
    }
  }

  /** A session-level advisory lock held for `work` (migrations: one instance at a time). */
  async withAdvisoryLock<T>(key: number, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('SELECT pg_advisory_lock($1)', [key]);
      try {
        return await work(client);
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [key]);
      }
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#reconnect) clearTimeout(this.#reconnect);
    const listener = this.#listener;
    this.#listener = undefined;
    if (listener) await listener.end().catch(() => undefined);
    await this.pool.end();
  }
}
