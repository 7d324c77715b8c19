import { expect } from '@open-wc/testing';
import { intake, intakeInWorker, template } from '@codat-link/upload';

// Mocha's globals, as @web/test-runner provides them (no @types/mocha in the workspace).
declare const describe: (name: string, body: () => void) => void;
declare const it: (name: string, body: () => Promise<void> | void) => void;

// The dev server compiles .ts on request but does not map a fetched ./intake.worker.js to its
// source, so the tests name the worker source; Vite and the built package use the default URL.
const workerUrl = new URL('../src/intake.worker.ts', import.meta.url);

const CSV =
  'Rapport fournisseurs;;\r\n;;\r\nN° facture;Fournisseur;Date facture;Montant TTC;Devise\r\nF-1;Café Dupont;15/01/2024;1 234,56;EUR\r\nF-2;Boulangerie;03/02/2024;(12,00);EUR\r\n';

describe('@codat-link/upload in the browser', () => {
  it('intake() runs on the page with the browser Blob and TextDecoder', async () => {
    const result = await intake(new Blob([CSV]), { kind: 'bills', locale: 'fr' });
    expect(result.detected?.format).to.equal('semicolon');
    expect(result.detected?.headerRow).to.equal(3);
    expect(result.records).to.deep.equal([
      { billNumber: 'F-1', supplierName: 'Café Dupont', issueDate: '2024-01-15', totalAmount: 1234.56, currency: 'EUR' },
      { billNumber: 'F-2', supplierName: 'Boulangerie', issueDate: '2024-02-03', totalAmount: -12, currency: 'EUR' },
    ]);
  });

  it('intakeInWorker() runs in a module worker, reports progress and returns the same records', async () => {
    const progress: number[] = [];
    const file = new File([CSV], 'factures.csv', { type: 'text/csv' });
    const run = intakeInWorker(file, { kind: 'bills', locale: 'fr', workerUrl, onProgress: (p) => progress.push(p.rowsRead) });
    const result = await run.result;
    expect(result.records.length).to.equal(2);
    expect(result.records[0]).to.deep.equal({ billNumber: 'F-1', supplierName: 'Café Dupont', issueDate: '2024-01-15', totalAmount: 1234.56, currency: 'EUR' });
    expect(progress.at(-1)).to.equal(2);
  });

  it('keepRows: the worker remaps the rows it read to a new mapping, then release() ends it', async () => {
    const file = new File([CSV.replace('Devise', 'Devise;Référence').replace(/EUR\r\n/g, (m, at: number) => `EUR;REF-${at}\r\n`)], 'factures.csv');
    const first = intakeInWorker(file, { kind: 'bills', locale: 'fr', workerUrl, keepRows: true });
    const read = await first.result;
    expect(read.records.map((r) => r.billNumber)).to.deep.equal(['F-1', 'F-2']);
    const progress: number[] = [];
    const again = first.remap({ kind: 'bills', locale: 'fr', mapping: { billNumber: 'Référence' }, onProgress: (p) => progress.push(p.rowsRead) });
    const remapped = await again.result;
    expect(remapped.records.map((r) => String(r.billNumber).slice(0, 4))).to.deep.equal(['REF-', 'REF-']);
    expect(remapped.records[0]?.supplierName).to.equal('Café Dupont');
    expect(remapped.mapping.billNumber?.source).to.equal('override');
    // The kept rows are remapped in one go: one progress report at the full size, no slices read.
    expect(progress).to.deep.equal([2]);
    again.release();
    let error: unknown;
    try {
      await again.remap({ kind: 'bills' }).result;
    } catch (e) {
      error = e;
    }
    expect((error as Error).message).to.match(/released/);
  });

  it('records cross from the worker by column, and are those intake() gives on the page', async () => {
    // 25k rows: five slices; repeated and unique values, numbers and numeric text, empty cells.
    const lines = ['Invoice Number,Supplier Id,Supplier Name,Invoice Date,Total,Tax,Currency,Description'];
    for (let i = 0; i < 25_000; i++) {
      const tax = i % 3 === 0 ? '' : (i % 7).toFixed(2);
      const description = i % 5 === 0 ? '' : i % 2 === 0 ? `Batch ${i}` : 'Goods';
      lines.push(
        `INV-${i},${1000 + (i % 40)},Supplier ${i % 40},${1 + (i % 28)}/0${1 + (i % 9)}/2024,${(i * 1.37).toFixed(2)},${tax},${i % 2 ? 'EUR' : 'GBP'},${description}`,
      );
    }
    const file = new File([lines.join('\n')], 'bills.csv');
    const inWorker = await intakeInWorker(file, { kind: 'bills', workerUrl }).result;
    const here = await intake(file, { kind: 'bills' });
    expect(inWorker.records.length).to.equal(25_000);
    expect(typeof inWorker.records[0]!.supplierId).to.equal(typeof here.records[0]!.supplierId);
    expect(inWorker.records).to.deep.equal(here.records);
  });

  it('deferRecords: the result comes without its records, which cross over only when asked for', async () => {
    const file = new File([CSV], 'factures.csv');
    const first = intakeInWorker(file, { kind: 'bills', locale: 'fr', workerUrl, keepRows: true, deferRecords: true });
    const found = await first.result;
    expect(found.records).to.deep.equal([]);
    expect(found.stats.records).to.equal(2);
    expect(found.mapping.billNumber?.header).to.equal('N° facture');
    // A remap replaces the held records; only its own are handed over.
    const again = first.remap({ kind: 'bills', locale: 'fr', mapping: { supplierName: null, supplierId: 'Fournisseur' } });
    expect((await again.result).records).to.deep.equal([]);
    const records = await again.records();
    expect(records.map((r) => [r.billNumber, r.supplierId, r.supplierName])).to.deep.equal([
      ['F-1', 'Café Dupont', undefined],
      ['F-2', 'Boulangerie', undefined],
    ]);
    expect(await again.records()).to.equal(records);
    again.release();
  });

  it('reads an XLSX template in the worker (SheetJS loaded lazily there)', async () => {
    const file = await template('suppliers', { locale: 'en', format: 'xlsx' });
    const result = await intakeInWorker(file.blob, { kind: 'suppliers', workerUrl }).result;
    expect(result.detected?.format).to.equal('xlsx');
    expect(result.records[0]?.supplierName).to.equal('Acme Office Supplies Ltd');
  });

  it('cancel() rejects with an AbortError', async () => {
    const big = `Invoice Number,Supplier Name,Invoice Date,Total,Currency\n${'INV-1,Acme,2024-01-01,10.00,EUR\n'.repeat(200_000)}`;
    const run = intakeInWorker(new Blob([big]), { kind: 'bills', workerUrl });
    run.cancel();
    let error: unknown;
    try {
      await run.result;
    } catch (e) {
      error = e;
    }
    expect((error as Error).name).to.equal('AbortError');
  });

  it('starts no worker from another origin: the Trusted Types policy refuses its URL', () => {
    expect(() => intakeInWorker(new Blob([CSV]), { kind: 'bills', workerUrl: 'https://elsewhere.example/intake.worker.js' })).to.throw(
      TypeError,
      /this page's origin only, not https:\/\/elsewhere\.example/,
    );
  });
});
