import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../define.js';
import { part, recordIntents, shadowText, takeWarnings, describe, it, afterEach } from '../../testing/helpers.js';
import type { CodatLinkEntityName } from './entity-name.js';

describe('<codat-link-entity-name>', () => {
  afterEach(() => expect(takeWarnings()).to.deep.equal([]));

  it('submits the typed name, trimmed, with Enter', async () => {
    const el = await fixture<CodatLinkEntityName>(html`<codat-link-entity-name></codat-link-entity-name>`);
    const intents = recordIntents(el);
    part(el, 'input').focus();
    await sendKeys({ type: '  Acme Trading Ltd ' });
    await sendKeys({ press: 'Enter' });
    expect(intents).to.deep.equal([{ type: 'submitEntityName', name: 'Acme Trading Ltd' }]);
    await expect(el).to.be.accessible();
  });

  it('refuses an empty name with a message tied to the field', async () => {
    const el = await fixture<CodatLinkEntityName>(html`<codat-link-entity-name locale="fr"></codat-link-entity-name>`);
    const intents = recordIntents(el);
    part(el, '[part="submit"]').click();
    await el.updateComplete;
    const input = part<HTMLInputElement>(el, 'input');
    expect(intents).to.deep.equal([]);
    expect(input.getAttribute('aria-invalid')).to.equal('true');
    expect(input.getAttribute('aria-describedby')).to.contain('error');
    expect(part(el, '#error').textContent).to.equal('Saisissez le nom de l’entité juridique.');
    expect(el.shadowRoot!.activeElement).to.equal(input);
    await expect(el).to.be.accessible();
  });

  it('says a name already used, instead of a Continue that does nothing', async () => {
    const el = await fixture<CodatLinkEntityName>(html`<codat-link-entity-name .existingNames=${['Acme UK']}></codat-link-entity-name>`);
    const intents = recordIntents(el);
    part(el, 'input').focus();
    await sendKeys({ type: ' acme uk ' });
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(intents).to.deep.equal([]);
    expect(part(el, '#error').textContent).to.equal('You already added “acme uk”. Give this entity another name.');
    expect(part<HTMLInputElement>(el, 'input').getAttribute('aria-invalid')).to.equal('true');
    await expect(el).to.be.accessible();
    el.locale = 'fr';
    await el.updateComplete;
    expect(part(el, '#error').textContent).to.equal('Vous avez déjà ajouté «\u202facme uk\u202f». Donnez un autre nom à cette entité.');
  });

  it('shows hostile names already added as text', async () => {
    const hostile = ['<img src=x onerror="window.__pwned=1">', '\u202Eevil.exe'];
    const el = await fixture<CodatLinkEntityName>(html`<codat-link-entity-name .existingNames=${hostile}></codat-link-entity-name>`);
    expect(shadowText(el)).to.contain('<img src=x onerror="window.__pwned=1">');
    expect(el.shadowRoot!.querySelector('img')).to.equal(null);
    expect((window as { __pwned?: number }).__pwned).to.equal(undefined);
  });
});
