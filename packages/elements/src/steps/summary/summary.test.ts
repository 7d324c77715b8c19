import { expect, fixture, html } from '@open-wc/testing';
import type { EntityStatusInfo, Integration } from '@codat-link/core';

const XERO: Integration[] = [{ key: 'xero', name: 'Xero', kind: 'direct', sandbox: false, dataTypes: [] }];
import '../../define.js';
import { part, recordIntents, takeWarnings, describe, it, afterEach } from '../../testing/helpers.js';
import type { CodatLinkSummary } from './summary.js';

const ENTITIES: EntityStatusInfo[] = [
  { entityId: 'e1', name: 'Acme UK', status: 'complete', integrationKey: 'xero', connectionKind: 'direct', counts: {} },
  { entityId: 'e2', name: 'Acme <b>FR</b>', status: 'uploaded', integrationKey: 'epicor', connectionKind: 'fileUpload', counts: { suppliers: 12, bills: 340 } },
  { entityId: 'e3', name: 'Acme DE', status: 'failed', counts: {} },
];

describe('<codat-link-summary>', () => {
  afterEach(() => expect(takeWarnings()).to.deep.equal([]));

  it('shows a status per entity in a table', async () => {
    const el = await fixture<CodatLinkSummary>(html`<codat-link-summary .entities=${ENTITIES} .integrations=${XERO}></codat-link-summary>`);
    const rows = [...el.shadowRoot!.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((cell) => cell.textContent!.trim()));
    expect(rows).to.deep.equal([
      ['Acme UK', 'Xero', 'Complete', '—'],
      ['Acme <b>FR</b>', 'epicor', 'Uploaded', '12 suppliers, 340 bills'],
      ['Acme DE', '—', 'Failed', '—'],
    ]);
    const intents = recordIntents(el);
    part(el, '[part="done"]').click();
    expect(intents).to.deep.equal([{ type: 'close' }]);
    await expect(el).to.be.accessible();
  });

  it('says so when nothing was shared, in French', async () => {
    const el = await fixture<CodatLinkSummary>(html`<codat-link-summary locale="fr"></codat-link-summary>`);
    expect(part(el, '[part="empty"]').textContent).to.equal('Aucune entité juridique n’a encore été partagée.');
    await expect(el).to.be.accessible();
  });
});
