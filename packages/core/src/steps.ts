/**
 * The screens of the journey, in the order a customer may meet them. Each is a state tag
 * (`step:<name>`) in the machine, so the UI, stories and analytics agree on one name per screen.
 */
export const JOURNEY_STEPS = [
  'loading',
  'checklist',
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
  'closed',
] as const;

export type JourneyStep = (typeof JOURNEY_STEPS)[number];
export type StepTag = `step:${JourneyStep}`;
/** `busy`: a backend call is in flight on this step (the UI disables its actions and shows progress). */
export type JourneyTag = StepTag | 'busy';

export function stepTag(step: JourneyStep): StepTag {
  return `step:${step}`;
}

/** The screen a snapshot shows. */
export function stepOf(snapshot: { readonly tags: ReadonlySet<string> } | { hasTag(tag: string): boolean }): JourneyStep {
  const has = 'hasTag' in snapshot ? (tag: string) => snapshot.hasTag(tag) : (tag: string) => snapshot.tags.has(tag);
  // Failures and the exit are tagged on top of the step they interrupt, so they are checked first.
  if (has('step:closed')) return 'closed';
  if (has('step:error')) return 'error';
  for (const step of JOURNEY_STEPS) if (has(stepTag(step))) return step;
  return 'loading';
}

/** Whether a backend call runs on the current step (the UI disables its actions and shows progress). */
export function isBusy(snapshot: { hasTag(tag: string): boolean }): boolean {
  return snapshot.hasTag('busy');
}

/** Whether the close confirmation is on screen (over the current step, which keeps running). */
export function isConfirmingClose(snapshot: { matches(value: never): boolean }): boolean {
  return snapshot.matches({ active: { exit: 'confirming' } } as never);
}

/** Closing needs no confirmation once nothing can be lost: the summary is reached, or a fatal error. */
export function closesWithoutConfirmation(snapshot: { hasTag(tag: string): boolean; matches(value: never): boolean }): boolean {
  return stepOf(snapshot) === 'summary' || snapshot.matches({ active: { flow: 'fatal' } } as never);
}
