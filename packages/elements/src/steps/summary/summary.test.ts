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

  it('on a narrow element each entity is a block with its values named, nothing off to the side; a table when wide', async () => {
    const layout = async (width: number, locale: string) => {
      const wrapper = document.createElement('div');
      wrapper.style.width = `${width}px`;
      document.body.append(wrapper);
      const el = await fixture<CodatLinkSummary>(html`<codat-link-summary locale=${locale} .entities=${ENTITIES} .integrations=${XERO}></codat-link-summary>`, {
        parentNode: wrapper,
      });
      const wrap = part(el, '[part="table-wrap"]');
      const row = el.shadowRoot!.querySelector('tbody tr')!;
      const status = row.querySelector<HTMLElement>('[part="status"]')!;
      const result = {
        display: getComputedStyle(row).display,
        label: getComputedStyle(status.parentElement!, '::before').content,
        sideways: wrap.scrollWidth > wrap.clientWidth,
        statusInside: status.getBoundingClientRect().right <= wrap.getBoundingClientRect().right + 0.5,
      };
      await expect(el).to.be.accessible();
      return result;
    };
    // 320 px: before, status and records were past the edge of a table that scrolled sideways.
    const narrow = await layout(320, 'fr');
    expect(narrow).to.deep.equal({ display: 'block', label: '"Statut\u202f: "', sideways: false, statusInside: true });
    const wide = await layout(640, 'en');
    expect(wide.display).to.equal('table-row');
    expect(wide.label).to.equal('none');
  });

  it('says so when nothing was shared, in French', async () => {
    const el = await fixture<CodatLinkSummary>(html`<codat-link-summary locale="fr"></codat-link-summary>`);
    expect(part(el, '[part="empty"]').textContent).to.equal('Aucune entité juridique n’a encore été partagée.');
    await expect(el).to.be.accessible();
  });
});
