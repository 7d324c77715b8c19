/**
 * The worker side of intakeInWorker(): runs intake() off the main thread and posts progress,
 * record slices and the result. One worker serves one intake.
 */
import { intake } from './intake.js';
import { RECORDS_PER_MESSAGE, type FromWorker, type ToWorker } from './worker-protocol.js';

interface WorkerScope {
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
  postMessage(message: FromWorker): void;
}

const scope = self as unknown as WorkerScope;
let controller: AbortController | null = null;
let acked: (() => void) | null = null;

scope.onmessage = (event) => {
  const message = event.data;
  if (message.type === 'cancel') {
    controller?.abort();
    return;
  }
  if (message.type === 'ack') {
    acked?.();
    return;
  }
  controller = new AbortController();
  void run(message.file, message.options, controller.signal);
};

async function run(file: Blob, options: Extract<ToWorker, { type: 'start' }>['options'], signal: AbortSignal) {
  try {
    const result = await intake(file, {
      ...options,
      signal,
      onProgress: (progress) => scope.postMessage({ type: 'progress', progress }),
    });
    const { records } = result;
    // One slice in flight at a time: a burst of slices would have the page deserialize them
    // back to back, and its garbage collector would then pause it in one long task.
    for (let i = 0; i < records.length; i += RECORDS_PER_MESSAGE) {
      const next = new Promise<void>((resolve) => (acked = resolve));
      scope.postMessage({ type: 'records', records: records.slice(i, i + RECORDS_PER_MESSAGE) });
      await next;
      signal.throwIfAborted();
    }
    scope.postMessage({ type: 'done', result: { ...result, records: [] } });
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    scope.postMessage({ type: 'error', name: e.name, message: e.message });
  }
}
