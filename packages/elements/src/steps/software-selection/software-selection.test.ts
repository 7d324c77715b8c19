import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { Integration } from '@codat-link/core';
import '../../define.js';
import { part, recordIntents, shadowText, takeWarnings, describe, it, afterEach } from '../../testing/helpers.js';
import type { CodatLinkSoftwareSelection } from './software-selection.js';

const integration = (key: string, name: string, kind: Integration['kind'], sandbox = false): Integration => ({
  key,
  name,
  kind,
  sandbox,
  dataTypes: ['spendAnalysis'],
});

const CATALOG: Integration[] = [
  integration('xero', 'Xero', 'direct'),
  integration('exact-online', 'Exact Online', 'direct'),
  integration('sage-50', 'Sage 50', 'direct'),
  integration('sap-bydesign', 'SAP Business ByDesign', 'fileUpload'),
  integration('epicor', 'Epicor', 'fileUpload'),
  integration('sandbox', 'Sandbox Accounting', 'direct', true),
];

const names = (el: CodatLinkSoftwareSelection) => [...el.shadowRoot!.querySelectorAll('[role="option"] [part="option-name"]')].map((n) => n.textContent);

describe('<codat-link-software-selection>', () => {
  afterEach(() => expect(takeWarnings()).to.deep.equal([]));

  it('groups direct and file-upload platforms, hides sandbox ones unless allowed', async () => {
    const el = await fixture<CodatLinkSoftwareSelection>(html`<codat-link-software-selection .integrations=${CATALOG}></codat-link-software-selection>`);
    const groups = [...el.shadowRoot!.querySelectorAll('[role="group"]')].map((g) => g.querySelector('[part="group-label"]')!.textContent);
    expect(groups).to.deep.equal(['Connect directly', 'Upload reports from your software']);
    expect(names(el)).to.deep.equal(['Exact Online', 'Sage 50', 'Xero', 'Epicor', 'SAP Business ByDesign']);
    el.showSandbox = true;
    await el.updateComplete;
    expect(names(el)).to.include('Sandbox Accounting');
    await expect(el).to.be.accessible();
  });

  it('searches regardless of case, accents and spaces', async () => {
    const el = await fixture<CodatLinkSoftwareSelection>(html`<codat-link-software-selection .integrations=${CATALOG}></codat-link-software-selection>`);
    part(el, 'input').focus();
    await sendKeys({ type: 'ÉXACT' });
    await el.updateComplete;
    expect(names(el)).to.deep.equal(['Exact Online']);
    el.query = 'sage50';
    await el.updateComplete;
    expect(names(el)).to.deep.equal(['Sage 50']);
    el.query = 'nothing like it';
    await el.updateComplete;
    expect(shadowText(el)).to.contain('No software matches “nothing like it”.');
    await expect(el).to.be.accessible();
  });

  it('is operated by keyboard: arrows move the active option, Enter picks it, Escape clears', async () => {
    const el = await fixture<CodatLinkSoftwareSelection>(html`<codat-link-software-selection .integrations=${CATALOG}></codat-link-software-selection>`);
    const intents = recordIntents(el);
    const input = part<HTMLInputElement>(el, 'input');
    input.focus();
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    expect(input.getAttribute('aria-activedescendant')).to.equal('option-1');
    expect(part(el, '#option-1').textContent).to.contain('Sage 50');
    await sendKeys({ press: 'ArrowUp' });
    await sendKeys({ press: 'ArrowUp' });
    await el.updateComplete;
    expect(input.getAttribute('aria-activedescendant')).to.equal('option-4');
    await sendKeys({ type: 'xe' });
    await sendKeys({ press: 'Enter' });
    expect(intents).to.deep.equal([{ type: 'selectSoftware', integrationKey: 'xero' }]);
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(input.value).to.equal('');
  });

  it('offers the manual path when enabled', async () => {
    const el = await fixture<CodatLinkSoftwareSelection>(
      html`<codat-link-software-selection .integrations=${CATALOG} manual-upload-enabled></codat-link-software-selection>`,
    );
    const intents = recordIntents(el);
    part(el, '[part="cant-find-button"]').click();
    expect(intents).to.deep.equal([{ type: 'cantFindSoftware' }]);
  });

  it('without the manual template (financial statements), "Can’t find your software?" says what to do instead: no dead end', async () => {
    const el = await fixture<CodatLinkSoftwareSelection>(html`<codat-link-software-selection .integrations=${CATALOG}></codat-link-software-selection>`);
    const intents = recordIntents(el);
    const button = part(el, '[part="cant-find-button"]');
    const answer = part(el, '[part="cant-find-answer"]');
    expect(button.getAttribute('aria-expanded')).to.equal('false');
    expect(answer.hidden).to.equal(true);
    button.click();
    await el.updateComplete;
    expect(button.getAttribute('aria-expanded')).to.equal('true');
    expect(button.getAttribute('aria-controls')).to.equal(answer.id);
    expect(answer.hidden).to.equal(false);
    expect(answer.textContent).to.contain('tell whoever sent you this request which software you use');
    expect(intents).to.deep.equal([]);
    await expect(el).to.be.accessible();
  });

  it('renders hostile catalog entries as text and never loads a script URL', async () => {
    const hostile = [
      { ...integration('evil', '<script>window.__pwned=1</script>', 'direct'), logoUrl: 'javascript:window.__pwned=2' },
      integration('bidi', '\u202Egnp.exe', 'fileUpload'),
    ];
    const el = await fixture<CodatLinkSoftwareSelection>(html`<codat-link-software-selection .integrations=${hostile}></codat-link-software-selection>`);
    expect(names(el)).to.deep.equal(['<script>window.__pwned=1</script>', '\u202Egnp.exe']);
    expect(el.shadowRoot!.querySelector('script, img')).to.equal(null);
    expect(part(el, '[part="option-name"]').classList.contains('user-text')).to.equal(true);
    expect((window as { __pwned?: number }).__pwned).to.equal(undefined);
  });

  it('lists a platform offered both ways once, then asks which way, by keyboard', async () => {
    const both = [...CATALOG, integration('workday', 'Workday', 'direct'), integration('workday-file', 'Workday', 'fileUpload')];
    const el = await fixture<CodatLinkSoftwareSelection>(html`<codat-link-software-selection .integrations=${both}></codat-link-software-selection>`);
    expect(names(el).filter((n) => n === 'Workday')).to.have.length(1);
    const workday = part(el, '[data-key="workday"]');
    expect(workday.querySelector('[part="option-kind"]')!.textContent).to.equal('Connect or upload reports');
    const intents = recordIntents(el);
    part(el, '#search').focus();
    await sendKeys({ type: 'workday' });
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(intents, 'no choice made yet').to.deep.equal([]);
    const heading = part(el, '[part="heading"]');
    expect(heading.textContent).to.equal('How would you like to share data from Workday?');
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement).to.equal(heading);
    await expect(el).to.be.accessible();
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Enter' });
    expect(intents).to.deep.equal([{ type: 'selectSoftware', integrationKey: 'workday-file' }]);
  });

  it('Back from the choice of way returns to the list, focus on the search', async () => {
    const both = [integration('workday', 'Workday', 'direct'), integration('workday-file', 'Workday', 'fileUpload')];
    const el = await fixture<CodatLinkSoftwareSelection>(html`<codat-link-software-selection .integrations=${both}></codat-link-software-selection>`);
    part(el, '[data-key="workday"]').click();
    await el.updateComplete;
    part(el, '[part="back"]').click();
    await el.updateComplete;
    await el.updateComplete;
    expect(names(el)).to.deep.equal(['Workday']);
    expect(el.shadowRoot!.activeElement?.id).to.equal('search');
  });
});
