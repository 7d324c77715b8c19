import { expect, fixture, html } from '@open-wc/testing';
import '../../define.js';
import { part, recordIntents, takeWarnings, describe, it, afterEach } from '../../testing/helpers.js';
import type { CodatLinkEntityCount } from './entity-count.js';

describe('<codat-link-entity-count>', () => {
  afterEach(() => expect(takeWarnings()).to.deep.equal([]));

  it('asks one or several entities and emits the choice', async () => {
    const el = await fixture<CodatLinkEntityCount>(html`<codat-link-entity-count can-go-back></codat-link-entity-count>`);
    const intents = recordIntents(el);
    part(el, '[data-count="several"]').click();
    part(el, '[data-count="one"]').click();
    part(el, '[part="back"]').click();
    expect(intents).to.deep.equal([{ type: 'chooseEntityCount', count: 'several' }, { type: 'chooseEntityCount', count: 'one' }, { type: 'back' }]);
    await expect(el).to.be.accessible();
  });

  it('has no back button when there is nowhere to go back to', async () => {
    const el = await fixture<CodatLinkEntityCount>(html`<codat-link-entity-count></codat-link-entity-count>`);
    expect(el.shadowRoot!.querySelector('[part="back"]')).to.equal(null);
  });
});
