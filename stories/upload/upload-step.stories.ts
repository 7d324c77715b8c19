import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { expect, userEvent, waitFor } from 'storybook/test';
import { startUploadJourney, type StoryJourney, type UploadJourneyOptions } from '../support/upload-journey.js';
import { BILLS_CSV, BILLS_WITH_ERRORS_CSV, PARTNERS_CSV, SUPPLIERS_CSV, SUPPLIER_SPEND_CSV, csvFile, largeSuppliersCsv } from '../support/files.js';
import { element, part, parts, settled } from '../support/play.js';
import { mountUploadStep, type UploadStepElement } from './mount.js';

interface Loaded {
  journey: StoryJourney;
}

const meta: Meta = {
  title: 'Upload/Upload step',
  component: 'codat-link-upload-step',
  loaders: [async ({ parameters }) => ({ journey: await startUploadJourney(parameters['journey'] as UploadJourneyOptions | undefined) })],
  // The software is the journey's own choice (parameters.journey.integrationKey), as in <codat-link>.
  render: (_args, { loaded }) => mountUploadStep((loaded as Loaded).journey),
};
export default meta;
type Story = StoryObj;

const step = (canvas: HTMLElement) => element<UploadStepElement>(canvas, 'codat-link-upload-step');
const journeyOf = (loaded: unknown) => (loaded as Loaded).journey;

/** Offers a file as the customer's drop would. */
async function drop(el: UploadStepElement, file: File) {
  const dropzone = await waitFor(() => part<HTMLElementTagNameMap['codat-link-upload-dropzone']>(el, 'codat-link-upload-dropzone'));
  dropzone.offer([file]);
}

const waitForPart = (el: Element, selector: string) => waitFor(() => part(el, selector), { timeout: 8000 });

/** Where to find the Suppliers report in SAP Business One, the templates, and the drop zone. */
export const SuppliersIdle: Story = {
  play: async ({ canvasElement }) => {
    const el = await step(canvasElement);
    await expect(part(el, '[part="instructions"]')).toHaveTextContent(/Business Partner|Partenaires/);
    await expect(parts(el, '[part="template"]')).toHaveLength(2);
  },
};

/** The Bills step of the same software, after the Suppliers report. */
export const BillsIdle: Story = {
  parameters: { journey: { config: { uploadSteps: ['bills'] } } },
  play: async ({ canvasElement }) => {
    const el = await step(canvasElement);
    await expect(el.kind).toBe('bills');
    await expect(part(el, '[part="instructions"]')).toBeVisible();
  },
};

/** The supplier spend template, filled by hand: no software, no instructions. */
export const ManualTemplateIdle: Story = {
  parameters: { journey: { path: 'manual' } },
  play: async ({ canvasElement }) => {
    const el = await step(canvasElement);
    await expect(el.kind).toBe('supplierSpend');
    await expect(parts(el, '[part="instructions"]')).toHaveLength(0);
  },
};

/** A large export being read in a worker, with a live count and a cancel button. Cancelling sends nothing. */
export const ReadingThenCancelled: Story = {
  play: async ({ canvasElement, loaded }) => {
    const el = await step(canvasElement);
    await drop(el, csvFile('vendors-2025.csv', largeSuppliersCsv(300_000)));
    const progress = await waitForPart(el, 'codat-link-upload-progress');
    await expect(part(progress, '[part="bar"]')).toBeInTheDocument();
    await userEvent.click(part(progress, '[part="cancel"]'));
    await waitForPart(el, 'codat-link-upload-dropzone');
    await expect(journeyOf(loaded).backend.callsTo('submitBatch')).toHaveLength(0);
  },
};

/** Columns no synonym matched: the customer points at the supplier name column, then sees the rows. */
export const MappingReview: Story = {
  play: async ({ canvasElement }) => {
    const el = await step(canvasElement);
    await drop(el, csvFile('partners.csv', PARTNERS_CSV));
    const mapping = await waitForPart(el, 'codat-link-upload-mapping');
    await expect(part<HTMLSelectElement>(mapping, '#field-supplierName').value).toBe('');
  },
};

/** Applying with a required field still unmatched names the field, and reads nothing. */
export const MappingMissingRequired: Story = {
  play: async ({ canvasElement }) => {
    const el = await step(canvasElement);
    await drop(el, csvFile('partners.csv', PARTNERS_CSV));
    const mapping = await waitForPart(el, 'codat-link-upload-mapping');
    await userEvent.click(part(mapping, '[part="apply"]'));
    await settled(mapping);
    await expect(part(mapping, '[part="missing"]')).not.toBeEmptyDOMElement();
    await userEvent.selectOptions(part<HTMLSelectElement>(mapping, '#field-supplierName'), 'Business Partner Title');
    await userEvent.click(part(mapping, '[part="apply"]'));
    await waitForPart(el, 'codat-link-upload-preview');
  },
};

/** A clean Suppliers file: every row understood, ready to send. */
export const PreviewReady: Story = {
  play: async ({ canvasElement }) => {
    const el = await step(canvasElement);
    await drop(el, csvFile('vendors.csv', SUPPLIERS_CSV));
    await waitForPart(el, 'codat-link-upload-preview');
    await expect(part(el, '[part="send"]')).toBeEnabled();
  },
};

/** Rows with errors under the skip policy: the rows left out are named and the rest can be sent. */
export const PreviewWithIssues: Story = {
  parameters: { journey: { config: { uploadSteps: ['bills'], rowErrorPolicy: 'skipInvalid' } } },
  play: async ({ canvasElement }) => {
    const el = await step(canvasElement);
    await drop(el, csvFile('invoices.csv', BILLS_WITH_ERRORS_CSV));
    const preview = await waitForPart(el, 'codat-link-upload-preview');
    await expect(part(el, '[part="policy"]')).toHaveTextContent(/3, 5/);
    await expect(part(el, '[part="send"]')).toBeEnabled();
    // The preview's rows arrive with its first update, which can follow the preview's arrival.
    await waitFor(() => expect(parts(preview, '[part="issue"]').length).toBeGreaterThan(0), { timeout: 5000 });
  },
};

/** The same file when the partner refuses files with row errors: nothing can be sent. */
export const BlockedByErrors: Story = {
  parameters: { journey: { config: { uploadSteps: ['bills'], rowErrorPolicy: 'reject' } } },
  play: async ({ canvasElement }) => {
    const el = await step(canvasElement);
    await drop(el, csvFile('invoices.csv', BILLS_WITH_ERRORS_CSV));
    await waitForPart(el, 'codat-link-upload-preview');
    await expect(part(el, '[part="policy"]')).toHaveAttribute('role', 'alert');
    await expect(part(el, '[part="send"]')).toBeDisabled();
  },
};

/** A Bills report dropped where the Suppliers report is expected is refused before anything is sent. */
export const WrongReport: Story = {
  play: async ({ canvasElement, loaded }) => {
    const el = await step(canvasElement);
    await drop(el, csvFile('invoices.csv', BILLS_CSV));
    await waitForPart(el, '[part="rejection"]');
    await expect(journeyOf(loaded).backend.callsTo('submitBatch')).toHaveLength(0);
  },
};

/** Sending in batches: the first batch is stored, the next one is still on its way. */
export const Sending: Story = {
  parameters: { journey: { config: { batchSize: 1 }, holdAfterBatches: 1 } },
  play: async ({ canvasElement, loaded }) => {
    const el = await step(canvasElement);
    await drop(el, csvFile('vendors.csv', SUPPLIERS_CSV));
    await userEvent.click(await waitForPart(el, '[part="send"]'));
    const progress = await waitForPart(el, 'codat-link-upload-progress');
    await waitFor(() => expect(part<HTMLProgressElement>(progress, '[part="bar"]').value).toBe(1));
    await expect(journeyOf(loaded).backend.state.batches).toHaveLength(1);
  },
};

/** The backend kept failing: the step says so and offers retry; retry sends each row exactly once. */
export const SendFailedThenRetried: Story = {
  parameters: {
    journey: { config: { batchSize: 2 }, failures: [{ method: 'submitBatch', code: 'network_error', call: 2, times: 2, after: true }] },
  },
  play: async ({ canvasElement, loaded }) => {
    const el = await step(canvasElement);
    const journey = journeyOf(loaded);
    await drop(el, csvFile('vendors.csv', SUPPLIERS_CSV));
    await userEvent.click(await waitForPart(el, '[part="send"]'));
    await userEvent.click(await waitForPart(el, '[part="retry"]'));
    // Done: the Suppliers report is stored once and the journey moved on to the Bills report.
    await waitFor(() => expect(el.kind).toBe('bills'), { timeout: 8000 });
    const names = journey.backend.recordsFor(journey.connectionId(), 'suppliers').map((r) => r['supplierName']);
    await expect(names).toEqual(['Acme Office Supplies Ltd', 'Blue Sky Logistics', 'Café Rive Gauche SARL']);
  },
};

/** The filled template sent: the journey goes on to the summary. */
export const ManualTemplateSent: Story = {
  parameters: { journey: { path: 'manual' } },
  play: async ({ canvasElement, loaded }) => {
    const el = await step(canvasElement);
    const journey = journeyOf(loaded);
    await drop(el, csvFile('supplier-spend.csv', SUPPLIER_SPEND_CSV));
    await userEvent.click(await waitForPart(el, '[part="send"]'));
    await waitFor(() => expect(journey.backend.state.finalized.map((f) => f.kind)).toEqual(['supplierSpend']), { timeout: 8000 });
    await expect(journey.backend.recordsFor(journey.connectionId(), 'supplierSpend')).toHaveLength(3);
  },
};
