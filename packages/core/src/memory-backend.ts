import type {
  AcknowledgedBatchesInput,
  BatchReceipt,
  CallOptions,
  Connection,
  ConsentRecord,
  CreateEntityInput,
  DataRequest,
  Entity,
  EntityStatusInfo,
  FinalizeReportInput,
  LinkBackend,
  ReportBatch,
  ReportKind,
  RequestStatus,
  StartConnectionInput,
} from './backend.js';
import type { Integration } from './catalog.js';
import { INTEGRATION_CATALOG } from './catalog-data.js';
import { MANUAL_UPLOAD_INTEGRATION_KEY } from './catalog-keys.js';
import type { LinkErrorCode } from './errors.js';
import { LinkError } from './link-error.js';

export type BackendMethod = keyof LinkBackend;

/**
 * One injected failure. `after: true` stores the call's effect and then fails, like a response lost on
 * the way back: the case idempotency keys exist for.
 */
export interface FailureRule {
  method: BackendMethod;
  code: LinkErrorCode;
  /** 1-based number of the call to this method that fails first (default 1). */
  call?: number;
  /** How many consecutive calls fail from there (default 1; Infinity for "always"). */
  times?: number;
  after?: boolean;
}

export interface MemoryBackendOptions {
  /** Seeds ids and latency jitter, so two runs with the same seed give the same ids. */
  seed?: number;
  /** Milliseconds each call takes: a number, or a range drawn from the seeded generator. */
  latencyMs?: number | { min: number; max: number };
  failures?: FailureRule[];
  /** The data request it serves; without `dataTypes` the journey follows the page's configuration. */
  request?: Partial<DataRequest>;
  catalog?: readonly Integration[];
  /** How a direct connection ends once awaited (default `linked`). */
  connectionOutcome?: (connection: Connection) => Connection['status'];
  /** Where the sandbox "authorizes"; the connection id is appended as a query parameter. */
  authUrlBase?: string;
  now?: () => Date;
}

/** One call as the backend saw it, failed or not. */
export interface RecordedCall {
  method: BackendMethod;
  input: unknown;
  outcome: 'ok' | LinkErrorCode;
}

interface StoredBatch extends ReportBatch {
  receivedAt: string;
}

/** Everything the backend received, for tests and stories to show. */
export interface MemoryBackendState {
  calls: RecordedCall[];
  entities: Entity[];
  consents: ConsentRecord[];
  connections: Connection[];
  /** Each distinct batch once, in arrival order (duplicates by idempotency key are not stored again). */
  batches: StoredBatch[];
  finalized: FinalizeReportInput[];
  finished: boolean;
}

/** A small seeded generator (mulberry32): deterministic across runs and platforms. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function abortError(): LinkError {
  return new LinkError('aborted');
}

/** The sandbox LinkBackend: keeps everything in memory, answers deterministically. */
export class MemoryBackend implements LinkBackend {
  readonly state: MemoryBackendState = {
    calls: [],
    entities: [],
    consents: [],
    connections: [],
    batches: [],
    finalized: [],
    finished: false,
  };
  private readonly random: () => number;
  private readonly options: MemoryBackendOptions;
  private readonly callCounts = new Map<BackendMethod, number>();
  private readonly entityKeys = new Map<string, Entity>();
  private readonly connectionKeys = new Map<string, Connection>();
  private readonly request: DataRequest;

  constructor(options: MemoryBackendOptions = {}) {
    this.options = options;
    this.random = seededRandom(options.seed ?? 1);
    this.request = {
      id: 'req_sandbox',
      companyId: 'cmp_sandbox',
      companyName: 'Sandbox Ltd',
      // No data types of its own by default: the sandbox follows what the page's configuration asks for.
      dataTypes: [],
      ...options.request,
    };
  }

  /** Adds failures after construction (a story's "make the next upload fail" button). */
  injectFailure(rule: FailureRule): void {
    (this.options.failures ??= []).push(rule);
  }

  /** Batches stored for one report of one connection, in batch order. */
  batchesFor(connectionId: string, kind: ReportKind): StoredBatch[] {
    return this.state.batches.filter((b) => b.connectionId === connectionId && b.kind === kind).sort((a, b) => a.batchIndex - b.batchIndex);
  }

  /** Every record stored for one report of one connection. */
  recordsFor(connectionId: string, kind: ReportKind): Record<string, unknown>[] {
    return this.batchesFor(connectionId, kind).flatMap((b) => b.records);
  }

  callsTo(method: BackendMethod): RecordedCall[] {
    return this.state.calls.filter((c) => c.method === method);
  }

  getRequest(options: CallOptions): Promise<DataRequest> {
    return this.call('getRequest', undefined, options, () => ({ ...this.request, dataTypes: [...this.request.dataTypes] }));
  }

  listIntegrations(options: CallOptions): Promise<Integration[]> {
    return this.call('listIntegrations', undefined, options, () => [...(this.options.catalog ?? INTEGRATION_CATALOG)]);
  }

  createEntity(input: CreateEntityInput, options: CallOptions): Promise<Entity> {
    return this.call('createEntity', input, options, () => {
      const known = input.idempotencyKey ? this.entityKeys.get(input.idempotencyKey) : undefined;
      if (known) return known;
      const entity: Entity = { id: this.id('ent'), name: input.name, createdAt: this.now() };
      this.state.entities.push(entity);
      if (input.idempotencyKey) this.entityKeys.set(input.idempotencyKey, entity);
      return entity;
    });
  }

  recordConsent(consent: ConsentRecord, options: CallOptions): Promise<void> {
    return this.call('recordConsent', consent, options, () => {
      const same = this.state.consents.some(
        (c) =>
          c.entityId === consent.entityId && c.integrationKey === consent.integrationKey && c.textHash === consent.textHash && c.version === consent.version,
      );
      if (!same) this.state.consents.push({ ...consent });
    });
  }

  startConnection(input: StartConnectionInput, options: CallOptions): Promise<Connection> {
    return this.call('startConnection', input, options, () => {
      const known = input.idempotencyKey ? this.connectionKeys.get(input.idempotencyKey) : undefined;
      if (known) return { ...known };
      if (!this.state.entities.some((e) => e.id === input.entityId)) throw new LinkError('not_found');
      const manual = input.integrationKey === MANUAL_UPLOAD_INTEGRATION_KEY;
      const integration = (this.options.catalog ?? INTEGRATION_CATALOG).find((i) => i.key === input.integrationKey);
      if (!manual && !integration) throw new LinkError('bad_request', { detail: `unknown integration ${input.integrationKey}` });
      const kind = manual ? 'manual' : integration!.kind;
      const id = this.id('conn');
      const connection: Connection = {
        id,
        entityId: input.entityId,
        integrationKey: input.integrationKey,
        kind,
        status: kind === 'direct' ? 'pending' : 'linked',
      };
      if (kind === 'direct') {
        connection.authUrl = `${this.options.authUrlBase ?? 'https://sandbox.codat-link.invalid/authorize'}?connection=${id}`;
      }
      this.state.connections.push(connection);
      if (input.idempotencyKey) this.connectionKeys.set(input.idempotencyKey, connection);
      return { ...connection };
    });
  }

  awaitConnection(input: { connectionId: string }, options: CallOptions): Promise<Connection> {
    return this.call('awaitConnection', input, options, () => {
      const connection = this.state.connections.find((c) => c.id === input.connectionId);
      if (!connection) throw new LinkError('not_found');
      if (connection.status === 'pending') connection.status = this.options.connectionOutcome?.(connection) ?? 'linked';
      return { ...connection };
    });
  }

  submitBatch(batch: ReportBatch, options: CallOptions): Promise<BatchReceipt> {
    return this.call('submitBatch', batch, options, () => {
      const duplicate = this.state.batches.some((b) => b.idempotencyKey === batch.idempotencyKey);
      if (!duplicate) {
        // As the reference server does: a report holds one upload's batches, so a batch of another
        // upload (a corrected file, after the first was refused midway) drops what the earlier one left.
        const other = (b: StoredBatch | FinalizeReportInput) =>
          b.connectionId === batch.connectionId && b.kind === batch.kind && b.uploadId !== undefined && b.uploadId !== batch.uploadId;
        if (batch.uploadId !== undefined) {
          this.state.batches = this.state.batches.filter((b) => !other(b));
          this.state.finalized = this.state.finalized.filter((f) => !other(f));
        }
        this.state.batches.push({ ...batch, records: [...batch.records], receivedAt: this.now() });
      }
      return { batchIndex: batch.batchIndex, accepted: batch.records.length, duplicate };
    });
  }

  acknowledgedBatches(input: AcknowledgedBatchesInput, options: CallOptions): Promise<number[]> {
    return this.call('acknowledgedBatches', input, options, () =>
      this.batchesFor(input.connectionId, input.kind)
        .filter((b) => input.uploadId === undefined || b.uploadId === input.uploadId)
        .map((b) => b.batchIndex),
    );
  }

  finalizeReport(input: FinalizeReportInput, options: CallOptions): Promise<void> {
    return this.call('finalizeReport', input, options, () => {
      const stored = this.batchesFor(input.connectionId, input.kind);
      const indexes = new Set(stored.map((b) => b.batchIndex));
      if (indexes.size < input.totalBatches) throw new LinkError('conflict', { detail: 'batches missing' });
      const already = this.state.finalized.some((f) => f.connectionId === input.connectionId && f.kind === input.kind);
      if (!already) this.state.finalized.push({ ...input });
    });
  }

  finishRequest(options: CallOptions): Promise<RequestStatus> {
    return this.call('finishRequest', undefined, options, () => {
      this.state.finished = true;
      return this.status();
    });
  }

  getStatus(options: CallOptions): Promise<RequestStatus> {
    return this.call('getStatus', undefined, options, () => this.status());
  }

  private status(): RequestStatus {
    const entities = this.state.entities.map((entity): EntityStatusInfo => {
      const connection =
        [...this.state.connections].reverse().find((c) => c.entityId === entity.id && c.status === 'linked') ??
        [...this.state.connections].reverse().find((c) => c.entityId === entity.id);
      const counts: EntityStatusInfo['counts'] = {};
      for (const f of this.state.finalized.filter((f) => f.connectionId === connection?.id)) counts[f.kind] = f.recordCount;
      const info: EntityStatusInfo = { entityId: entity.id, name: entity.name, status: 'notStarted', counts };
      if (!connection) return info;
      info.integrationKey = connection.integrationKey;
      info.connectionKind = connection.kind;
      info.status = entityStatus(connection, Object.keys(counts) as ReportKind[]);
      return info;
    });
    return { requestId: this.request.id, finished: this.state.finished, entities };
  }

  private id(prefix: string): string {
    return `${prefix}_${Math.floor(this.random() * 0xffffffff)
      .toString(16)
      .padStart(8, '0')}`;
  }

  private now(): string {
    return (this.options.now?.() ?? new Date()).toISOString();
  }

  private async call<T>(method: BackendMethod, input: unknown, options: CallOptions, effect: () => T): Promise<T> {
    const count = (this.callCounts.get(method) ?? 0) + 1;
    this.callCounts.set(method, count);
    const record: RecordedCall = { method, input: structuredClone(input), outcome: 'ok' };
    this.state.calls.push(record);
    try {
      await this.delay(options.signal);
    } catch (error) {
      record.outcome = 'aborted';
      throw error;
    }
    const rule = this.options.failures?.find((r) => {
      const first = r.call ?? 1;
      return r.method === method && count >= first && count < first + (r.times ?? 1);
    });
    if (rule && !rule.after) {
      record.outcome = rule.code;
      throw new LinkError(rule.code, { correlationId: `mem-${method}-${count}` });
    }
    let result: T;
    try {
      result = effect();
    } catch (error) {
      record.outcome = error instanceof LinkError ? error.code : 'unknown';
      throw error;
    }
    if (rule) {
      record.outcome = rule.code;
      throw new LinkError(rule.code, { correlationId: `mem-${method}-${count}` });
    }
    return result;
  }

  private delay(signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.reject(abortError());
    const latency = this.options.latencyMs ?? 0;
    const ms = typeof latency === 'number' ? latency : latency.min + this.random() * (latency.max - latency.min);
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        reject(abortError());
      };
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}

function entityStatus(connection: Connection, finalizedKinds: ReportKind[]): EntityStatusInfo['status'] {
  if (connection.status === 'failed' || connection.status === 'cancelled') return 'failed';
  if (connection.status === 'pending') return 'inProgress';
  if (connection.kind === 'direct') return 'connected';
  if (connection.kind === 'manual') return finalizedKinds.includes('supplierSpend') ? 'complete' : 'inProgress';
  const both = finalizedKinds.includes('suppliers') && finalizedKinds.includes('bills');
  return both ? 'complete' : finalizedKinds.length > 0 ? 'uploaded' : 'inProgress';
}
