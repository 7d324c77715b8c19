import type { JourneyStep } from '@codat-link/core';

/** The tag of each journey step's component. Loading and closed show no step. */
export const STEP_TAGS = {
  checklist: 'codat-link-checklist',
  provisionMethod: 'codat-link-provision-method',
  entityCount: 'codat-link-entity-count',
  entityName: 'codat-link-entity-name',
  softwareSelection: 'codat-link-software-selection',
  consent: 'codat-link-consent',
  connecting: 'codat-link-connecting',
  disclaimer: 'codat-link-disclaimer',
  uploadSuppliers: 'codat-link-upload-step',
  uploadBills: 'codat-link-upload-step',
  manualUpload: 'codat-link-upload-step',
  entityComplete: 'codat-link-entity-complete',
  summary: 'codat-link-summary',
  error: 'codat-link-error',
} as const satisfies Partial<Record<JourneyStep, string>>;
