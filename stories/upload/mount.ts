/**
 * Renders `<codat-link-upload-step>` on a story journey the way `<codat-link>` does (render-step.ts):
 * a new `journey` on every snapshot, and the report kind following the machine's step.
 */
import { INTEGRATION_CATALOG, stepOf, type ReportKind } from '@codat-link/core';
import type { StoryJourney } from '../support/upload-journey.js';

const KIND_OF_STEP: Partial<Record<string, ReportKind>> = { uploadSuppliers: 'suppliers', uploadBills: 'bills', manualUpload: 'supplierSpend' };

export type UploadStepElement = HTMLElementTagNameMap['codat-link-upload-step'];

export function mountUploadStep(journey: StoryJourney, integrationKey: string | undefined): UploadStepElement {
  const el = document.createElement('codat-link-upload-step');
  const integration = INTEGRATION_CATALOG.find((i) => i.key === integrationKey);
  const follow = () => {
    const snapshot = journey.actor.getSnapshot();
    const kind = KIND_OF_STEP[stepOf(snapshot)];
    if (kind) el.kind = kind;
    el.journey = journey.port();
  };
  el.integration = integration;
  follow();
  const subscription = journey.actor.subscribe(() => {
    // The story was left: let the journey go with it.
    if (!el.isConnected && el.dataset['mounted']) {
      subscription.unsubscribe();
      journey.actor.stop();
      return;
    }
    follow();
  });
  queueMicrotask(() => (el.dataset['mounted'] = 'true'));
  return el;
}
