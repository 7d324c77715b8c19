/**
 * LinkBackend over HTTP. Holds only the browser's short-lived session token, uses plain fetch,
 * and makes every call safe to retry: writes carry an Idempotency-Key, so a retry after a lost
 * answer returns what the first attempt did instead of doing it twice.
 */
import type {
  AcknowledgedBatchesInput,
  BatchReceipt,
  CallOptions,
  Connection,
  ConsentRecord,
  CreateEntityInput,
  DataRequest,
  Entity,
  FinalizeReportInput,
  Integration,
  LinkBackend,
  Locale,
  ReportBatch,
  RequestStatus,
  StartConnectionInput,
} from '@codat-link/core';
import { codeForAnswer, HttpBackendError, type ServerIssue } from './errors.js';
import { isRetryableStatus, parseRetryAfter, randomId, retryDelay, sleep, type BackoffOptions } from './retry.js';
import { uploadReport, type UploadReportInput, type UploadReportOptions, type UploadSummary } from './upload.js';

export interface BatchProgress {
  connectionId: string;
  kind: ReportBatch['kind'];
  batchIndex: number;
  totalBatches: number;
  accepted: number;
  duplicate: boolean;
}

export interface RetryEvent {
  method: string;
  path: string;
  attempt: number;
  delayMs: number;
  error: HttpBackendError;
}

/**
 * A GET already sent for this backend before it existed (the drop-in script asks for the request's
 * metadata while the adapter's chunk still loads): the first attempt of that call takes its answer
 * instead of sending the same request again; a failed one is retried like any other attempt.
 */
export interface EarlyResponse {
  /** The `X-Correlation-Id` it was sent with. */
  correlationId: string;
  response: Promise<Response>;
  /** Cancels it (the call was aborted or timed out). */
  abort(reason?: unknown): void;
}

export interface HttpBackendOptions {
  /** Where the partner's backend (or the reference server) is, e.g. `https://partner.example/link-api`. */
  baseUrl: string;
  sessionToken: string;
  /** Defaults to the global fetch; pass one to add headers or route through a proxy. */
  fetch?: typeof fetch;
  /**
   * Per attempt, not per call: a retried call may take longer in total. A call with a body gets
   * more on top, the time its bytes need at `minBytesPerSecond`, so a big batch on a slow line is
   * not cut (and resent) while it is still going up.
   */
  timeoutMs?: number;
  /** The slowest upload speed the per-attempt timeout allows for (bytes per second). */
  minBytesPerSecond?: number;
  /** Attempts after the first, for network errors, timeouts, 408, 429 and 5xx (not 501 or 505). */
  retries?: number;
  backoff?: BackoffOptions;
  /** A Retry-After longer than this is not waited for: the call fails with `rate_limited`. */
  maxRetryAfterMs?: number;
  /** How long the server holds a connection poll open. */
  longPollSeconds?: number;
  /** Called after every acknowledged batch: progress at batch granularity. */
  onProgress?(progress: BatchProgress): void;
  onRetry?(event: RetryEvent): void;
  /** Language of the errors' customer-facing messages. */
  locale?: Locale;
  /** Jitter source (tests pin it). */
  random?: () => number;
  /** GETs already sent, by path (`/v1/request`): each is used once, by the first attempt of that call. */
  early?: Map<string, EarlyResponse>;
}

interface CallInit {
  body?: unknown;
  headers?: Record<string, string>;
  signal: AbortSignal;
  /** Extra time on top of timeoutMs (long-polls). */
  extraTimeoutMs?: number;
}

const DEFAULTS = {
  timeoutMs: 30_000,
  minBytesPerSecond: 50_000,
  retries: 5,
  backoff: { baseMs: 250, maxMs: 8_000 },
  maxRetryAfterMs: 60_000,
  longPollSeconds: 25,
};

export class HttpBackend implements LinkBackend {
  /** Network errors, timeouts, 408, 429 and 5xx (not 501/505) are retried here (`retries`, full-jitter `backoff`, Retry-After), so the journey does not retry again. */
  readonly retriesTransientFailures = true;
  readonly baseUrl: string;
  private readonly options: HttpBackendOptions;
  private readonly fetchImpl: typeof fetch;

  constructor(options: HttpBackendOptions) {
    if (!options.baseUrl) throw new TypeError('HttpBackend needs a baseUrl.');
    if (!options.sessionToken) throw new TypeError('HttpBackend needs a sessionToken.');
    this.options = options;
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    // Bound, so a window.fetch passed in is not called with the wrong `this`.
    this.fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  }

  getRequest({ signal }: CallOptions): Promise<DataRequest> {
    return this.call<DataRequest>('GET', '/v1/request', { signal });
  }

  async listIntegrations({ signal }: CallOptions): Promise<Integration[]> {
    return (await this.call<{ integrations: Integration[] }>('GET', '/v1/integrations', { signal })).integrations;
  }

  createEntity(input: CreateEntityInput, { signal }: CallOptions): Promise<Entity> {
    return this.call<Entity>('POST', '/v1/entities', {
      signal,
      body: { name: input.name },
      headers: { 'Idempotency-Key': headerSafe(input.idempotencyKey ?? randomId()) },
    });
  }

  async recordConsent(consent: ConsentRecord, { signal }: CallOptions): Promise<void> {
    // The key follows from the consent itself, so a retry carries the same one.
    const key = `consent:${consent.entityId}:${consent.integrationKey}:${consent.givenAt}:${consent.textHash}`;
    await this.call('POST', '/v1/consents', { signal, body: consent, headers: { 'Idempotency-Key': headerSafe(key) } });
  }

  startConnection(input: StartConnectionInput, { signal }: CallOptions): Promise<Connection> {
    const { idempotencyKey, ...body } = input;
    return this.call<Connection>('POST', '/v1/connections', {
      signal,
      body,
      headers: { 'Idempotency-Key': headerSafe(idempotencyKey ?? randomId()) },
    });
  }

  /** Long-polls until the connection leaves `pending`; each poll is one short server wait. */
  async awaitConnection({ connectionId }: { connectionId: string }, { signal }: CallOptions): Promise<Connection> {
    const wait = this.options.longPollSeconds ?? DEFAULTS.longPollSeconds;
    for (;;) {
      const connection = await this.call<Connection>('GET', `/v1/connections/${enc(connectionId)}?waitSeconds=${wait}`, {
        signal,
        extraTimeoutMs: wait * 1000,
      });
      if (connection.status !== 'pending') return connection;
    }
  }

  async submitBatch(batch: ReportBatch, { signal }: CallOptions): Promise<BatchReceipt> {
    // One URL for every batch of a report (the index is in the body): a page on another origin
    // than the server pays one CORS preflight per report, not one per batch.
    const receipt = await this.call<BatchReceipt>('POST', `/v1/connections/${enc(batch.connectionId)}/reports/${enc(batch.kind)}/batches`, {
      signal,
      headers: { 'Idempotency-Key': headerSafe(batch.idempotencyKey) },
      body: {
        batchIndex: batch.batchIndex,
        totalBatches: batch.totalBatches,
        records: batch.records,
        ...(batch.uploadId ? { uploadId: batch.uploadId } : {}),
      },
    });
    this.options.onProgress?.({
      connectionId: batch.connectionId,
      kind: batch.kind,
      batchIndex: batch.batchIndex,
      totalBatches: batch.totalBatches,
      accepted: receipt.accepted,
      duplicate: receipt.duplicate,
    });
    return receipt;
  }

  async acknowledgedBatches(input: AcknowledgedBatchesInput, { signal }: CallOptions): Promise<number[]> {
    return (await this.acknowledgedKeys(input, { signal })).map((batch) => batch.batchIndex);
  }

  /** The stored batches with their idempotency keys: resume skips exactly the batches already there. */
  async acknowledgedKeys(
    input: AcknowledgedBatchesInput,
    { signal }: CallOptions,
  ): Promise<{ batchIndex: number; idempotencyKey: string; recordCount: number }[]> {
    const query = input.uploadId ? `?uploadId=${enc(input.uploadId)}` : '';
    const answer = await this.call<{ batches: { batchIndex: number; idempotencyKey: string; recordCount: number }[] }>(
      'GET',
      `/v1/connections/${enc(input.connectionId)}/reports/${enc(input.kind)}/batches${query}`,
      { signal },
    );
    return answer.batches;
  }

  async finalizeReport(input: FinalizeReportInput, { signal }: CallOptions): Promise<void> {
    await this.call('POST', `/v1/connections/${enc(input.connectionId)}/reports/${enc(input.kind)}/finalize`, {
      signal,
      body: {
        totalBatches: input.totalBatches,
        recordCount: input.recordCount,
        ...(input.uploadId ? { uploadId: input.uploadId } : {}),
        ...(input.rowsSkipped !== undefined ? { rowsSkipped: input.rowsSkipped } : {}),
        ...(input.fileName !== undefined ? { fileName: input.fileName } : {}),
      },
    });
  }

  finishRequest({ signal }: CallOptions): Promise<RequestStatus> {
    return this.call<RequestStatus>('POST', '/v1/request/finish', { signal, body: {} });
  }

  getStatus({ signal }: CallOptions): Promise<RequestStatus> {
    return this.call<RequestStatus>('GET', '/v1/request/status', { signal });
  }

  /** Batches the records, skips what the server already holds, sends the rest, then finalizes. */
  uploadReport(input: UploadReportInput, options: UploadReportOptions): Promise<UploadSummary> {
    return uploadReport(this, input, options);
  }

  private async call<T>(method: string, path: string, init: CallInit): Promise<T> {
    const { signal } = init;
    const locale = this.options.locale ?? 'en';
    const retries = this.options.retries ?? DEFAULTS.retries;
    const body = init.body === undefined ? undefined : JSON.stringify(init.body);
    // Characters, not bytes: near enough for a timeout, and it spares encoding the body twice.
    const sendingMs = body === undefined ? 0 : (body.length / (this.options.minBytesPerSecond ?? DEFAULTS.minBytesPerSecond)) * 1000;
    const timeoutMs = (this.options.timeoutMs ?? DEFAULTS.timeoutMs) + (init.extraTimeoutMs ?? 0) + Math.ceil(sendingMs);
    // Sent before this backend existed: its first attempt is already on the wire.
    const early = method === 'GET' ? this.options.early?.get(path) : undefined;
    if (early) this.options.early?.delete(path);
    // One id for every attempt of this call, so the server's logs tie the retries together.
    const correlationId = early?.correlationId ?? randomId();
    const headers: Record<string, string> = {
      Accept: 'application/json',
      Authorization: `Bearer ${this.options.sessionToken}`,
      'X-Correlation-Id': correlationId,
      ...init.headers,
    };
    if (body !== undefined) headers['Content-Type'] = 'application/json';

    for (let attempt = 0; ; attempt++) {
      if (signal.aborted) throw new HttpBackendError('aborted', { correlationId, cause: signal.reason, locale });
      const attemptController = new AbortController();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        attemptController.abort();
      }, timeoutMs);
      const forwardAbort = () => attemptController.abort(signal.reason);
      signal.addEventListener('abort', forwardAbort, { once: true });

      let failure: HttpBackendError;
      let retryAfterMs: number | undefined;
      try {
        // A GET must not be answered from the HTTP cache. A write is never cached, and `no-store` on
        // it would also bypass Chromium's CORS preflight cache: one OPTIONS before every batch.
        const sent = attempt === 0 ? early : undefined;
        if (sent) attemptController.signal.addEventListener('abort', () => sent.abort(attemptController.signal.reason), { once: true });
        const response = sent
          ? await sent.response
          : await this.fetchImpl(this.baseUrl + path, {
              method,
              headers,
              signal: attemptController.signal,
              credentials: 'omit',
              cache: method === 'GET' ? 'no-store' : 'default',
              ...(body !== undefined ? { body } : {}),
            });
        const text = await response.text();
        const answeredId = response.headers.get('x-correlation-id') ?? correlationId;
        if (response.ok) {
          if (text === '') return undefined as T;
          try {
            return JSON.parse(text) as T;
          } catch (cause) {
            failure = new HttpBackendError('server_error', { correlationId: answeredId, status: response.status, cause, locale });
          }
        } else {
          failure = errorFromResponse(response.status, text, answeredId, locale);
          retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
          if (!isRetryableStatus(response.status)) throw failure;
        }
      } catch (error) {
        if (error instanceof HttpBackendError) throw error;
        if (signal.aborted) throw new HttpBackendError('aborted', { correlationId, cause: signal.reason, locale });
        failure = new HttpBackendError(timedOut ? 'timeout' : 'network_error', { correlationId, cause: error, locale });
      } finally {
        clearTimeout(timer);
        signal.removeEventListener('abort', forwardAbort);
      }

      if (attempt >= retries) throw failure;
      const maxRetryAfter = this.options.maxRetryAfterMs ?? DEFAULTS.maxRetryAfterMs;
      if (retryAfterMs !== undefined && retryAfterMs > maxRetryAfter) throw failure;
      const delayMs = retryDelay(attempt, retryAfterMs, this.options.backoff ?? DEFAULTS.backoff, this.options.random);
      this.options.onRetry?.({ method, path, attempt: attempt + 1, delayMs, error: failure });
      try {
        await sleep(delayMs, signal);
      } catch (reason) {
        throw new HttpBackendError('aborted', { correlationId, cause: reason, locale });
      }
    }
  }
}

const enc = encodeURIComponent;

/**
 * A header value must be a byte string: a key built from an entity name ("Société Générale UK")
 * would make fetch throw or the server refuse it. Percent-encoding is ASCII, and the same key
 * always encodes the same way, so a retry still matches.
 */
export function headerSafe(key: string): string {
  return /^[\x21-\x7e]+$/.test(key) ? key : `pct:${encodeURIComponent(key)}`;
}

function errorFromResponse(status: number, text: string, correlationId: string, locale: Locale): HttpBackendError {
  let serverCode: string | undefined;
  let issues: ServerIssue[] | undefined;
  try {
    const parsed = JSON.parse(text) as { error?: { code?: unknown; issues?: unknown } };
    if (typeof parsed.error?.code === 'string') serverCode = parsed.error.code;
    if (Array.isArray(parsed.error?.issues)) issues = parsed.error.issues as ServerIssue[];
  } catch {
    // not our JSON (a proxy's HTML page): the status alone decides
  }
  return new HttpBackendError(codeForAnswer(status, serverCode), {
    status,
    correlationId,
    locale,
    ...(serverCode !== undefined ? { serverCode } : {}),
    ...(issues !== undefined ? { issues } : {}),
  });
}
