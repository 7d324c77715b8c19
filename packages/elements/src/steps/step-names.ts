/** The journey's steps, as named by the machine in @codat-link/core (issue 3). */
export const STEP_NAMES = [
  'provisionMethod',
  'manualUpload',
  'entityCount',
  'entityName',
  'softwareSelection',
  'consent',
  'connecting',
  'disclaimer',
  'uploadSuppliers',
  'uploadBills',
  'entityComplete',
  'summary',
  'error',
] as const;
export type JourneyStepName = (typeof STEP_NAMES)[number];
