import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { JOURNEY_MACHINE_VERSION, MemoryBackend, type JourneyStep } from '@codat-link/core';
import '../define.js';
import { passChecklist, takeWarnings, describe, it, beforeEach, afterEach } from '../testing/helpers.js';
import { sessionKey } from '../controllers/journey-storage.js';
import { StepIntentEvent } from '../steps/intents.js';
import { CodatLink, type CodatLinkOptions } from './codat-link.js';

/** No waiting between automatic retries. (Bound `as never`: lit-analyzer misreads zod-inferred types.) */
const FAST_RETRY: CodatLinkOptions = { retry: { maxAttempts: 3, baseDelayMs: 0 } };

async function at(link: CodatLink, step: JourneyStep) {
  await passChecklist(link, step);
  await waitUntil(() => link.journey.step === step && !link.journey.snapshot?.hasTag('busy'), `never reached ${step} (at ${link.journey.step})`, {
    timeout: 3000,
  });
  await link.updateComplete;
  const el = link.shadowRoot!.querySelector('.body')!.firstElementChild as HTMLElement & { updateComplete?: Promise<unknown> };
  await el.updateComplete;
  return el;
}

function click(step: Element, selector: string) {
  const target = (step.shadowRoot ?? step).querySelector<HTMLElement>(selector);
  if (!target) throw new Error(`no ${selector} in <${step.localName}>`);
  target.click();
}

describe('<codat-link> journeys', () => {
  beforeEach(() => sessionStorage.clear());
  afterEach(() => expect(takeWarnings()).to.deep.equal([]));

  it('takes a file-upload platform through consent and the disclaimer to the Suppliers upload step', async () => {
    const backend = new MemoryBackend({ latencyMs: 0 });
    const link = await fixture<CodatLink>(html`<codat-link .backend=${backend}></codat-link>`);
    const connections: unknown[] = [];
    const uploads: unknown[] = [];
    link.addEventListener('codat-link-connection', (e) => connections.push(e.detail));
    link.addEventListener('codat-link-upload', (e) => uploads.push(e.detail));
    click(await at(link, 'provisionMethod'), '[data-method="connect"]');
    click(await at(link, 'entityCount'), '[data-count="one"]');
    click(await at(link, 'softwareSelection'), '[data-key="epicor"]');
    click(await at(link, 'consent'), '[part="accept"]');
    const disclaimer = await at(link, 'disclaimer');
    expect(disclaimer.shadowRoot!.textContent).to.contain('Export the Suppliers report from Epicor');
    expect(connections).to.deep.equal([
      {
        entityId: backend.state.entities[0]!.id,
        integrationKey: 'epicor',
        connectionId: backend.state.connections[0]!.id,
        kind: 'fileUpload',
        status: 'pending',
      },
    ]);
    click(disclaimer, '[part="continue"]');
    await waitUntil(() => link.journey.step === 'uploadSuppliers');
    await link.updateComplete;
    const upload = link.shadowRoot!.querySelector('codat-link-upload-step')!;
    // What the step renders comes from the snapshot, as properties; it holds no journey of its own.
    expect(upload.kind).to.equal('suppliers');
    expect(upload.integration?.key).to.equal('epicor');
    expect(upload.status).to.equal('idle');
    expect(upload.rowErrorPolicy).to.equal('reject');
    expect('journey' in upload).to.equal(false);
    // The step's intent goes through the journey to the backend, like every other step's.
    upload.dispatchEvent(
      new StepIntentEvent({ type: 'uploadReport', kind: 'suppliers', records: [{ supplierName: 'Acme' }], fileName: 'acme.csv', skipped: 1 }),
    );
    await waitUntil(() => link.journey.step === 'uploadBills', 'suppliers not sent');
    expect(backend.recordsFor(backend.state.connections[0]!.id, 'suppliers')).to.deep.equal([{ supplierName: 'Acme' }]);
    await waitUntil(() => uploads.length === 1, 'no codat-link-upload');
    expect(uploads[0]).to.deep.equal({
      entityId: backend.state.entities[0]!.id,
      connectionId: backend.state.connections[0]!.id,
      kind: 'suppliers',
      recordCount: 1,
      skippedCount: 1,
    });
  });

  it('leads "can’t find your software?" to the manual template upload', async () => {
    const link = await fixture<CodatLink>(html`<codat-link .backend=${new MemoryBackend({ latencyMs: 0 })}></codat-link>`);
    click(await at(link, 'provisionMethod'), '[data-method="connect"]');
    click(await at(link, 'entityCount'), '[data-count="one"]');
    const steps: string[] = [];
    link.addEventListener('codat-link-step-change', (e) => steps.push(e.detail.step));
    click(await at(link, 'softwareSelection'), '[part="cant-find-button"]');
    // One click, one step change: before, the element walked BACK to the method first (three changes).
    const consent = await at(link, 'consent');
    expect(steps).to.deep.equal(['consent']);
    // The template's own consent: what the file carries, not what a software connection would read.
    expect([...consent.shadowRoot!.querySelectorAll('[part="data-item"]')].map((li) => li.textContent)).to.deep.equal([
      'Supplier spend: each supplier’s name, identifiers and contact details, what you spent with it, how often and how you paid',
    ]);
    click(consent, '[part="accept"]');
    await waitUntil(() => link.journey.step === 'manualUpload', 'never reached manualUpload');
    await link.updateComplete;
    expect((link.shadowRoot!.querySelector('codat-link-upload-step') as HTMLElement & { kind: string }).kind).to.equal('supplierSpend');
    // The upload step's parts are re-exported like every other step's: a page stylesheet reaches them.
    const style = document.createElement('style');
    style.textContent =
      'codat-link::part(heading) { color: rgb(1, 2, 3); } codat-link::part(template) { outline: 3px solid rgb(4, 5, 6); } codat-link::part(intro) { font-style: italic; }';
    document.head.append(style);
    try {
      const step = link.shadowRoot!.querySelector('codat-link-upload-step')!;
      await waitUntil(() => step.shadowRoot?.querySelector('[part~="template"]'), 'upload step never rendered', { timeout: 5000 });
      expect(getComputedStyle(step.shadowRoot!.querySelector('[part~="heading"]')!).color).to.equal('rgb(1, 2, 3)');
      expect(getComputedStyle(step.shadowRoot!.querySelector('[part~="template"]')!).outlineColor).to.equal('rgb(4, 5, 6)');
      // `intro`, shared by every step (docs/theming.md), is the upload step's too.
      expect(getComputedStyle(step.shadowRoot!.querySelector('[part~="intro"]')!).fontStyle).to.equal('italic');
    } finally {
      style.remove();
    }
  });

  it('lets only the documented public events out into the page, through a whole file upload', async () => {
    const PUBLIC = [
      'codat-link-ready',
      'codat-link-step-change',
      'codat-link-consent',
      'codat-link-connection',
      'codat-link-upload',
      'codat-link-finish',
      'codat-link-close',
      'codat-link-error',
    ];
    // Every event type any element dispatches gets a listener on document before it is dispatched.
    const dispatched = new Set<string>();
    const reached = new Set<string>();
    const record = (e: Event) => reached.add(e.type);
    const original = EventTarget.prototype.dispatchEvent;
    EventTarget.prototype.dispatchEvent = function (this: EventTarget, event: Event) {
      if (event.type.startsWith('codat-link') && !dispatched.has(event.type)) {
        dispatched.add(event.type);
        document.addEventListener(event.type, record);
      }
      return original.call(this, event);
    };
    try {
      const backend = new MemoryBackend({ latencyMs: 0 });
      const link = await fixture<CodatLink>(html`<codat-link .backend=${backend}></codat-link>`);
      click(await at(link, 'provisionMethod'), '[data-method="manual"]');
      click(await at(link, 'consent'), '[part="accept"]');
      await at(link, 'manualUpload');
      // The upload step's code arrives in its own chunk.
      const step = link.shadowRoot!.querySelector('codat-link-upload-step')!;
      await waitUntil(() => step.shadowRoot?.querySelector('codat-link-upload-dropzone'), 'upload step never rendered', { timeout: 5000 });
      const dropzone = step.shadowRoot!.querySelector('codat-link-upload-dropzone') as HTMLElement & { offer(files: File[]): void };
      dropzone.offer([new File(['Supplier name,Total spend\nAcme Ltd,120.50\nBeta SARL,80\n'], 'spend.csv', { type: 'text/csv' })]);
      await waitUntil(() => step.shadowRoot!.querySelector('[part=send]'), 'no preview', { timeout: 5000 });
      step.shadowRoot!.querySelector<HTMLButtonElement>('[part=send]')!.click();
      await waitUntil(() => backend.state.finalized.length === 1, 'never sent', { timeout: 5000 });
    } finally {
      EventTarget.prototype.dispatchEvent = original;
      for (const type of dispatched) document.removeEventListener(type, record);
    }
    // The upload components spoke (a file chosen, intents) but only public events left the element.
    expect([...dispatched]).to.include.members(['codat-link-upload-file', 'codat-link-intent', 'codat-link-upload']);
    expect([...reached].filter((t) => !PUBLIC.includes(t))).to.deep.equal([]);
    expect([...reached]).to.include('codat-link-upload');
  });

  it("forgets the suppliers of a journey when another starts: the Bills cross-check uses this journey's only", async () => {
    const suppliers =
      'Supplier Number,Supplier Name,VAT Registration,Country,Currency,Email\nV-1001,Acme Office Supplies Ltd,GB123456789,GB,GBP,ap@acme.example\n';
    const bills =
      'Invoice Number,Supplier Number,Supplier Name,Invoice Date,Due Date,Currency,Gross Amount,Status\n' +
      'INV-9,V-2002,Zenith Haulage Ltd,15/01/2026,14/02/2026,GBP,120.00,Open\n';
    const csv = (name: string, text: string) => new File([text], name, { type: 'text/csv' });
    /** Walks a journey on a seeded sandbox to its first upload step; the same seed gives the same connection id. */
    const toUpload = async (options: CodatLinkOptions) => {
      const backend = new MemoryBackend({ latencyMs: 0, seed: 42 });
      const link = await fixture<CodatLink>(html`<codat-link .backend=${backend} .options=${options as never}></codat-link>`);
      click(await at(link, 'provisionMethod'), '[data-method="connect"]');
      click(await at(link, 'entityCount'), '[data-count="one"]');
      click(await at(link, 'softwareSelection'), '[data-key="epicor"]');
      click(await at(link, 'consent'), '[part="accept"]');
      click(await at(link, 'disclaimer'), '[part="continue"]');
      return { link, backend };
    };
    const offer = async (link: CodatLink, file: File) => {
      const step = link.shadowRoot!.querySelector('codat-link-upload-step')!;
      await waitUntil(() => step.shadowRoot?.querySelector('codat-link-upload-dropzone'), 'upload step never rendered', { timeout: 5000 });
      (step.shadowRoot!.querySelector('codat-link-upload-dropzone') as HTMLElement & { offer(files: File[]): void }).offer([file]);
      await waitUntil(() => step.shadowRoot!.querySelector('codat-link-upload-preview')?.shadowRoot?.querySelector('[part=counts]'), 'no preview', {
        timeout: 5000,
      });
      return step;
    };
    const counts = (step: Element) =>
      step.shadowRoot!.querySelector('codat-link-upload-preview')!.shadowRoot!.querySelector('[part=counts]')!.textContent!.trim();

    const first = await toUpload({});
    await at(first.link, 'uploadSuppliers');
    (await offer(first.link, csv('vendors.csv', suppliers))).shadowRoot!.querySelector<HTMLButtonElement>('[part=send]')!.click();
    await at(first.link, 'uploadBills');
    // In the same journey the bill's supplier is checked against the Suppliers just sent.
    expect(counts(await offer(first.link, csv('invoices.csv', bills)))).to.equal('0 errors, 1 warning, 0 notes');
    first.link.remove();
    sessionStorage.clear();

    // Another journey in the same page, on a connection with the same id, that sent no Suppliers.
    const second = await toUpload({ uploadSteps: ['bills'] });
    await at(second.link, 'uploadBills');
    expect(second.backend.state.connections[0]!.id).to.equal(first.backend.state.connections[0]!.id);
    // Before, a module-level map kept the first journey's suppliers: the bill was warned about.
    expect(counts(await offer(second.link, csv('invoices.csv', bills)))).to.equal('0 errors, 0 warnings, 0 notes');
  });

  it("tells the machine when the authorization window is blocked: the error is the journey's, and the partner hears it", async () => {
    // Not seen as the sandbox (which simulates the authorization without a window): a backend that
    // only delegates to one.
    const memory = new MemoryBackend({ latencyMs: 0 });
    const backend = new Proxy(memory, {
      get: (target, key) => {
        if (key === 'injectFailure') return undefined;
        const value = Reflect.get(target, key) as unknown;
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
    const errors: string[] = [];
    const link = await fixture<CodatLink>(
      html`<codat-link .backend=${backend} @codat-link-error=${(e: CustomEvent<{ code: string }>) => errors.push(e.detail.code)}></codat-link>`,
    );
    click(await at(link, 'provisionMethod'), '[data-method="connect"]');
    click(await at(link, 'entityCount'), '[data-count="one"]');
    click(await at(link, 'softwareSelection'), '[data-key="xero"]');
    click(await at(link, 'consent'), '[part="accept"]');
    const connecting = (await at(link, 'connecting')) as HTMLElement & { openWindow: () => Window | null; connectMode: string };
    connecting.connectMode = 'popup';
    connecting.openWindow = () => null;
    await waitUntil(() => connecting.shadowRoot!.querySelector<HTMLButtonElement>('[part="open"]:not([disabled])'), 'open never enabled', { timeout: 3000 });
    click(connecting, '[part="open"]');
    await waitUntil(() => link.journey.snapshot?.context.error?.code === 'popup_blocked', 'the machine never heard of the blocked window');
    expect(link.journey.step).to.equal('connecting');
    expect(errors).to.deep.equal(['popup_blocked']);
  });

  it('shows a backend failure as an error step with its code, then retries', async () => {
    const backend = new MemoryBackend({ latencyMs: 0, failures: [{ method: 'getRequest', code: 'server_error', times: 3 }] });
    const errors: { code: string; userRecoverable: boolean }[] = [];
    const link = await fixture<CodatLink>(
      html`<codat-link locale="fr" .options=${FAST_RETRY as never} .backend=${backend} @codat-link-error=${(e: CustomEvent) => errors.push(e.detail)}></codat-link>`,
    );
    const error = await at(link, 'error');
    expect(error.shadowRoot!.querySelector('[part="message"]')!.textContent).to.equal('Le serveur a rencontré un problème. Réessayez dans un instant.');
    expect(errors.map((e) => [e.code, e.userRecoverable])).to.deep.equal([['server_error', true]]);
    expect(link.shadowRoot!.querySelector('[part="live"]')!.textContent).to.equal('Un problème est survenu');
    await expect(link).to.be.accessible();
    click(error, '[part="retry"]');
    await at(link, 'provisionMethod');
    expect(backend.callsTo('getRequest').map((c) => c.outcome)).to.deep.equal(['server_error', 'server_error', 'server_error', 'ok']);
  });

  it('refuses a snapshot from another machine version with a fresh start and a notice', async () => {
    sessionStorage.setItem(sessionKey('old'), JSON.stringify({ persisted: { machineVersion: JOURNEY_MACHINE_VERSION + 99, snapshot: {} } }));
    const errors: { code: string }[] = [];
    const link = document.createElement('codat-link');
    link.sessionToken = 'old';
    link.backend = new MemoryBackend({ latencyMs: 0 });
    link.addEventListener('codat-link-error', (e) => errors.push(e.detail));
    document.body.append(link);
    await at(link, 'provisionMethod');
    expect(errors.map((e) => e.code)).to.deep.equal(['snapshot_incompatible']);
    link.remove();
  });

  it('comes back from a redirect and asks the backend how the authorization ended', async () => {
    const backend = new MemoryBackend({ latencyMs: 0, request: { dataTypes: ['financials'] } });
    const navigated: string[] = [];
    const navigate = CodatLink.navigate;
    CodatLink.navigate = (url) => navigated.push(url);
    try {
      const link = await fixture<CodatLink>(html`<codat-link session-token="redirect" request="financials" .backend=${backend}></codat-link>`);
      click(await at(link, 'softwareSelection'), '[data-key="xero"]');
      click(await at(link, 'consent'), '[part="accept"]');
      const connecting = await at(link, 'connecting');
      (connecting as unknown as { sandbox: boolean; connectMode: string }).sandbox = false;
      (connecting as unknown as { connectMode: string }).connectMode = 'redirect';
      await (connecting as unknown as { updateComplete: Promise<unknown> }).updateComplete;
      click(connecting, '[part="redirect"]');
      expect(navigated).to.deep.equal([backend.state.connections[0]!.authUrl]);
      link.remove();
      // The page reloads: a new element for the same session finds the journey and checks the connection.
      const back = await fixture<CodatLink>(html`<codat-link session-token="redirect" request="financials" .backend=${backend}></codat-link>`);
      await at(back, 'entityComplete');
      expect(backend.callsTo('awaitConnection')).to.have.length(1);
    } finally {
      CodatLink.navigate = navigate;
    }
  });

  it('announces a cancelled connection and lets the customer pick again', async () => {
    const backend = new MemoryBackend({ latencyMs: 0, request: { dataTypes: ['financials'] } });
    const link = await fixture<CodatLink>(html`<codat-link request="financials" .backend=${backend}></codat-link>`);
    click(await at(link, 'softwareSelection'), '[data-key="xero"]');
    click(await at(link, 'consent'), '[part="accept"]');
    click(await at(link, 'connecting'), '[part="cancel"]');
    await at(link, 'softwareSelection');
    expect(link.shadowRoot!.querySelector('[part="alert"]')!.textContent).to.equal('The connection was cancelled.');
    expect(link.shadowRoot!.querySelector('[part="alert"]')!.getAttribute('role')).to.equal('alert');
  });

  it('talks to base-url with the session token through the lazily loaded HTTP adapter', async () => {
    const requests: { url: string; authorization: string | null }[] = [];
    const realFetch = globalThis.fetch;
    globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      requests.push({ url: request.url, authorization: request.headers.get('authorization') });
      return new Response(JSON.stringify({ code: 'unauthorized', message: 'expired' }), { status: 401, headers: { 'content-type': 'application/json' } });
    };
    try {
      const errors: { code: string }[] = [];
      const link = await fixture<CodatLink>(
        html`<codat-link base-url="https://partner.example/link-api" session-token="tok-123" @codat-link-error=${(e: CustomEvent) => errors.push(e.detail)}></codat-link>`,
      );
      await at(link, 'error');
      expect(requests.length).to.be.greaterThan(0);
      expect(requests.every((r) => r.url.startsWith('https://partner.example/link-api/'))).to.equal(true);
      expect(requests[0]!.authorization).to.equal('Bearer tok-123');
      expect(errors.map((e) => e.code)).to.include('unauthorized');
      expect(link.shadowRoot!.querySelector('[part="sandbox"]')).to.equal(null);
    } finally {
      globalThis.fetch = realFetch;
    }
  });
});
