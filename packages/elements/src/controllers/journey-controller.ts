import type { ReactiveController, ReactiveControllerHost } from 'lit';
import {
  createJourneyActor,
  isConfirmingClose,
  persistJourney,
  stepOf,
  toLinkError,
  type JourneyActor,
  type JourneyEmitted,
  type JourneyEvent,
  type JourneyInput,
  type JourneySnapshot,
  type JourneyStep,
  type LinkBackend,
  type LinkError,
} from '@codat-link/core';
import { clearJourney, readJourney, writeJourney, type StoredJourney } from './journey-storage.js';
import { SuppliersSent } from './suppliers-sent.js';

export interface JourneySetup extends JourneyInput {
  backend: LinkBackend;
  /** The sessionStorage key of this session's journey; none: the journey lives in memory only. */
  storageKey: string | undefined;
}

export interface JourneyControllerCallbacks {
  /** Every event the machine emits (analytics, errors), before the snapshot that follows. */
  onEmitted?(event: JourneyEmitted): void;
  /** The step on screen changed (also the first step, and after a resume). */
  onStep?(step: JourneyStep, previous: JourneyStep | null, snapshot: JourneySnapshot): void;
  /** The configuration was refused, or a stored journey could not be restored. */
  onSetupError?(error: LinkError, fatal: boolean): void;
}

/**
 * Owns the journey actor for an element. The actor is created when the setup is known and the
 * host is connected; each snapshot is persisted to sessionStorage and re-renders the host.
 * On disconnect the persisted snapshot is kept in memory, so moving the element in the DOM
 * (disconnect + connect) continues the same journey instead of starting again.
 *
 * It also keeps, for the running journey only, the Suppliers records sent for each connection, so
 * the Bills step can check each bill's supplier. Records are the customer's data: they are never
 * persisted (see core's persistence.ts), so after a reload the Bills file is read without that
 * cross-check, and they are dropped whenever another journey starts or this one is forgotten.
 */
export class JourneyController implements ReactiveController {
  actor: JourneyActor | undefined;
  snapshot: JourneySnapshot | undefined;
  /** Set when the configuration was invalid: the element shows it instead of a journey. */
  setupError: LinkError | undefined;
  /** True when the running journey was restored from storage (a reload, a redirect, a move). */
  resumed = false;

  readonly #host: ReactiveControllerHost;
  readonly #callbacks: JourneyControllerCallbacks;
  #setup: JourneySetup | undefined;
  #kept: StoredJourney | undefined;
  #step: JourneyStep | null = null;
  #connected = false;
  readonly #suppliers = new SuppliersSent();

  constructor(host: ReactiveControllerHost, callbacks: JourneyControllerCallbacks = {}) {
    this.#host = host;
    this.#callbacks = callbacks;
    host.addController(this);
  }

  get step(): JourneyStep | null {
    return this.#step;
  }

  hostConnected(): void {
    this.#connected = true;
    this.#start();
  }

  hostDisconnected(): void {
    this.#connected = false;
    this.#stop(true);
  }

  /**
   * Sets (or replaces) what the journey runs with. The same storage key resumes the stored
   * journey; a new key (another session) starts another one.
   */
  configure(setup: JourneySetup): void {
    const sameSession = this.#setup?.storageKey === setup.storageKey;
    this.#stop(sameSession);
    if (!sameSession) this.#kept = undefined;
    this.#setup = setup;
    if (this.#connected) this.#start();
  }

  send(event: JourneyEvent): void {
    const actor = this.actor;
    if (!actor) return;
    this.#suppliers.note(actor.getSnapshot(), event);
    actor.send(event);
  }

  /**
   * The Suppliers records this journey sent on the current entity's connection, for the Bills
   * cross-check; none after a reload, or in another journey.
   */
  get suppliers(): readonly Record<string, unknown>[] | undefined {
    return this.snapshot ? this.#suppliers.current(this.snapshot) : undefined;
  }

  /** Marks the journey before leaving for the platform in redirect mode. */
  markRedirect(): void {
    if (!this.actor || !this.#setup) return;
    writeJourney(this.#setup.storageKey, { persisted: persistJourney(this.actor), redirected: true });
  }

  /** Forgets the stored journey (after it finished), so the next visit starts afresh. */
  forget(): void {
    if (this.#setup) clearJourney(this.#setup.storageKey);
    this.#kept = undefined;
    this.#suppliers.clear();
  }

  #start(): void {
    const setup = this.#setup;
    if (!setup || this.actor) return;
    const { backend, storageKey, ...input } = setup;
    const stored = this.#kept ?? readJourney(storageKey);
    // Only the same journey continuing in memory (the element moved, a modal reopened) keeps its records.
    if (!this.#kept) this.#suppliers.clear();
    this.#kept = undefined;
    this.setupError = undefined;
    let handle;
    try {
      handle = createJourneyActor({ ...input, backend, persisted: stored?.persisted });
    } catch (error) {
      this.setupError = toLinkError(error, input.locale);
      this.#callbacks.onSetupError?.(this.setupError, true);
      this.#host.requestUpdate();
      return;
    }
    if (handle.restoreError) {
      clearJourney(storageKey);
      this.#callbacks.onSetupError?.(handle.restoreError, false);
    }
    const actor = handle.actor;
    this.actor = actor;
    this.resumed = stored?.persisted !== undefined && !handle.restoreError;
    actor.on('*', (event) => {
      if (this.actor === actor) this.#callbacks.onEmitted?.(event);
    });
    actor.subscribe({
      next: (snapshot) => {
        if (this.actor !== actor) return;
        this.#onSnapshot(snapshot, storageKey);
      },
      error: (error) => {
        this.setupError = toLinkError(error, input.locale);
        this.#callbacks.onSetupError?.(this.setupError, true);
        this.#host.requestUpdate();
      },
    });
    actor.start();
    this.#onSnapshot(actor.getSnapshot(), storageKey);
    // The last state saved before leaving was the exit question: a returning customer should not land on it.
    if (isConfirmingClose(actor.getSnapshot())) actor.send({ type: 'CANCEL_CLOSE' });
    // Back from the platform in redirect mode: ask the backend how the authorization ended.
    if (stored?.redirected && stepOf(actor.getSnapshot()) === 'connecting') actor.send({ type: 'CONNECTION_AUTHORIZED' });
  }

  #onSnapshot(snapshot: JourneySnapshot, storageKey: string | undefined): void {
    if (this.snapshot === snapshot) return;
    this.snapshot = snapshot;
    // A closed journey is not stored: reopening resumes where the customer left, unless it finished.
    if (snapshot.status === 'active' && this.actor) writeJourney(storageKey, { persisted: persistJourney(this.actor) });
    const step = stepOf(snapshot);
    if (step !== this.#step) {
      const previous = this.#step;
      this.#step = step;
      this.#callbacks.onStep?.(step, previous, snapshot);
    }
    this.#host.requestUpdate();
  }

  #stop(keep: boolean): void {
    const actor = this.actor;
    if (!actor) return;
    if (keep && actor.getSnapshot().status === 'active') this.#kept = { persisted: persistJourney(actor) };
    this.actor = undefined;
    this.snapshot = undefined;
    this.#step = null;
    actor.stop();
  }
}
