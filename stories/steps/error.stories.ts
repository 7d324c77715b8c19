import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect, fn, userEvent } from 'storybook/test';
import type { LinkErrorInfo } from '@codat-link/core';
import { element, part, parts, type IntentSpy } from '../support/play.js';

interface Args {
  error: LinkErrorInfo;
  onIntent: IntentSpy;
}

const meta: Meta<Args> = {
  title: 'Steps/Error',
  component: 'codat-link-error',
  args: { onIntent: fn() },
  render: (args) =>
    html`<codat-link-error
      .error=${args.error}
      @codat-link-intent=${(e: HTMLElementEventMap['codat-link-intent']) => args.onIntent(e.intent)}
    ></codat-link-error>`,
};
export default meta;
type Story = StoryObj<Args>;

/** A transient failure: the customer can try again, and support gets a reference. */
export const Recoverable: Story = {
  args: { error: { code: 'server_error', message: 'upstream 503', userRecoverable: true, correlationId: 'req_7f3a9c' } },
  play: async ({ canvasElement, args }) => {
    const step = await element(canvasElement, 'codat-link-error');
    await expect(part(step, '[part="message"]')).toHaveAttribute('role', 'alert');
    await expect(part(step, '[part="code"]')).toHaveTextContent('server_error');
    await expect(part(step, '[part="reference"]')).toHaveTextContent('req_7f3a9c');
    // The backend's own message is for logs, never for the customer.
    await expect(part(step, '[part="message"]')).not.toHaveTextContent('upstream 503');
    await userEvent.click(part(step, '[part="retry"]'));
    await expect(args.onIntent).toHaveBeenLastCalledWith({ type: 'retry' });
  },
};

/** The session is no longer valid: nothing to retry, only close. */
export const NotRecoverable: Story = {
  args: { error: { code: 'unauthorized', message: 'token expired', userRecoverable: false } },
  play: async ({ canvasElement, args }) => {
    const step = await element(canvasElement, 'codat-link-error');
    await expect(parts(step, '[part="retry"]')).toHaveLength(0);
    await expect(parts(step, '[part="reference"]')).toHaveLength(0);
    await userEvent.click(part(step, '[part="close"]'));
    await expect(args.onIntent).toHaveBeenLastCalledWith({ type: 'close' });
  },
};
