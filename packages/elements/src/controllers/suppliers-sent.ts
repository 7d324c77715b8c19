import { currentEntity, type JourneyEvent, type JourneySnapshot } from '@codat-link/core';

type Records = readonly Record<string, unknown>[];

/**
 * The Suppliers records a journey sent, per connection, so its Bills step can check each bill's
 * supplier. One instance per journey, in memory only: records are the customer's data and are never
 * persisted (core's persistence.ts), so after a reload the Bills file is read without that check.
 * The journey controller owns one and clears it whenever another journey starts.
 */
export class SuppliersSent {
  readonly #byConnection = new Map<string, Records>();

  /** Remembers the records of a Suppliers upload, when the journey in `snapshot` takes `event`. */
  note(snapshot: JourneySnapshot, event: JourneyEvent): void {
    if (event.type !== 'UPLOAD_REPORT' || event.kind !== 'suppliers' || !snapshot.can(event)) return;
    const connectionId = currentEntity(snapshot.context)?.connectionId;
    if (connectionId) this.#byConnection.set(connectionId, event.records);
  }

  /** The Suppliers records sent on the current entity's connection, if any. */
  current(snapshot: JourneySnapshot): Records | undefined {
    const connectionId = currentEntity(snapshot.context)?.connectionId;
    return connectionId === undefined ? undefined : this.#byConnection.get(connectionId);
  }

  clear(): void {
    this.#byConnection.clear();
  }
}
