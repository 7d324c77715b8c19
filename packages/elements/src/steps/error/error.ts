import { html, css, nothing } from 'lit';
import type { LinkErrorInfo } from '@codat-link/core';
import './error-messages.js';
import { StepElement } from '../step-element.js';
import { errorMessage } from '../../i18n/errors.js';

/**
 * Step `error`: what went wrong in the customer's language, the stable code and a reference for
 * support, and retry when the error is recoverable.
 *
 * @tag codat-link-error
 * @attr locale - the language when rendered outside `<codat-link>` (`en`, `fr`).
 * @csspart step - the step's container.
 * @csspart heading - the step's heading (receives focus on arrival).
 * @csspart message - the error message.
 * @csspart code - the error code.
 * @csspart reference - the correlation id for support.
 * @csspart actions - the row of buttons.
 * @csspart retry - the retry button.
 * @csspart close - the close button.
 */
export class CodatLinkError extends StepElement {
  static override styles = [
    StepElement.styles,
    css`
      @layer codat-link.component {
        .message {
          margin: 0;
          padding: var(--_gap);
          border-inline-start: 4px solid var(--_danger);
          background: var(--_raised);
          border-radius: var(--_radius);
        }
        .meta {
          margin: 0;
          color: var(--_muted);
          font-size: 0.875em;
          font-family: ui-monospace, monospace;
        }
      }
    `,
  ];

  static override properties = {
    ...StepElement.properties,
    error: { attribute: false },
  };

  declare error: LinkErrorInfo;

  constructor() {
    super();
    this.error = { code: 'unknown', message: '', userRecoverable: false };
  }

  override render() {
    const { t } = this;
    const { code, userRecoverable, correlationId } = this.error;
    return html`
      <section class="step" part="step" aria-labelledby="heading">
        <h2 id="heading" class="heading" part="heading" tabindex="-1">${t('error.heading')}</h2>
        <p class="message" part="message" role="alert">${errorMessage(this.i18n, code)}</p>
        <p class="meta" part="code">${t('error.code', { code })}</p>
        ${correlationId ? html`<p class="meta user-text" part="reference">${t('error.reference', { id: correlationId })}</p>` : nothing}
        <div class="actions" part="actions">
          <button class="button secondary" part="close" @click=${() => this.intent({ type: 'close' })}>${t('error.close')}</button>
          ${userRecoverable ? html`<button class="button" part="retry" @click=${() => this.intent({ type: 'retry' })}>${t('error.retry')}</button>` : nothing}
        </div>
      </section>
    `;
  }
}
