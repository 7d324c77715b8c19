/**
 * Renders the upload step of a running journey the way `<codat-link>` does, for the step's own
 * tests, its stories and the bench: the same bindings (render-step.ts), its intents turned into the
 * same machine events (intent-to-event.ts), and the Suppliers sent kept for the Bills step as the
 * journey controller keeps them. No side effect on import; the step's tag must be defined.
 */
import { render } from 'lit';
import type { JourneyActor } from '@codat-link/core';
import { renderStep } from '../codat-link/render-step.js';
import { intentToEvent } from '../codat-link/intent-to-event.js';
import { uploadStepOf } from '../codat-link/journey-view.js';
import { SuppliersSent } from '../controllers/suppliers-sent.js';
import { StepIntentEvent } from '../steps/intents.js';
import type { CodatLinkUploadStep } from '../steps/upload/upload-step.js';

export interface UploadStepDriver {
  /** The step element (the same one for the whole journey). */
  readonly step: CodatLinkUploadStep | null;
  /** Stops following the journey. */
  stop(): void;
}

export function driveUploadStep(actor: JourneyActor, container: HTMLElement): UploadStepDriver {
  const suppliers = new SuppliersSent();
  const show = () => {
    const snapshot = actor.getSnapshot();
    const step = uploadStepOf(snapshot);
    if (!step) return;
    render(renderStep({ step, snapshot, partnerName: '', sandbox: false, suppliers: suppliers.current(snapshot) }), container);
  };
  const onIntent = (event: StepIntentEvent) => {
    event.stopPropagation();
    for (const machineEvent of intentToEvent(event.intent)) {
      suppliers.note(actor.getSnapshot(), machineEvent);
      actor.send(machineEvent);
    }
  };
  container.addEventListener(StepIntentEvent.eventName, onIntent);
  const subscription = actor.subscribe(show);
  show();
  return {
    get step() {
      return container.querySelector('codat-link-upload-step');
    },
    stop() {
      subscription.unsubscribe();
      container.removeEventListener(StepIntentEvent.eventName, onIntent);
    },
  };
}
