/**
 * Everything the upload step needs from @codat-link/upload, loaded on first use so the intake,
 * papaparse and the XLSX reader stay out of the first step's bundle. Reading runs in a Web Worker
 * when the package offers one; the step only sees a result promise and a cancel function.
 */
import type { ReportKind } from '@codat-link/core';
import type { IntakeOptions, IntakeProgress, IntakeRecord, IntakeResult, KeptRows, MappingOverrides, WorkerIntake } from '@codat-link/upload';
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

/** Whether this page asked for the main-thread intake (a worker could not read a file): for tests. */
export function mainThreadIntakeRequested(): boolean {
  return loadingIntake !== undefined;
}

export function fieldCatalog(api: UploadApi, kind: ReportKind): FieldCatalog {
  return { fields: api.FIELDS[kind], oneOf: api.REQUIRED_ONE_OF[kind] };
}

export interface ReadingJob {
  /**
   * What the read found: the mapping, the issues, the counts. Its `records` may be empty (the
   * worker holds them back until `records()`), so that a file whose mapping the customer reviews
   * first never hands over records a new mapping would replace.
   */
  result: Promise<IntakeResult>;
  /** The records of `result`, once it settled: from the worker on the first call, or the page's own. */
  records(): Promise<IntakeRecord[]>;
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
 * `result` with an AbortError. When the worker cannot run (its construction throws: a CSP without
 * worker-src, Trusted Types refusing the policy; or it fails: a bundler that dropped the worker
 * file), the file is read on the main thread instead, in slices that yield between them, and the
 * rows are kept there. The main-thread intake loads only then.
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

  /** A job whose records are its result's own (read on the page). */
  const here = (run: (signal: AbortSignal) => Promise<IntakeResult>): ReadingJob => {
    const controller = new AbortController();
    const result = run(controller.signal);
    return {
      result,
      records: () => result.then((r) => r.records),
      cancel: () => controller.abort(),
      remap,
      release,
    };
  };

  /** The rows read under new options: in the worker that holds them, or on the page. */
  const remap = (next: ReadOptions, progress: (p: IntakeProgress) => void): ReadingJob => {
    const rows = kept;
    if (worker) return inWorker(worker.remap({ ...next, onProgress: progress }), next, progress);
    if (!rows) return here((signal) => readHere(next, progress, signal));
    // A task first, so the step shows that it is working before the rows are gone through.
    return here((signal) =>
      Promise.all([loadIntake(), new Promise<void>((resolve) => setTimeout(resolve, 0))]).then(([intake]) =>
        intake.remapRows(rows, { ...next, onProgress: progress, signal }),
      ),
    );
  };

  const release = () => {
    worker?.release();
    worker = undefined;
    kept = null;
  };

  /**
   * A job in the worker. When the worker fails (not a cancel), the same read runs on the main thread
   * and the job answers from there.
   */
  const inWorker = (running: WorkerIntake, opts: ReadOptions, progress: (p: IntakeProgress) => void): ReadingJob => {
    const controller = new AbortController();
    let fallback: Promise<IntakeResult> | undefined;
    const fallBack = (error: unknown): Promise<IntakeResult> => {
      if (controller.signal.aborted || (error as { name?: string }).name === 'AbortError') throw error;
      if (!fallback) {
        worker?.release();
        worker = undefined;
        fallback = readHere(opts, progress, controller.signal);
      }
      return fallback;
    };
    const result = running.result.catch(fallBack);
    return {
      result,
      records: () => (fallback ? fallback.then((r) => r.records) : running.records().catch((error: unknown) => fallBack(error).then((r) => r.records))),
      cancel: () => {
        controller.abort();
        running.cancel();
      },
      remap,
      release,
    };
  };

  try {
    worker = api.intakeInWorker(file, { ...options, onProgress, keepRows: true, deferRecords: true });
  } catch {
    return here((signal) => readHere(options, onProgress, signal));
  }
  return inWorker(worker, options, onProgress);
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
