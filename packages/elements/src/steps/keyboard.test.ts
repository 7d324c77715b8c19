/**
 * Every step, by keyboard only: from the focused heading, Tab reaches the step's main action and
 * Enter (or Space) triggers it. Parameterised by step, like Lion's suites.
 */
import { expect, fixture } from '@open-wc/testing';
import { html, type TemplateResult } from 'lit';
import { sendKeys } from '@web/test-runner-commands';
import type { DataType, LinkErrorInfo } from '@codat-link/core';
import '../define.js';
import { describe, it, afterEach, recordIntents, takeWarnings } from '../testing/helpers.js';
import type { StepElement } from './step-element.js';
import type { StepIntent } from './intents.js';

const SPEND: DataType[] = ['spendAnalysis'];
const RECOVERABLE: LinkErrorInfo = { code: 'timeout', message: '', userRecoverable: true };

// Consent and disclaimer: Back, then their three in-step questions, then the main action.
const CASES: { name: string; template: TemplateResult; tabs: number; key: string; expected: StepIntent['type'] }[] = [
  { name: 'checklist', template: html`<codat-link-checklist partner-name="Bank"></codat-link-checklist>`, tabs: 1, key: 'Enter', expected: 'continue' },
  { name: 'entity count', template: html`<codat-link-entity-count></codat-link-entity-count>`, tabs: 1, key: 'Enter', expected: 'chooseEntityCount' },
  {
    name: 'consent',
    template: html`<codat-link-consent .dataTypes=${SPEND} software-name="Xero" company-name="Acme" partner-name="Bank"></codat-link-consent>`,
    tabs: 5,
    key: 'Enter',
    expected: 'giveConsent',
  },
  { name: 'disclaimer', template: html`<codat-link-disclaimer software-name="Epicor"></codat-link-disclaimer>`, tabs: 5, key: ' ', expected: 'continue' },
  {
    name: 'connecting (sandbox)',
    template: html`<codat-link-connecting sandbox software-name="Xero" connection-id="c1"></codat-link-connecting>`,
    tabs: 2,
    key: 'Enter',
    expected: 'connectionMessage',
  },
  {
    name: 'entity complete',
    template: html`<codat-link-entity-complete software-name="Xero"></codat-link-entity-complete>`,
    tabs: 1,
    key: 'Enter',
    expected: 'finish',
  },
  { name: 'summary', template: html`<codat-link-summary></codat-link-summary>`, tabs: 1, key: 'Enter', expected: 'close' },
  { name: 'error', template: html`<codat-link-error .error=${RECOVERABLE}></codat-link-error>`, tabs: 2, key: 'Enter', expected: 'retry' },
];

describe('steps by keyboard', () => {
  afterEach(() => expect(takeWarnings()).to.deep.equal([]));

  for (const { name, template, tabs, key, expected } of CASES) {
    it(`${name}: heading focused, Tab ×${tabs}, ${key === ' ' ? 'Space' : key} → ${expected}`, async () => {
      const el = await fixture<StepElement>(template);
      const intents = recordIntents(el);
      await el.focusHeading();
      expect(el.shadowRoot!.activeElement?.localName).to.equal('h2');
      for (let i = 0; i < tabs; i++) await sendKeys({ press: 'Tab' });
      await sendKeys({ press: key === ' ' ? 'Space' : key });
      expect(intents.map((i) => i.type)).to.deep.equal([expected]);
    });
  }

  it('consent shows a hostile company or partner name as text', async () => {
    const el = await fixture<StepElement>(
      html`<codat-link-consent .dataTypes=${SPEND} software-name="Xero" company-name=${'<img src=x onerror="window.__pwned=1">'} partner-name=${'\u202EknaB'}></codat-link-consent>`,
    );
    expect(el.shadowRoot!.querySelector('[part="intro"]')!.textContent).to.equal(
      'With your consent, \u2068\u202EknaB\u2069 will access the following data from Xero for <img src=x onerror="window.__pwned=1">:',
    );
    expect(el.shadowRoot!.querySelector('img')).to.equal(null);
    expect((window as { __pwned?: number }).__pwned).to.equal(undefined);
    await expect(el).to.be.accessible();
  });
});
