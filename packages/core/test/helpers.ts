import { waitFor } from 'xstate';
import { createJourneyActor, MemoryBackend, stepOf } from '@codat-link/core';
import type { AnalyticsEvent, JourneyActor, JourneyStep, LinkConfigInput, MemoryBackendOptions } from '@codat-link/core';

export interface Harness {
  actor: JourneyActor;
  backend: MemoryBackend;
  /** Each step the customer saw, in order, without repeats of the same step in a row. */
  steps: JourneyStep[];
  analytics: AnalyticsEvent[];
  step(): JourneyStep;
  /** Waits until the journey shows `step` and no backend call is in flight. */
  settle(step: JourneyStep): Promise<void>;
}

export function fixedClock(): () => Date {
  let t = Date.UTC(2026, 0, 15, 9, 0, 0);
  return () => new Date((t += 1000));
}

export function harness(
  config: LinkConfigInput,
  backendOptions: MemoryBackendOptions = {},
  extra: { persisted?: unknown; sessionId?: string; backend?: MemoryBackend } = {},
): Harness {
  const backend = extra.backend ?? new MemoryBackend({ ...backendOptions, request: { dataTypes: config.dataTypes, ...backendOptions.request } });
  const analytics: AnalyticsEvent[] = [];
  const { actor } = createJourneyActor({
    backend,
    // The checklist screen has its own tests (checklist.test.ts); the others start at the first choice.
    config: { retry: { baseDelayMs: 0 }, checklist: false, ...config },
    sessionId: extra.sessionId ?? 'sess_test',
    persisted: extra.persisted,
    onAnalytics: (event) => analytics.push(event),
    now: fixedClock(),
  });
  const steps: JourneyStep[] = [];
  actor.subscribe((snapshot) => {
    const step = stepOf(snapshot);
    if (steps[steps.length - 1] !== step) steps.push(step);
  });
  actor.start();
  return {
    actor,
    backend,
    steps,
    analytics,
    step: () => stepOf(actor.getSnapshot()),
    settle: async (step) => {
      await waitFor(actor, (s) => stepOf(s) === step && !s.hasTag('busy'), { timeout: 10_000 });
    },
  };
}

export function suppliers(count: number): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, i) => ({ supplierId: `S${i + 1}`, supplierName: `Supplier ${i + 1}` }));
}

export function bills(count: number): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, i) => ({
    billNumber: `B${i + 1}`,
    supplierId: `S${(i % 3) + 1}`,
    issueDate: '2026-01-02',
    totalAmount: 100 + i,
  }));
}

export const CONSENT_TEXT = 'I allow Example Bank to read my suppliers and bills.';
