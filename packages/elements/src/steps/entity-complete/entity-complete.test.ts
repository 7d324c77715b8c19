import { expect, fixture, html } from '@open-wc/testing';
import '../../define.js';
import { part, recordIntents, takeWarnings, describe, it, afterEach } from '../../testing/helpers.js';
import type { CodatLinkEntityComplete } from './entity-complete.js';

describe('<codat-link-entity-complete>', () => {
  afterEach(() => expect(takeWarnings()).to.deep.equal([]));

  it('names the entity and offers another one or finishing', async () => {
    const el = await fixture<CodatLinkEntityComplete>(
      html`<codat-link-entity-complete entity-name="Acme UK" software-name="Epicor" connection-kind="fileUpload" can-add-another></codat-link-entity-complete>`,
    );
    expect(part(el, 'h2').textContent!.trim()).to.equal('Acme UK is done');
    expect(part(el, '[part="intro"]').textContent).to.equal('Your Suppliers and Bills reports from Epicor are uploaded.');
    const intents = recordIntents(el);
    part(el, '[part="add-another"]').click();
    part(el, '[part="finish"]').click();
    expect(intents).to.deep.equal([{ type: 'addEntity' }, { type: 'finish' }]);
    await expect(el).to.be.accessible();
  });

  it('only finishes when one entity is all there is', async () => {
    const el = await fixture<CodatLinkEntityComplete>(html`<codat-link-entity-complete software-name="Xero"></codat-link-entity-complete>`);
    expect(el.shadowRoot!.querySelector('[part="add-another"]')).to.equal(null);
    expect(part(el, '[part="intro"]').textContent).to.equal('Xero is connected.');
  });
});
