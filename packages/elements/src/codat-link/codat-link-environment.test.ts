import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { MemoryBackend, type LinkBackend } from '@codat-link/core';
import '../define.js';
import { takeWarnings, describe, it, beforeEach, afterEach } from '../testing/helpers.js';
import type { CodatLink } from './codat-link.js';

/** A backend of the partner's (not the in-memory sandbox): only the request's environment says where it is. */
function partnerBackend(environment: 'sandbox' | 'production'): LinkBackend {
  const memory = new MemoryBackend({ latencyMs: 0, request: { environment } });
  const backend: Record<string, unknown> = {};
  for (const name of Object.getOwnPropertyNames(MemoryBackend.prototype)) {
    const method: unknown = (memory as unknown as Record<string, unknown>)[name];
    if (name !== 'constructor' && name !== 'injectFailure' && typeof method === 'function')
      backend[name] = (method as (...args: unknown[]) => unknown).bind(memory);
  }
  return backend as unknown as LinkBackend;
}

async function loaded(link: CodatLink): Promise<void> {
  await waitUntil(
    () => (link.journey.step === 'checklist' || link.journey.step === 'provisionMethod') && !link.journey.snapshot?.hasTag('busy'),
    'never loaded',
    { timeout: 3000 },
  );
  await link.updateComplete;
}

describe("<codat-link> and the request's environment", () => {
  beforeEach(() => sessionStorage.clear());
  afterEach(() => expect(takeWarnings()).to.deep.equal([]));

  it('says "Sandbox" when the backend reports a sandbox request', async () => {
    const link = await fixture<CodatLink>(html`<codat-link .backend=${partnerBackend('sandbox')}></codat-link>`);
    await loaded(link);
    expect(link.shadowRoot!.querySelector('[part="sandbox"]')?.textContent).to.equal('Sandbox: test data only.');
    await expect(link).to.be.accessible();
  });

  it('says it in French too', async () => {
    const link = await fixture<CodatLink>(html`<codat-link locale="fr" .backend=${partnerBackend('sandbox')}></codat-link>`);
    await loaded(link);
    expect(link.shadowRoot!.querySelector('[part="sandbox"]')?.textContent).to.equal('Bac à sable\u202f: données de test uniquement.');
  });

  it('shows no banner for a production request', async () => {
    const link = await fixture<CodatLink>(html`<codat-link .backend=${partnerBackend('production')}></codat-link>`);
    await loaded(link);
    expect(link.shadowRoot!.querySelector('[part="sandbox"]')).to.equal(null);
  });
});
