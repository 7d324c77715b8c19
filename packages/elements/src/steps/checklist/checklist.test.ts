import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../define.js';
import { part, recordIntents, shadowText, takeWarnings, describe, it, afterEach } from '../../testing/helpers.js';
import type { CodatLinkChecklist } from './checklist.js';

describe('<codat-link-checklist>', () => {
  afterEach(() => expect(takeWarnings()).to.deep.equal([]));

  it('lists what the customer needs and starts on Start', async () => {
    const el = await fixture<CodatLinkChecklist>(html`<codat-link-checklist partner-name="Bank"></codat-link-checklist>`);
    const intents = recordIntents(el);
    const items = [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part="item"]')].map((li) => li.dataset['item']);
    expect(items).to.deep.equal(['admin', 'reports', 'time']);
    const text = shadowText(el);
    expect(text).to.contain('Administrator access to your accounting software');
    expect(text).to.contain('Suppliers and Bills reports');
    expect(text).to.contain('rarely more than 30');
    expect(text).to.contain('Bank can guide you on a call');
    part(el, '[part="start"]').click();
    expect(intents).to.deep.equal([{ type: 'continue' }]);
    await expect(el).to.be.accessible();
  });

  it('reads in French with French typography', async () => {
    const el = await fixture<CodatLinkChecklist>(html`<codat-link-checklist locale="fr"></codat-link-checklist>`);
    await waitUntil(() => part(el, 'h2').textContent === 'Avant de commencer', 'French never loaded');
    expect(part(el, '[part="intro"]').textContent).to.match(/main\u202f:$/);
    expect(part(el, '[part="start"]').textContent).to.equal('Commencer');
    expect(part(el, '[part="note"]').textContent).to.contain('votre fournisseur');
    await expect(el).to.be.accessible();
  });
});
