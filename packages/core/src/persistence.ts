import type { Snapshot } from 'xstate';
import { parseLinkConfig } from './config.js';
import { LinkError } from './link-error.js';
import type { JourneyContext } from './machine/types.js';
import { JOURNEY_MACHINE_VERSION, journeyMachine } from './machine/journey.js';

/** What the element stores (e.g. in sessionStorage) to resume the journey after a reload or redirect. */
export interface PersistedJourney {
  machineVersion: number;
  snapshot: unknown;
}

interface PersistableActor {
  getPersistedSnapshot(): Snapshot<unknown>;
}

/**
 * Records being uploaded are never persisted: they can be large (storage quotas are a few MB), they
 * are the customer's data, which should not outlive the page, and the element persists on every
 * snapshot, so they must not even be walked. The machine's context holds only counts (see
 * `PendingUpload`); the records reach the upload actor in its input, which the persisted snapshot of
 * that child carries, so the key is dropped here before it is descended into. After a reload the
 * upload asks for the same file again and resumes from the last acknowledged batch.
 */
function withoutRecords(key: string, value: unknown): unknown {
  return key === 'records' ? undefined : value;
}

/** A JSON-safe persisted journey, stamped with the machine version it came from. */
export function persistJourney(actor: PersistableActor): PersistedJourney {
  const snapshot: unknown = JSON.parse(JSON.stringify(actor.getPersistedSnapshot(), withoutRecords));
  return { machineVersion: JOURNEY_MACHINE_VERSION, snapshot };
}

export type RestoreResult = { ok: true; snapshot: Snapshot<unknown> } | { ok: false; error: LinkError };

/**
 * Checks a stored journey before an actor is created from it. Anything but a snapshot of this very
 * machine version is refused with `snapshot_incompatible`, so the caller starts afresh instead of
 * crashing on a state that no longer exists.
 */
export function checkPersistedJourney(persisted: unknown): RestoreResult {
  const refuse = (detail: string): RestoreResult => ({ ok: false, error: new LinkError('snapshot_incompatible', { detail }) });
  if (typeof persisted === 'string') {
    try {
      persisted = JSON.parse(persisted);
    } catch {
      return refuse('not JSON');
    }
  }
  if (typeof persisted !== 'object' || persisted === null) return refuse('not an object');
  const { machineVersion, snapshot } = persisted as Partial<PersistedJourney>;
  if (machineVersion !== JOURNEY_MACHINE_VERSION) {
    return refuse(`machine version ${String(machineVersion)}, expected ${JOURNEY_MACHINE_VERSION}`);
  }
  if (typeof snapshot !== 'object' || snapshot === null) return refuse('no snapshot');
  const context = (snapshot as { context?: Partial<JourneyContext> }).context;
  if (!context || typeof context.sessionId !== 'string' || !Array.isArray(context.entities) || !Array.isArray(context.integrations)) {
    return refuse('context is not a journey context');
  }
  try {
    parseLinkConfig(context.config);
  } catch {
    return refuse('configuration in the snapshot is no longer valid');
  }
  try {
    // Resolving the state value proves every state it names still exists in this machine.
    const value = (snapshot as { value?: unknown }).value;
    journeyMachine.resolveState({ value: value as never, context: (snapshot as { context: never }).context });
  } catch (error) {
    return refuse(error instanceof Error ? error.message : String(error));
  }
  return { ok: true, snapshot: snapshot as Snapshot<unknown> };
}
