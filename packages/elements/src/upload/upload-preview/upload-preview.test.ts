import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { setupIgnoreWindowResizeObserverLoopErrors } from '@lit-labs/virtualizer/support/resize-observer-errors.js';
import '../define.js';
import { describe, it, beforeEach, afterEach, expectNoLitWarnings } from '../test-globals.js';
import type { UploadPreview } from './upload-preview.js';
import type { IntakeView, PreviewRow } from '../upload-types.js';

function view(count: number): IntakeView {
  const rows: PreviewRow[] = [];
  for (let i = 0; i < count; i += 1) {
    const bad = i % 100 === 7;
    rows.push({
      row: i + 2,
      values: { billNumber: `INV-${i}`, supplierName: i === 0 ? '=HYPERLINK("http://evil")' : `<b>Supplier ${i}</b>`, totalAmount: i * 1.5 },
      issues: bad ? [{ row: i + 2, field: 'issueDate', code: 'invalid_date', severity: 'error', message: `Issue date “x${i}” is not a date.` }] : [],
      worst: bad ? 'error' : null,
    });
  }
  return {
    kind: 'bills',
    fileName: 'bills.csv',
    headers: ['Invoice', 'Vendor', 'Total'],
    samples: {},
    mapping: [
      { field: 'billNumber', required: true, source: 'Invoice', confidence: 1, manual: false },
      { field: 'supplierName', required: true, source: 'Vendor', confidence: 1, manual: false },
      { field: 'totalAmount', required: true, source: 'Total', confidence: 1, manual: false },
      { field: 'dueDate', required: false, source: null, confidence: 0, manual: false },
    ],
    rows,
    fileIssues: [{ code: 'date_order_ambiguous', severity: 'warning', message: 'Dates could be day/month or month/day.' }],
    counts: { error: Math.ceil((count - 7) / 100), warning: 1, info: 0 },
    looksLike: null,
    sendable: [],
    refusedRows: [],
    raw: null,
  };
}

const renderedRows = (el: UploadPreview) => [...el.shadowRoot!.querySelectorAll('.body [role=row]')];

describe('codat-link-upload-preview', () => {
  afterEach(expectNoLitWarnings);
  // The virtualizer measures rows as they appear; Chromium reports that as a benign loop error.
  setupIgnoreWindowResizeObserverLoopErrors(beforeEach, afterEach, { suppressErrorLogging: true });

  it('renders only a window of a 50k-row file, with cells as text and counts by severity', async function () {
    this.timeout(30_000);
    // The virtualizer lays rows out in animation frames, which a background tab never gets: with the
    // runner's concurrency this page can stay behind another. Skipped (and reported so), not passed.
    await waitUntil(() => document.visibilityState === 'visible', 'hidden', { timeout: 5000 }).catch(() => undefined);
    if (document.visibilityState !== 'visible') this.skip();
    const el = await fixture<UploadPreview>(html`<codat-link-upload-preview .view=${view(50_000)}></codat-link-upload-preview>`);
    await waitUntil(() => renderedRows(el).length > 0, `no row rendered (page ${document.visibilityState})`, { timeout: 25_000 });
    const rows = renderedRows(el);
    expect(rows.length).to.be.within(1, 200);
    expect(rows[0]!.textContent).to.contain('=HYPERLINK("http://evil")');
    expect(rows[1]!.querySelector('b')).to.equal(null);
    expect(rows[1]!.textContent).to.contain('<b>Supplier 1</b>');
    expect(el.shadowRoot!.querySelector('[part=counts]')!.textContent!.trim()).to.equal('500 errors, 1 warning, 0 notes');
    const headers = [...el.shadowRoot!.querySelectorAll('[role=columnheader]')].map((h) => h.textContent!.trim());
    expect(headers).to.deep.equal(['Row', 'Invoice number', 'Supplier name', 'Total amount']);
    expect(el.shadowRoot!.querySelector('[part=file-issues]')!.textContent).to.contain('Dates could be day/month');
  });

  it('filters to rows with problems and shows each problem under its row', async () => {
    const el = await fixture<UploadPreview>(html`<codat-link-upload-preview .view=${view(1000)}></codat-link-upload-preview>`);
    el.shadowRoot!.querySelector<HTMLInputElement>('[part=filter] input')!.click();
    await el.updateComplete;
    await waitUntil(() => renderedRows(el).length === 10, 'the filter did not apply', { timeout: 5000 });
    expect(el.shadowRoot!.querySelector('.shown')!.textContent!.trim()).to.equal('10 of 1,000 rows shown');
    const first = renderedRows(el)[0]!;
    expect(first.textContent).to.contain('INV-7').and.contain('Error').and.contain('Issue date “x7” is not a date.');
    await expect(el).to.be.accessible();
  });

  it('asks for the issues CSV', async () => {
    const el = await fixture<UploadPreview>(html`<codat-link-upload-preview locale="fr" .view=${view(10)}></codat-link-upload-preview>`);
    const button = el.shadowRoot!.querySelector<HTMLButtonElement>('[part=download]')!;
    expect(button.textContent!.trim()).to.equal('Télécharger les problèmes (CSV)');
    setTimeout(() => button.click());
    await oneEvent(el, 'codat-link-upload-download-issues');
  });
});
