/**
 * Everything the upload step needs from @codat-link/upload, loaded on first use so the intake,
 * papaparse and the XLSX reader stay out of the first step's bundle. Reading runs in a Web Worker
 * when the package offers one; the step only sees a result promise and a cancel function.
 */
import type { ReportKind } from '@codat-link/core';
import type { IntakeOptions, IntakeProgress, IntakeResult, MappingOverrides } from '@codat-link/upload';
import type { FieldCatalog } from './intake-adapter.js';

type UploadApi = typeof import('@codat-link/upload');

let loading: Promise<UploadApi> | undefined;

export function loadUploadApi(): Promise<UploadApi> {
  loading ??= import('@codat-link/upload');
  return loading;
}

export function fieldCatalog(api: UploadApi, kind: ReportKind): FieldCatalog {
  return { fields: api.FIELDS[kind], oneOf: api.REQUIRED_ONE_OF[kind] };
}

export interface ReadingJob {
  result: Promise<IntakeResult>;
  cancel(): void;
}

/**
 * Starts reading a file in a worker; `cancel` stops the work and rejects `result` with an AbortError.
 * When the worker cannot run (a CSP without worker-src, a bundler that dropped the worker file), the
 * file is read on the main thread instead, in slices that yield between them.
 */
export function startReading(
  api: UploadApi,
  file: File,
  options: Omit<IntakeOptions, 'signal' | 'onProgress'>,
  onProgress: (progress: IntakeProgress) => void,
): ReadingJob {
  const controller = new AbortController();
  const onMainThread = () => api.intake(file, { ...options, onProgress, signal: controller.signal });
  let result: Promise<IntakeResult>;
  try {
    const job = api.intakeInWorker(file, { ...options, onProgress, signal: controller.signal });
    result = job.result.catch((error: unknown) => {
      if (controller.signal.aborted || (error as { name?: string }).name === 'AbortError') throw error;
      return onMainThread();
    });
  } catch {
    result = onMainThread();
  }
  return { result, cancel: () => controller.abort() };
}

/** Lets the customer save generated text or bytes without navigating away or touching innerHTML. */
export function saveFile(name: string, content: Blob | string, type: string): void {
  const blob = content instanceof Blob ? content : new Blob([content], { type });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started once click() returns; revoking later keeps slow browsers safe.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const MAPPING_KEY = 'codat-link.upload.mapping';

/**
 * The columns the customer confirmed, per software and report, for the next entity. Only header
 * names are stored, never file content.
 */
export const mappingMemory = {
  read(kind: ReportKind, software: string): MappingOverrides | undefined {
    try {
      const raw = localStorage.getItem(`${MAPPING_KEY}.${software}.${kind}`);
      if (!raw) return undefined;
      const parsed: unknown = JSON.parse(raw);
      if (typeof parsed !== 'object' || parsed === null) return undefined;
      const out: Record<string, string | null> = {};
      for (const [field, header] of Object.entries(parsed)) {
        if (typeof header === 'string' || header === null) out[field] = header;
      }
      return out;
    } catch {
      return undefined;
    }
  },
  write(kind: ReportKind, software: string, mapping: Record<string, string | null>): void {
    try {
      localStorage.setItem(`${MAPPING_KEY}.${software}.${kind}`, JSON.stringify(mapping));
    } catch {
      // Storage may be full or disabled; the customer then reviews the mapping again next time.
    }
  },
};

/**
 * Suppliers sent for each connection, so the Bills step can check each bill's supplier. Kept in
 * memory only: after a reload the Bills file is read without that cross-check.
 */
const suppliersByConnection = new Map<string, readonly Record<string, unknown>[]>();
export const suppliersMemory = {
  get: (connectionId: string) => suppliersByConnection.get(connectionId),
  set: (connectionId: string, records: readonly Record<string, unknown>[]) => suppliersByConnection.set(connectionId, records),
};
