import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect, fn, userEvent } from 'storybook/test';
import { element, part, parts, type IntentSpy } from '../support/play.js';

interface Args {
  canGoBack: boolean;
  onIntent: IntentSpy;
}

const meta: Meta<Args> = {
  title: 'Steps/Entity count',
  component: 'codat-link-entity-count',
  args: { canGoBack: false, onIntent: fn() },
  render: (args) =>
    html`<codat-link-entity-count
      ?can-go-back=${args.canGoBack}
      @codat-link-intent=${(e: HTMLElementEventMap['codat-link-intent']) => args.onIntent(e.intent)}
    ></codat-link-entity-count>`,
};
export default meta;
type Story = StoryObj<Args>;

/** The first step when the manual template is not offered: nothing to go back to. */
export const FirstStep: Story = {
  play: async ({ canvasElement, args }) => {
    const step = await element(canvasElement, 'codat-link-entity-count');
    await expect(parts(step, '[part="back"]')).toHaveLength(0);
    await userEvent.click(part(step, '[data-count="several"]'));
    await expect(args.onIntent).toHaveBeenLastCalledWith({ type: 'chooseEntityCount', count: 'several' });
  },
};

/** After the provision method: back returns there. */
export const WithBack: Story = {
  args: { canGoBack: true },
  play: async ({ canvasElement, args }) => {
    const step = await element(canvasElement, 'codat-link-entity-count');
    await userEvent.click(part(step, '[part="back"]'));
    await expect(args.onIntent).toHaveBeenLastCalledWith({ type: 'back' });
  },
};
