import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect, fn, userEvent, waitFor } from 'storybook/test';
import { INTEGRATION_CATALOG, type Integration } from '@codat-link/core';
import { element, part, parts, press, settled, type IntentSpy } from '../support/play.js';

interface Args {
  integrations: Integration[];
  showSandbox: boolean;
  manualUploadEnabled: boolean;
  canGoBack: boolean;
  selectedKey: string | undefined;
  onIntent: IntentSpy;
}

const meta: Meta<Args> = {
  title: 'Steps/Software selection',
  component: 'codat-link-software-selection',
  args: {
    integrations: [...INTEGRATION_CATALOG],
    showSandbox: false,
    manualUploadEnabled: true,
    canGoBack: true,
    selectedKey: undefined,
    onIntent: fn(),
  },
  render: (args) =>
    html`<codat-link-software-selection
      .integrations=${args.integrations}
      ?show-sandbox=${args.showSandbox}
      ?manual-upload-enabled=${args.manualUploadEnabled}
      ?can-go-back=${args.canGoBack}
      .selectedKey=${args.selectedKey}
      @codat-link-intent=${(e: HTMLElementEventMap['codat-link-intent']) => args.onIntent(e.intent)}
    ></codat-link-software-selection>`,
};
export default meta;
type Story = StoryObj<Args>;

const search = (step: Element) => part<HTMLInputElement>(step, '[part="search"]');

/** The whole catalog, direct connections first, then file-upload platforms; sandbox ones hidden. */
export const FullList: Story = {
  play: async ({ canvasElement, args }) => {
    const step = await element(canvasElement, 'codat-link-software-selection');
    await expect(parts(step, '[part="group"]')).toHaveLength(2);
    await expect(parts(step, '[data-key="sandbox-accounting"]')).toHaveLength(0);
    await userEvent.click(part(step, '[data-key="xero"]'));
    await expect(args.onIntent).toHaveBeenLastCalledWith({ type: 'selectSoftware', integrationKey: 'xero' });
  },
};

/** Typing narrows the list; accents and case do not matter. */
export const SearchResults: Story = {
  play: async ({ canvasElement }) => {
    const step = await element(canvasElement, 'codat-link-software-selection');
    await userEvent.type(search(step), 'sage');
    await settled(step);
    const names = parts(step, '[part="option-name"]').map((n) => n.textContent);
    await expect(names).toEqual(['Sage 200 Standard', 'Sage 50', 'Sage Business Cloud Accounting', 'Sage Intacct']);
    await expect(part(step, '[part="results"]')).not.toBeEmptyDOMElement();
  },
};

/** Nothing matches: the search is repeated back as text and "can't find your software?" remains. */
export const EmptySearch: Story = {
  play: async ({ canvasElement }) => {
    const step = await element(canvasElement, 'codat-link-software-selection');
    await userEvent.type(search(step), 'Ledgerly <i>Pro</i>');
    await settled(step);
    await expect(part(step, '[part="empty"]')).toHaveTextContent('Ledgerly <i>Pro</i>');
    await expect(part(step, '[part="list"]')).not.toBeVisible();
    await expect(part(step, '[part="cant-find-button"]')).toBeVisible();
  },
};

/** With `show-sandbox`, the sandbox platforms appear in their own group. */
export const SandboxShown: Story = {
  args: { showSandbox: true },
  play: async ({ canvasElement }) => {
    const step = await element(canvasElement, 'codat-link-software-selection');
    await expect(parts(step, '[part="group"]')).toHaveLength(3);
    await expect(part(step, '[data-key="sandbox-accounting"]')).toBeVisible();
    await expect(part(step, '[data-key="sandbox-file-upload"]')).toBeVisible();
  },
};

/** Coming back to the step: the platform chosen before is marked selected. */
export const Selected: Story = {
  args: { selectedKey: 'epicor' },
  play: async ({ canvasElement }) => {
    const step = await element(canvasElement, 'codat-link-software-selection');
    await expect(part(step, '[data-key="epicor"]')).toHaveAttribute('aria-selected', 'true');
  },
};

/** The combobox by keyboard: type, arrow down, Enter picks; Escape clears the search. */
export const Keyboard: Story = {
  play: async ({ canvasElement, args }) => {
    const step = await element(canvasElement, 'codat-link-software-selection');
    const input = search(step);
    await userEvent.type(input, 'quickbooks');
    await settled(step);
    press(input, 'ArrowDown');
    await settled(step);
    await waitFor(() => expect(input.getAttribute('aria-activedescendant')).toBe('option-1'));
    press(input, 'Enter');
    await expect(args.onIntent).toHaveBeenLastCalledWith({ type: 'selectSoftware', integrationKey: 'quickbooks-online' });
    press(input, 'Escape');
    await settled(step);
    await expect(input.value).toBe('');
  },
};

/**
 * No manual template (a partner that allows none, or a request with financial statements, which only
 * a connection provides) and no way back: *Can't find your software?* opens what to do instead.
 */
export const WithoutManualUpload: Story = {
  args: { manualUploadEnabled: false, canGoBack: false },
  play: async ({ canvasElement, args }) => {
    const step = await element(canvasElement, 'codat-link-software-selection');
    await expect(parts(step, '[part="back"]')).toHaveLength(0);
    await expect(part(step, '[part="cant-find-answer"]')).not.toBeVisible();
    await userEvent.click(part(step, '[part="cant-find-button"]'));
    await expect(part(step, '[part="cant-find-answer"]')).toBeVisible();
    await expect(part(step, '[part="cant-find-button"]')).toHaveAttribute('aria-expanded', 'true');
    await expect(args.onIntent).not.toHaveBeenCalled();
  },
};

/** Workday is offered both ways: listed once, then the customer picks the way. */
export const BothWays: Story = {
  play: async ({ canvasElement, args }) => {
    const step = await element(canvasElement, 'codat-link-software-selection');
    await userEvent.type(search(step), 'workday');
    await settled(step);
    await expect(parts(step, '[part="option-name"]').map((n) => n.textContent)).toEqual(['Workday']);
    await userEvent.click(part(step, '[data-key="workday"]'));
    await settled(step);
    await expect(part(step, '[part="heading"]')).toHaveTextContent('Workday');
    await userEvent.click(part(step, '[data-key="workday-file"]'));
    await expect(args.onIntent).toHaveBeenLastCalledWith({ type: 'selectSoftware', integrationKey: 'workday-file' });
  },
};
