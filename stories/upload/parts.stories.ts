/**
 * The upload step's parts alone, with hand-made data: the drop zone, the progress bar (reading and
 * sending), the mapping review and the preview. Each one is presentational: properties in, events out.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect, fn, userEvent, waitFor } from 'storybook/test';
import { csvFile } from '../support/files.js';
import { element, part, parts, settled } from '../support/play.js';

interface Args {
  onEvent: (type: string, detail?: unknown) => void;
}

const meta: Meta<Args> = {
  title: 'Upload/Parts',
  args: { onEvent: fn() },
};
export default meta;
type Story = StoryObj<Args>;

type Dropzone = HTMLElementTagNameMap['codat-link-upload-dropzone'];

/** Waiting for one report file: drop it, or choose it with the button. */
export const DropzoneIdle: Story = {
  render: (args) =>
    html`<codat-link-upload-dropzone
      max-bytes=${2 * 1024 * 1024}
      @codat-link-upload-file=${(e: Event) => args.onEvent('file', (e as Event & { file: File }).file.name)}
    ></codat-link-upload-dropzone>`,
  play: async ({ canvasElement, args }) => {
    const dropzone = await element<Dropzone>(canvasElement, 'codat-link-upload-dropzone');
    dropzone.offer([csvFile('vendors.csv', 'Supplier Name\nAcme\n')]);
    await expect(args.onEvent).toHaveBeenCalledWith('file', 'vendors.csv');
  },
};

/** Refused before any reading: a file of a type the intake cannot read, said in plain words. */
export const DropzoneRefused: Story = {
  render: (args) =>
    html`<codat-link-upload-dropzone
      @codat-link-upload-refused=${(e: Event) => args.onEvent('refused', (e as Event & { code: string }).code)}
    ></codat-link-upload-dropzone>`,
  play: async ({ canvasElement, args }) => {
    const dropzone = await element<Dropzone>(canvasElement, 'codat-link-upload-dropzone');
    dropzone.offer([new File(['%PDF-1.7'], 'vendors.pdf', { type: 'application/pdf' })]);
    await expect(args.onEvent).toHaveBeenCalledWith('refused', 'unsupported_type');
    await settled(dropzone);
    await expect(part(dropzone, '[part="refusal"]')).toHaveTextContent('vendors.pdf');
  },
};

/** While the step sends, the drop zone is disabled. */
export const DropzoneDisabled: Story = {
  render: () => html`<codat-link-upload-dropzone disabled></codat-link-upload-dropzone>`,
  play: async ({ canvasElement }) => {
    const dropzone = await element(canvasElement, 'codat-link-upload-dropzone');
    await expect(part(dropzone, '[part="choose"]')).toBeDisabled();
  },
};

/** Reading a file: how far in the file, how many rows so far, and cancel. */
export const ProgressReading: Story = {
  render: (args) =>
    html`<codat-link-upload-progress
      label="Reading “vendors-2025.csv”"
      detail="6.2 MB of 14.8 MB read, 81,402 rows"
      .value=${6.2}
      .max=${14.8}
      cancel-label="Cancel"
      @codat-link-upload-cancel=${() => args.onEvent('cancel')}
    ></codat-link-upload-progress>`,
  play: async ({ canvasElement, args }) => {
    const progress = await element(canvasElement, 'codat-link-upload-progress');
    await userEvent.click(part(progress, '[part="cancel"]'));
    await expect(args.onEvent).toHaveBeenCalledWith('cancel');
  },
};

/** Sending in batches: no cancel, the journey keeps going. */
export const ProgressSending: Story = {
  render: () =>
    html`<codat-link-upload-progress label="Sending your Bills report" detail="1,000 of 2,480 rows sent" .value=${1000} .max=${2480}></codat-link-upload-progress>`,
  play: async ({ canvasElement }) => {
    const progress = await element(canvasElement, 'codat-link-upload-progress');
    await expect(parts(progress, '[part="cancel"]')).toHaveLength(0);
  },
};

const MAPPING = [
  { field: 'supplierId', required: false, source: 'Partner Code', confidence: 0.72, manual: false },
  { field: 'supplierName', required: true, source: null, confidence: 0, manual: false },
  { field: 'country', required: false, source: 'Land', confidence: 0.45, manual: false, reason: 'values' as const },
  { field: 'defaultCurrency', required: false, source: 'Curr', confidence: 0.93, manual: false },
];
const HEADERS = ['Partner Code', 'Business Partner Title', 'Land', 'Curr'];
/** What intake read in the first rows of each column: shown beside each choice as its evidence. */
const SAMPLES = {
  'Partner Code': ['V1001', 'V1002', 'V1003'],
  'Business Partner Title': ['Acme Office Supplies Ltd', 'Blue Sky Logistics', 'Café Rive Gauche SARL'],
  Land: ['GB', 'GB', 'FR'],
  Curr: ['GBP', 'GBP', 'EUR'],
};

/** Unsure matches, with their confidence, and a required field with no column yet. */
export const MappingUnsure: Story = {
  render: (args) =>
    html`<codat-link-upload-mapping
      .mapping=${MAPPING}
      .headers=${HEADERS}
      .samples=${SAMPLES}
      @codat-link-upload-mapping=${(e: Event) => args.onEvent('mapping', (e as Event & { mapping: Record<string, string | null> }).mapping)}
      @codat-link-upload-cancel=${() => args.onEvent('cancel')}
    ></codat-link-upload-mapping>`,
  play: async ({ canvasElement, args }) => {
    const mapping = await element(canvasElement, 'codat-link-upload-mapping');
    await expect(parts(mapping, '[part="confidence"]')).toHaveLength(MAPPING.length);
    await userEvent.click(part(mapping, '[part="apply"]'));
    await settled(mapping);
    await expect(part(mapping, '[part="missing"]')).not.toBeEmptyDOMElement();
    await expect(part(mapping, '#field-supplierName')).toHaveAttribute('aria-invalid', 'true');
    await expect(args.onEvent).not.toHaveBeenCalled();
    await userEvent.selectOptions(part<HTMLSelectElement>(mapping, '#field-supplierName'), 'Business Partner Title');
    await settled(mapping);
    await expect(parts(mapping, '[part="samples"]').some((p) => p.textContent!.includes('Blue Sky Logistics'))).toBe(true);
    await userEvent.click(part(mapping, '[part="apply"]'));
    await expect(args.onEvent).toHaveBeenCalledWith('mapping', expect.objectContaining({ supplierName: 'Business Partner Title' }));
    await userEvent.click(part(mapping, '[part="cancel"]'));
    await expect(args.onEvent).toHaveBeenCalledWith('cancel');
  },
};

const issue = (row: number, field: string, severity: 'error' | 'warning' | 'info', message: string, code = 'invalid_value') => ({
  row,
  field,
  code,
  severity,
  message,
});

/** Rows as understood, a row with an error, a warning, a formula-looking cell shown as typed. */
const VIEW = {
  kind: 'bills',
  fileName: 'invoices.csv',
  headers: ['Invoice Number', 'Supplier Name', 'Invoice Date', 'Gross Amount'],
  mapping: [
    { field: 'billNumber', required: true, source: 'Invoice Number', confidence: 1, manual: false },
    { field: 'supplierName', required: true, source: 'Supplier Name', confidence: 1, manual: false },
    { field: 'issueDate', required: true, source: 'Invoice Date', confidence: 0.95, manual: false },
    { field: 'totalAmount', required: true, source: 'Gross Amount', confidence: 0.9, manual: false },
  ],
  rows: [
    { row: 2, values: { billNumber: 'INV-601', supplierName: 'Acme Office Supplies Ltd', issueDate: '2026-01-15', totalAmount: 100 }, issues: [], worst: null },
    {
      row: 3,
      values: {},
      issues: [issue(3, 'issueDate', 'error', '“not a date” is not a date.')],
      worst: 'error',
    },
    {
      row: 4,
      values: { billNumber: 'INV-603', supplierName: '=HYPERLINK("http://evil.example")', issueDate: '2026-01-20', totalAmount: 50 },
      issues: [issue(4, 'supplierName', 'warning', 'This cell starts like a formula; it is kept as text.', 'formula_injection')],
      worst: 'warning',
    },
    { row: 5, values: { billNumber: 'INV-604', supplierName: 'Blue Sky Logistics', issueDate: '2026-01-31', totalAmount: 75.2 }, issues: [], worst: null },
  ],
  fileIssues: [{ code: 'total_row_excluded', severity: 'info', message: 'A totals row at the end was left out.' }],
  counts: { error: 1, warning: 1, info: 1 },
  looksLike: null,
  raw: null,
};

export const PreviewWithIssues: Story = {
  render: (args) =>
    html`<codat-link-upload-preview
      .view=${VIEW}
      @codat-link-upload-download-issues=${() => args.onEvent('download-issues')}
    ></codat-link-upload-preview>`,
  play: async ({ canvasElement, args }) => {
    const preview = await element(canvasElement, 'codat-link-upload-preview');
    // Four rows are rendered plainly, with the preview's first update.
    await waitFor(() => expect(parts(preview, '[part="row"]')).toHaveLength(4), { timeout: 5000 });
    await expect(part(preview, '[part="file-issues"]')).toBeVisible();
    // Cells are text: the formula-looking value is shown as typed, never evaluated or linked.
    await expect(preview.shadowRoot!.querySelector('a')).toBeNull();
    await userEvent.click(part(preview, '[part="filter"] input'));
    await waitFor(() => expect(parts(preview, '[part="row"]')).toHaveLength(2), { timeout: 5000 });
    await userEvent.click(part(preview, '[part="download"]'));
    await expect(args.onEvent).toHaveBeenCalledWith('download-issues');
  },
};

/** A file with nothing to say: no problems, no download. */
export const PreviewClean: Story = {
  render: () =>
    html`<codat-link-upload-preview
      .view=${{ ...VIEW, rows: [VIEW.rows[0], VIEW.rows[3]], fileIssues: [], counts: { error: 0, warning: 0, info: 0 } }}
    ></codat-link-upload-preview>`,
  play: async ({ canvasElement }) => {
    const preview = await element(canvasElement, 'codat-link-upload-preview');
    await expect(part(preview, '[part="download"]')).not.toBeVisible();
  },
};

/** The wide layout: the element wider than 640 px gives a taller table whose columns share out the width. */
export const PreviewWide: Story = {
  render: () =>
    html`<div style="width: 56rem; max-width: 100%">
      <codat-link-upload-preview .view=${VIEW}></codat-link-upload-preview>
    </div>`,
  play: async ({ canvasElement }) => {
    const preview = await element(canvasElement, 'codat-link-upload-preview');
    await waitFor(() => expect(parts(preview, '[part="row"]')).toHaveLength(4), { timeout: 5000 });
    const table = part(preview, '[part="table"]');
    // Wider than 640 px (a wide enough story frame): more than the narrow 24rem.
    if (preview.getBoundingClientRect().width > 640) await expect(table.getBoundingClientRect().height).toBeGreaterThan(24 * 16 + 2);
  },
};

/** 100k rows of one line, with a problem under one row in 100. */
function manyRows(count: number) {
  const rows = [];
  for (let i = 0; i < count; i += 1) {
    const bad = i % 100 === 7;
    rows.push({
      row: i + 2,
      values: { billNumber: `INV-${100000 + i}`, supplierName: `Supplier ${i % 500}`, issueDate: '2026-01-15', totalAmount: (i % 997) * 3.5 },
      issues: bad ? [issue(i + 2, 'issueDate', 'error', `Issue date “${i}/13/2026” is not a date.`, 'invalid_date')] : [],
      worst: bad ? ('error' as const) : null,
    });
  }
  return { ...VIEW, fileName: 'invoices-100k.csv', rows, fileIssues: [], counts: { error: Math.ceil((count - 7) / 100), warning: 0, info: 0 } };
}

/**
 * A 100k-row file: above 200 rows only the rows in view (and a few hundred px each side) are in the
 * DOM, and the table keeps its full height and row count (`aria-rowcount`) for the scrollbar and
 * screen readers. Scrolled to the middle here.
 */
export const PreviewLarge: Story = {
  render: () => html`<codat-link-upload-preview .view=${manyRows(100_000)}></codat-link-upload-preview>`,
  play: async ({ canvasElement }) => {
    const preview = await element(canvasElement, 'codat-link-upload-preview');
    const table = part(preview, '[part="table"]');
    await expect(table).toHaveAttribute('aria-rowcount', '100001');
    table.scrollTop = Math.round(table.scrollHeight / 2);
    await waitFor(() => expect(Number(parts(preview, '[part="row"]')[0]?.getAttribute('aria-rowindex'))).toBeGreaterThan(45_000), { timeout: 5000 });
    await expect(parts(preview, '[part="row"]').length).toBeLessThan(60);
  },
};
