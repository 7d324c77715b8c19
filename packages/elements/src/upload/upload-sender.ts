/**
 * Sends a report's records through the LinkBackend in batches, each with an idempotency key derived
 * from the upload id and batch index, so a retry or a resumed upload never stores a row twice.
 * Progress is kept in sessionStorage per connection and report: after a reload the customer drops the
 * same file, the upload id comes out the same, and the batches the backend already acknowledged are
 * skipped.
 */
import type { LinkBackend, ReportKind } from '@codat-link/core';

export interface SendProgress {
  sentRows: number;
  totalRows: number;
  sentBatches: number;
  totalBatches: number;
}

export interface SendOptions {
  backend: LinkBackend;
  connectionId: string;
  kind: ReportKind;
  records: readonly Record<string, unknown>[];
  uploadId: string;
  fileName: string;
  batchSize: number;
  signal: AbortSignal;
  retry?: { maxAttempts: number; baseDelayMs: number };
  onProgress?: (progress: SendProgress) => void;
}

/** What sessionStorage keeps about an upload under way. */
export interface PendingUpload {
  uploadId: string;
  fileName: string;
  totalRows: number;
  sentRows: number;
}

const TRANSIENT = new Set(['network_error', 'timeout', 'rate_limited', 'server_error']);

function storageKey(connectionId: string, kind: ReportKind) {
  return `codat-link.upload.${connectionId}.${kind}`;
}

export function readPending(connectionId: string, kind: ReportKind): PendingUpload | null {
  try {
    const raw = sessionStorage.getItem(storageKey(connectionId, kind));
    if (!raw) return null;
    const value = JSON.parse(raw) as Partial<PendingUpload>;
    if (typeof value.uploadId !== 'string' || typeof value.sentRows !== 'number' || typeof value.totalRows !== 'number') return null;
    return { uploadId: value.uploadId, fileName: String(value.fileName ?? ''), totalRows: value.totalRows, sentRows: value.sentRows };
  } catch {
    return null;
  }
}

function writePending(connectionId: string, kind: ReportKind, pending: PendingUpload | null) {
  try {
    const key = storageKey(connectionId, kind);
    if (pending) sessionStorage.setItem(key, JSON.stringify(pending));
    else sessionStorage.removeItem(key);
  } catch {
    // Storage can be disabled (private mode, sandboxed frame): the upload still works, without resume.
  }
}

/**
 * A stable id for "this file, read this way, for this report of this connection": the same inputs
 * after a reload give the same idempotency keys.
 */
export async function computeUploadId(parts: { file: Blob; connectionId: string; kind: ReportKind; settings: unknown }): Promise<string> {
  const settings = new TextEncoder().encode(JSON.stringify([parts.connectionId, parts.kind, parts.settings]));
  if (globalThis.crypto?.subtle) {
    const bytes = new Uint8Array(await parts.file.arrayBuffer());
    const joined = new Uint8Array(bytes.length + settings.length);
    joined.set(bytes);
    joined.set(settings, bytes.length);
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', joined));
    return [...digest.slice(0, 12)].map((b) => b.toString(16).padStart(2, '0')).join('');
  }
  // No SubtleCrypto outside secure contexts: fall back to what identifies the file cheaply.
  const file = parts.file as Partial<File>;
  return `${file.name ?? 'file'}-${parts.file.size}-${file.lastModified ?? 0}-${settings.length}`;
}

function sleep(ms: number, signal: AbortSignal) {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    }, { once: true });
  });
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Sends the batches the backend does not have yet, then finalizes the report. */
export async function sendReport(options: SendOptions): Promise<{ sentRows: number; totalBatches: number }> {
  const { backend, connectionId, kind, records, uploadId, batchSize, signal } = options;
  const retry = options.retry ?? { maxAttempts: 3, baseDelayMs: 500 };
  const totalBatches = Math.max(1, Math.ceil(records.length / batchSize));
  const totalRows = records.length;
  const rowsIn = (index: number) => Math.min(batchSize, totalRows - index * batchSize);

  // The backend's acknowledgements are keyed by connection and report, not by upload: they only
  // describe this upload when the pending marker says the same upload was under way.
  const pending = readPending(connectionId, kind);
  const acknowledged = new Set<number>();
  if (pending?.uploadId === uploadId) {
    for (const index of await backend.acknowledgedBatches({ connectionId, kind }, { signal })) acknowledged.add(index);
  }
  let sentRows = 0;
  for (const index of acknowledged) if (index < totalBatches) sentRows += Math.max(0, rowsIn(index));
  const report = () =>
    options.onProgress?.({ sentRows, totalRows, sentBatches: acknowledged.size, totalBatches });
  writePending(connectionId, kind, { uploadId, fileName: options.fileName, totalRows, sentRows });
  report();

  for (let batchIndex = 0; batchIndex < totalBatches; batchIndex += 1) {
    if (acknowledged.has(batchIndex)) continue;
    const batch = {
      connectionId,
      kind,
      batchIndex,
      totalBatches,
      idempotencyKey: `${uploadId}-${kind}-${batchIndex}`,
      records: records.slice(batchIndex * batchSize, (batchIndex + 1) * batchSize) as Record<string, unknown>[],
    };
    for (let attempt = 1; ; attempt += 1) {
      signal.throwIfAborted();
      try {
        await backend.submitBatch(batch, { signal });
        break;
      } catch (error) {
        const code = errorCode(error);
        const transient = code === undefined || TRANSIENT.has(code);
        if (signal.aborted || !transient || attempt >= retry.maxAttempts) throw error;
        await sleep(retry.baseDelayMs * 2 ** (attempt - 1), signal);
      }
    }
    acknowledged.add(batchIndex);
    sentRows += batch.records.length;
    writePending(connectionId, kind, { uploadId, fileName: options.fileName, totalRows, sentRows });
    report();
  }
  await backend.finalizeReport({ connectionId, kind, totalBatches, recordCount: totalRows }, { signal });
  writePending(connectionId, kind, null);
  return { sentRows, totalBatches };
}
