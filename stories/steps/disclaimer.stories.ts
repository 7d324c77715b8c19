import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect, fn, userEvent } from 'storybook/test';
import { element, part, type IntentSpy } from '../support/play.js';

interface Args {
  softwareName: string;
  canGoBack: boolean;
  onIntent: IntentSpy;
}

const meta: Meta<Args> = {
  title: 'Steps/Disclaimer',
  component: 'codat-link-disclaimer',
  args: { softwareName: 'Epicor', canGoBack: true, onIntent: fn() },
  render: (args) =>
    html`<codat-link-disclaimer
      .softwareName=${args.softwareName}
      ?can-go-back=${args.canGoBack}
      @codat-link-intent=${(e: HTMLElementEventMap['codat-link-intent']) => args.onIntent(e.intent)}
    ></codat-link-disclaimer>`,
};
export default meta;
type Story = StoryObj<Args>;

/** How the file process works, before the first upload; names the customer's software. */
export const Default: Story = {
  play: async ({ canvasElement, args }) => {
    const step = await element(canvasElement, 'codat-link-disclaimer');
    await expect(part(step, '[part="steps"]')).toHaveTextContent(args.softwareName);
    await userEvent.click(part(step, '[part="continue"]'));
    await expect(args.onIntent).toHaveBeenLastCalledWith({ type: 'continue' });
  },
};
