import { expect, waitUntil } from '@open-wc/testing';
import { describe, it } from './test-globals.js';
import { loadUploadApi, mainThreadIntakeRequested, startReading } from './intake-loader.js';

// Every worker the page starts, by script URL. Installed before anything of the intake runs: the
// intake's Trusted Types subclass of Worker is built on first use, over this one.
const started: string[] = [];
const PageWorker = globalThis.Worker;
globalThis.Worker = class extends PageWorker {
  constructor(url: string | URL, options?: WorkerOptions) {
    started.push(String(url));
    super(url, options);
  }
};

const CSV = 'Invoice Number,Supplier Name,Invoice Date,Total,Currency\nA-1,Acme,2024-01-15,10.00,EUR\nA-2,Zed SARL,2024-01-16,5.00,EUR\n';
const file = () => new File([CSV], 'bills.csv', { type: 'text/csv' });
const options = { kind: 'bills' as const, locale: 'en' as const };
const noProgress = () => {};

// The tests run in order: the main-thread intake, once asked for, stays loaded. (The page's resource
// timing cannot tell: it lists the worker's own module fetches too.)
describe('intake loader', () => {
  it('starts the worker when the upload step is shown, before any file; the first read takes it', async () => {
    await import('./define.js');
    const step = document.createElement('codat-link-upload-step');
    step.kind = 'bills';
    document.body.append(step);
    try {
      await waitUntil(() => started.length > 0, 'no worker started when the step was shown', { timeout: 5000 });
      expect(started).to.have.length(1);
      expect(started[0]).to.match(/intake\.worker\.js$/);
      const job = startReading(await loadUploadApi(), file(), options, noProgress);
      await job.result;
      expect(started, 'workers started').to.have.length(1);
      job.release();
    } finally {
      step.remove();
    }
  });

  it('reads in the worker without loading the main-thread intake', async () => {
    const job = startReading(await loadUploadApi(), file(), options, noProgress);
    const result = await job.result;
    expect(result.records, 'held in the worker until asked for').to.deep.equal([]);
    expect((await job.records()).map((r) => r.billNumber)).to.deep.equal(['A-1', 'A-2']);
    const remapped = job.remap({ ...options, mapping: { supplierName: null, supplierId: 'Supplier Name' } }, noProgress);
    await remapped.result;
    expect((await remapped.records()).map((r) => r.supplierId)).to.deep.equal(['Acme', 'Zed SARL']);
    remapped.release();
    expect(mainThreadIntakeRequested(), 'the main-thread intake was asked for').to.equal(false);
  });

  it('reads on the main thread when the worker fails to load, and remaps the rows kept there', async () => {
    const api = await loadUploadApi();
    const failing = {
      ...api,
      intakeInWorker: ((f, o) => api.intakeInWorker(f, { ...o, workerUrl: new URL('/no-such-intake.worker.js', location.href) })) as typeof api.intakeInWorker,
    };
    const job = startReading(failing, file(), options, noProgress);
    const result = await job.result;
    expect(mainThreadIntakeRequested()).to.equal(true);
    expect(result.records.map((r) => r.billNumber)).to.deep.equal(['A-1', 'A-2']);
    expect(await job.records()).to.equal(result.records);
    const remapped = job.remap({ ...options, mapping: { billNumber: null, supplierName: null, supplierId: 'Supplier Name' } }, noProgress);
    expect((await remapped.result).rejected).to.equal(true);
    job.release();
  });

  it('reads on the main thread when no worker can be constructed (a CSP without worker-src)', async () => {
    const api = await loadUploadApi();
    const blocked = {
      ...api,
      intakeInWorker: (() => {
        throw new DOMException('Refused to create a worker', 'SecurityError');
      }) as typeof api.intakeInWorker,
    };
    const job = startReading(blocked, file(), options, noProgress);
    expect((await job.records()).map((r) => r.supplierName)).to.deep.equal(['Acme', 'Zed SARL']);
    job.release();
  });
});
