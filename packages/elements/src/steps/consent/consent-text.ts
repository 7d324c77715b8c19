import type { DataType } from '@codat-link/core';
import type { Localizer, MessageId } from '../../i18n/localizer.js';

import './consent-messages.js';

/** How the data will come: from the software itself, from its exported reports, or from the template. */
export type ConsentMethod = 'direct' | 'fileUpload' | 'manual';

/** What each way collects: a file upload reads the Suppliers and Bills reports and nothing else. */
const SPEND_DATA: Record<ConsentMethod, readonly MessageId[]> = {
  direct: [
    'consent.data.companyInfo',
    'consent.data.suppliers',
    'consent.data.bills',
    'consent.data.billPayments',
    'consent.data.billCreditNotes',
    'consent.data.directCosts',
    'consent.data.paymentMethods',
    'consent.data.taxRates',
  ],
  fileUpload: ['consent.data.suppliers', 'consent.data.bills'],
  manual: ['consent.data.supplierSpend'],
};
const FINANCIAL_DATA = ['consent.data.companyInfo', 'consent.data.profitAndLoss', 'consent.data.balanceSheet'] as const;
const INTRO = { direct: 'consent.intro', fileUpload: 'consent.intro.files', manual: 'consent.intro.manual' } as const;

export interface ConsentContent {
  heading: string;
  intro: string;
  dataLabel: string;
  items: string[];
  purposeLabel: string;
  purposes: string[];
  terms: string;
}

/**
 * The consent, as the pieces the step renders. The step renders exactly these strings and emits
 * `consentText(content)`, so what is recorded is what was shown, overrides included.
 */
export function consentContent(
  i18n: Localizer,
  params: { dataTypes: readonly DataType[]; method: ConsentMethod; partner: string; software: string; company: string },
): ConsentContent {
  const { method } = params;
  const ids = new Set<MessageId>();
  if (params.dataTypes.includes('spendAnalysis')) SPEND_DATA[method].forEach((id) => ids.add(id));
  if (params.dataTypes.includes('financials')) FINANCIAL_DATA.forEach((id) => ids.add(id));
  const names = { partner: params.partner, software: params.software, company: params.company };
  return {
    heading: i18n.t('consent.heading', names),
    intro: i18n.t(INTRO[method], names),
    dataLabel: i18n.t('consent.dataTypes.label'),
    items: [...ids].map((id) => i18n.t(id)),
    purposeLabel: i18n.t('consent.purpose.label'),
    purposes: [
      ...(params.dataTypes.includes('spendAnalysis') ? [i18n.t('consent.purpose.spend')] : []),
      ...(params.dataTypes.includes('financials') ? [i18n.t('consent.purpose.financials')] : []),
    ],
    terms: i18n.t(method === 'direct' ? 'consent.terms' : 'consent.terms.files', names),
  };
}

/** One line per piece, list items prefixed with "- ": stable, readable, hashable. */
export function consentText(content: ConsentContent): string {
  return [
    content.heading,
    content.intro,
    content.dataLabel,
    ...content.items.map((item) => `- ${item}`),
    content.purposeLabel,
    ...content.purposes,
    content.terms,
  ].join('\n');
}

/** SHA-256 of the text, hex; recorded with the consent so the exact wording can be proven (core's). */
export { sha256Hex } from '@codat-link/core';
