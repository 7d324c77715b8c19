/**
 * Uploads one report in batches and resumes: the batches the server already acknowledged for
 * this upload (same keys) are not sent again, and a lost answer is retried under the same key.
 */
import type { ReportKind } from '@codat-link/core';
import type { HttpBackend } from './http-backend.js';

export interface UploadReportInput {
  connectionId: string;
  kind: ReportKind;
  records: readonly Record<string, unknown>[];
  /** Stable across reloads for the same file, so a resumed upload reuses the same keys. */
  uploadId: string;
  batchSize?: number;
}

export interface UploadProgress {
  sentRecords: number;
  totalRecords: number;
  doneBatches: number;
  totalBatches: number;
}

export interface UploadReportOptions {
  signal: AbortSignal;
  onProgress?(progress: UploadProgress): void;
  /** Batches in flight at once. */
  concurrency?: number;
}

export interface UploadSummary {
  totalBatches: number;
  /** Batches skipped because the server already had them (resume). */
  resumedBatches: number;
  /** Batches the server reported as duplicates (an earlier attempt had landed). */
  duplicateBatches: number;
  recordCount: number;
}

export const batchKey = (uploadId: string, kind: ReportKind, batchIndex: number): string => `${uploadId}:${kind}:${batchIndex}`;

export async function uploadReport(backend: HttpBackend, input: UploadReportInput, options: UploadReportOptions): Promise<UploadSummary> {
  const size = Math.max(1, input.batchSize ?? 1_000);
  const totalBatches = Math.max(1, Math.ceil(input.records.length / size));
  const { signal: outer } = options;
  const stored = await backend.acknowledgedKeys({ connectionId: input.connectionId, kind: input.kind, uploadId: input.uploadId }, { signal: outer });
  const done = new Set(stored.filter((b) => b.idempotencyKey === batchKey(input.uploadId, input.kind, b.batchIndex)).map((b) => b.batchIndex));
  const resumedBatches = done.size;
  let sentRecords = 0;
  for (const index of done) sentRecords += Math.min(size, input.records.length - index * size);
  let duplicateBatches = 0;
  const report = () => options.onProgress?.({ sentRecords, totalRecords: input.records.length, doneBatches: done.size, totalBatches });
  report();

  // One failed batch stops the others: no point sending the rest of a report that cannot finish.
  const stop = new AbortController();
  const forward = () => stop.abort(outer.reason);
  if (outer.aborted) forward();
  else outer.addEventListener('abort', forward, { once: true });
  const signal = stop.signal;
  const pending: number[] = [];
  for (let index = 0; index < totalBatches; index++) if (!done.has(index)) pending.push(index);
  const worker = async () => {
    for (let index = pending.shift(); index !== undefined; index = pending.shift()) {
      const records = input.records.slice(index * size, (index + 1) * size);
      const receipt = await backend.submitBatch(
        {
          connectionId: input.connectionId,
          kind: input.kind,
          batchIndex: index,
          totalBatches,
          idempotencyKey: batchKey(input.uploadId, input.kind, index),
          uploadId: input.uploadId,
          records,
        },
        { signal },
      );
      if (receipt.duplicate) duplicateBatches += 1;
      done.add(index);
      sentRecords += records.length;
      report();
    }
  };
  const guarded = async () => {
    try {
      await worker();
    } catch (error) {
      stop.abort(error);
      throw error;
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 2) }, guarded));
    await backend.finalizeReport(
      { connectionId: input.connectionId, kind: input.kind, uploadId: input.uploadId, totalBatches, recordCount: input.records.length },
      { signal },
    );
  } finally {
    outer.removeEventListener('abort', forward);
  }
  return { totalBatches, resumedBatches, duplicateBatches, recordCount: input.records.length };
}
