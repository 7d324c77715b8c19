/**
 * Helpers for the journey stories: `<codat-link>` on a fresh sandbox MemoryBackend, and a way to
 * wait for a step and act on it through the shadow roots, as a customer would.
 */
import { expect, userEvent, waitFor } from 'storybook/test';
import type { JourneyStep } from '@codat-link/core';
import { csvFile } from './files.js';

type Updatable = HTMLElement & { updateComplete?: Promise<unknown> };
type CodatLink = HTMLElementTagNameMap['codat-link'];

/** A whole journey on a busy CI machine: generous, and a stuck journey still fails. */
const STEP_TIMEOUT_MS = 10_000;

export async function linkIn(canvas: HTMLElement): Promise<CodatLink> {
  await customElements.whenDefined('codat-link');
  return waitFor(() => {
    const link = canvas.querySelector('codat-link');
    if (!link) throw new Error('no <codat-link> rendered');
    return link;
  });
}

/**
 * A spend journey opens with the *Before you start* checklist: on the way to a later step, the
 * customer presses Start.
 */
async function passChecklist(link: CodatLink): Promise<void> {
  await waitFor(
    () => {
      if (link.journey.step === null || link.journey.step === 'loading') throw new Error('waiting for the first step');
    },
    { timeout: STEP_TIMEOUT_MS },
  );
  if (link.journey.step === 'checklist') await click(await at(link, 'checklist'), '[part="start"]');
}

/** The step element once the journey rests on `step` (not busy) and it has rendered. */
export async function at(link: CodatLink, step: JourneyStep): Promise<Updatable> {
  if (step !== 'checklist' && step !== 'loading' && step !== 'error') await passChecklist(link);
  await waitFor(
    () => {
      if (link.journey.step !== step || link.journey.snapshot?.hasTag('busy')) {
        throw new Error(`waiting for ${step}, at ${link.journey.step ?? 'nothing'}`);
      }
    },
    { timeout: STEP_TIMEOUT_MS },
  );
  await link.updateComplete;
  const el = await waitFor(() => {
    const found = link.shadowRoot?.querySelector<Updatable>(`.body[data-current-step="${step}"] > *`);
    if (!found) throw new Error(`${step} not rendered`);
    return found;
  });
  await customElements.whenDefined(el.localName);
  await el.updateComplete;
  return el;
}

export async function click(step: Element, selector: string): Promise<void> {
  const target = await waitFor(() => {
    const found = step.shadowRoot?.querySelector<HTMLElement>(selector);
    if (!found) throw new Error(`no ${selector} in <${step.localName}>`);
    return found;
  });
  await userEvent.click(target);
}

/** Drops a report on an upload step and sends it once the preview is shown. */
export async function uploadReport(step: Element, name: string, text: string): Promise<void> {
  const dropzone = await waitFor(() => {
    const found = step.shadowRoot?.querySelector<HTMLElementTagNameMap['codat-link-upload-dropzone']>('codat-link-upload-dropzone');
    if (!found) throw new Error('no drop zone');
    return found;
  });
  dropzone.offer([csvFile(name, text)]);
  const send = await waitFor(
    () => {
      const button = step.shadowRoot?.querySelector<HTMLButtonElement>('[part="send"]');
      if (!button || button.disabled) throw new Error(`${name} not ready to send`);
      return button;
    },
    { timeout: STEP_TIMEOUT_MS },
  );
  await userEvent.click(send);
}

/** The statuses the summary shows, by entity name. */
export async function summaryStatuses(summary: Element): Promise<Record<string, string>> {
  const rows = [...(summary.shadowRoot?.querySelectorAll('[part="row"]') ?? [])];
  await expect(rows.length).toBeGreaterThan(0);
  return Object.fromEntries(
    rows.map((row) => [row.querySelector('th')?.textContent?.trim() ?? '', row.querySelector<HTMLElement>('[part="status"]')?.dataset['status'] ?? '']),
  );
}
