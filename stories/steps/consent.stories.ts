import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect, fn, userEvent } from 'storybook/test';
import type { DataType } from '@codat-link/core';
import { element, part, parts, type IntentSpy } from '../support/play.js';

interface Args {
  dataTypes: DataType[];
  method: 'direct' | 'fileUpload' | 'manual';
  softwareName: string;
  companyName: string;
  partnerName: string;
  version: string;
  canGoBack: boolean;
  onIntent: IntentSpy;
}

const meta: Meta<Args> = {
  title: 'Steps/Consent',
  component: 'codat-link-consent',
  args: {
    dataTypes: ['spendAnalysis'],
    method: 'direct',
    softwareName: 'Xero',
    companyName: 'Acme Trading Ltd',
    partnerName: 'Northwind Bank',
    version: '1',
    canGoBack: true,
    onIntent: fn(),
  },
  render: (args) =>
    html`<codat-link-consent
      .dataTypes=${args.dataTypes}
      .method=${args.method}
      .softwareName=${args.softwareName}
      .companyName=${args.companyName}
      .partnerName=${args.partnerName}
      .version=${args.version}
      ?can-go-back=${args.canGoBack}
      @codat-link-intent=${(e: HTMLElementEventMap['codat-link-intent']) => args.onIntent(e.intent)}
    ></codat-link-consent>`,
};
export default meta;
type Story = StoryObj<Args>;

/** Allowing access sends the exact text on screen, with its version, locale and data types. */
async function accepts(canvasElement: HTMLElement, args: Args) {
  const step = await element(canvasElement, 'codat-link-consent');
  await expect(parts(step, '[part="data-item"]').length).toBeGreaterThan(0);
  await expect(part(step, '[part="intro"]')).toHaveTextContent(args.partnerName);
  await userEvent.click(part(step, '[part="accept"]'));
  await expect(args.onIntent).toHaveBeenLastCalledWith(expect.objectContaining({ type: 'giveConsent', version: args.version, dataTypes: args.dataTypes }));
}

export const Financials: Story = {
  args: { dataTypes: ['financials'] },
  play: ({ canvasElement, args }) => accepts(canvasElement, args),
};

export const SpendAnalysis: Story = {
  args: { softwareName: 'Sage Intacct' },
  play: ({ canvasElement, args }) => accepts(canvasElement, args),
};

export const FinancialsAndSpend: Story = {
  args: { dataTypes: ['financials', 'spendAnalysis'], softwareName: 'Sage Intacct' },
  play: ({ canvasElement, args }) => accepts(canvasElement, args),
};

/** A file upload: only the two reports it reads are listed, and nothing is read from the software. */
export const FileUpload: Story = {
  args: { method: 'fileUpload', softwareName: 'Epicor' },
  play: async ({ canvasElement, args }) => {
    const step = await element(canvasElement, 'codat-link-consent');
    await expect(parts(step, '[part="data-item"]')).toHaveLength(2);
    await accepts(canvasElement, args);
  },
};

/** The supplier spend template: its own consent, naming the file, not a software. */
export const ManualTemplate: Story = {
  args: { method: 'manual', softwareName: '' },
  play: async ({ canvasElement, args }) => {
    const step = await element(canvasElement, 'codat-link-consent');
    await expect(parts(step, '[part="data-item"]')).toHaveLength(1);
    await accepts(canvasElement, args);
  },
};
