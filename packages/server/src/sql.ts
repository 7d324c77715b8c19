/**
 * The one seam between the store and a database engine: run a statement, run a transaction,
 * publish an event to every instance. SQL is written once with `?` placeholders and quoted
 * camelCase aliases (`AS "createdAt"`), which both SQLite and PostgreSQL read the same way;
 * where the engines differ, the store asks `dialect`.
 */
import { EventEmitter } from 'node:events';
import type Database from 'better-sqlite3';

export type Dialect = 'sqlite' | 'postgres';

/** The topic a connection's id is published on when it leaves `pending`. */
export const CONNECTION_TOPIC = 'connection';
/** Published (payload ignored) when outbox work (a webhook delivery, an e-mail) was committed. */
export const OUTBOX_TOPIC = 'outbox';
/** Published (payload ignored) when wake-ups may have been missed, e.g. a listener reconnected. */
export const RESYNC_TOPIC = 'resync';

/** One connection's view: outside a transaction, or inside one (see SqlDatabase.transaction). */
export interface SqlClient {
  readonly dialect: Dialect;
  all<T>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  get<T>(sql: string, params?: readonly unknown[]): Promise<T | undefined>;
  run(sql: string, params?: readonly unknown[]): Promise<{ changes: number }>;
  /**
   * Tells every instance on this database that `payload` happened on `topic` (a connection left
   * `pending`, …). Inside a transaction it is sent on commit and dropped on rollback.
   */
  notify(topic: string, payload: string): Promise<void>;
}

export interface SqlDatabase extends SqlClient {
  /**
   * Runs `work` in one transaction: committed when it resolves, rolled back when it throws. Every
   * statement of the work goes through `tx`; calling the database itself from inside would wait
   * for the transaction to end (SQLite) or run outside it (PostgreSQL).
   */
  transaction<T>(work: (tx: SqlClient) => Promise<T>): Promise<T>;
  /** Emits `(topic, payload)` for every notify, from this instance or (PostgreSQL) another. */
  readonly events: EventEmitter;
  close(): Promise<void>;
}

/**
 * better-sqlite3 behind the async seam. One connection, so a transaction holds it: statements
 * from other requests wait until it ends instead of landing inside it (SQLite's single writer,
 * kept). Outside a transaction a statement runs at once, synchronously, as before.
 */
export class SqliteDatabase implements SqlDatabase {
  readonly dialect = 'sqlite' as const;
  readonly events = new EventEmitter();
  readonly #statements = new Map<string, Database.Statement>();
  #busy: Promise<void> | undefined;

  constructor(
    readonly raw: Database.Database,
    private readonly closeRaw = true,
  ) {
    this.events.setMaxListeners(0);
  }

  /** Prepared once per SQL text: preparing on every call showed up in the ingest profile. */
  private statement(text: string): Database.Statement {
    let statement = this.#statements.get(text);
    if (!statement) {
      statement = this.raw.prepare(text);
      this.#statements.set(text, statement);
    }
    return statement;
  }

  // The check and the statement run in one turn (no await between): nothing can start in between.
  async all<T>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    while (this.#busy) await this.#busy;
    return this.statement(sql).all(...params) as T[];
  }

  async get<T>(sql: string, params: readonly unknown[] = []): Promise<T | undefined> {
    while (this.#busy) await this.#busy;
    return this.statement(sql).get(...params) as T | undefined;
  }

  async run(sql: string, params: readonly unknown[] = []): Promise<{ changes: number }> {
    while (this.#busy) await this.#busy;
    return { changes: this.statement(sql).run(...params).changes };
  }

  async notify(topic: string, payload: string): Promise<void> {
    this.events.emit(topic, payload);
  }

  async transaction<T>(work: (tx: SqlClient) => Promise<T>): Promise<T> {
    while (this.#busy) await this.#busy;
    let release!: () => void;
    this.#busy = new Promise<void>((resolve) => (release = resolve));
    const notes: [string, string][] = [];
    const tx: SqlClient = {
      dialect: 'sqlite',
      all: async <R>(sql: string, params: readonly unknown[] = []) => this.statement(sql).all(...params) as R[],
      get: async <R>(sql: string, params: readonly unknown[] = []) => this.statement(sql).get(...params) as R | undefined,
      run: async (sql: string, params: readonly unknown[] = []) => ({ changes: this.statement(sql).run(...params).changes }),
      notify: async (topic: string, payload: string) => {
        notes.push([topic, payload]);
      },
    };
    try {
      // IMMEDIATE takes the write lock at once: another process on the same file waits (busy
      // timeout) instead of failing half-way with SQLITE_BUSY on its first write.
      this.raw.exec('BEGIN IMMEDIATE');
      let result: T;
      try {
        result = await work(tx);
        this.raw.exec('COMMIT');
      } catch (error) {
        if (this.raw.inTransaction) this.raw.exec('ROLLBACK');
        throw error;
      }
      for (const [topic, payload] of notes) this.events.emit(topic, payload);
      return result;
    } finally {
      this.#busy = undefined;
      release();
    }
  }

  async close(): Promise<void> {
    while (this.#busy) await this.#busy;
    if (this.closeRaw && this.raw.open) this.raw.close();
  }
}
