import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect, userEvent } from 'storybook/test';
import type { JourneyStep } from '@codat-link/core';
import '../../packages/elements/src/help/define.js';
import { element, part, parts } from '../support/play.js';

interface Args {
  step: JourneyStep;
  /** Policy links as `<codat-link>` passes them (already checked `https:`). */
  privacyPolicyUrl: string;
  termsUrl: string;
}

/**
 * The *Questions?* panel as `<codat-link>` shows it on each step (it renders the same element inside
 * its header's disclosure, or its dialog in modal mode): that step's answers first, then the others.
 * The journey stories (Journeys/Help) show it opened from the shell.
 */
const meta: Meta<Args> = {
  title: 'Help/Panel on each step',
  component: 'codat-link-help',
  args: { privacyPolicyUrl: 'https://bank.example/privacy', termsUrl: 'https://bank.example/terms' },
  render: (args) =>
    html`<div role="region" aria-label="Questions?" style="padding: 1rem; border: 1px solid var(--codat-link-color-border); border-radius: var(--codat-link-radius)">
      <codat-link-help
        .step=${args.step}
        .settings=${{ partnerName: 'Northwind Bank', privacyPolicyUrl: args.privacyPolicyUrl, termsUrl: args.termsUrl }}
      ></codat-link-help>
    </div>`,
};
export default meta;
type Story = StoryObj<Args>;

/** The step's own answers come first, in order; the first one opens on a click. */
async function answersFirst(canvasElement: HTMLElement, expected: string[]): Promise<void> {
  const help = await element(canvasElement, 'codat-link-help');
  const first = part(help, '[data-group="step"]');
  await expect([...first.querySelectorAll<HTMLElement>('[data-answer]')].map((d) => d.dataset['answer'])).toEqual(expected);
  await expect(parts(help, '[part="help-links"] a')).toHaveLength(2);
  await userEvent.click(part(help, '[part="help-question"]'));
  await expect(part(help, '[part="help-item"]')).toHaveAttribute('open');
}

/** On the `checklist` step. */
export const Checklist: Story = {
  args: { step: 'checklist' },
  play: ({ canvasElement }) => answersFirst(canvasElement, ['permissions', 'time', 'link', 'support']),
};

/** On the `provisionMethod` step. */
export const ProvisionMethod: Story = {
  args: { step: 'provisionMethod' },
  play: ({ canvasElement }) => answersFirst(canvasElement, ['csv', 'why', 'time']),
};

/** On the `manualUpload` step. */
export const ManualUpload: Story = {
  args: { step: 'manualUpload' },
  play: ({ canvasElement }) => answersFirst(canvasElement, ['csv', 'what', 'support']),
};

/** On the `entityCount` step. */
export const EntityCount: Story = {
  args: { step: 'entityCount' },
  play: ({ canvasElement }) => answersFirst(canvasElement, ['entities', 'migrating']),
};

/** On the `entityName` step. */
export const EntityName: Story = {
  args: { step: 'entityName' },
  play: ({ canvasElement }) => answersFirst(canvasElement, ['entities']),
};

/** On the `softwareSelection` step. */
export const SoftwareSelection: Story = {
  args: { step: 'softwareSelection' },
  play: ({ canvasElement }) => answersFirst(canvasElement, ['migrating', 'permissions', 'entities', 'csv']),
};

/** On the `consent` step. */
export const Consent: Story = {
  args: { step: 'consent' },
  play: ({ canvasElement }) => answersFirst(canvasElement, ['what', 'safe', 'access', 'stop', 'who']),
};

/** On the `connecting` step. */
export const Connecting: Story = {
  args: { step: 'connecting' },
  play: ({ canvasElement }) => answersFirst(canvasElement, ['blocked', 'permissions', 'safe', 'support']),
};

/** On the `disclaimer` step. */
export const Disclaimer: Story = {
  args: { step: 'disclaimer' },
  play: ({ canvasElement }) => answersFirst(canvasElement, ['time', 'csv', 'permissions', 'support']),
};

/** On the `uploadSuppliers` step. */
export const UploadSuppliers: Story = {
  args: { step: 'uploadSuppliers' },
  play: ({ canvasElement }) => answersFirst(canvasElement, ['csv', 'what', 'support']),
};

/** On the `uploadBills` step. */
export const UploadBills: Story = {
  args: { step: 'uploadBills' },
  play: ({ canvasElement }) => answersFirst(canvasElement, ['csv', 'what', 'support']),
};

/** On the `entityComplete` step. */
export const EntityComplete: Story = {
  args: { step: 'entityComplete' },
  play: ({ canvasElement }) => answersFirst(canvasElement, ['entities', 'stop']),
};

/** On the `summary` step. */
export const Summary: Story = {
  args: { step: 'summary' },
  play: ({ canvasElement }) => answersFirst(canvasElement, ['stop', 'access']),
};

/** On the `error` step. */
export const Error: Story = {
  args: { step: 'error' },
  play: ({ canvasElement }) => answersFirst(canvasElement, ['blocked', 'support']),
};
