/**
 * The storage side of the data API and the funnel: record pages by keyset, and the funnel's
 * figures from the server's own tables (requests, consents, connections, reports). Store calls
 * these with its SqlClient; the SQL reads the same on SQLite and PostgreSQL.
 */
import type { ReportKind } from '@codat-link/core';
import { ApiError } from './errors.js';
import type { SqlClient } from './sql.js';
import type { Environment } from './storage.js';

/** Where a page of records ends: the last record's place in stored order. */
export interface RecordCursor {
  connectionId: string;
  batchIndex: number;
  rowIndex: number;
}
export interface StoredRecord extends RecordCursor {
  data: Record<string, unknown>;
}
export interface RecordPage {
  records: StoredRecord[];
  nextCursor: RecordCursor | null;
}

/** Records per page of the data API: at most this many, whatever `limit` says. */
export const MAX_RECORD_PAGE = 5_000;
/** Batches read per query while filling a page of records. */
const BATCHES_PER_READ = 20;
export const DEFAULT_RECORD_PAGE = 1_000;

/** The cursor as the API hands it out: opaque base64url text, so clients cannot come to rely on its parts. */
export function encodeCursor(cursor: RecordCursor): string {
  return Buffer.from(JSON.stringify([cursor.connectionId, cursor.batchIndex, cursor.rowIndex])).toString('base64url');
}

/** A cursor from the API, or `invalid_request` when it is not one this server made. */
export function decodeCursor(text: string): RecordCursor {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 3 &&
      typeof parsed[0] === 'string' &&
      /^[A-Za-z0-9_-]{1,64}$/.test(parsed[0]) &&
      Number.isInteger(parsed[1]) &&
      Number.isInteger(parsed[2])
    ) {
      return { connectionId: parsed[0], batchIndex: parsed[1] as number, rowIndex: parsed[2] as number };
    }
  } catch {
    // falls through to the refusal
  }
  throw new ApiError('invalid_request', undefined, 'cursor is not a cursor this server returned.');
}

/**
 * A page of one entity's live records of `kind`. The order (connection id, batch index, row
 * index) is the one the downloads use, so pages and files agree row for row.
 */
export async function recordPage(
  sql: SqlClient,
  requestId: string,
  entityId: string,
  kind: ReportKind,
  after: RecordCursor | null,
  limit: number,
): Promise<RecordPage> {
  const take = Math.max(1, Math.min(MAX_RECORD_PAGE, Math.floor(limit)));
  const records: RecordPage['records'] = [];
  let position = after ?? { connectionId: '', batchIndex: -1, rowIndex: -1 };
  let more = false;
  // Batches in order from the cursor's, a few at a time: each holds its records as one array.
  for (;;) {
    // The keyset comparison written out: row values compare alike on both engines, but spelled
    // this way each engine can use the batches index on its leading column.
    const batches = await sql.all<{ connectionId: string; batchIndex: number; data: string }>(
      `SELECT b.connection_id AS "connectionId", b.batch_index AS "batchIndex", r.data
        FROM batches b JOIN connections c ON c.id = b.connection_id JOIN batch_records r ON r.batch_id = b.id
        WHERE c.request_id = ? AND c.entity_id = ? AND b.kind = ? AND b.superseded = 0
          AND (b.connection_id > ? OR (b.connection_id = ? AND b.batch_index >= ?))
        ORDER BY b.connection_id, b.batch_index LIMIT ?`,
      [requestId, entityId, kind, position.connectionId, position.connectionId, position.batchIndex, BATCHES_PER_READ],
    );
    for (const batch of batches) {
      const batchIndex = Number(batch.batchIndex);
      const data = JSON.parse(batch.data) as Record<string, unknown>[];
      const from = batch.connectionId === position.connectionId && batchIndex === position.batchIndex ? position.rowIndex + 1 : 0;
      for (let rowIndex = from; rowIndex < data.length; rowIndex++) {
        if (records.length === take) {
          more = true;
          break;
        }
        records.push({ connectionId: batch.connectionId, batchIndex, rowIndex, data: data[rowIndex]! });
      }
      if (more) break;
    }
    if (more || batches.length < BATCHES_PER_READ) break;
    const last = batches.at(-1)!;
    position = { connectionId: last.connectionId, batchIndex: Number(last.batchIndex), rowIndex: Number.MAX_SAFE_INTEGER };
  }
  const last = records.at(-1);
  return {
    records,
    nextCursor: more && last ? { connectionId: last.connectionId, batchIndex: last.batchIndex, rowIndex: last.rowIndex } : null,
  };
}

// ---- The funnel ----

/** The steps of a request, in order; each later step implies nothing about the earlier ones being recorded. */
export const FUNNEL_STEPS = ['created', 'opened', 'consented', 'connected', 'finished'] as const;
export type FunnelStep = (typeof FUNNEL_STEPS)[number];
/** The times between consecutive steps whose medians are reported. */
export const FUNNEL_INTERVALS = ['createdToOpened', 'openedToConsented', 'consentedToConnected', 'connectedToFinished'] as const;
export type FunnelInterval = (typeof FUNNEL_INTERVALS)[number];

export interface FunnelOptions {
  /** Requests created at or after this instant (ISO text). */
  from: string;
  /** Requests created before this instant (ISO text). */
  to: string;
}

export interface FunnelRow {
  /** The integration of the request's first consent, else of its first connection; null before either. */
  integrationKey: string | null;
  counts: Record<FunnelStep, number>;
  /** Median seconds between two steps, over the requests that reached both; null when none did. */
  medianSeconds: Record<FunnelInterval, number | null>;
}
export interface FunnelWeek {
  /** ISO 8601 week of the requests' creation, `2026-W49`. */
  week: string;
  /** The Monday that week starts on (UTC), `2026-11-30`. */
  weekStart: string;
  integrations: FunnelRow[];
  /** Every integration of the week together. */
  total: FunnelRow;
}
export interface FunnelReport {
  environment: Environment;
  from: string;
  to: string;
  weeks: FunnelWeek[];
}

/** One request's step times, as read from the tables. */
export interface RequestTimes {
  createdAt: string;
  openedAt: string | null;
  consentedAt: string | null;
  connectedAt: string | null;
  finishedAt: string | null;
  integrationKey: string | null;
}

/**
 * Each request's step times: opened is its first session, consented its first consent received,
 * connected the first direct connection linked or the first report finalized (an upload),
 * finished its finish.
 */
export async function requestTimes(sql: SqlClient, environment: Environment, options: FunnelOptions): Promise<RequestTimes[]> {
  const rows = await sql.all<{
    createdAt: string;
    openedAt: string | null;
    finishedAt: string | null;
    consentedAt: string | null;
    consentKey: string | null;
    connectionKey: string | null;
    linkedAt: string | null;
    uploadedAt: string | null;
  }>(
    `SELECT r.created_at AS "createdAt", r.opened_at AS "openedAt", r.finished_at AS "finishedAt",
      (SELECT MIN(k.received_at) FROM consents k WHERE k.request_id = r.id) AS "consentedAt",
      (SELECT k.integration_key FROM consents k WHERE k.request_id = r.id ORDER BY k.received_at, k.id LIMIT 1) AS "consentKey",
      (SELECT n.integration_key FROM connections n WHERE n.request_id = r.id ORDER BY n.created_at, n.id LIMIT 1) AS "connectionKey",
      (SELECT MIN(n.updated_at) FROM connections n WHERE n.request_id = r.id AND n.kind = 'direct' AND n.status = 'linked') AS "linkedAt",
      (SELECT MIN(p.finalized_at) FROM reports p JOIN connections n ON n.id = p.connection_id WHERE n.request_id = r.id) AS "uploadedAt"
    FROM data_requests r JOIN companies c ON c.id = r.company_id
    WHERE c.environment = ? AND r.created_at >= ? AND r.created_at < ?
    ORDER BY r.created_at, r.id`,
    [environment, options.from, options.to],
  );
  return rows.map((row) => {
    const connected = [row.linkedAt, row.uploadedAt].filter((at): at is string => at !== null).sort()[0] ?? null;
    return {
      createdAt: row.createdAt,
      openedAt: row.openedAt,
      consentedAt: row.consentedAt,
      connectedAt: connected,
      finishedAt: row.finishedAt,
      integrationKey: row.consentKey ?? row.connectionKey,
    };
  });
}

/** ISO 8601 week of a UTC instant, and the Monday it starts on. */
export function isoWeek(at: string): { week: string; weekStart: string } {
  const date = new Date(at);
  const day = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const weekday = (day.getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  const monday = new Date(day.getTime() - weekday * 86_400_000);
  // The week belongs to the year of its Thursday.
  const thursday = new Date(monday.getTime() + 3 * 86_400_000);
  const year = thursday.getUTCFullYear();
  const firstThursday = new Date(Date.UTC(year, 0, 4));
  const firstMonday = new Date(firstThursday.getTime() - ((firstThursday.getUTCDay() + 6) % 7) * 86_400_000);
  const number = Math.round((monday.getTime() - firstMonday.getTime()) / (7 * 86_400_000)) + 1;
  return { week: `${year}-W${String(number).padStart(2, '0')}`, weekStart: monday.toISOString().slice(0, 10) };
}

/** The middle value (the mean of the two middle ones for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function summarise(integrationKey: string | null, requests: readonly RequestTimes[]): FunnelRow {
  const times = (r: RequestTimes): Record<FunnelStep, string | null> => ({
    created: r.createdAt,
    opened: r.openedAt,
    consented: r.consentedAt,
    connected: r.connectedAt,
    finished: r.finishedAt,
  });
  const counts = Object.fromEntries(FUNNEL_STEPS.map((step) => [step, requests.filter((r) => times(r)[step] !== null).length])) as Record<FunnelStep, number>;
  const medianSeconds = Object.fromEntries(
    FUNNEL_INTERVALS.map((interval, i) => {
      const [from, to] = [FUNNEL_STEPS[i]!, FUNNEL_STEPS[i + 1]!];
      const gaps = requests.flatMap((r) => {
        const [a, b] = [times(r)[from], times(r)[to]];
        return a !== null && b !== null ? [(Date.parse(b) - Date.parse(a)) / 1000] : [];
      });
      return [interval, median(gaps)];
    }),
  ) as Record<FunnelInterval, number | null>;
  return { integrationKey, counts, medianSeconds };
}

/** Groups request times by ISO week of creation (newest week first) and integration (by key, "none" last). */
export function buildFunnel(environment: Environment, options: FunnelOptions, requests: readonly RequestTimes[]): FunnelReport {
  const weeks = new Map<string, { weekStart: string; requests: RequestTimes[] }>();
  for (const request of requests) {
    const { week, weekStart } = isoWeek(request.createdAt);
    const entry = weeks.get(week) ?? { weekStart, requests: [] };
    entry.requests.push(request);
    weeks.set(week, entry);
  }
  const out: FunnelWeek[] = [...weeks.entries()]
    .sort(([a], [b]) => (a < b ? 1 : -1))
    .map(([week, entry]) => {
      const keys = [...new Set(entry.requests.map((r) => r.integrationKey))].sort((a, b) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b)));
      return {
        week,
        weekStart: entry.weekStart,
        integrations: keys.map((key) =>
          summarise(
            key,
            entry.requests.filter((r) => r.integrationKey === key),
          ),
        ),
        total: summarise(null, entry.requests),
      };
    });
  return { environment, from: options.from, to: options.to, weeks: out };
}
