import { css, html, nothing } from 'lit';
import { ContextConsumer } from '@lit/context';
import type { JourneyStep } from '@codat-link/core';
import { LocalizedElement } from '../i18n/localized-element.js';
import { stepStyles } from '../styles/shared.styles.js';
import { helpContext } from '../context.js';
import type { HelpSettings } from './help-settings.js';
import { answersFor, inlineAnswersFor, type ShownAnswer } from './help-answers.js';
import './help-messages.js';

/**
 * `<codat-link-help>`: the answers to the customer's questions, the current step's first. `<codat-link>`
 * renders it as the *Questions?* panel (a disclosure inline, a dialog in modal mode); the consent and
 * disclaimer steps render it `inline-list`, their two or three most asked answers. Loaded on demand:
 * it carries every answer in every locale. Reads the partner's `help` option and policy links from
 * `<codat-link>`'s context (or the `settings` property when rendered alone).
 *
 * @tag codat-link-help
 * @attr step - the journey step the answers are for.
 * @attr inline-list - the small in-step list instead of the whole panel.
 * @attr locale - the language when rendered outside `<codat-link>` (`en`, `fr`).
 * @fires codat-link-help-close - the customer pressed the panel's close button (internal, not composed).
 * @csspart help-heading - the panel's heading (receives focus in modal mode).
 * @csspart help-close - the panel's close button.
 * @csspart help-group - a group of answers (this step's, the others).
 * @csspart help-item - one question and its answer (a `<details>`).
 * @csspart help-question - the question (the `<summary>`).
 * @csspart help-answer - the answer.
 * @csspart help-links - the partner's policy links.
 */
export class CodatLinkHelp extends LocalizedElement {
  static override styles = [
    stepStyles,
    css`
      @layer codat-link.component {
        :host {
          display: block;
        }
        .help {
          display: grid;
          gap: calc(var(--_gap) * 0.75);
        }
        .group {
          display: grid;
          gap: 0.5rem;
        }
        .top {
          display: flex;
          flex-wrap: wrap;
          align-items: center;
          justify-content: space-between;
          gap: 0.5rem;
        }
        h2,
        h3 {
          margin: 0;
        }
        h2 {
          font-size: 1.25em;
        }
        h2:focus {
          outline: none;
        }
        h3 {
          font-size: 0.875em;
          text-transform: uppercase;
          letter-spacing: 0.04em;
          color: var(--_muted);
        }
        ul {
          list-style: none;
          margin: 0;
          padding: 0;
          display: grid;
          gap: 0.375rem;
        }
        details {
          border: 1px solid var(--_border);
          border-radius: var(--_radius);
          background: var(--_surface);
        }
        summary {
          cursor: pointer;
          padding: 0.5rem 0.75rem;
          min-height: 2.75rem;
          display: flex;
          align-items: center;
          gap: 0.5rem;
          font-weight: 600;
          list-style: none;
        }
        summary::-webkit-details-marker {
          display: none;
        }
        summary::before {
          content: '+';
          inline-size: 1rem;
          flex: none;
          font-weight: 700;
          color: var(--_primary);
        }
        details[open] > summary::before {
          content: '−';
        }
        summary:focus-visible {
          outline: 2px solid var(--_focus);
          outline-offset: 2px;
        }
        details p {
          margin: 0;
          padding: 0 0.75rem 0.75rem 2.25rem;
        }
        .close {
          flex: none;
          min-height: 2.75rem;
          padding-block: 0.25rem;
        }
        .links {
          display: flex;
          flex-wrap: wrap;
          gap: 0.25rem 1rem;
          margin: 0;
          font-size: 0.9375em;
        }
        a {
          color: var(--_primary);
        }
        :host([inline-list]) summary {
          font-weight: 500;
        }
      }
    `,
  ];

  static override properties = {
    ...LocalizedElement.properties,
    step: {},
    inlineList: { type: Boolean, attribute: 'inline-list', reflect: true },
    settings: { attribute: false },
  };

  /** The journey step the answers are for. */
  declare step: JourneyStep;
  declare inlineList: boolean;
  /** Used when no `<codat-link>` provides the help settings (stories, standalone use). */
  declare settings: HelpSettings | undefined;

  readonly #provided = new ContextConsumer(this, { context: helpContext, subscribe: true });

  constructor() {
    super();
    this.step = 'softwareSelection';
    this.inlineList = false;
    this.settings = undefined;
  }

  get #settings(): HelpSettings {
    return this.#provided.value ?? this.settings ?? {};
  }

  /** Moves focus to the panel's heading (modal mode). */
  async focusHeading(): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('h2')?.focus();
  }

  #renderItems(answers: ShownAnswer[]) {
    return html`<ul>
      ${answers.map(
        (a) => html`<li>
          <details part="help-item" data-answer=${a.id}>
            <summary part="help-question" class="user-text">${a.question}</summary>
            <p part="help-answer" class="user-text">${a.answer}</p>
          </details>
        </li>`,
      )}
    </ul>`;
  }

  #renderLinks(partner: string) {
    const { privacyPolicyUrl, termsUrl } = this.#settings;
    if (!privacyPolicyUrl && !termsUrl) return nothing;
    const t = this.i18n.t.bind(this.i18n);
    const link = (href: string | undefined, label: string) =>
      href ? html`<a href=${href} target="_blank" rel="noopener noreferrer">${label}<span class="visually-hidden"> ${t('help.newTab')}</span></a>` : nothing;
    return html`<p class="links" part="help-links" aria-label=${t('help.policies', { partner })} role="group">
      ${link(privacyPolicyUrl, t('help.privacyPolicy'))} ${link(termsUrl, t('help.terms'))}
    </p>`;
  }

  override render() {
    const i18n = this.i18n;
    const t = i18n.t.bind(i18n);
    const settings = this.#settings;
    const partner = settings.partnerName || t('shell.defaultPartner');
    if (this.inlineList) {
      const answers = inlineAnswersFor(this.step, settings.options, i18n, partner);
      if (answers.length === 0) return nothing;
      return html`<section class="help" aria-labelledby="inline-label">
        <h3 id="inline-label">${t('help.inline.label')}</h3>
        ${this.#renderItems(answers)} ${this.#renderLinks(partner)}
      </section>`;
    }
    const { relevant, others } = answersFor(this.step, settings.options, i18n, partner);
    return html`<div class="help">
      <div class="top">
        <h2 part="help-heading" tabindex="-1">${t('help.heading')}</h2>
        <button class="button secondary close" part="help-close" @click=${() => this.dispatchEvent(new Event('codat-link-help-close', { bubbles: true }))}>
          ${t('help.close')}
        </button>
      </div>
      <p class="hint">${t('help.intro')}</p>
      ${
        relevant.length > 0
          ? html`<section class="group" part="help-group" data-group="step" aria-labelledby="this-step">
            <h3 id="this-step">${t('help.thisStep')}</h3>
            ${this.#renderItems(relevant)}
          </section>`
          : nothing
      }
      ${
        others.length > 0
          ? html`<section class="group" part="help-group" data-group="more" aria-labelledby="more">
            <h3 id="more">${t('help.more')}</h3>
            ${this.#renderItems(others)}
          </section>`
          : nothing
      }
      ${this.#renderLinks(partner)}
    </div>`;
  }
}
