import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../define.js';
import { part, recordIntents, shadowText, takeWarnings, describe, it, afterEach } from '../../testing/helpers.js';
import type { CodatLinkProvisionMethod } from './provision-method.js';

describe('<codat-link-provision-method>', () => {
  afterEach(() => expect(takeWarnings()).to.deep.equal([]));

  it('offers connecting software and the manual template', async () => {
    const el = await fixture<CodatLinkProvisionMethod>(html`<codat-link-provision-method></codat-link-provision-method>`);
    expect(part(el, 'h2').textContent).to.equal('How would you like to provide your supplier information?');
    const choices = [...el.shadowRoot!.querySelectorAll('button')].map((b) => b.textContent!.replace(/\s+/g, ' ').trim());
    expect(choices).to.deep.equal([
      'Connect your software Link your accounting software or ERP, or upload reports exported from it.',
      'Upload a file manually Download the supplier spend template, fill it in and upload it.',
    ]);
    await expect(el).to.be.accessible();
  });

  it('is operated by keyboard: Tab to an option, Enter chooses it', async () => {
    const el = await fixture<CodatLinkProvisionMethod>(html`<codat-link-provision-method></codat-link-provision-method>`);
    const intents = recordIntents(el);
    await el.focusHeading();
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Enter' });
    expect(intents).to.deep.equal([{ type: 'chooseProvision', method: 'manual' }]);
  });

  it('offers Back only when asked (after the checklist), and Back is an intent', async () => {
    const plain = await fixture<CodatLinkProvisionMethod>(html`<codat-link-provision-method></codat-link-provision-method>`);
    expect(plain.shadowRoot!.querySelector('[part="back"]')).to.equal(null);
    const el = await fixture<CodatLinkProvisionMethod>(html`<codat-link-provision-method can-go-back></codat-link-provision-method>`);
    const intents = recordIntents(el);
    part(el, '[part="back"]').click();
    expect(intents).to.deep.equal([{ type: 'back' }]);
    await expect(el).to.be.accessible();
  });

  it('speaks French when asked', async () => {
    const el = await fixture<CodatLinkProvisionMethod>(html`<codat-link-provision-method locale="fr"></codat-link-provision-method>`);
    expect(shadowText(el)).to.contain('Téléverser un fichier manuellement');
    await expect(el).to.be.accessible();
  });
});
