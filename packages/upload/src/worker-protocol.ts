/** Messages between intakeInWorker() and intake.worker.ts. */
import type { IntakeOptions, IntakeProgress, IntakeResult } from './types.js';

export type WorkerOptions = Omit<IntakeOptions, 'signal' | 'onProgress'>;

export type ToWorker =
  /**
   * `keepRows`: the worker keeps the rows it read and stays up for `remap` until terminated.
   * `deferRecords`: `done` comes without the records, which stay in the worker until `records`.
   */
  | { type: 'start'; file: Blob; options: WorkerOptions; keepRows?: boolean; deferRecords?: boolean }
  /** The kept rows under new options (a new mapping): the same messages as a start, no new read. */
  | { type: 'remap'; options: WorkerOptions }
  /** The records of the last result, held back by `deferRecords`: slices, then `recordsDone`. */
  | { type: 'records' }
  | { type: 'cancel' };

export type FromWorker =
  | { type: 'progress'; progress: IntakeProgress }
  /** A slice of records, by column (see RecordSlice); its index arrays are transferred, not copied. */
  | { type: 'records'; slice: RecordSlice }
  | { type: 'recordsDone' }
  | { type: 'done'; result: IntakeResult }
  | { type: 'error'; name: string; message: string };

/**
 * Records by column: each record's value of each key, as an index into the key's distinct values
 * (`values`, `index`: 0 for a record without the key, n for `values[n - 1]`) where the values repeat
 * (dates, currencies, statuses, supplier names), or in order (`plain`, null for none) where they do
 * not (bill numbers, amounts). The structured clone of 100k record objects builds every key and
 * every repeated string again on the page; this builds each distinct string once, and the page puts
 * the records together from it in one plain loop.
 */
export interface RecordSlice {
  count: number;
  keys: string[];
  columns: ({ values: (string | number)[]; index: Uint32Array } | { plain: (string | number | null)[] })[];
}

/** Records per `records` message: a task of a few ms on the page (10k took 88 ms wall on a loaded machine). */
export const RECORDS_PER_MESSAGE = 5_000;
