/**
 * What each journey step shows, read from a machine snapshot. Pure: no side effects, so the same
 * data drives `<codat-link>` and the stories.
 */
import { currentEntity, type EntityStatusInfo, type JourneySnapshot } from '@codat-link/core';

type Context = JourneySnapshot['context'];

// The busy, confirmation and fallback rules, and what the chosen way collects, are the machine's own
// (core's steps.ts and logic.ts): re-exported so the element and the stories read them from one place.
export {
  closesWithoutConfirmation, collectedDataTypes, currentEntity, isBusy, isConfirmingClose, manualFallbackOffered, selectedIntegration,
} from '@codat-link/core';

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
