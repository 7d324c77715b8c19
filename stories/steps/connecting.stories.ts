import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect, fn, userEvent, waitFor } from 'storybook/test';
import type { CodatLinkConnecting } from '@codat-link/elements';
import { element, part, parts, type IntentSpy } from '../support/play.js';

type Opener = CodatLinkConnecting['openWindow'];

interface Args {
  softwareName: string;
  authUrl: string | undefined;
  connectionId: string;
  connectMode: 'popup' | 'redirect' | 'auto';
  sandbox: boolean;
  /** Stands in for `window.open`: a story never opens a real window. */
  openWindow: Opener;
  onIntent: IntentSpy;
}

/** A pop-up that stays open until the story ends, as while the customer signs in. */
const openPopup: Opener = () => ({ closed: false, close() {} }) as unknown as Window;
/** What `window.open` returns when the browser blocks the pop-up. */
const blockPopup: Opener = () => null;

const meta: Meta<Args> = {
  title: 'Steps/Connecting',
  component: 'codat-link-connecting',
  args: {
    softwareName: 'Xero',
    authUrl: 'https://sandbox.codat-link.invalid/authorize?connection=conn_1',
    connectionId: 'conn_1',
    connectMode: 'popup',
    sandbox: false,
    openWindow: openPopup,
    onIntent: fn(),
  },
  argTypes: { openWindow: { control: false } },
  render: (args) =>
    html`<codat-link-connecting
      .softwareName=${args.softwareName}
      .authUrl=${args.authUrl}
      .connectionId=${args.connectionId}
      .connectMode=${args.connectMode}
      .openWindow=${args.openWindow}
      ?sandbox=${args.sandbox}
      @codat-link-intent=${(e: HTMLElementEventMap['codat-link-intent']) => args.onIntent(e.intent)}
    ></codat-link-connecting>`,
};
export default meta;
type Story = StoryObj<Args>;

/** Ready to open the platform's sign-in in a pop-up, or to continue in this tab. */
export const Ready: Story = {
  play: async ({ canvasElement }) => {
    const step = await element(canvasElement, 'codat-link-connecting');
    await expect(part(step, '[part="open"]')).toBeEnabled();
    await expect(part(step, '[part="redirect"]')).toBeEnabled();
  },
};

/** The backend has not answered with an authorization URL yet. */
export const Loading: Story = {
  args: { authUrl: undefined },
  play: async ({ canvasElement }) => {
    const step = await element(canvasElement, 'codat-link-connecting');
    await expect(part(step, '[part="spinner"]')).toBeInTheDocument();
    await expect(part(step, '[part="open"]')).toBeDisabled();
  },
};

/** The pop-up is open: the step waits, busy, and offers cancel. */
export const Waiting: Story = {
  play: async ({ canvasElement, args }) => {
    const step = await element(canvasElement, 'codat-link-connecting');
    await userEvent.click(part(step, '[part="open"]'));
    await waitFor(() => expect(part(step, '[part="step"]')).toHaveAttribute('aria-busy', 'true'));
    await expect(part(step, '[part="open"]')).toBeDisabled();
    await userEvent.click(part(step, '[part="cancel"]'));
    await expect(args.onIntent).toHaveBeenLastCalledWith({ type: 'cancelConnection' });
  },
};

/** The browser blocked the pop-up: the step says so and offers this tab or another try. */
export const PopupBlocked: Story = {
  args: { openWindow: blockPopup },
  play: async ({ canvasElement, args }) => {
    const step = await element(canvasElement, 'codat-link-connecting');
    await userEvent.click(part(step, '[part="open"]'));
    await expect(args.onIntent).toHaveBeenLastCalledWith({ type: 'popupBlocked' });
    await waitFor(() => expect(part(step, '[part="status"]')).not.toBeEmptyDOMElement());
    await expect(part(step, '[part="open"]')).toBeEnabled();
  },
};

/** On touch devices the platform opens in this tab; the journey resumes on return. */
export const Redirect: Story = {
  args: { connectMode: 'redirect' },
  play: async ({ canvasElement, args }) => {
    const step = await element(canvasElement, 'codat-link-connecting');
    await expect(parts(step, '[part="open"]')).toHaveLength(0);
    await userEvent.click(part(step, '[part="redirect"]'));
    await expect(args.onIntent).toHaveBeenLastCalledWith({ type: 'redirect', url: args.authUrl });
  },
};

/** The sandbox has no real platform: one button stands for the customer's authorization. */
export const Sandbox: Story = {
  args: { sandbox: true, softwareName: 'Sandbox Accounting' },
  play: async ({ canvasElement, args }) => {
    const step = await element(canvasElement, 'codat-link-connecting');
    await userEvent.click(part(step, '[part="open"]'));
    await expect(args.onIntent).toHaveBeenLastCalledWith({ type: 'connectionMessage', connectionId: 'conn_1', status: 'linked' });
  },
};
