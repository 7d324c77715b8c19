import { expect, fixture, html } from '@open-wc/testing';
import '../../define.js';
import { part, recordIntents, shadowText, takeWarnings, describe, it, afterEach } from '../../testing/helpers.js';
import type { CodatLinkDisclaimer } from './disclaimer.js';

describe('<codat-link-disclaimer>', () => {
  afterEach(() => expect(takeWarnings()).to.deep.equal([]));

  it('explains the two reports and the back-and-forth, then continues', async () => {
    const el = await fixture<CodatLinkDisclaimer>(html`<codat-link-disclaimer software-name="Epicor"></codat-link-disclaimer>`);
    expect(shadowText(el)).to.contain('Export the Suppliers report from Epicor and upload it.');
    expect(shadowText(el)).to.contain('Export the Bills report from Epicor and upload it.');
    const intents = recordIntents(el);
    part(el, '[part="continue"]').click();
    part(el, '[part="back"]').click();
    expect(intents).to.deep.equal([{ type: 'continue' }, { type: 'back' }]);
    await expect(el).to.be.accessible();
  });
});
