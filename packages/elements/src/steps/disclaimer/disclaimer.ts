import { html, css, nothing } from 'lit';
import { StepElement } from '../step-element.js';
import './disclaimer-messages.js';
import '../../help/define.js';

/**
 * Step `disclaimer` (file-upload platforms): how the file process works; the customer will
 * alternate between their software and the upload.
 *
 * @tag codat-link-disclaimer
 * @attr locale - the language when rendered outside `<codat-link>` (`en`, `fr`).
 * @attr software-name - the platform's name.
 * @attr can-go-back - shows a back button.
 * @csspart step - the step's container.
 * @csspart heading - the step's heading (receives focus on arrival).
 * @csspart intro - the introduction.
 * @csspart steps - the numbered list of what happens next.
 * @csspart note - the notes under the list.
 * @csspart help-list - the most asked questions, answered in the step (`<codat-link-help>`).
 * @csspart actions - the row of buttons.
 * @csspart back - the back button.
 * @csspart continue - the continue button.
 */
export class CodatLinkDisclaimer extends StepElement {
  static override styles = [
    StepElement.styles,
    css`
      @layer codat-link.component {
        ol {
          margin: 0;
          padding-inline-start: 1.5rem;
          display: grid;
          gap: 0.5rem;
        }
      }
    `,
  ];

  static override properties = {
    ...StepElement.properties,
    softwareName: { attribute: 'software-name' },
    canGoBack: { type: Boolean, attribute: 'can-go-back' },
  };

  declare softwareName: string;
  declare canGoBack: boolean;

  constructor() {
    super();
    this.softwareName = '';
    this.canGoBack = true;
  }

  override render() {
    const { t } = this;
    const software = { software: this.softwareName };
    return html`
      <section class="step" part="step" aria-labelledby="heading">
        <h2 id="heading" class="heading" part="heading" tabindex="-1">${t('disclaimer.heading')}</h2>
        <p class="intro user-text" part="intro">${t('disclaimer.intro', software)}</p>
        <ol part="steps">
          <li class="user-text">${t('disclaimer.step1', software)}</li>
          <li class="user-text">${t('disclaimer.step2', software)}</li>
          <li>${t('disclaimer.step3')}</li>
        </ol>
        <p class="hint user-text" part="note">${t('disclaimer.alternate', software)}</p>
        <p class="hint" part="note">${t('disclaimer.admin')}</p>
        <codat-link-help inline-list step="disclaimer" part="help-list"></codat-link-help>
        <div class="actions" part="actions">
          ${
            this.canGoBack
              ? html`<button class="button secondary" part="back" @click=${() => this.intent({ type: 'back' })}>${t('shell.back')}</button>`
              : nothing
          }
          <button class="button" part="continue" @click=${() => this.intent({ type: 'continue' })}>${t('disclaimer.continue')}</button>
        </div>
      </section>
    `;
  }
}
