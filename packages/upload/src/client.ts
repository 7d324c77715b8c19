/**
 * Main-thread API: runs intake() in a module worker so parsing never blocks the page. The records
 * arrive in slices and are put together here, each slice small enough to deserialize in a few ms.
 */
import type { FromWorker, ToWorker, WorkerOptions } from './worker-protocol.js';
import type { IntakeOptions, IntakeRecord, IntakeResult } from './types.js';
import { trustedWorkerClass } from './trusted-worker.js';

export interface WorkerIntakeOptions extends IntakeOptions {
  /** Where the worker script is, when a bundler does not resolve the default for you. */
  workerUrl?: string | URL;
}

export interface WorkerIntake {
  result: Promise<IntakeResult>;
  /** Stops the intake: `result` rejects with an AbortError and the worker is terminated. */
  cancel(): void;
}

function abortError(): Error {
  return typeof DOMException === 'function' ? new DOMException('The intake was cancelled.', 'AbortError') : Object.assign(new Error('The intake was cancelled.'), { name: 'AbortError' });
}

export function intakeInWorker(file: Blob, options: WorkerIntakeOptions): WorkerIntake {
  const { signal, onProgress, workerUrl, ...rest } = options;
  // A local `Worker`: the text below stays the pattern Vite bundles, and the URL passes Trusted Types.
  const Worker = trustedWorkerClass();
  const worker = workerUrl
    ? new Worker(workerUrl, { type: 'module' })
    : new Worker(new URL('./intake.worker.js', import.meta.url), { type: 'module' });
  let settled = false;
  let rejectResult: (error: Error) => void = () => {};
  const records: IntakeRecord[] = [];

  const result = new Promise<IntakeResult>((resolve, reject) => {
    rejectResult = reject;
    worker.onmessage = (event: MessageEvent<FromWorker>) => {
      const message = event.data;
      switch (message.type) {
        case 'progress':
          onProgress?.(message.progress);
          break;
        case 'records':
          for (const r of message.records) records.push(r);
          worker.postMessage({ type: 'ack' } satisfies ToWorker);
          break;
        case 'done':
          settled = true;
          worker.terminate();
          resolve({ ...message.result, records });
          break;
        case 'error': {
          settled = true;
          worker.terminate();
          reject(message.name === 'AbortError' ? abortError() : Object.assign(new Error(message.message), { name: message.name }));
          break;
        }
      }
    };
    worker.onerror = (event) => {
      if (settled) return;
      settled = true;
      worker.terminate();
      reject(new Error(`The intake worker failed: ${event.message || 'could not start'}`));
    };
  });

  const cancel = () => {
    if (settled) return;
    settled = true;
    worker.postMessage({ type: 'cancel' } satisfies ToWorker);
    worker.terminate();
    rejectResult(abortError());
  };
  if (signal?.aborted) cancel();
  else {
    signal?.addEventListener('abort', cancel, { once: true });
    worker.postMessage({ type: 'start', file, options: rest as WorkerOptions } satisfies ToWorker);
  }
  return { result, cancel };
}
