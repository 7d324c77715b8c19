/**
 * What each journey step shows, read from a machine snapshot. Pure: no side effects, so the same
 * data drives `<codat-link>` and the stories.
 */
import {
  currentEntity,
  type EntityStatusInfo,
  type JourneyError,
  type JourneySnapshot,
  type JourneyStep,
  type ReportKind,
  type UploadState,
} from '@codat-link/core';

type Context = JourneySnapshot['context'];

// The busy, confirmation and fallback rules, and what the chosen way collects, are the machine's own
// (core's steps.ts and logic.ts): re-exported so the element and the stories read them from one place.
export {
  closesWithoutConfirmation,
  collectedDataTypes,
  currentEntity,
  isBusy,
  isConfirmingClose,
  manualFallbackOffered,
  selectedIntegration,
} from '@codat-link/core';

/** The name the customer knows the current entity by, when they named it (several entities). */
export function entityDisplayName(context: Context): string {
  const entity = currentEntity(context);
  return context.entityCount === 'several' ? (entity?.name ?? '') : '';
}

const UPLOAD_STEPS = ['uploadSuppliers', 'uploadBills', 'manualUpload'] as const;

/** The upload step a snapshot is on, failed or not (a failed send is tagged `step:error` on top of it). */
export function uploadStepOf(snapshot: JourneySnapshot): (typeof UPLOAD_STEPS)[number] | undefined {
  return UPLOAD_STEPS.find((step) => snapshot.hasTag(`step:${step}`));
}

/** The machine's side of an upload step: sending its batches, failed to (and waiting for Retry), or idle. */
export function uploadStatus(snapshot: JourneySnapshot, step: JourneyStep): 'idle' | 'sending' | 'failed' {
  if (snapshot.hasTag('busy')) return 'sending';
  if (snapshot.hasTag('step:error') && snapshot.context.error?.step === step) return 'failed';
  return 'idle';
}

/** The current entity's upload of one report, once it started. */
export function uploadOf(context: Context, kind: ReportKind): UploadState | undefined {
  return currentEntity(context)?.uploads[kind];
}

/** The journey's error when it concerns this step (a failed send, an upload interrupted by a reload). */
export function errorOn(context: Context, step: JourneyStep): JourneyError | undefined {
  return context.error?.step === step ? context.error : undefined;
}

/** Status per entity: the backend's answer once finished, else what the journey knows. */
export function entityStatuses(context: Context): EntityStatusInfo[] {
  if (context.status) return context.status.entities;
  return context.entities
    .filter((entity) => entity.id !== undefined)
    .map((entity) => ({
      entityId: entity.id!,
      name: entity.name,
      status: entity.status,
      ...(entity.integrationKey ? { integrationKey: entity.integrationKey } : {}),
      ...(entity.connectionKind ? { connectionKind: entity.connectionKind } : {}),
      counts: Object.fromEntries(Object.entries(entity.uploads).map(([kind, upload]) => [kind, upload?.sentRecords ?? 0])),
    }));
}
