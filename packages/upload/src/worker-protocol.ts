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
  /**
   * A slice of records as JSON text: a string crosses to the page as one copy, and JSON.parse
   * builds the objects there faster than the structured clone of as many objects would.
   */
  | { type: 'records'; json: string }
  | { type: 'recordsDone' }
  | { type: 'done'; result: IntakeResult }
  | { type: 'error'; name: string; message: string };

/** Records per `records` message: about 1.5 MB of JSON for a Bills export, parsed in a few ms. */
export const RECORDS_PER_MESSAGE = 10_000;
