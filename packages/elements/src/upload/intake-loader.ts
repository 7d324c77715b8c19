/**
 * Everything the upload step needs from @codat-link/upload, loaded on first use so the intake,
 * papaparse and the XLSX reader stay out of the first step's bundle. Reading runs in a Web Worker
 * when the package offers one; the step only sees a result promise and a cancel function.
 */
import type { ReportKind } from '@codat-link/core';
import type { IntakeOptions, IntakeProgress, IntakeResult, KeptRows, MappingOverrides, WorkerIntake } from '@codat-link/upload';
import type { FieldCatalog } from './intake-adapter.js';

type UploadApi = typeof import('@codat-link/upload/client');
type IntakeApi = typeof import('@codat-link/upload');

let loading: Promise<UploadApi> | undefined;
let loadingIntake: Promise<IntakeApi> | undefined;

/** The page's part of @codat-link/upload: fields, templates, CSVs and the worker client. */
export function loadUploadApi(): Promise<UploadApi> {
  loading ??= import('@codat-link/upload/client');
  return loading;
}

/** The intake itself, for the main thread: loaded only when the worker cannot run. */
function loadIntake(): Promise<IntakeApi> {
  loadingIntake ??= import('@codat-link/upload');
  return loadingIntake;
}

export function fieldCatalog(api: UploadApi, kind: ReportKind): FieldCatalog {
  return { fields: api.FIELDS[kind], oneOf: api.REQUIRED_ONE_OF[kind] };
}

export interface ReadingJob {
  result: Promise<IntakeResult>;
  cancel(): void;
  /**
   * Once `result` settled: the rows already read under new options (a new mapping), without reading
   * the file again; in the same worker, or on the main thread when the worker could not run.
   */
  remap(options: ReadOptions, onProgress: (progress: IntakeProgress) => void): ReadingJob;
  /** Drops the kept rows (and ends the worker). */
  release(): void;
}

type ReadOptions = Omit<IntakeOptions, 'signal' | 'onProgress'>;

/**
 * Starts reading a file in a worker that keeps the rows it read; `cancel` stops the work and rejects
 * `result` with an AbortError. When the worker cannot run (a CSP without worker-src, a bundler that
 * dropped the worker file), the file is read on the main thread instead, in slices that yield
 * between them, and the rows are kept there. The main-thread intake loads only then.
 */
export function startReading(api: UploadApi, file: File, options: ReadOptions, onProgress: (progress: IntakeProgress) => void): ReadingJob {
  // What holds the rows read: the worker, or (after it failed) the main thread's kept rows.
  let worker: WorkerIntake | undefined;
  let kept: KeptRows | null = null;
  const readHere = (opts: ReadOptions, progress: (p: IntakeProgress) => void, signal: AbortSignal) =>
    loadIntake()
      .then((intake) => intake.intakeKeepingRows(file, { ...opts, onProgress: progress, signal }))
      .then((outcome) => {
        kept = outcome.kept;
        return outcome.result;
      });

  const job = (run: (signal: AbortSignal) => Promise<IntakeResult>, stop?: () => void): ReadingJob => {
    const controller = new AbortController();
    const result = run(controller.signal);
    return {
      result,
      cancel: () => {
        controller.abort();
        stop?.();
      },
      remap: (next, progress) => {
        if (worker) {
          const remapped = worker.remap({ ...next, onProgress: progress });
          return job(
            (signal) => fallBackHere(remapped.result, next, progress, signal),
            () => remapped.cancel(),
          );
        }
        const rows = kept;
        if (!rows) return job((signal) => readHere(next, progress, signal));
        // A task first, so the step shows that it is working before the rows are gone through.
        return job((signal) =>
          Promise.all([loadIntake(), new Promise<void>((resolve) => setTimeout(resolve, 0))]).then(([intake]) =>
            intake.remapRows(rows, { ...next, onProgress: progress, signal }),
          ),
        );
      },
      release: () => {
        worker?.release();
        worker = undefined;
        kept = null;
      },
    };
  };

  /** A worker's result, or the same read on the main thread when the worker failed. */
  const fallBackHere = (fromWorker: Promise<IntakeResult>, opts: ReadOptions, progress: (p: IntakeProgress) => void, signal: AbortSignal) =>
    fromWorker.catch((error: unknown) => {
      if (signal.aborted || (error as { name?: string }).name === 'AbortError') throw error;
      worker?.release();
      worker = undefined;
      return readHere(opts, progress, signal);
    });

  try {
    const first = api.intakeInWorker(file, { ...options, onProgress, keepRows: true });
    worker = first;
    return job(
      (signal) => fallBackHere(first.result, options, onProgress, signal),
      () => first.cancel(),
    );
  } catch {
    return job((signal) => readHere(options, onProgress, signal));
  }
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
      for (const [field, header] of Object.entries(parsed as Record<string, unknown>)) {
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
