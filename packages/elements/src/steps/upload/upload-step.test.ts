import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { waitFor } from 'xstate';
import { MemoryBackend, createJourneyActor, persistJourney, stepOf } from '@codat-link/core';
import type { FailureRule, JourneyActor, LinkConfigInput } from '@codat-link/core';
import { template } from '@codat-link/upload';
import '../../upload/define.js';
import { describe, it, beforeEach, afterEach, expectNoLitWarnings } from '../../upload/test-globals.js';
import type { CodatLinkUploadStep } from './upload-step.js';
import { driveUploadStep, type UploadStepDriver } from '../../testing/upload-step-driver.js';
import { uploadStepOf } from '../../codat-link/journey-view.js';

const SUPPLIERS = `Vendor master list,,,,,
Exported 15/01/2026,,,,,
Supplier Number,Supplier Name,VAT Registration,Country,Currency,Email
V-1001,Acme Office Supplies Ltd,GB123456789,GB,GBP,ap@acme.example
V-1002,Blue Sky Logistics,GB987654321,GB,GBP,billing@bluesky.example
V-1003,Café Rive Gauche SARL,FR12345678901,FR,EUR,compta@rivegauche.example
`;
const BILLS_HEADER = 'Invoice Number,Supplier Number,Supplier Name,Invoice Date,Due Date,Currency,Gross Amount,Status\n';
const BILLS =
  BILLS_HEADER +
  `INV-501,V-1001,Acme Office Supplies Ltd,15/01/2026,14/02/2026,GBP,"1,234.56",Open
INV-502,V-1002,Blue Sky Logistics,16/01/2026,15/02/2026,GBP,980.00,Paid
INV-503,V-1003,Café Rive Gauche SARL,20/01/2026,19/02/2026,EUR,"2,450.10",Open
INV-504,V-1001,Acme Office Supplies Ltd,31/01/2026,02/03/2026,GBP,75.20,Open
`;
/** Rows 3 and 5 of the file (a bad date, a missing amount) have errors. */
const BILLS_WITH_ERRORS =
  BILLS_HEADER +
  `INV-601,V-1001,Acme Office Supplies Ltd,15/01/2026,14/02/2026,GBP,100.00,Open
INV-602,V-1002,Blue Sky Logistics,not a date,15/02/2026,GBP,980.00,Paid
INV-603,V-1003,Café Rive Gauche SARL,20/01/2026,19/02/2026,EUR,50.00,Open
INV-604,V-1001,Acme Office Supplies Ltd,31/01/2026,02/03/2026,GBP,,Open
`;

const file = (name: string, text: string) => new File([text], name, { type: 'text/csv' });
const drivers: UploadStepDriver[] = [];

/** Renders the journey's upload step the way `<codat-link>` does (render-step.ts), intents included. */
async function mount(actor: JourneyActor, locale?: string): Promise<CodatLinkUploadStep> {
  await waitFor(actor, (s) => uploadStepOf(s) !== undefined);
  const container = await fixture<HTMLDivElement>(html`<div></div>`);
  const driver = driveUploadStep(actor, container);
  drivers.push(driver);
  const el = driver.step!;
  if (locale) el.locale = locale;
  await el.updateComplete;
  return el;
}

interface Setup {
  el: CodatLinkUploadStep;
  actor: JourneyActor;
  backend: MemoryBackend;
  connectionId: () => string;
}

/** Walks a journey to the Suppliers step and renders the step the way `<codat-link>` does. */
async function atSuppliersStep(config: Partial<LinkConfigInput> = {}, failures: FailureRule[] = []): Promise<Setup> {
  const backend = new MemoryBackend({ request: { dataTypes: ['spendAnalysis'] }, failures });
  const { actor } = createJourneyActor({
    backend,
    config: { dataTypes: ['spendAnalysis'], batchSize: 2, ...config, retry: { maxAttempts: 2, baseDelayMs: 0 } },
    sessionId: `sess_${Math.random().toString(36).slice(2)}`,
  });
  actor.start();
  // A spend request opens with the checklist: Start.
  await waitFor(actor, (s) => stepOf(s) === 'checklist' && !s.hasTag('busy'));
  actor.send({ type: 'CONTINUE' });
  await waitFor(actor, (s) => stepOf(s) === 'provisionMethod' && !s.hasTag('busy'));
  actor.send({ type: 'SELECT_PROVISION_METHOD', method: 'software' });
  actor.send({ type: 'SET_ENTITY_COUNT', count: 'one' });
  actor.send({ type: 'SELECT_INTEGRATION', integrationKey: 'sap-business-one' });
  actor.send({ type: 'GIVE_CONSENT', text: 'I allow Example Bank to read my suppliers and bills.' });
  await waitFor(actor, (s) => stepOf(s) === 'disclaimer' && !s.hasTag('busy'));
  actor.send({ type: 'CONTINUE' });
  const el = await mount(actor);
  const connectionId = () => {
    const context = actor.getSnapshot().context;
    return context.entities[context.currentEntity ?? 0]!.connectionId!;
  };
  return { el, actor, backend, connectionId };
}

const $ = <T extends Element = HTMLElement>(root: Element, selector: string) => root.shadowRoot!.querySelector<T>(selector);

function drop(el: CodatLinkUploadStep, f: File) {
  $<import('../../upload/upload-dropzone/upload-dropzone.js').UploadDropzone>(el, 'codat-link-upload-dropzone')!.offer([f]);
}

async function preview(el: CodatLinkUploadStep) {
  await waitUntil(() => $(el, 'codat-link-upload-preview'), 'the preview did not appear', { timeout: 5000 });
  return $(el, 'codat-link-upload-preview')!;
}

const sendButton = (el: CodatLinkUploadStep) => $<HTMLButtonElement>(el, '[part=send]')!;
const rejection = (el: CodatLinkUploadStep) => $(el, '[part=rejection]')?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

describe('codat-link-upload-step', () => {
  afterEach(expectNoLitWarnings);
  afterEach(() => drivers.splice(0).forEach((d) => d.stop()));
  beforeEach(() => localStorage.clear());

  it('takes a realistic Suppliers file then a Bills file through to the backend', async () => {
    const { el, actor, backend, connectionId } = await atSuppliersStep();
    expect($(el, '[part=heading]')!.textContent).to.equal('Upload your Suppliers report');
    expect($(el, '[part=instructions]')!.textContent).to.contain('Business Partner Master Data');
    await expect(el).to.be.accessible();

    drop(el, file('vendors.csv', SUPPLIERS));
    await preview(el);
    expect($(el, '.summary')!.textContent).to.equal('3 rows read from “vendors.csv”.');
    expect(sendButton(el).textContent!.trim()).to.equal('Send 3 rows');
    await expect(el).to.be.accessible();
    sendButton(el).click();
    await waitFor(actor, (s) => stepOf(s) === 'uploadBills' && !s.hasTag('busy'));
    await el.updateComplete;
    expect($(el, '[part=heading]')!.textContent).to.equal('Upload your Bills report');

    drop(el, file('invoices.csv', BILLS));
    const shown = await preview(el);
    // Every bill's supplier is in the Suppliers file just sent: no cross-check warning.
    expect($(shown, '[part=counts]')!.textContent!.trim()).to.equal('0 errors, 0 warnings, 0 notes');
    sendButton(el).click();
    await waitFor(actor, (s) => stepOf(s) === 'entityComplete');

    expect(backend.recordsFor(connectionId(), 'suppliers').map((r) => r.supplierName)).to.deep.equal([
      'Acme Office Supplies Ltd',
      'Blue Sky Logistics',
      'Café Rive Gauche SARL',
    ]);
    const bills = backend.recordsFor(connectionId(), 'bills');
    expect(bills.map((r) => r.billNumber)).to.deep.equal(['INV-501', 'INV-502', 'INV-503', 'INV-504']);
    expect(bills[0]).to.include({ issueDate: '2026-01-15', totalAmount: 1234.56, currency: 'GBP' });
    expect(backend.state.finalized.map((f) => [f.kind, f.recordCount])).to.deep.equal([
      ['suppliers', 3],
      ['bills', 4],
    ]);
  });

  it('shows the errors of a file and blocks it when the policy refuses rows with errors', async () => {
    const { el, actor, backend } = await atSuppliersStep({ uploadSteps: ['bills'] });
    await waitUntil(() => actor.getSnapshot().hasTag('step:uploadBills'), 'not at the Bills step', { timeout: 5000 });
    await el.updateComplete;
    drop(el, file('invoices.csv', BILLS_WITH_ERRORS));
    const shown = await preview(el);
    expect($(el, '[part=policy]')!.textContent!.trim()).to.equal('2 rows have errors. Fix them in your software, export the report again and drop it here.');
    expect(sendButton(el).disabled).to.equal(true);
    $<HTMLInputElement>(shown, '[part=filter] input')!.click();
    await waitUntil(() => shown.shadowRoot!.querySelectorAll('.body [role=row]').length === 2, 'the filter did not apply', { timeout: 5000 });
    const problems = [...shown.shadowRoot!.querySelectorAll('.body [role=row]')].map((r) => r.textContent!.replace(/\s+/g, ' '));
    expect(problems[0]).to.contain('3').and.contain('Error');
    expect(problems[1]).to.contain('5').and.contain('Error');
    expect(backend.callsTo('submitBatch')).to.have.length(0);
  });

  it('sends only the valid rows, naming the rows left out, when the policy skips them', async () => {
    const { el, actor, backend, connectionId } = await atSuppliersStep({ uploadSteps: ['bills'], rowErrorPolicy: 'skipInvalid' });
    const completed: unknown[] = [];
    actor.on('upload_completed', (event) => completed.push(event.summary));
    await waitUntil(() => actor.getSnapshot().hasTag('step:uploadBills'), 'not at the Bills step', { timeout: 5000 });
    await el.updateComplete;
    drop(el, file('invoices.csv', BILLS_WITH_ERRORS));
    await preview(el);
    expect($(el, '[part=policy]')!.textContent!.replace(/\s+/g, ' ').trim()).to.equal(
      '2 rows have errors and will be left out: rows 3, 5. The other 2 rows will be sent.',
    );
    expect(sendButton(el).textContent!.trim()).to.equal('Send 2 rows');
    sendButton(el).click();
    await waitFor(actor, (s) => stepOf(s) === 'entityComplete');
    expect(backend.recordsFor(connectionId(), 'bills').map((r) => r.billNumber)).to.deep.equal(['INV-601', 'INV-603']);
    // What <codat-link> reports as codat-link-upload's skippedCount.
    expect(completed).to.deep.equal([{ skipped: 2 }]);
  });

  it('refuses a Bills report dropped at the Suppliers step, saying which report it looks like', async () => {
    const { el, backend } = await atSuppliersStep();
    drop(el, file('invoices.csv', BILLS));
    await waitUntil(() => rejection(el) !== '', 'no rejection shown', { timeout: 5000 });
    expect(rejection(el)).to.equal('We could not use this file This looks like your Bills report. This step needs your Suppliers report.');
    expect($(el, '[part=rejection]')!.getAttribute('role')).to.equal('alert');
    await expect(el).to.be.accessible();
    expect($(el, 'codat-link-upload-preview')).to.equal(null);
    expect(backend.callsTo('submitBatch')).to.have.length(0);
  });

  it("a new file clears the previous file's messages: one refusal on screen at a time", async () => {
    const { el } = await atSuppliersStep();
    drop(el, file('invoices.csv', BILLS));
    await waitUntil(() => rejection(el) !== '', 'no rejection shown', { timeout: 5000 });
    // Then an empty file, refused by the drop zone before any reading.
    drop(el, file('empty.csv', ''));
    await el.updateComplete;
    const dropzone = $(el, 'codat-link-upload-dropzone')!;
    await waitUntil(() => dropzone.shadowRoot!.textContent!.includes('empty'), 'the empty file was not refused', { timeout: 3000 });
    // Before, the Bills refusal stayed above the new message.
    expect(rejection(el)).to.equal('');
    expect(el.shadowRoot!.querySelectorAll('[role=alert]:not(:empty)').length).to.be.at.most(1);
  });

  it('says the same in French', async () => {
    const { el } = await atSuppliersStep();
    el.locale = 'fr';
    drop(el, file('factures.csv', BILLS));
    await waitUntil(() => rejection(el) !== '', 'no rejection shown', { timeout: 5000 });
    expect(rejection(el)).to.contain('Ce fichier ressemble à votre rapport Factures. Cette étape attend votre rapport Fournisseurs.');
  });

  it('cancels while reading a large file, and nothing is sent', async () => {
    // A row limit above the file's, so reading lasts until the cancel.
    const { el, backend } = await atSuppliersStep({ fileLimits: { maxBytes: 20 * 1024 * 1024, maxRows: 500_000 } });
    const rows = Array.from({ length: 200_000 }, (_, i) => `V-${i},Supplier ${i},GB,GBP`).join('\n');
    drop(el, file('big.csv', `Supplier Number,Supplier Name,Country,Currency\n${rows}\n`));
    await waitUntil(() => $(el, 'codat-link-upload-progress'), 'no reading progress', { timeout: 5000 });
    const progress = $(el, 'codat-link-upload-progress')!;
    expect($(progress, '[part=label]')!.textContent).to.equal('Reading “big.csv”');
    $<HTMLButtonElement>(progress, '[part=cancel]')!.focus();
    $<HTMLButtonElement>(progress, '[part=cancel]')!.click();
    await el.updateComplete;
    const dropzone = $(el, 'codat-link-upload-dropzone')!;
    // The cancel button is gone: focus goes back to "Choose a file", not to the page.
    // Booleans, not elements: chai would serialise the whole element tree in its failure message.
    await waitUntil(() => el.shadowRoot!.activeElement === dropzone, 'focus did not go back to the drop zone', { timeout: 5000 });
    expect(dropzone.shadowRoot!.activeElement === $(dropzone, '[part=choose]'), 'focus on Choose a file').to.equal(true);
    expect($(el, '[role=status]')!.textContent).to.equal('Reading cancelled. Nothing was sent.');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect($(el, 'codat-link-upload-preview')).to.equal(null);
    expect(backend.callsTo('submitBatch')).to.have.length(0);
  });

  it('after a backend failure, retry sends each row exactly once', async () => {
    // The second batch is stored, then its response is lost, twice: retries are exhausted.
    const { el, actor, backend, connectionId } = await atSuppliersStep({}, [{ method: 'submitBatch', code: 'network_error', call: 2, times: 2, after: true }]);
    drop(el, file('vendors.csv', SUPPLIERS));
    await preview(el);
    sendButton(el).click();
    await waitUntil(() => $(el, '[part=retry]'), 'no retry offered', { timeout: 5000 });
    expect($(el, '[role=alert]')!.textContent).to.contain('Sending stopped');
    await expect(el).to.be.accessible();
    $<HTMLButtonElement>(el, '[part=retry]')!.click();
    await waitFor(actor, (s) => stepOf(s) === 'uploadBills' && !s.hasTag('busy'));
    const names = backend.recordsFor(connectionId(), 'suppliers').map((r) => r.supplierName);
    expect(names).to.deep.equal(['Acme Office Supplies Ltd', 'Blue Sky Logistics', 'Café Rive Gauche SARL']);
  });

  it('asks for the columns it could not match, then remembers them for the next entity on the same software', async () => {
    const partners = 'Partner Code,Business Partner Title,Land,Curr\nV1,Acme,GB,GBP\nV2,Blue Sky,GB,GBP\n';
    const first = await atSuppliersStep();
    drop(first.el, file('partners.csv', partners));
    await waitUntil(() => $(first.el, 'codat-link-upload-mapping'), 'no mapping review', { timeout: 5000 });
    const mapping = $(first.el, 'codat-link-upload-mapping')!;
    await expect(first.el).to.be.accessible();
    const name = $<HTMLSelectElement>(mapping, '#field-supplierName')!;
    expect(name.value).to.equal('');
    name.value = 'Business Partner Title';
    name.dispatchEvent(new Event('change'));
    await (mapping as unknown as { updateComplete: Promise<unknown> }).updateComplete;
    // The review shows what the chosen column holds, read from the file itself.
    expect($(mapping, '#field-supplierName-samples')!.textContent).to.contain('Acme').and.contain('Blue Sky');
    $<HTMLButtonElement>(mapping, '[part=apply]')!.click();
    await preview(first.el);
    sendButton(first.el).click();
    await waitFor(first.actor, (s) => stepOf(s) === 'uploadBills' && !s.hasTag('busy'));
    expect(first.backend.recordsFor(first.connectionId(), 'suppliers').map((r) => r.supplierName)).to.deep.equal(['Acme', 'Blue Sky']);

    const next = await atSuppliersStep();
    drop(next.el, file('partners.csv', partners));
    await preview(next.el);
    expect(sendButton(next.el).textContent!.trim()).to.equal('Send 2 rows');
  });

  it('Apply remaps the rows already read: the file is not read a second time', async () => {
    const dropped = file('companies.csv', 'Code,Company,Land,Curr\nV1,Acme,GB,GBP\nV2,Blue Sky,GB,GBP\n');
    // Every read of the file: on the page (the main-thread fallback) or a worker asked to start on
    // it; a worker asked to remap reads nothing.
    const reads: string[] = [];
    // The slices of records the worker hands over to the page.
    const handedOver: number[] = [];
    const heard = new WeakSet<Worker>();
    const spied = ['slice', 'stream', 'arrayBuffer', 'text'] as const;
    const originals = spied.map((name) => Blob.prototype[name]);
    spied.forEach((name, i) => {
      const original = originals[i] as (...args: unknown[]) => unknown;
      (Blob.prototype as unknown as Record<string, unknown>)[name] = function (this: Blob, ...args: unknown[]) {
        if (this === dropped) reads.push(`page ${name}`);
        return original.apply(this, args);
      };
    });
    const post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (this: Worker, message: unknown, ...rest: [StructuredSerializeOptions?]) {
      const type = (message as { type?: string }).type;
      if (type === 'start' || type === 'remap') reads.push(`worker ${type}`);
      if (!heard.has(this)) {
        heard.add(this);
        this.addEventListener('message', (event: MessageEvent<{ type?: string }>) => {
          if (event.data.type === 'records') handedOver.push(reads.length);
        });
      }
      return post.call(this, message, ...rest);
    } as typeof post;
    try {
      const { el, actor, backend, connectionId } = await atSuppliersStep();
      // "Company" is likely the supplier name, not surely: the review is shown over rows already read.
      drop(el, dropped);
      await waitUntil(() => $(el, 'codat-link-upload-mapping'), 'no mapping review', { timeout: 5000 });
      const firstRead = [...reads].filter((r) => r !== 'worker remap');
      expect(firstRead.length, JSON.stringify(reads)).to.be.greaterThan(0);
      const mapping = $(el, 'codat-link-upload-mapping')!;
      const code = $<HTMLSelectElement>(mapping, '#field-supplierId')!;
      code.value = '';
      code.dispatchEvent(new Event('change'));
      await (mapping as unknown as { updateComplete: Promise<unknown> }).updateComplete;
      $<HTMLButtonElement>(mapping, '[part=apply]')!.click();
      await preview(el);
      expect(
        reads.filter((r) => r !== 'worker remap'),
        'reads of the file',
      ).to.deep.equal(firstRead);
      // It was read in the worker, once; the records came over once, those of the mapping applied
      // (the first read's, which the review replaced, stayed in the worker).
      expect(reads).to.deep.equal(['worker start', 'worker remap']);
      expect(handedOver, 'slices of records handed over, by reads started before each').to.deep.equal([2]);
      sendButton(el).click();
      await waitFor(actor, (s) => stepOf(s) === 'uploadBills' && !s.hasTag('busy'));
      const sent = backend.recordsFor(connectionId(), 'suppliers');
      expect(sent.map((r) => [r.supplierName, r.supplierId])).to.deep.equal([
        ['Acme', undefined],
        ['Blue Sky', undefined],
      ]);
    } finally {
      spied.forEach((name, i) => ((Blob.prototype as unknown as Record<string, unknown>)[name] = originals[i]));
      Worker.prototype.postMessage = post;
    }
  });

  it('leaves the mapping review with Cancel: to choosing a file, or back to the preview it came from', async () => {
    const partners = 'Partner Code,Business Partner Title,Land,Curr\nV1,Acme,GB,GBP\nV2,Blue Sky,GB,GBP\n';
    const { el } = await atSuppliersStep();
    drop(el, file('partners.csv', partners));
    await waitUntil(() => $(el, 'codat-link-upload-mapping'), 'no mapping review', { timeout: 5000 });
    $<HTMLButtonElement>($(el, 'codat-link-upload-mapping')!, '[part=cancel]')!.click();
    await el.updateComplete;
    expect($(el, 'codat-link-upload-mapping')).to.equal(null);
    expect($(el, 'codat-link-upload-dropzone')).to.not.equal(null);
    // A sure file goes to the preview; "Change the columns", then Cancel, returns to it unchanged.
    drop(el, file('vendors.csv', SUPPLIERS));
    await preview(el);
    const edit = [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent!.includes('Change the columns'))!;
    edit.click();
    await el.updateComplete;
    const review = $(el, 'codat-link-upload-mapping')!;
    await (review as unknown as { updateComplete: Promise<unknown> }).updateComplete;
    $<HTMLButtonElement>(review, '[part=cancel]')!.click();
    await el.updateComplete;
    expect(sendButton(el).textContent!.trim()).to.equal('Send 3 rows');
    await expect(el).to.be.accessible();
  });

  it('downloads the template and the problems as CSV', async () => {
    const { el } = await atSuppliersStep({ uploadSteps: ['bills'] });
    await el.updateComplete;
    const saved: { name: string; text: Promise<string> }[] = [];
    const capture = (event: Event) => {
      const link = event.target;
      if (!(link instanceof HTMLAnchorElement) || !link.download) return;
      event.preventDefault();
      saved.push({ name: link.download, text: fetch(link.href).then((r) => r.text()) });
    };
    document.addEventListener('click', capture, true);
    try {
      $<HTMLButtonElement>(el, '[part=template]')!.click();
      await waitUntil(() => saved.length === 1, 'no template saved', { timeout: 5000 });
      expect(saved[0]!.name).to.equal('bills-template.csv');
      expect(await saved[0]!.text).to.contain('Bill number');

      drop(el, file('invoices.csv', BILLS_WITH_ERRORS));
      const shown = await preview(el);
      $<HTMLButtonElement>(shown, '[part=download]')!.click();
      await waitUntil(() => saved.length === 2, 'no problems saved', { timeout: 5000 });
      expect(saved[1]!.name).to.equal('invoices-problems.csv');
      const csv = await saved[1]!.text;
      expect(csv).to.contain('Row,Column,Field,Code,Severity,Message,Value');
      expect(csv).to.contain('invalid_date');
    } finally {
      document.removeEventListener('click', capture, true);
    }
  });

  it('resumes after a reload: the same file again sends only the rows the backend does not have', async () => {
    // Batches of 2: the first is stored, the second fails on both attempts, then the page reloads.
    const config = {};
    const first = await atSuppliersStep(config, [{ method: 'submitBatch', code: 'network_error', call: 2, times: 2 }]);
    drop(first.el, file('vendors.csv', SUPPLIERS));
    await preview(first.el);
    sendButton(first.el).click();
    await waitUntil(() => $(first.el, '[part=retry]'), 'no retry offered', { timeout: 5000 });
    const persisted = persistJourney(first.actor);
    first.actor.stop();
    first.el.remove();

    const { actor } = createJourneyActor({
      backend: first.backend,
      config: { dataTypes: ['spendAnalysis'], batchSize: 2, retry: { maxAttempts: 2, baseDelayMs: 0 } },
      sessionId: actor0SessionId(persisted),
      persisted,
    });
    actor.start();
    const el = await mount(actor);
    // The records did not survive the reload: retrying asks for the file again.
    $<HTMLButtonElement>(el, '[part=retry]')!.click();
    await waitUntil(() => $(el, '.notice'), 'no resume notice', { timeout: 5000 });
    expect($(el, '.notice')!.textContent!.trim()).to.equal(
      'Sending “vendors.csv” was interrupted after 2 of 3 rows. Drop the same file to continue where it stopped.',
    );
    const before = first.backend.callsTo('submitBatch').length;
    drop(el, file('vendors.csv', SUPPLIERS));
    await preview(el);
    sendButton(el).click();
    await waitFor(actor, (s) => stepOf(s) === 'uploadBills' && !s.hasTag('busy'));
    const resumed = first.backend.callsTo('submitBatch').slice(before);
    expect(resumed.map((c) => (c.input as { batchIndex: number }).batchIndex)).to.deep.equal([1]);
    expect(first.backend.recordsFor(first.connectionId(), 'suppliers').map((r) => r.supplierId)).to.deep.equal(['V-1001', 'V-1002', 'V-1003']);
  });

  it('takes the filled-in supplier spend template, in French, through the manual path', async () => {
    const backend = new MemoryBackend({ request: { dataTypes: ['spendAnalysis'] } });
    const { actor } = createJourneyActor({
      backend,
      config: { dataTypes: ['spendAnalysis'], retry: { maxAttempts: 2, baseDelayMs: 0 }, locale: 'fr' },
      sessionId: `sess_${Math.random().toString(36).slice(2)}`,
    });
    actor.start();
    // A spend request opens with the checklist: Start.
    await waitFor(actor, (s) => stepOf(s) === 'checklist' && !s.hasTag('busy'));
    actor.send({ type: 'CONTINUE' });
    await waitFor(actor, (s) => stepOf(s) === 'provisionMethod' && !s.hasTag('busy'));
    actor.send({ type: 'SELECT_PROVISION_METHOD', method: 'manual' });
    actor.send({ type: 'GIVE_CONSENT', text: 'Partager le fichier de dépenses fournisseurs' });
    await waitFor(actor, (s) => stepOf(s) === 'manualUpload' && !s.hasTag('busy'));
    const el = await mount(actor, 'fr');
    expect($(el, '[part=heading]')!.textContent).to.equal('Téléversez votre fichier de dépenses par fournisseur');
    expect($(el, '[part=instructions]')).to.equal(null);

    // The customer downloads the template, keeps its example row and adds one of their own.
    const filled = await (await template('supplierSpend', { locale: 'fr', format: 'csv' })).blob.text();
    const added = 'Transports Dupont;;;FR;;9 876,50;EUR;4;Virement;;2024-01-01;2024-12-31';
    drop(el, file('depenses.csv', `${filled.trimEnd()}\r\n${added}\r\n`));
    await preview(el);
    expect(sendButton(el).textContent!.trim()).to.equal('Envoyer 2 lignes');
    sendButton(el).click();
    await waitFor(actor, (s) => stepOf(s) !== 'manualUpload' && !s.hasTag('busy'));
    const context = actor.getSnapshot().context;
    const connectionId = context.entities[context.currentEntity ?? 0]!.connectionId!;
    const spend = backend.recordsFor(connectionId, 'supplierSpend');
    expect(spend.map((r) => [r.supplierName, r.totalSpend])).to.deep.equal([
      ['Fournitures Martin SARL', 18240.5],
      ['Transports Dupont', 9876.5],
    ]);
  });
});

function actor0SessionId(persisted: { snapshot: unknown }): string {
  return (persisted.snapshot as { context: { sessionId: string } }).context.sessionId;
}
