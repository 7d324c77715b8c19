/** The journey's screens, as named by the machine in @codat-link/core. */
export { JOURNEY_STEPS as STEP_NAMES } from '@codat-link/core';
export type { JourneyStep as JourneyStepName } from '@codat-link/core';
