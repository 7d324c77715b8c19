import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { expect, userEvent, waitFor } from 'storybook/test';
import { at, click, linkIn, summaryStatuses, uploadReport } from '../support/journey.js';
import { BILLS_CSV, SUPPLIERS_CSV, SUPPLIER_SPEND_CSV } from '../support/files.js';
import { backendOf, renderJourney, sandboxLoader, type JourneyArgs } from './render.js';

/**
 * The four journeys of the seed documents, end to end on the sandbox backend. Each play function
 * walks the journey as the customer would and checks both the screen and what the backend received.
 */
const meta: Meta<JourneyArgs> = {
  title: 'Journeys',
  component: 'codat-link',
  args: { request: 'spendAnalysis', options: {} },
  loaders: [sandboxLoader],
  render: (args, context) => renderJourney(args, context),
  parameters: { docs: { story: { inline: false, height: '44rem' } } },
};
export default meta;
type Story = StoryObj<JourneyArgs>;

/** Financials only: software selection, consent, direct connection, summary. No entity steps. */
export const FinancialsOnly: Story = {
  args: { request: 'financials' },
  play: async ({ canvasElement, loaded }) => {
    const backend = backendOf(loaded);
    const link = await linkIn(canvasElement);
    await click(await at(link, 'softwareSelection'), '[data-key="xero"]');
    await click(await at(link, 'consent'), '[part="accept"]');
    await click(await at(link, 'connecting'), '[part="open"]');
    await click(await at(link, 'entityComplete'), '[part="finish"]');
    const summary = await at(link, 'summary');
    await expect(Object.values(await summaryStatuses(summary))).toEqual(['connected']);
    await expect(backend.state.consents).toEqual([expect.objectContaining({ integrationKey: 'xero', dataTypes: ['financials'] })]);
    await expect(backend.state.connections).toEqual([expect.objectContaining({ integrationKey: 'xero', kind: 'direct', status: 'linked' })]);
    await expect(backend.state.finished).toBe(true);
  },
};

/** Spend analysis for one legal entity whose software has no direct integration: the reports by file. */
export const SpendOneEntityFileUpload: Story = {
  play: async ({ canvasElement, loaded }) => {
    const backend = backendOf(loaded);
    const link = await linkIn(canvasElement);
    await click(await at(link, 'provisionMethod'), '[data-method="connect"]');
    await click(await at(link, 'entityCount'), '[data-count="one"]');
    await click(await at(link, 'softwareSelection'), '[data-key="sap-business-one"]');
    await click(await at(link, 'consent'), '[part="accept"]');
    await click(await at(link, 'disclaimer'), '[part="continue"]');
    await uploadReport(await at(link, 'uploadSuppliers'), 'vendors.csv', SUPPLIERS_CSV);
    await uploadReport(await at(link, 'uploadBills'), 'invoices.csv', BILLS_CSV);
    await click(await at(link, 'entityComplete'), '[part="finish"]');
    const summary = await at(link, 'summary');
    await expect(Object.values(await summaryStatuses(summary))).toEqual(['complete']);
    const [connection] = backend.state.connections;
    await expect(connection).toEqual(expect.objectContaining({ integrationKey: 'sap-business-one', kind: 'fileUpload' }));
    await expect(backend.recordsFor(connection!.id, 'suppliers')).toHaveLength(3);
    await expect(backend.recordsFor(connection!.id, 'bills').map((b) => b['billNumber'])).toEqual(['INV-501', 'INV-502', 'INV-503', 'INV-504']);
    await expect(backend.state.finalized.map((f) => [f.kind, f.recordCount])).toEqual([
      ['suppliers', 3],
      ['bills', 4],
    ]);
  },
};

/** Spend analysis for two legal entities: one connects its software directly, the other uploads files. */
export const SpendSeveralEntitiesMixed: Story = {
  play: async ({ canvasElement, loaded }) => {
    const backend = backendOf(loaded);
    const link = await linkIn(canvasElement);
    await click(await at(link, 'provisionMethod'), '[data-method="connect"]');
    await click(await at(link, 'entityCount'), '[data-count="several"]');

    let name = await at(link, 'entityName');
    await userEvent.type(name.shadowRoot!.querySelector('input')!, 'Acme Trading Ltd');
    await click(name, '[part="submit"]');
    await click(await at(link, 'softwareSelection'), '[data-key="xero"]');
    await click(await at(link, 'consent'), '[part="accept"]');
    await click(await at(link, 'connecting'), '[part="open"]');
    await click(await at(link, 'entityComplete'), '[part="add-another"]');

    name = await at(link, 'entityName');
    await expect(name.shadowRoot!.querySelector('[part="existing"]')).toHaveTextContent('Acme Trading Ltd');
    await userEvent.type(name.shadowRoot!.querySelector('input')!, 'Acme Holdings SAS');
    await click(name, '[part="submit"]');
    await click(await at(link, 'softwareSelection'), '[data-key="sap-business-one"]');
    await click(await at(link, 'consent'), '[part="accept"]');
    await click(await at(link, 'disclaimer'), '[part="continue"]');
    await uploadReport(await at(link, 'uploadSuppliers'), 'vendors.csv', SUPPLIERS_CSV);
    await uploadReport(await at(link, 'uploadBills'), 'invoices.csv', BILLS_CSV);
    await click(await at(link, 'entityComplete'), '[part="finish"]');

    const summary = await at(link, 'summary');
    await expect(await summaryStatuses(summary)).toEqual({ 'Acme Trading Ltd': 'connected', 'Acme Holdings SAS': 'complete' });
    await expect(backend.state.entities.map((e) => e.name)).toEqual(['Acme Trading Ltd', 'Acme Holdings SAS']);
    await expect(backend.state.connections.map((c) => [c.integrationKey, c.kind, c.status])).toEqual([
      ['xero', 'direct', 'linked'],
      ['sap-business-one', 'fileUpload', 'linked'],
    ]);
    const upload = backend.state.connections[1]!;
    await expect(backend.recordsFor(upload.id, 'bills')).toHaveLength(4);
    await expect(backend.state.finished).toBe(true);
  },
};

/** Spend analysis by the supplier spend template, filled by hand and uploaded: no software at all. */
export const ManualTemplateUpload: Story = {
  play: async ({ canvasElement, loaded }) => {
    const backend = backendOf(loaded);
    const link = await linkIn(canvasElement);
    await click(await at(link, 'provisionMethod'), '[data-method="manual"]');
    await click(await at(link, 'consent'), '[part="accept"]');
    await uploadReport(await at(link, 'manualUpload'), 'supplier-spend.csv', SUPPLIER_SPEND_CSV);
    const summary = await at(link, 'summary');
    await expect(Object.values(await summaryStatuses(summary))).toEqual(['complete']);
    const [connection] = backend.state.connections;
    await expect(connection).toEqual(expect.objectContaining({ kind: 'manual' }));
    await expect(backend.state.consents).toEqual([expect.objectContaining({ integrationKey: 'supplier-spend-template', dataTypes: ['spendAnalysis'] })]);
    await waitFor(() => expect(backend.state.finalized).toEqual([expect.objectContaining({ kind: 'supplierSpend', recordCount: 3 })]));
    await expect(backend.recordsFor(connection!.id, 'supplierSpend').map((r) => r['supplierName'])).toEqual([
      'Acme Office Supplies Ltd',
      'Blue Sky Logistics',
      'Café Rive Gauche SARL',
    ]);
  },
};
