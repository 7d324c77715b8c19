import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect, fn, userEvent } from 'storybook/test';
import { element, part, type IntentSpy } from '../support/play.js';

interface Args {
  onIntent: IntentSpy;
}

const meta: Meta<Args> = {
  title: 'Steps/Provision method',
  component: 'codat-link-provision-method',
  args: { onIntent: fn() },
  render: (args) =>
    html`<codat-link-provision-method @codat-link-intent=${(e: HTMLElementEventMap['codat-link-intent']) => args.onIntent(e.intent)}></codat-link-provision-method>`,
};
export default meta;
type Story = StoryObj<Args>;

/** Spend analysis starts here: connect software, or fill the supplier spend template by hand. */
export const Default: Story = {
  play: async ({ canvasElement, args }) => {
    const step = await element(canvasElement, 'codat-link-provision-method');
    await userEvent.click(part(step, '[data-method="connect"]'));
    await expect(args.onIntent).toHaveBeenLastCalledWith({ type: 'chooseProvision', method: 'connect' });
    await userEvent.click(part(step, '[data-method="manual"]'));
    await expect(args.onIntent).toHaveBeenLastCalledWith({ type: 'chooseProvision', method: 'manual' });
  },
};
