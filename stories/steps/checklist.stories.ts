import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect, fn, userEvent } from 'storybook/test';
import { element, part, parts, type IntentSpy } from '../support/play.js';

interface Args {
  partnerName: string;
  onIntent: IntentSpy;
}

const meta: Meta<Args> = {
  title: 'Steps/Checklist',
  component: 'codat-link-checklist',
  args: { partnerName: 'Northwind Bank', onIntent: fn() },
  render: (args) =>
    html`<codat-link-checklist
      .partnerName=${args.partnerName}
      @codat-link-intent=${(e: HTMLElementEventMap['codat-link-intent']) => args.onIntent(e.intent)}
    ></codat-link-checklist>`,
};
export default meta;
type Story = StoryObj<Args>;

/** *Before you start* (on by default for a spend request): what to have at hand, and Start. */
export const Default: Story = {
  play: async ({ canvasElement, args }) => {
    const step = await element(canvasElement, 'codat-link-checklist');
    await expect(parts(step, '[part="item"]').map((li) => li.dataset['item'])).toEqual(['admin', 'reports', 'time']);
    await expect(part(step, '[part="note"]')).toHaveTextContent(args.partnerName);
    await userEvent.click(part(step, '[part="start"]'));
    await expect(args.onIntent).toHaveBeenLastCalledWith({ type: 'continue' });
  },
};
