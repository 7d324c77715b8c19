import { expect } from '@open-wc/testing';
import { LINK_ERROR_CODES } from '@codat-link/core';
import {
  Localizer,
  SUPPORTED_LOCALES,
  isLocaleLoaded,
  loadLocale,
  messageIds,
  missingMessages,
  registerMessages,
  resolveLocale,
  textOverridesSchema,
} from './localizer.js';
import { errorMessage } from './errors.js';
import { en } from './en.js';
import * as z from 'zod/mini';
import { describe, it, before } from '../testing/helpers.js';
// The steps' own catalogs (registered when their chunks load), so the checks below cover them too.
import '../steps/checklist/checklist-messages.js';
import '../steps/connecting/connecting-messages.js';
import '../steps/disclaimer/disclaimer-messages.js';
import '../steps/entity-complete/entity-complete-messages.js';
import '../steps/entity-count/entity-count-messages.js';
import '../steps/entity-name/entity-name-messages.js';
import '../steps/error/error-messages.js';
import '../steps/provision-method/provision-method-messages.js';
import '../steps/summary/summary-messages.js';
import '../help/help-messages.js';

describe('locales', () => {
  before(async () => {
    // French is a lazy chunk in the drop-in build; this proves it loads and registers.
    expect(isLocaleLoaded('en')).to.equal(true);
    await loadLocale('fr');
    expect(isLocaleLoaded('fr')).to.equal(true);
  });

  for (const locale of SUPPORTED_LOCALES) {
    it(`${locale} has a text for every message id`, () => {
      expect(missingMessages(locale)).to.deep.equal([]);
    });
  }

  it('writes French with its typography: a narrow no-break space before ? ! ; : and inside « »', async () => {
    // Every step's own strings too, which register when their chunk loads.
    await Promise.all([
      import('../steps/consent/consent-messages.js'),
      import('../steps/software-selection/software-messages.js'),
      import('../upload/upload-messages.js'),
      import('../help/help-messages.js'),
      import('../steps/checklist/checklist-messages.js'),
      import('../steps/connecting/connecting-messages.js'),
      import('../steps/entity-complete/entity-complete-messages.js'),
      import('../steps/summary/summary-messages.js'),
      import('../steps/error/error-messages.js'),
    ]);
    const fr = new Localizer('fr');
    const wrong = messageIds()
      .map((id) => [id, fr.t(id as never)] as const)
      .filter(([, text]) => /[ \u00a0][?!;:]|[\p{L}\d)}’»][?!;](?=\s|$)|«(?!\u202f)|(?<!\u202f)»/u.test(text));
    expect(wrong).to.deep.equal([]);
  });

  it('fails the check when a registered module forgets a locale', () => {
    registerMessages({ en: { 'test.only-english': 'Only in English' }, fr: {} as Record<'test.only-english', string> });
    expect(missingMessages('fr')).to.deep.equal(['test.only-english']);
    registerMessages({ en: { 'test.only-english': 'Only in English' }, fr: { 'test.only-english': 'Seulement en anglais' } });
    expect(missingMessages('fr')).to.deep.equal([]);
  });

  it('has an English and a French message for every error code of core', () => {
    for (const code of LINK_ERROR_CODES) {
      expect(messageIds(), code).to.include(`errors.${code}`);
      expect(errorMessage(new Localizer('fr'), code)).not.to.equal(errorMessage(new Localizer('en'), code));
    }
  });

  it('resolves regional tags and falls back to English', () => {
    expect(resolveLocale('fr-CA')).to.equal('fr');
    expect(resolveLocale('FR')).to.equal('fr');
    expect(resolveLocale('de')).to.equal('en');
    expect(resolveLocale(undefined)).to.equal('en');
  });

  it('fills placeholders with text and formats numbers for the locale', () => {
    const fr = new Localizer('fr');
    expect(fr.t('summary.records', { suppliers: 1234, bills: 5 })).to.equal('1\u202f234 fournisseurs, 5 factures');
    expect(new Localizer('en').t('entityName.existing', { names: '<img src=x onerror=alert(1)>' })).to.equal(
      'Entities already added: <img src=x onerror=alert(1)>',
    );
  });

  it('isolates values carrying bidi controls so they cannot reverse the sentence', () => {
    const en = new Localizer('en');
    expect(en.t('entityComplete.heading', { entity: '\u202Eevil' })).to.equal('\u2068\u202Eevil\u2069 is done');
    expect(en.t('entityComplete.heading', { entity: 'Acme' })).to.equal('Acme is done');
  });

  it('chooses plural forms by the locale rules (French 0 is singular)', async () => {
    await import('../steps/software-selection/software-messages.js');
    expect(new Localizer('en').plural('software.results', 0)).to.equal('0 software found');
    expect(new Localizer('fr').plural('software.results', 0)).to.equal('0 logiciel trouvé');
    expect(new Localizer('fr').plural('software.results', 3)).to.equal('3 logiciels trouvés');
  });

  it('applies overrides for every locale or per locale', () => {
    const overrides = { 'shell.title': 'Connect to Bank', 'shell.continue': { fr: 'J’accepte' } };
    expect(z.safeParse(textOverridesSchema, overrides).success).to.equal(true);
    expect(new Localizer('fr', overrides).t('shell.title')).to.equal('Connect to Bank');
    expect(new Localizer('fr', overrides).t('shell.continue')).to.equal('J’accepte');
    expect(new Localizer('en', overrides).t('shell.continue')).to.equal(en['shell.continue']);
  });

  it('refuses overrides that are not text', () => {
    expect(z.safeParse(textOverridesSchema, { 'shell.title': 42 }).success).to.equal(false);
    expect(z.safeParse(textOverridesSchema, { 'shell.title': { de: 'x' } }).success).to.equal(false);
  });
});
