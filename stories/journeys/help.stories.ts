import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { expect, userEvent, waitFor } from 'storybook/test';
import { at, click, linkIn } from '../support/journey.js';
import { renderJourney, sandboxLoader, type JourneyArgs } from './render.js';

type CodatLink = HTMLElementTagNameMap['codat-link'];

/** *Questions?* opened from `<codat-link>`'s header: a disclosure inline, a dialog in modal mode. */
const meta: Meta<JourneyArgs> = {
  title: 'Journeys/Help',
  component: 'codat-link',
  args: { request: 'financials', options: {} },
  loaders: [sandboxLoader],
  render: (args, context) => renderJourney(args, context),
};
export default meta;
type Story = StoryObj<JourneyArgs>;

async function openHelp(link: CodatLink) {
  const button = link.shadowRoot!.querySelector<HTMLButtonElement>('[part="help-button"]')!;
  await userEvent.click(button);
  const help = await waitFor(() => {
    const found = link.shadowRoot!.querySelector<HTMLElementTagNameMap['codat-link-help']>('codat-link-help');
    if (!found) throw new Error('the help panel is not open');
    return found;
  });
  await help.updateComplete;
  await expect(button).toHaveAttribute('aria-expanded', 'true');
  return help;
}

/** On the consent step, inline: the step's three in-step answers, and the whole panel opened above it. */
export const InlineOnConsent: Story = {
  play: async ({ canvasElement }) => {
    const link = await linkIn(canvasElement);
    await click(await at(link, 'softwareSelection'), '[data-key="xero"]');
    const consent = await at(link, 'consent');
    const inline = await waitFor(() => consent.shadowRoot!.querySelector('codat-link-help')!.shadowRoot!.querySelectorAll('[data-answer]'));
    await expect([...inline].map((d) => (d as HTMLElement).dataset['answer'])).toEqual(['what', 'safe', 'stop']);
    const help = await openHelp(link);
    await expect(help).toHaveAttribute('role', 'region');
    await userEvent.click(help.shadowRoot!.querySelector('[part="help-question"]')!);
  },
};

/** In modal mode the panel is a dialog over the step; focus moves to its heading. */
export const ModalOnConsent: Story = {
  args: { mode: 'modal' },
  play: async ({ canvasElement }) => {
    const link = await linkIn(canvasElement);
    await click(await at(link, 'softwareSelection'), '[data-key="xero"]');
    await at(link, 'consent');
    const help = await openHelp(link);
    await expect(help).toHaveAttribute('role', 'dialog');
    await waitFor(() => expect(help.shadowRoot!.activeElement?.getAttribute('part')).toBe('help-heading'));
  },
};

/** A spend request opens with the checklist; its questions are about getting ready. */
export const OnTheChecklist: Story = {
  args: { request: 'spendAnalysis' },
  play: async ({ canvasElement }) => {
    const link = await linkIn(canvasElement);
    await at(link, 'checklist');
    const help = await openHelp(link);
    const first = help.shadowRoot!.querySelector<HTMLElement>('[data-group="step"] [data-answer]')!;
    await expect(first.dataset['answer']).toBe('permissions');
  },
};
