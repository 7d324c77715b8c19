import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { MemoryBackend, type JourneyStep } from '@codat-link/core';
import '../define.js';
import { passChecklist, takeWarnings, describe, it, beforeEach, afterEach } from '../testing/helpers.js';
import type { CodatLink } from './codat-link.js';

function current(link: CodatLink): HTMLElement {
  const step = link.shadowRoot!.querySelector('.body')?.firstElementChild as HTMLElement | null;
  if (!step) throw new Error(`no step rendered (journey at ${link.journey.step})`);
  return step;
}

async function at(link: CodatLink, step: JourneyStep) {
  await passChecklist(link, step);
  await waitUntil(() => link.journey.step === step && !link.journey.snapshot?.hasTag('busy'), `never reached ${step}`, { timeout: 3000 });
  await link.updateComplete;
  const el = current(link) as HTMLElement & { updateComplete: Promise<unknown> };
  await el.updateComplete;
  return el;
}

function click(step: HTMLElement, selector: string) {
  const target = step.shadowRoot!.querySelector<HTMLElement>(selector);
  if (!target) throw new Error(`no ${selector} in <${step.localName}>`);
  target.click();
}

function record(link: CodatLink, ...types: (keyof GlobalEventHandlersEventMap)[]) {
  const seen: { type: string; detail: unknown }[] = [];
  for (const type of types) link.addEventListener(type, (e) => seen.push({ type, detail: (e as CustomEvent).detail }));
  return seen;
}

/** The shadow-including focused element. */
function deepActive(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

describe('<codat-link>', () => {
  beforeEach(() => sessionStorage.clear());
  afterEach(() => expect(takeWarnings()).to.deep.equal([]));

  it('walks a multi-entity spend journey with a direct connection and reports it all', async () => {
    const backend = new MemoryBackend({ latencyMs: 0 });
    const link = await fixture<CodatLink>(html`<codat-link session-token="t-1" .backend=${backend} .theme=${{ partnerName: 'Bank' }}></codat-link>`);
    const events = record(link, 'codat-link-ready', 'codat-link-step-change', 'codat-link-consent', 'codat-link-connection', 'codat-link-finish');

    click(await at(link, 'provisionMethod'), '[data-method="connect"]');
    await expect(link).to.be.accessible();
    click(await at(link, 'entityCount'), '[data-count="several"]');
    const name = await at(link, 'entityName');
    expect(deepActive()?.textContent).to.equal('What is the name of this legal entity?');
    name.shadowRoot!.querySelector('input')!.focus();
    await sendKeys({ type: 'Acme UK' });
    await sendKeys({ press: 'Enter' });
    const software = await at(link, 'softwareSelection');
    software.shadowRoot!.querySelector('input')!.focus();
    await sendKeys({ type: 'xero' });
    await sendKeys({ press: 'Enter' });
    const consent = await at(link, 'consent');
    expect(consent.shadowRoot!.querySelector('h2')!.textContent).to.equal('Share your data with Bank');
    click(consent, '[part="accept"]');
    click(await at(link, 'connecting'), '[part="open"]');
    const complete = await at(link, 'entityComplete');
    expect(complete.shadowRoot!.querySelector('h2')!.textContent!.trim()).to.equal('Acme UK is done');
    click(complete, '[part="finish"]');
    const summary = await at(link, 'summary');
    expect(summary.shadowRoot!.querySelector('tbody')!.textContent).to.contain('Acme UK');
    await expect(link).to.be.accessible();

    // What reached the backend.
    expect(backend.state.entities.map((e) => e.name)).to.deep.equal(['Acme UK']);
    expect(backend.state.connections.map((c) => [c.integrationKey, c.status])).to.deep.equal([['xero', 'linked']]);
    expect(backend.state.finished).to.equal(true);
    // The consent recorded is the text the customer saw, and the event carries the same.
    const consentEvent = events.find((e) => e.type === 'codat-link-consent')!.detail as { text: string; textHash: string };
    expect(backend.state.consents[0]!.text).to.equal(consentEvent.text);
    expect(backend.state.consents[0]!.textHash).to.equal(consentEvent.textHash);
    expect(consentEvent.text).to.contain('- Bill credit notes');

    expect(events.filter((e) => e.type === 'codat-link-step-change').map((e) => (e.detail as { step: string }).step)).to.deep.equal([
      'checklist',
      'provisionMethod',
      'entityCount',
      'entityName',
      'softwareSelection',
      'consent',
      'connecting',
      'entityComplete',
      'summary',
    ]);
    expect(events[0]).to.deep.equal({ type: 'codat-link-ready', detail: { step: 'checklist', resumed: false } });
    expect(events.find((e) => e.type === 'codat-link-connection')!.detail).to.include({ integrationKey: 'xero', status: 'linked', kind: 'direct' });
    const finish = events.find((e) => e.type === 'codat-link-finish')!.detail as { status: { entities: unknown[] } };
    expect(finish.status.entities).to.have.length(1);
  });

  it('starts financials-only journeys at software selection, live-switches locale and applies overrides as text', async () => {
    const backend = new MemoryBackend({ latencyMs: 0, request: { dataTypes: ['financials'] } });
    const link = await fixture<CodatLink>(
      html`<codat-link request="financials" .backend=${backend} .text=${{ 'software.heading': '<img src=x onerror="window.__pwned=1">' }}></codat-link>`,
    );
    const step = await at(link, 'softwareSelection');
    expect(step.shadowRoot!.querySelector('h2')!.textContent).to.equal('<img src=x onerror="window.__pwned=1">');
    expect(step.shadowRoot!.querySelector('img')).to.equal(null);
    link.text = undefined;
    link.locale = 'fr';
    await link.updateComplete;
    await (step as unknown as { updateComplete: Promise<unknown> }).updateComplete;
    expect(step.shadowRoot!.querySelector('h2')!.textContent).to.equal('Choisissez votre logiciel comptable');
    expect(link.shadowRoot!.querySelector('[part="title"]')!.textContent).to.equal('Partagez les données de votre entreprise');
    expect((window as { __pwned?: number }).__pwned).to.equal(undefined);
    await expect(link).to.be.accessible();
  });

  it('resumes the same step after a reload, keyed by session', async () => {
    const backend = new MemoryBackend({ latencyMs: 0 });
    const first = await fixture<CodatLink>(html`<codat-link session-token="session-a" .backend=${backend}></codat-link>`);
    click(await at(first, 'provisionMethod'), '[data-method="connect"]');
    click(await at(first, 'entityCount'), '[data-count="one"]');
    await at(first, 'softwareSelection');
    first.remove();
    expect(JSON.stringify(sessionStorage)).not.to.contain('session-a');

    // A fresh element, as after a reload; listening before it connects.
    const again = document.createElement('codat-link');
    again.sessionToken = 'session-a';
    again.backend = backend;
    const ready = new Promise<CustomEvent>((resolve) =>
      again.addEventListener('codat-link-ready', (e) => resolve(e as unknown as CustomEvent), { once: true }),
    );
    document.body.append(again);
    await at(again, 'softwareSelection');
    expect((await ready).detail).to.deep.equal({ step: 'softwareSelection', resumed: true });
    again.remove();

    const other = await fixture<CodatLink>(html`<codat-link session-token="session-b" .backend=${backend}></codat-link>`);
    await at(other, 'provisionMethod');

    // With a company id, a freshly minted token for the same company resumes too.
    const company = await fixture<CodatLink>(html`<codat-link company-id="cmp-1" session-token="token-1" .backend=${backend}></codat-link>`);
    click(await at(company, 'provisionMethod'), '[data-method="connect"]');
    await at(company, 'entityCount');
    company.remove();
    const renewed = await fixture<CodatLink>(html`<codat-link company-id="cmp-1" session-token="token-2" .backend=${backend}></codat-link>`);
    await at(renewed, 'entityCount');
    renewed.remove();
    // The same company's financials request is another journey: it does not resume the spend one.
    const financials = await fixture<CodatLink>(
      html`<codat-link company-id="cmp-1" session-token="token-3" request="financials" .backend=${new MemoryBackend({ latencyMs: 0, request: { dataTypes: ['financials'] } })}></codat-link>`,
    );
    await at(financials, 'softwareSelection');
  });

  it('keeps the journey when moved in the DOM', async () => {
    const backend = new MemoryBackend({ latencyMs: 0 });
    const link = await fixture<CodatLink>(html`<codat-link .backend=${backend}></codat-link>`);
    click(await at(link, 'provisionMethod'), '[data-method="connect"]');
    await at(link, 'entityCount');
    sessionStorage.clear();
    const elsewhere = document.createElement('section');
    document.body.append(elsewhere);
    elsewhere.append(link);
    await at(link, 'entityCount');
    elsewhere.remove();
  });

  it('asks before leaving on Escape in modal mode; codat-link-close is cancelable', async () => {
    const backend = new MemoryBackend({ latencyMs: 0 });
    const link = await fixture<CodatLink>(html`<codat-link mode="modal" open .backend=${backend}></codat-link>`);
    await at(link, 'provisionMethod');
    const dialog = link.shadowRoot!.querySelector('dialog')!;
    expect(dialog.open).to.equal(true);
    expect(deepActive()?.textContent).to.equal('How would you like to provide your supplier information?');
    await expect(link).to.be.accessible();

    await sendKeys({ press: 'Escape' });
    await link.updateComplete;
    const confirm = link.shadowRoot!.querySelector('[part="confirm-exit"]')!;
    expect(confirm.textContent).to.contain('Leave without finishing?');
    expect(deepActive()?.id).to.equal('confirm-heading');
    await expect(link).to.be.accessible();
    await sendKeys({ press: 'Escape' });
    await at(link, 'provisionMethod');
    expect(link.shadowRoot!.querySelector('[part="confirm-exit"]')).to.equal(null);

    const closes: Event[] = [];
    link.addEventListener('codat-link-close', (e) => (closes.push(e), e.preventDefault()), { once: true });
    await sendKeys({ press: 'Escape' });
    await link.updateComplete;
    link.shadowRoot!.querySelector<HTMLElement>('[part="confirm-leave"]')!.click();
    await link.updateComplete;
    expect(closes).to.have.length(1);
    expect(closes[0]!.cancelable && closes[0]!.bubbles && closes[0]!.composed).to.equal(true);
    expect(link.open).to.equal(true);

    link.shadowRoot!.querySelector<HTMLElement>('[part="close"]')!.click();
    await link.updateComplete;
    link.shadowRoot!.querySelector<HTMLElement>('[part="confirm-leave"]')!.click();
    await waitUntil(() => !link.open, 'the dialog stayed open');
    expect(dialog.open).to.equal(false);

    // Opening again resumes the journey where the customer left it.
    click(
      await (async () => {
        link.open = true;
        return at(link, 'provisionMethod');
      })(),
      '[data-method="connect"]',
    );
    await at(link, 'entityCount');
    link.shadowRoot!.querySelector<HTMLElement>('[part="close"]')!.click();
    await link.updateComplete;
    link.shadowRoot!.querySelector<HTMLElement>('[part="confirm-leave"]')!.click();
    await waitUntil(() => !link.open, 'the dialog stayed open');
    link.open = true;
    await at(link, 'entityCount');
    expect(link.shadowRoot!.querySelector('dialog')!.open).to.equal(true);
  });

  it('keeps keyboard focus inside the modal dialog', async () => {
    const outside = document.createElement('button');
    outside.textContent = 'Partner page button';
    document.body.prepend(outside);
    const link = await fixture<CodatLink>(html`<codat-link mode="modal" open .backend=${new MemoryBackend({ latencyMs: 0 })}></codat-link>`);
    await at(link, 'provisionMethod');
    for (let i = 0; i < 10; i++) {
      await sendKeys({ press: 'Tab' });
      expect(document.activeElement, `focus left the dialog after ${i + 1} Tab`).to.equal(link);
    }
    await sendKeys({ down: 'Shift' });
    for (let i = 0; i < 10; i++) {
      await sendKeys({ press: 'Tab' });
      expect(document.activeElement, `focus left the dialog after ${i + 1} Shift+Tab`).to.equal(link);
    }
    await sendKeys({ up: 'Shift' });
    outside.remove();
  });

  it('validates the theme as data and applies tokens through the CSSOM', async () => {
    const errors: unknown[] = [];
    const backend = new MemoryBackend({ latencyMs: 0 });
    const link = await fixture<CodatLink>(html`<codat-link .backend=${backend} @codat-link-error=${(e: CustomEvent) => errors.push(e.detail)}></codat-link>`);
    link.theme = { preset: 'dark', tokens: { 'color-primary': '#ff0066' }, partnerName: 'Bank', logoUrl: 'https://bank.example/logo.png' };
    await link.updateComplete;
    expect(getComputedStyle(link).getPropertyValue('--codat-link-color-primary').trim()).to.equal('#ff0066');
    expect(getComputedStyle(link).getPropertyValue('--codat-link-color-surface').trim()).to.equal('#111827');
    expect(link.shadowRoot!.querySelector('[part="logo"]')!.getAttribute('alt')).to.equal('Bank logo');
    // Step parts are re-exported: a page stylesheet reaches the current step's heading.
    const style = document.createElement('style');
    style.textContent = 'codat-link::part(heading) { color: rgb(1, 2, 3); }';
    document.head.append(style);
    const heading = (await at(link, 'provisionMethod')).shadowRoot!.querySelector('h2')!;
    expect(getComputedStyle(heading).color).to.equal('rgb(1, 2, 3)');
    style.remove();
    link.theme = { tokens: { 'color-primary': 'red; } * { display: none' } };
    await link.updateComplete;
    expect(errors).to.have.length(1);
    expect(errors[0]).to.include({ code: 'theme_invalid' });
    expect((errors[0] as { message: string }).message).to.contain('tokens.color-primary');
    expect(getComputedStyle(link).getPropertyValue('--codat-link-color-primary').trim()).to.equal('#1d4ed8');
    link.theme = { logoUrl: 'javascript:alert(1)' };
    await link.updateComplete;
    expect(errors).to.have.length(2);
  });

  it("without a theme of its own, takes the partner's brand the backend sends with the request; its own theme wins", async () => {
    const theme = { partnerName: 'Served Bank', logoUrl: 'https://bank.example/logo.svg', tokens: { 'color-primary': '#6b21a8' } };
    const backend = new MemoryBackend({ latencyMs: 0, request: { theme } });
    const link = await fixture<CodatLink>(html`<codat-link .backend=${backend}></codat-link>`);
    await at(link, 'provisionMethod');
    expect(getComputedStyle(link).getPropertyValue('--codat-link-color-primary').trim()).to.equal('#6b21a8');
    expect(link.shadowRoot!.querySelector('[part="logo"]')!.getAttribute('alt')).to.equal('Served Bank logo');
    const own = await fixture<CodatLink>(
      html`<codat-link .backend=${new MemoryBackend({ latencyMs: 0, request: { theme } })} .theme=${{ partnerName: 'Own Bank' }}></codat-link>`,
    );
    await at(own, 'provisionMethod');
    expect(getComputedStyle(own).getPropertyValue('--codat-link-color-primary').trim()).to.equal('#1d4ed8');
    expect(own.shadowRoot!.querySelector('[part="logo"]')).to.equal(null);
  });

  it('takes the journey options, the theme and text overrides from options', async () => {
    const backend = new MemoryBackend({ latencyMs: 0 });
    const link = await fixture<CodatLink>(
      html`<codat-link .backend=${backend} .options=${{ manualUpload: false, theme: { tokens: { radius: '3px' } }, text: { 'entityCount.heading': 'How many companies?' } }}></codat-link>`,
    );
    const step = await at(link, 'entityCount');
    expect(step.shadowRoot!.querySelector('h2')!.textContent).to.equal('How many companies?');
    expect(getComputedStyle(link).getPropertyValue('--codat-link-radius').trim()).to.equal('3px');
  });

  for (const [theme, locale] of [
    ['dark', 'en'],
    ['light', 'fr'],
  ] as const) {
    it(`is accessible in the ${theme} preset, in ${locale}`, async () => {
      const link = await fixture<CodatLink>(html`<codat-link theme=${theme} locale=${locale} .backend=${new MemoryBackend({ latencyMs: 0 })}></codat-link>`);
      const step = await at(link, 'provisionMethod');
      click(step, '[data-method="connect"]');
      click(await at(link, 'entityCount'), '[data-count="one"]');
      await at(link, 'softwareSelection');
      await expect(link).to.be.accessible();
    });
  }

  it('shows an invalid configuration as an error step with its code', async () => {
    const errors: { code: string }[] = [];
    const link = await fixture<CodatLink>(
      html`<codat-link .backend=${new MemoryBackend({ latencyMs: 0 })} .options=${{ mutliEntity: true } as never} @codat-link-error=${(e: CustomEvent) => errors.push(e.detail)}></codat-link>`,
    );
    await waitUntil(() => link.shadowRoot!.querySelector('codat-link-error'));
    const step = link.shadowRoot!.querySelector('codat-link-error')!;
    await step.updateComplete;
    expect(step.shadowRoot!.textContent).to.contain('config_invalid');
    expect(errors.map((e) => e.code)).to.deep.equal(['config_invalid']);
  });
});
