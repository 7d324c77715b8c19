import { createActor } from 'xstate';
import type { Actor, SnapshotFrom } from 'xstate';
import type { LinkBackend } from './backend.js';
import { parseLinkConfig } from './config.js';
import { LinkError } from './link-error.js';
import { backendActors } from './machine/actors.js';
import { journeyMachine } from './machine/journey.js';
import type { JourneyEmitted, JourneyInput } from './machine/types.js';
import { checkPersistedJourney } from './persistence.js';
import { stepOf } from './steps.js';
import type { JourneyStep } from './steps.js';

/** The machine with its actors bound to one backend. */
export function createJourneyMachine(backend: LinkBackend) {
  return journeyMachine.provide({ actors: backendActors(backend) });
}

export type JourneyMachine = ReturnType<typeof createJourneyMachine>;
export type JourneyActor = Actor<JourneyMachine>;
export type JourneySnapshot = SnapshotFrom<typeof journeyMachine>;

type WithContext<E> = E extends { type: infer T } ? { type: T } & Omit<E, 'type'> & AnalyticsContext : never;

/** Fields every analytics event carries. */
export interface AnalyticsContext {
  sessionId: string;
  /** ISO 8601. */
  timestamp: string;
  /** The step on screen when it happened. */
  step: JourneyStep;
}

/** One analytics event: what the machine emitted, or a step shown to the customer. */
export type AnalyticsEvent = WithContext<JourneyEmitted | { type: 'step_viewed' }>;
export type AnalyticsEventType = AnalyticsEvent['type'];

export interface CreateJourneyActorOptions extends JourneyInput {
  backend: LinkBackend;
  /** A `PersistedJourney` (or its JSON) from `persistJourney`; refused with a fresh start if incompatible. */
  persisted?: unknown;
  onAnalytics?: (event: AnalyticsEvent) => void;
  now?: () => Date;
}

export interface JourneyHandle {
  /** Not started: subscribe first, then `actor.start()`. */
  actor: JourneyActor;
  /** Set when a persisted journey was refused (`snapshot_incompatible`); the actor then starts afresh. */
  restoreError?: LinkError;
}

/**
 * Creates the journey actor: validates the configuration (throws LinkConfigError), restores a persisted
 * journey when it is compatible, and wires the analytics stream.
 */
export function createJourneyActor(options: CreateJourneyActorOptions): JourneyHandle {
  const { backend, persisted, onAnalytics, now = () => new Date(), ...rest } = options;
  const input: JourneyInput = { ...rest, config: parseLinkConfig(rest.config) };
  const machine = createJourneyMachine(backend);
  let actor: JourneyActor | undefined;
  let restoreError: LinkError | undefined;
  if (persisted !== undefined && persisted !== null) {
    const checked = checkPersistedJourney(persisted);
    if (checked.ok) {
      try {
        actor = createActor(machine, { input, snapshot: checked.snapshot });
      } catch (error) {
        restoreError = new LinkError('snapshot_incompatible', { detail: error instanceof Error ? error.message : String(error) });
      }
    } else {
      restoreError = checked.error;
    }
  }
  actor ??= createActor(machine, { input });
  if (onAnalytics) streamAnalytics(actor, onAnalytics, now);
  return restoreError ? { actor, restoreError } : { actor };
}

function streamAnalytics(actor: JourneyActor, listener: (event: AnalyticsEvent) => void, now: () => Date): void {
  let lastStep: JourneyStep | undefined;
  // Emitted events arrive before the snapshot observer sees the new step, so `lastStep` is the step the
  // customer acted on (software_selected belongs to softwareSelection, not to the consent that follows).
  const stamp = (): AnalyticsContext => {
    const snapshot = actor.getSnapshot();
    return { sessionId: snapshot.context.sessionId, timestamp: now().toISOString(), step: lastStep ?? stepOf(snapshot) };
  };
  actor.on('*', (emitted) => listener({ ...emitted, ...stamp() }));
  actor.subscribe({
    next: (snapshot) => {
      const step = stepOf(snapshot);
      if (step === lastStep) return;
      lastStep = step;
      listener({ type: 'step_viewed', ...stamp() });
    },
    error: () => {},
  });
}
