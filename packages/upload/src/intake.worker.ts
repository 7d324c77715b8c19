/**
 * The worker side of intakeInWorker(): runs intake() off the main thread and posts progress,
 * record slices and the result. One worker serves one file: one intake, then, when asked to keep
 * the rows, any number of remaps of them (the mapping review's Apply) without reading it again.
 */
import { intake, intakeKeepingRows, remapRows, type KeptRows } from './intake.js';
import type { IntakeResult } from './types.js';
import { RECORDS_PER_MESSAGE, type FromWorker, type ToWorker } from './worker-protocol.js';

interface WorkerScope {
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
  postMessage(message: FromWorker): void;
}

const scope = self as unknown as WorkerScope;
let controller: AbortController | null = null;
let acked: (() => void) | null = null;
let file: Blob | null = null;
let keepRows = false;
let kept: KeptRows | null = null;

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
  if (message.type === 'start') {
    file = message.file;
    keepRows = message.keepRows === true;
  }
  if (file) void run(file, message.options, controller.signal);
};

type Options = Extract<ToWorker, { type: 'start' }>['options'];

async function read(source: Blob, options: Options, signal: AbortSignal): Promise<IntakeResult> {
  const onProgress = (progress: Parameters<NonNullable<Parameters<typeof intake>[1]['onProgress']>>[0]) => scope.postMessage({ type: 'progress', progress });
  // A remap of rows already read; when none were (the header stopped the first read), this is the first full read.
  if (kept) return remapRows(kept, { ...options, signal, onProgress });
  if (!keepRows) return intake(source, { ...options, signal, onProgress });
  const outcome = await intakeKeepingRows(source, { ...options, signal, onProgress });
  kept = outcome.kept;
  return outcome.result;
}

async function run(source: Blob, options: Options, signal: AbortSignal) {
  try {
    const result = await read(source, options, signal);
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
