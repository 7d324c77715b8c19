/**
 * The worker side of intakeInWorker(): runs intake() off the main thread and posts progress,
 * record slices and the result. One worker serves one file: one intake, then, when asked to keep
 * the rows, any number of remaps of them (the mapping review's Apply) without reading it again.
 */
import { intake, intakeKeepingRows, remapRows, type KeptRows } from './intake.js';
import type { IntakeRecord, IntakeResult } from './types.js';
import { RECORDS_PER_MESSAGE, type FromWorker, type RecordSlice, type ToWorker } from './worker-protocol.js';

interface WorkerScope {
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
}

const scope = self as unknown as WorkerScope;
let controller: AbortController | null = null;
let file: Blob | null = null;
let keepRows = false;
let deferRecords = false;
let kept: KeptRows | null = null;
/** With `deferRecords`: the records of the last result, until the page asks for them. */
let held: IntakeRecord[] | null = null;

scope.onmessage = (event) => {
  const message = event.data;
  if (message.type === 'cancel') {
    controller?.abort();
    return;
  }
  if (message.type === 'records') {
    postRecords(held ?? []);
    held = null;
    scope.postMessage({ type: 'recordsDone' });
    return;
  }
  controller = new AbortController();
  held = null;
  if (message.type === 'start') {
    file = message.file;
    keepRows = message.keepRows === true;
    deferRecords = message.deferRecords === true;
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

/** The records, in slices posted back to back: the page puts each together in a task of its own. */
function postRecords(records: readonly IntakeRecord[]) {
  for (let i = 0; i < records.length; i += RECORDS_PER_MESSAGE) {
    const { slice, transfer } = encodeSlice(records, i, Math.min(i + RECORDS_PER_MESSAGE, records.length));
    scope.postMessage({ type: 'records', slice }, transfer);
  }
}

/** Values among the first rows of a slice over which a key's values are sent in order, not by index. */
const PROBE_ROWS = 1000;

/** records[from, to) by column (worker-protocol.ts, RecordSlice). */
function encodeSlice(records: readonly IntakeRecord[], from: number, to: number): { slice: RecordSlice; transfer: ArrayBuffer[] } {
  const count = to - from;
  const keys: string[] = [];
  const seen = new Set<string>();
  for (let r = from; r < to; r++) {
    for (const key in records[r]) {
      if (!seen.has(key)) {
        seen.add(key);
        keys.push(key);
      }
    }
  }
  const columns: RecordSlice['columns'] = [];
  const transfer: ArrayBuffer[] = [];
  for (const key of keys) {
    const probe = Math.min(count, PROBE_ROWS);
    const distinct = new Set<string | number | undefined>();
    for (let r = from; r < from + probe; r++) distinct.add(records[r]![key]);
    if (distinct.size > probe / 4) {
      const plain = new Array<string | number | null>(count);
      for (let i = 0; i < count; i++) plain[i] = records[from + i]![key] ?? null;
      columns.push({ plain });
      continue;
    }
    const values: (string | number)[] = [];
    const at = new Map<string | number, number>();
    const index = new Uint32Array(count);
    for (let i = 0; i < count; i++) {
      const value = records[from + i]![key];
      if (value === undefined) continue;
      let n = at.get(value);
      if (n === undefined) {
        values.push(value);
        n = values.length;
        at.set(value, n);
      }
      index[i] = n;
    }
    columns.push({ values, index });
    transfer.push(index.buffer);
  }
  return { slice: { count, keys, columns }, transfer };
}

async function run(source: Blob, options: Options, signal: AbortSignal) {
  try {
    const result = await read(source, options, signal);
    signal.throwIfAborted();
    if (deferRecords) held = result.records;
    else postRecords(result.records);
    scope.postMessage({ type: 'done', result: { ...result, records: [] } });
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    scope.postMessage({ type: 'error', name: e.name, message: e.message });
  }
}
