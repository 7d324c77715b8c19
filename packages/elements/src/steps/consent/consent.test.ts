import { expect, fixture, html } from '@open-wc/testing';
import type { DataType } from '@codat-link/core';
import '../../define.js';
import { part, recordIntents, takeWarnings, describe, it, afterEach } from '../../testing/helpers.js';
import type { CodatLinkConsent } from './consent.js';

describe('<codat-link-consent>', () => {
  afterEach(() => expect(takeWarnings()).to.deep.equal([]));

  it('lists the spend data types with purpose and terms, and emits exactly the text shown', async () => {
    const el = await fixture<CodatLinkConsent>(
      html`<codat-link-consent .dataTypes=${['spendAnalysis'] as DataType[]} software-name="Xero" company-name="Acme Ltd" partner-name="Bank"></codat-link-consent>`,
    );
    const items = [...el.shadowRoot!.querySelectorAll('[part="data-item"]')].map((li) => li.textContent);
    expect(items).to.deep.equal([
      'Company information',
      'Suppliers',
      'Bills',
      'Bill payments',
      'Bill credit notes',
      'Direct costs',
      'Payment methods',
      'Tax rates',
    ]);
    const intents = recordIntents(el);
    part(el, '[part="accept"]').click();
    const intent = intents[0] as Extract<(typeof intents)[number], { type: 'giveConsent' }>;
    expect(intent.type).to.equal('giveConsent');
    // Every line of the emitted text is on screen, in order.
    const shown = el.shadowRoot!.querySelector('section')!.innerText;
    let from = 0;
    for (const line of intent.text.split('\n')) {
      const at = shown.indexOf(line.replace(/^- /, ''), from);
      expect(at, line).to.be.greaterThan(-1);
      from = at;
    }
    expect(intent.text.split('\n')[0]).to.equal('Share your data with Bank');
    expect(intent).to.include({ version: '1', locale: 'en' });
    await expect(el).to.be.accessible();
  });

  it('adds the financial statements for financials, in French', async () => {
    const el = await fixture<CodatLinkConsent>(
      html`<codat-link-consent locale="fr" .dataTypes=${['financials'] as DataType[]} software-name="Sage 50" company-name="Acme" partner-name="Banque"></codat-link-consent>`,
    );
    const items = [...el.shadowRoot!.querySelectorAll('[part="data-item"]')].map((li) => li.textContent);
    expect(items).to.deep.equal(['Informations sur l’entreprise', 'Compte de résultat', 'Bilan']);
    await expect(el).to.be.accessible();
  });

  it('lists only what a file upload collects, and says that nothing is read from the software', async () => {
    const el = await fixture<CodatLinkConsent>(
      html`<codat-link-consent method="fileUpload" .dataTypes=${['spendAnalysis'] as DataType[]} software-name="Workday" company-name="Acme" partner-name="Bank"></codat-link-consent>`,
    );
    const items = [...el.shadowRoot!.querySelectorAll('[part="data-item"]')].map((li) => li.textContent);
    expect(items).to.deep.equal(['Suppliers', 'Bills']);
    expect(part(el, '[part="intro"]').textContent).to.contain('reports you export from Workday');
    expect(part(el, '[part="terms"]').textContent).to.contain('nothing is read from your software').and.not.contain('login details');
    // Nothing is accessed in the software: the button agrees, it does not "allow access".
    expect(part(el, '[part="accept"]').textContent).to.equal('Agree and continue');
    // A short list reads on one column, never an item cut in two.
    expect(getComputedStyle(part(el, '[part="data-list"]')).columnCount).to.equal('1');
  });

  it('names the supplier spend file on the template path, in French too', async () => {
    const el = await fixture<CodatLinkConsent>(
      html`<codat-link-consent method="manual" locale="fr" .dataTypes=${['spendAnalysis'] as DataType[]} company-name="Acme" partner-name="Banque"></codat-link-consent>`,
    );
    await el.updateComplete;
    const items = [...el.shadowRoot!.querySelectorAll('[part="data-item"]')].map((li) => li.textContent);
    expect(items).to.have.length(1);
    expect(items[0]).to.match(/^Dépenses fournisseurs\u202f: /);
    expect(part(el, '[part="intro"]').textContent).to.contain('fichier de dépenses fournisseurs').and.not.contain('{software}');
    await expect(el).to.be.accessible();
  });
});
