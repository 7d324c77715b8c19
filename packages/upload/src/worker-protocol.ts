/** Messages between intakeInWorker() and intake.worker.ts. */
import type { IntakeOptions, IntakeProgress, IntakeRecord, IntakeResult } from './types.js';

export type WorkerOptions = Omit<IntakeOptions, 'signal' | 'onProgress'>;

export type ToWorker =
  /** `keepRows`: the worker keeps the rows it read and stays up for `remap` until terminated. */
  | { type: 'start'; file: Blob; options: WorkerOptions; keepRows?: boolean }
  /** The kept rows under new options (a new mapping): the same messages as a start, no new read. */
  | { type: 'remap'; options: WorkerOptions }
  | { type: 'cancel' }
  /** The page took a slice of records: the next may come (flow control, see intake.worker.ts). */
  | { type: 'ack' };

export type FromWorker =
  | { type: 'progress'; progress: IntakeProgress }
  /** Records come in slices: each message is cheap to deserialize, so the page never stalls. */
  | { type: 'records'; records: IntakeRecord[] }
  | { type: 'done'; result: IntakeResult }
  | { type: 'error'; name: string; message: string };

export const RECORDS_PER_MESSAGE = 500;
