import { fromPromise } from 'xstate';
import type { Connection, ConsentRecord, DataRequest, DataType, Entity, LinkBackend, ReportKind, RequestStatus } from '../backend.js';
import type { Integration } from '../catalog.js';
import type { LinkConfig } from '../config.js';
import { LinkError, isTransient, toLinkError } from '../link-error.js';
import type { Locale } from '../link-error.js';
import { sha256Hex } from '../hash.js';
import { heldRecords } from './held-records.js';
import type { ConnectOutput, UploadOutput, UploadState } from './types.js';

type RetryPolicy = LinkConfig['retry'];

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(new LinkError('aborted'));
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(new LinkError('aborted'));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Calls the backend, retrying transient failures with exponential backoff. Only calls that are safe
 * to repeat go through here: each carries an idempotency key or is a read.
 */
export async function withRetry<T>(call: () => Promise<T>, policy: RetryPolicy, signal: AbortSignal, locale: Locale): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (thrown) {
      const error = toLinkError(thrown, locale);
      if (signal.aborted || !isTransient(error.code) || attempt >= policy.maxAttempts) throw error;
      await sleep(policy.baseDelayMs * 2 ** (attempt - 1), signal);
    }
  }
}

export interface LoadInput {
  retry: RetryPolicy;
  locale: Locale;
}

export interface RegisterInput {
  retry: RetryPolicy;
  locale: Locale;
  sessionId: string;
  name: string;
}

export interface ConnectInput {
  retry: RetryPolicy;
  locale: Locale;
  sessionId: string;
  entity: { index: number; name: string; id?: string; connectionAttempts?: number };
  integrationKey: string;
  dataTypes: DataType[];
  consent?: { text: string; version: string };
  redirectUri?: string;
  openerOrigin?: string;
}

export interface AwaitConnectionInput {
  retry: RetryPolicy;
  locale: Locale;
  connectionId: string;
}

export interface UploadInput {
  retry: RetryPolicy;
  locale: Locale;
  connectionId: string;
  kind: ReportKind;
  batchSize: number;
  fileName?: string;
  summary?: Record<string, number>;
  /**
   * Records given directly (an actor used on its own). In the journey they are absent: the upload
   * finds those held for its journey since UPLOAD_REPORT, and none after a reload (records are not
   * persisted: the upload cannot go on without the file).
   */
  records?: readonly Record<string, unknown>[];
}

/** The rows an upload left out, as the upload step counts them (`skipped`, or `rowsSkipped`). */
const skippedOf = (summary: Record<string, number> | undefined): number | undefined => {
  const value = summary?.['skipped'] ?? summary?.['rowsSkipped'];
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
};

export interface FinishInput {
  retry: RetryPolicy;
  locale: Locale;
}

/**
 * Batches on their way at once. Two keep the backend busy while the page prepares and sends the
 * next one (one at a time, the page waited on every round trip); more would add load on the
 * backend for little, as the page's own work per batch is then hidden already.
 */
export const BATCHES_IN_FLIGHT = 2;

/** Records serialized at a time: a few ms of work on the page before it gets the main thread back. */
const HASH_SLICE = 5_000;

/**
 * Lets the host run other tasks (input, rendering) before the next slice. A task, not a microtask:
 * a digest may resolve at once, and microtasks would keep the page's task going.
 */
function yieldToHost(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (typeof scheduler?.yield === 'function') return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * The upload id depends on what is sent, so choosing the same file again resumes the same upload.
 * The records are hashed slice by slice (then the slices' digests together), yielding between
 * slices: serializing 100k records at once would hold the page's main thread for ~100 ms.
 */
export async function uploadIdOf(connectionId: string, kind: ReportKind, records: readonly unknown[]): Promise<string> {
  const slices: string[] = [];
  for (let start = 0; start < records.length; start += HASH_SLICE) {
    if (start > 0) await yieldToHost();
    slices.push(await sha256Hex(JSON.stringify(records.slice(start, start + HASH_SLICE))));
  }
  const digest = await sha256Hex(`${connectionId}\n${kind}\n${records.length}\n${slices.join('\n')}`);
  return `upl_${digest.slice(0, 24)}`;
}

export function batchIdempotencyKey(uploadId: string, batchIndex: number): string {
  return `${uploadId}:${batchIndex}`;
}

/** The actor implementations, bound to one backend. */
export function backendActors(backend: LinkBackend) {
  // An adapter that retries by itself gets one attempt per call: its retries times ours would make a
  // customer wait through every combination before seeing the error.
  const attempt = <T>(call: () => Promise<T>, policy: RetryPolicy, signal: AbortSignal, locale: Locale) =>
    withRetry(call, backend.retriesTransientFailures ? { ...policy, maxAttempts: 1 } : policy, signal, locale);
  return {
    loadJourney: fromPromise<{ request: DataRequest; integrations: Integration[] }, LoadInput>(async ({ input, signal }) => {
      const [request, integrations] = await Promise.all([
        attempt(() => backend.getRequest({ signal }), input.retry, signal, input.locale),
        attempt(() => backend.listIntegrations({ signal }), input.retry, signal, input.locale),
      ]);
      return { request, integrations };
    }),

    registerEntity: fromPromise<Entity, RegisterInput>(async ({ input, signal }) => {
      // Keyed by name: within a session a name is one entity (the machine refuses duplicates), so a
      // retry, or the same name typed again after going back, finds the entity already created.
      const idempotencyKey = `${input.sessionId}:entity:${input.name.trim().toLocaleLowerCase()}`;
      return attempt(() => backend.createEntity({ name: input.name, idempotencyKey }, { signal }), input.retry, signal, input.locale);
    }),

    connect: fromPromise<ConnectOutput, ConnectInput>(async ({ input, signal }) => {
      const { retry, locale } = input;
      const entityId = input.entity.id;
      if (!entityId) throw new LinkError('unknown', { detail: 'connect before the entity was registered' });
      let consent: ConsentRecord | undefined;
      if (input.consent) {
        const record: ConsentRecord = {
          entityId,
          integrationKey: input.integrationKey,
          dataTypes: input.dataTypes,
          text: input.consent.text,
          textHash: await sha256Hex(input.consent.text),
          version: input.consent.version,
          locale,
          givenAt: new Date().toISOString(),
        };
        await attempt(() => backend.recordConsent(record, { signal }), retry, signal, locale);
        consent = record;
      }
      const connection = await attempt(
        () =>
          backend.startConnection(
            {
              entityId,
              integrationKey: input.integrationKey,
              idempotencyKey: `${input.sessionId}:${entityId}:${input.integrationKey}:${input.entity.connectionAttempts ?? 0}`,
              ...(input.redirectUri === undefined ? {} : { redirectUri: input.redirectUri }),
              ...(input.openerOrigin === undefined ? {} : { openerOrigin: input.openerOrigin }),
            },
            { signal },
          ),
        retry,
        signal,
        locale,
      );
      const output: ConnectOutput = { connection };
      if (consent) output.consent = consent;
      return output;
    }),

    awaitConnection: fromPromise<Connection, AwaitConnectionInput>(async ({ input, signal }) => {
      return attempt(() => backend.awaitConnection({ connectionId: input.connectionId }, { signal }), input.retry, signal, input.locale);
    }),

    uploadReport: fromPromise<UploadOutput, UploadInput>(async ({ input, signal, self }) => {
      const { retry, locale, connectionId, kind } = input;
      // Held beside the journey actor since UPLOAD_REPORT (held-records.ts), gone after a reload.
      const records = input.records ?? heldRecords(self._parent, kind);
      if (!records) throw new LinkError('upload_interrupted', { locale });
      const uploadId = await uploadIdOf(connectionId, kind, records);
      const totalBatches = Math.max(1, Math.ceil(records.length / input.batchSize));
      const batchOf = (index: number) => records.slice(index * input.batchSize, (index + 1) * input.batchSize);
      // Asked first, so a resumed upload sends only what the backend does not hold yet.
      const acknowledged = new Set(await attempt(() => backend.acknowledgedBatches({ connectionId, kind, uploadId }, { signal }), retry, signal, locale));
      const progress: UploadState = {
        uploadId,
        kind,
        recordCount: records.length,
        totalBatches,
        sentBatches: 0,
        sentRecords: 0,
        status: 'sending',
      };
      if (input.fileName !== undefined) progress.fileName = input.fileName;
      if (input.summary !== undefined) progress.summary = input.summary;
      const report = () => self._parent?.send({ type: 'UPLOAD_PROGRESS', kind, progress: { ...progress } });
      for (const index of acknowledged) {
        if (index < totalBatches) {
          progress.sentBatches++;
          progress.sentRecords += batchOf(index).length;
        }
      }
      report();
      const pending: number[] = [];
      for (let index = 0; index < totalBatches; index++) if (!acknowledged.has(index)) pending.push(index);
      // Each sender takes the next batch not yet sent. After a failure no sender starts another one,
      // but those already on their way are let finish: they are stored or not, and a RETRY asks the
      // backend which landed before it sends the rest.
      let failure: { error: unknown } | undefined;
      const sender = async () => {
        for (let batchIndex = pending.shift(); batchIndex !== undefined && !failure; batchIndex = pending.shift()) {
          const batch = batchOf(batchIndex);
          try {
            await attempt(
              () =>
                backend.submitBatch(
                  {
                    connectionId,
                    kind,
                    batchIndex,
                    totalBatches,
                    uploadId,
                    idempotencyKey: batchIdempotencyKey(uploadId, batchIndex),
                    records: batch,
                  },
                  { signal },
                ),
              retry,
              signal,
              locale,
            );
          } catch (error) {
            failure ??= { error };
            return;
          }
          progress.sentBatches++;
          progress.sentRecords += batch.length;
          report();
        }
      };
      await Promise.all(Array.from({ length: Math.min(pending.length, BATCHES_IN_FLIGHT) }, sender));
      if (failure) throw failure.error;
      await attempt(
        () =>
          backend.finalizeReport(
            {
              connectionId,
              kind,
              uploadId,
              totalBatches,
              recordCount: records.length,
              ...(skippedOf(input.summary) === undefined ? {} : { rowsSkipped: skippedOf(input.summary)! }),
              ...(input.fileName ? { fileName: input.fileName.slice(0, 255) } : {}),
            },
            { signal },
          ),
        retry,
        signal,
        locale,
      );
      return { progress: { ...progress, status: 'done' } };
    }),

    finishJourney: fromPromise<RequestStatus, FinishInput>(async ({ input, signal }) => {
      return attempt(() => backend.finishRequest({ signal }), input.retry, signal, input.locale);
    }),
  };
}

export type JourneyActors = ReturnType<typeof backendActors>;

/** Stand-ins for `journeyMachine` without a backend: using one is a wiring mistake, said plainly. */
export function missingBackendActors(): JourneyActors {
  const fail = () => Promise.reject(new LinkError('unknown', { detail: 'No LinkBackend: create the actor with createJourneyActor({ backend })' }));
  const none = {
    getRequest: fail,
    listIntegrations: fail,
    createEntity: fail,
    recordConsent: fail,
    startConnection: fail,
    awaitConnection: fail,
    submitBatch: fail,
    acknowledgedBatches: fail,
    finalizeReport: fail,
    finishRequest: fail,
    getStatus: fail,
  } as unknown as LinkBackend;
  return backendActors(none);
}
