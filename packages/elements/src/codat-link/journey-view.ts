/**
 * What each journey step shows, read from a machine snapshot. Pure: no side effects, so the same
 * data drives `<codat-link>` and the stories.
 */
import { isSpendOnly, stepOf, type EntityStatusInfo, type Integration, type JourneySnapshot } from '@codat-link/core';

type Context = JourneySnapshot['context'];

export function currentEntity(context: Context) {
  return context.currentEntity === undefined ? undefined : context.entities[context.currentEntity];
}

export function selectedIntegration(context: Context): Integration | undefined {
  return context.integrations.find((i) => i.key === context.selectedIntegrationKey);
}

export function isBusy(snapshot: JourneySnapshot): boolean {
  return snapshot.hasTag('busy');
}

/** Whether the customer is being asked to confirm leaving. */
export function isConfirmingExit(snapshot: JourneySnapshot): boolean {
  return snapshot.matches({ active: { exit: 'confirming' } } as never);
}

/** Closing needs no confirmation once nothing can be lost (summary reached, fatal error). */
export function closesWithoutConfirmation(snapshot: JourneySnapshot): boolean {
  const step = stepOf(snapshot);
  return step === 'summary' || snapshot.matches({ active: { flow: 'fatal' } } as never);
}

/** "Can't find your software?" leads to the manual template, offered before any entity exists. */
export function manualFallbackOffered(context: Context): boolean {
  return isSpendOnly(context.config) && context.config.manualUpload && !context.entities.some((e) => e.id !== undefined);
}

/** The name the customer knows the current entity by, when they named it (several entities). */
export function entityDisplayName(context: Context): string {
  const entity = currentEntity(context);
  return context.entityCount === 'several' ? (entity?.name ?? '') : '';
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
      counts: Object.fromEntries(
        Object.entries(entity.uploads).map(([kind, upload]) => [kind, upload?.sentRecords ?? 0]),
      ),
    }));
}
