import { html, css, nothing } from 'lit';
import type { DataType } from '@codat-link/core';
import { StepElement } from '../step-element.js';
import { consentContent, consentText, type ConsentMethod } from './consent-text.js';
import '../../help/define.js';

/**
 * Step `consent`: the data types of the request, why they are asked for, and the terms.
 * Allowing access emits the exact text shown (see `consentText`).
 *
 * @tag codat-link-consent
 * @attr locale - the language when rendered outside `<codat-link>` (`en`, `fr`).
 * @attr software-name - the platform's name.
 * @attr method - how the data will come, which decides what is listed: `direct`, `fileUpload` or `manual`.
 * @attr company-name - the company or entity sharing.
 * @attr partner-name - who receives the data.
 * @attr version - the consent text's version.
 * @attr can-go-back - shows a back button.
 * @csspart step - the step's container.
 * @csspart heading - the step's heading (receives focus on arrival).
 * @csspart intro - the sentence naming the partner, software and company.
 * @csspart data-label - the title of the data list.
 * @csspart data-list - the list of data types.
 * @csspart data-item - each data type.
 * @csspart purpose-label - the title of the purpose.
 * @csspart purpose - each purpose sentence.
 * @csspart terms - the terms paragraph.
 * @csspart help-list - the most asked questions, answered in the step (`<codat-link-help>`).
 * @csspart actions - the row of buttons.
 * @csspart back - the back button.
 * @csspart accept - the allow-access button.
 */
export class CodatLinkConsent extends StepElement {
  static override styles = [
    StepElement.styles,
    css`
      @layer codat-link.component {
        .data-list {
          margin: 0;
          padding-inline-start: 1.25rem;
          columns: var(--codat-link-consent-columns, 2) 12rem;
        }
        .data-list li {
          break-inside: avoid;
        }
        /* One or two long items (a file upload, the template) read on one column. */
        .data-list.short {
          columns: 1;
        }
        h3 {
          margin: 0;
          font-size: 1em;
        }
        .terms {
          margin: 0;
          padding: var(--_gap);
          background: var(--_raised);
          border-radius: var(--_radius);
          font-size: 0.9375em;
        }
      }
    `,
  ];

  static override properties = {
    ...StepElement.properties,
    dataTypes: { attribute: false },
    method: {},
    softwareName: { attribute: 'software-name' },
    companyName: { attribute: 'company-name' },
    partnerName: { attribute: 'partner-name' },
    version: {},
    canGoBack: { type: Boolean, attribute: 'can-go-back' },
  };

  declare dataTypes: DataType[];
  /**
   * How the data will come, which decides what the consent lists: `direct` (the software itself),
   * `fileUpload` (the Suppliers and Bills reports only) or `manual` (the supplier spend template).
   */
  declare method: ConsentMethod;
  declare softwareName: string;
  declare companyName: string;
  declare partnerName: string;
  /** The consent text's version, recorded with the consent. */
  declare version: string;
  declare canGoBack: boolean;

  constructor() {
    super();
    this.dataTypes = ['spendAnalysis'];
    this.method = 'direct';
    this.softwareName = '';
    this.companyName = '';
    this.partnerName = '';
    this.version = '1';
    this.canGoBack = true;
  }

  get content() {
    return consentContent(this.i18n, {
      dataTypes: this.dataTypes,
      method: this.method,
      partner: this.partnerName,
      software: this.softwareName,
      company: this.companyName,
    });
  }

  override render() {
    const content = this.content;
    const accept = () =>
      this.intent({
        type: 'giveConsent',
        text: consentText(content),
        version: this.version,
        locale: this.i18n.locale,
        dataTypes: [...this.dataTypes],
      });
    return html`
      <section class="step" part="step" aria-labelledby="heading">
        <h2 id="heading" class="heading user-text" part="heading" tabindex="-1">${content.heading}</h2>
        <p class="intro user-text" part="intro">${content.intro}</p>
        <h3 id="data-label" part="data-label">${content.dataLabel}</h3>
        <ul class=${content.items.length < 3 ? 'data-list short' : 'data-list'} part="data-list" aria-labelledby="data-label">
          ${content.items.map((item) => html`<li part="data-item">${item}</li>`)}
        </ul>
        <h3 part="purpose-label">${content.purposeLabel}</h3>
        ${content.purposes.map((purpose) => html`<p class="intro" part="purpose">${purpose}</p>`)}
        <p class="terms user-text" part="terms">${content.terms}</p>
        <codat-link-help inline-list step="consent" part="help-list"></codat-link-help>
        <div class="actions" part="actions">
          ${
            this.canGoBack
              ? html`<button class="button secondary" part="back" @click=${() => this.intent({ type: 'back' })}>${this.t('consent.decline')}</button>`
              : nothing
          }
          <button class="button" part="accept" @click=${accept}>${this.t(this.method === 'direct' ? 'consent.accept' : 'consent.accept.files')}</button>
        </div>
      </section>
    `;
  }
}
