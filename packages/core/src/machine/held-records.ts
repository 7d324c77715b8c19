/**
 * The records of the reports being sent, kept beside the journey actor rather than in its context.
 * The context is persisted on every snapshot (and xstate walks it to do so); 100k records there made
 * each progress step of a send cost tens of ms of the page's main thread. Here they are held from
 * UPLOAD_REPORT until the backend acknowledged them all, or the customer went back: a RETRY finds
 * them again, a reload does not (the customer chooses the file again and the upload resumes).
 * Keyed weakly by the journey actor, so a stopped journey's records go with it.
 */
import type { ReportKind } from '../backend.js';

export type HeldRecords = readonly Record<string, unknown>[];

const held = new WeakMap<object, Map<ReportKind, HeldRecords>>();

export function holdRecords(owner: object, kind: ReportKind, records: HeldRecords): void {
  let byKind = held.get(owner);
  if (!byKind) held.set(owner, (byKind = new Map<ReportKind, HeldRecords>()));
  byKind.set(kind, records);
}

export function heldRecords(owner: object | undefined, kind: ReportKind): HeldRecords | undefined {
  return owner ? held.get(owner)?.get(kind) : undefined;
}

export function releaseRecords(owner: object, kind?: ReportKind): void {
  if (kind === undefined) held.delete(owner);
  else held.get(owner)?.delete(kind);
}
