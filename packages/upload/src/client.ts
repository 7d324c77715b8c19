/**
 * Main-thread API: runs intake() in a module worker so parsing never blocks the page. The records
 * arrive in slices, by column, and are put together here, each slice in a few ms.
 */
import type { FromWorker, RecordSlice, ToWorker, WorkerOptions } from './worker-protocol.js';
import type { IntakeOptions, IntakeRecord, IntakeResult } from './types.js';
import { trustedWorkerClass } from './trusted-worker.js';

export interface WorkerIntakeOptions extends IntakeOptions {
  /** Where the worker script is, when a bundler does not resolve the default for you. */
  workerUrl?: string | URL;
  /**
   * Keep the rows read in the worker, which then stays up: `remap()` applies new options (a new
   * mapping) to them without reading the file again. Call `release()` when done with the file.
   */
  keepRows?: boolean;
  /**
   * `result` comes without its records (`records` empty, `stats.records` says how many), which stay
   * in the worker until `records()` asks for them: a caller that first looks at the mapping (and may
   * remap) does not pay for handing over records it would throw away. Goes with `keepRows`.
   */
  deferRecords?: boolean;
}

export interface WorkerIntake {
  result: Promise<IntakeResult>;
  /**
   * The records of `result`: with `deferRecords`, handed over from the worker on the first call
   * (once `result` settled); otherwise `result`'s own.
   */
  records(): Promise<IntakeRecord[]>;
  /** Stops the intake (or the records' hand-over): the promises reject with an AbortError and the worker is terminated. */
  cancel(): void;
  /**
   * With `keepRows`, once `result` settled: the kept rows under new options, in the same worker.
   * The file is read only when the first read kept no rows (a header the mapping could not use).
   */
  remap(options: Omit<WorkerIntakeOptions, 'workerUrl' | 'keepRows' | 'deferRecords'>): WorkerIntake;
  /** Terminates the worker (and drops the kept rows). */
  release(): void;
}

function abortError(): Error {
  return typeof DOMException === 'function'
    ? new DOMException('The intake was cancelled.', 'AbortError')
    : Object.assign(new Error('The intake was cancelled.'), { name: 'AbortError' });
}

function startWorker(workerUrl: string | URL | undefined): Worker {
  // A local `Worker`: the text below stays the pattern Vite bundles, and the URL passes Trusted Types.
  const Worker = trustedWorkerClass();
  return workerUrl ? new Worker(workerUrl, { type: 'module' }) : new Worker(new URL('./intake.worker.js', import.meta.url), { type: 'module' });
}

/** A worker started ahead of the first file, and whether it failed to start meanwhile. */
let spare: { worker: Worker; failed: boolean } | undefined;

/**
 * Starts the intake worker before there is a file (when the upload step is shown): its script is
 * fetched and compiled while the customer looks for the file, and the next intakeInWorker()
 * without a `workerUrl` takes it. Does nothing when one is waiting already, or when workers
 * cannot start here (the intake then reads on the page, as it would anyway).
 */
export function prepareIntakeWorker(): void {
  if (spare) return;
  try {
    const prepared = { worker: startWorker(undefined), failed: false };
    prepared.worker.onerror = () => {
      prepared.failed = true;
    };
    spare = prepared;
  } catch {
    // No worker here (a CSP without worker-src, Trusted Types refusing the policy): nothing to prepare.
  }
}

function takeWorker(workerUrl: string | URL | undefined): Worker {
  const prepared = spare;
  if (workerUrl === undefined && prepared) {
    spare = undefined;
    // One that failed to start would never answer: start another, whose failure is then reported.
    if (!prepared.failed) return prepared.worker;
    prepared.worker.terminate();
  }
  return startWorker(workerUrl);
}

/** Puts a `records` message's slice (by column, worker-protocol.ts) together after the records so far. */
function appendSlice(records: IntakeRecord[], slice: RecordSlice): void {
  const { count, keys, columns } = slice;
  const width = keys.length;
  const plain = columns.map((c) => ('plain' in c ? c.plain : null));
  const index = columns.map((c) => ('index' in c ? c.index : null));
  const values = columns.map((c) => ('values' in c ? c.values : null));
  for (let i = 0; i < count; i++) {
    const record: IntakeRecord = {};
    for (let k = 0; k < width; k++) {
      const inOrder = plain[k];
      let value: string | number | null | undefined;
      if (inOrder) value = inOrder[i];
      else {
        const n = index[k]![i]!;
        value = n === 0 ? null : values[k]![n - 1];
      }
      if (value !== null && value !== undefined) record[keys[k]!] = value;
    }
    records.push(record);
  }
}

export function intakeInWorker(file: Blob, options: WorkerIntakeOptions): WorkerIntake {
  const { workerUrl, keepRows, deferRecords, ...rest } = options;
  const worker = takeWorker(workerUrl);
  let dead = false;
  // The one job or records hand-over the worker's messages are for, and how it fails.
  let listener: ((data: FromWorker) => void) | null = null;
  let fail: ((error: Error) => void) | null = null;
  const terminate = () => {
    dead = true;
    listener = null;
    fail = null;
    worker.terminate();
  };
  worker.onmessage = (event: MessageEvent<FromWorker>) => listener?.(event.data);
  worker.onerror = (event) => {
    const failed = fail;
    terminate();
    failed?.(new Error(`The intake worker failed: ${event.message || 'could not start'}`));
  };
  const released = () => new Error('The intake worker was released.');
  const fromWorker = (data: Extract<FromWorker, { type: 'error' }>) =>
    data.name === 'AbortError' ? abortError() : Object.assign(new Error(data.message), { name: data.name });

  /** Asks the worker for the records it held back; a cancel rejects it (and ends the worker). */
  const handOver = (): { promise: Promise<IntakeRecord[]>; cancel: () => void } => {
    let cancel = () => {};
    const promise = new Promise<IntakeRecord[]>((resolve, reject) => {
      if (dead) {
        reject(released());
        return;
      }
      const records: IntakeRecord[] = [];
      const settle = () => {
        listener = null;
        fail = null;
      };
      fail = (error) => {
        settle();
        reject(error);
      };
      cancel = () => {
        if (listener !== onMessage) return;
        terminate();
        reject(abortError());
      };
      const onMessage = (data: FromWorker) => {
        if (data.type === 'records') appendSlice(records, data.slice);
        else if (data.type === 'recordsDone') {
          settle();
          resolve(records);
        } else if (data.type === 'error') {
          terminate();
          reject(fromWorker(data));
        }
      };
      listener = onMessage;
      worker.postMessage({ type: 'records' } satisfies ToWorker);
    });
    return { promise, cancel };
  };

  /** One job of the worker: the start, or a remap; its records and result come back the same way. */
  const job = (jobOptions: IntakeOptions, message: (options: WorkerOptions) => ToWorker): WorkerIntake => {
    const { signal, onProgress, ...plain } = jobOptions;
    let settled = false;
    let rejectResult: (error: Error) => void = () => {};
    const records: IntakeRecord[] = [];
    const result = new Promise<IntakeResult>((resolve, reject) => {
      rejectResult = reject;
      if (dead) {
        settled = true;
        reject(released());
        return;
      }
      fail = (error) => {
        if (settled) return;
        settled = true;
        reject(error);
      };
      listener = (data) => {
        switch (data.type) {
          case 'progress':
            onProgress?.(data.progress);
            break;
          case 'records':
            appendSlice(records, data.slice);
            break;
          case 'done':
            settled = true;
            listener = null;
            fail = null;
            if (!keepRows) terminate();
            resolve({ ...data.result, records });
            break;
          case 'error':
            settled = true;
            terminate();
            reject(fromWorker(data));
            break;
          case 'recordsDone':
            break;
        }
      };
    });
    let handed: ReturnType<typeof handOver> | undefined;
    const cancel = () => {
      handed?.cancel();
      if (settled) return;
      settled = true;
      worker.postMessage({ type: 'cancel' } satisfies ToWorker);
      terminate();
      rejectResult(abortError());
    };
    if (!dead) {
      if (signal?.aborted) cancel();
      else {
        signal?.addEventListener('abort', cancel, { once: true });
        worker.postMessage(message(plain));
      }
    }
    let recordsOf: Promise<IntakeRecord[]> | undefined;
    return {
      result,
      records: () =>
        (recordsOf ??= result.then((r) => {
          if (!deferRecords) return r.records;
          handed = handOver();
          return handed.promise;
        })),
      cancel,
      remap: (next) => job({ ...rest, ...next }, (o) => ({ type: 'remap', options: o })),
      release: terminate,
    };
  };

  return job(rest, (o) => ({
    type: 'start',
    file,
    options: o,
    ...(keepRows ? { keepRows: true } : {}),
    ...(deferRecords ? { deferRecords: true } : {}),
  }));
}
