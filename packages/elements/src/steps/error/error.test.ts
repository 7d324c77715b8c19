import { expect, fixture, html } from '@open-wc/testing';
import type { LinkErrorInfo } from '@codat-link/core';
import '../../define.js';
import { part, recordIntents, takeWarnings, describe, it, afterEach } from '../../testing/helpers.js';
import type { CodatLinkError } from './error.js';

describe('<codat-link-error>', () => {
  afterEach(() => expect(takeWarnings()).to.deep.equal([]));

  it('shows the localized message, the code, the reference, and retry when recoverable', async () => {
    const error: LinkErrorInfo = { code: 'network_error', message: 'x', userRecoverable: true, correlationId: 'req-42' };
    const el = await fixture<CodatLinkError>(html`<codat-link-error locale="fr" .error=${error}></codat-link-error>`);
    expect(part(el, '[part="message"]').textContent).to.equal('Impossible de joindre le serveur. Vérifiez votre connexion et réessayez.');
    expect(part(el, '[part="code"]').textContent).to.equal('Code d’erreur\u202f: network_error');
    expect(part(el, '[part="reference"]').textContent).to.equal('Référence\u202f: req-42');
    const intents = recordIntents(el);
    part(el, '[part="retry"]').click();
    expect(intents).to.deep.equal([{ type: 'retry' }]);
    await expect(el).to.be.accessible();
  });

  it('offers no retry for an error the customer cannot fix', async () => {
    const el = await fixture<CodatLinkError>(
      html`<codat-link-error .error=${{ code: 'unauthorized', message: '', userRecoverable: false } as LinkErrorInfo}></codat-link-error>`,
    );
    expect(el.shadowRoot!.querySelector('[part="retry"]')).to.equal(null);
    expect(part(el, '[part="close"]').textContent).to.equal('Close');
  });
});
