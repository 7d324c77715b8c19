/**
 * What a customer asks for on a step. Steps are presentational: data comes in through
 * properties, and intents go out as one internal event that `<codat-link>` turns into machine
 * events. The event bubbles but is not composed, so it never leaves `<codat-link>`'s shadow root;
 * steps dispatch it from their host element.
 */
import type { DataType, ReportKind } from '@codat-link/core';

export type StepIntent =
  | { type: 'chooseProvision'; method: 'manual' | 'connect' }
  | { type: 'chooseEntityCount'; count: 'one' | 'several' }
  | { type: 'submitEntityName'; name: string }
  | { type: 'selectSoftware'; integrationKey: string }
  | { type: 'cantFindSoftware' }
  | { type: 'giveConsent'; text: string; version: string; locale: string; dataTypes: DataType[] }
  | { type: 'continue' }
  | { type: 'back' }
  | { type: 'connectionMessage'; connectionId: string; status: 'linked' | 'failed' | 'cancelled' }
  | { type: 'popupBlocked' }
  | { type: 'redirect'; url: string }
  | { type: 'cancelConnection' }
  | { type: 'addEntity' }
  | { type: 'finish' }
  | { type: 'retry' }
  /** An upload step's file, read and checked: the records to send, and how many rows the policy left out. */
  | { type: 'uploadReport'; kind: ReportKind; records: Record<string, unknown>[]; fileName: string; skipped: number }
  | { type: 'close' };

export class StepIntentEvent extends Event {
  static readonly eventName = 'codat-link-intent';
  readonly intent: StepIntent;
  constructor(intent: StepIntent) {
    super(StepIntentEvent.eventName, { bubbles: true, composed: false });
    this.intent = intent;
  }
}

declare global {
  interface HTMLElementEventMap {
    'codat-link-intent': StepIntentEvent;
  }
}
