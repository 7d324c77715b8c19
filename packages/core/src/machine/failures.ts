import type { JourneyStep } from '../steps.js';

/**
 * How every invoked backend call of the journey fails, written once: the error is recorded against
 * the step the customer is on and emitted; a recoverable one shows that step's failure state (with
 * Retry and Back), any other ends the journey. A `sending` call after a reload also knows
 * `interrupted`: the records are gone, so it goes back to choosing the file.
 */
export function failAt(step: JourneyStep, options: { interrupted?: boolean } = {}) {
  const setError = { type: 'setError', params: { step } } as const;
  return [
    ...(options.interrupted ? [{ guard: 'interrupted', target: 'idle', actions: [setError, 'forgetUpload'] } as const] : []),
    { guard: 'recoverable', target: 'failed', actions: [setError, 'emitError'] } as const,
    { target: '#fatal', actions: [setError, 'emitError'] } as const,
  ];
}
