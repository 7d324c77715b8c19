/**
 * A journey on the sandbox MemoryBackend walked to an upload step, for the upload step's stories:
 * stories/upload/mount.ts renders the step on it as `<codat-link>` does, so sending, failing and
 * retrying are the machine's real behaviour against the sandbox.
 */
import { waitFor } from 'xstate';
import {
  MemoryBackend,
  createJourneyActor,
  stepOf,
  type FailureRule,
  type JourneyActor,
  type LinkBackend,
  type LinkConfigInput,
  type ReportBatch,
} from '@codat-link/core';

export interface UploadJourneyOptions {
  /** `software` walks to the Suppliers (or first configured) upload; `manual` to the template upload. */
  path?: 'software' | 'manual';
  integrationKey?: string;
  config?: Partial<LinkConfigInput>;
  failures?: FailureRule[];
  /** Hold every batch after this many, so the step stays on "sending". */
  holdAfterBatches?: number;
}

export interface StoryJourney {
  actor: JourneyActor;
  backend: MemoryBackend;
  connectionId(): string;
}

/** Delegates to the sandbox, but keeps batches past a count waiting (until the story is left). */
function holdingBatches(backend: MemoryBackend, after: number): LinkBackend {
  let sent = 0;
  return new Proxy(backend, {
    get(target, property, receiver) {
      if (property === 'submitBatch') {
        return (batch: ReportBatch, options: { signal: AbortSignal }) => (sent++ < after ? target.submitBatch(batch, options) : new Promise<never>(() => {}));
      }
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

export async function startUploadJourney(options: UploadJourneyOptions = {}): Promise<StoryJourney> {
  const { path = 'software', integrationKey = 'sap-business-one', config = {}, failures = [] } = options;
  const backend = new MemoryBackend({ request: { dataTypes: ['spendAnalysis'] }, failures });
  const { actor } = createJourneyActor({
    backend: options.holdAfterBatches === undefined ? backend : holdingBatches(backend, options.holdAfterBatches),
    config: { dataTypes: ['spendAnalysis'], retry: { maxAttempts: 2, baseDelayMs: 0 }, ...config },
    sessionId: `story_${Math.random().toString(36).slice(2)}`,
  });
  actor.start();
  const idleAt = (step: string) => waitFor(actor, (s) => stepOf(s) === step && !s.hasTag('busy'));
  // A spend request opens with the checklist; Start, as the customer would.
  await idleAt('checklist');
  actor.send({ type: 'CONTINUE' });
  await idleAt('provisionMethod');
  if (path === 'manual') {
    actor.send({ type: 'SELECT_PROVISION_METHOD', method: 'manual' });
    actor.send({ type: 'GIVE_CONSENT', text: 'I allow Northwind Bank to receive my supplier spend file.' });
    await idleAt('manualUpload');
  } else {
    actor.send({ type: 'SELECT_PROVISION_METHOD', method: 'software' });
    actor.send({ type: 'SET_ENTITY_COUNT', count: 'one' });
    actor.send({ type: 'SELECT_INTEGRATION', integrationKey });
    actor.send({ type: 'GIVE_CONSENT', text: 'I allow Northwind Bank to read my suppliers and bills.' });
    await idleAt('disclaimer');
    actor.send({ type: 'CONTINUE' });
  }
  return {
    actor,
    backend,
    connectionId: () => {
      const context = actor.getSnapshot().context;
      return context.entities[context.currentEntity ?? 0]?.connectionId ?? '';
    },
  };
}
