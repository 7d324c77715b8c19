import { html } from 'lit';
import { StepElement } from '../step-element.js';
import './provision-method-messages.js';
import { choiceStyles } from '../choice.styles.js';

/**
 * Step `provisionMethod` (spend analysis only): upload the supplier-spend template by hand, or
 * connect software.
 *
 * @tag codat-link-provision-method
 * @attr locale - the language when rendered outside `<codat-link>` (`en`, `fr`).
 * @attr can-go-back - shows a back button (to the *Before you start* checklist).
 * @csspart step - the step's container.
 * @csspart heading - the step's heading (receives focus on arrival).
 * @csspart intro - the introduction under the heading.
 * @csspart choices - the list of options.
 * @csspart choice - each option button.
 * @csspart choice-title - an option's title.
 * @csspart choice-body - an option's description.
 * @csspart actions - the row of navigation buttons.
 * @csspart back - the back button.
 */
export class CodatLinkProvisionMethod extends StepElement {
  static override styles = [StepElement.styles, choiceStyles];

  static override properties = {
    ...StepElement.properties,
    canGoBack: { type: Boolean, attribute: 'can-go-back' },
  };

  /** Shows a back button (to the checklist, when the journey opened with it). */
  declare canGoBack: boolean;

  constructor() {
    super();
    this.canGoBack = false;
  }

  override render() {
    const { t } = this;
    return html`
      <section class="step" part="step" aria-labelledby="heading">
        <h2 id="heading" class="heading" part="heading" tabindex="-1">${t('provision.heading')}</h2>
        <p class="intro" part="intro">${t('provision.intro')}</p>
        <ul class="choices" part="choices">
          <li>
            <button class="choice" part="choice" data-method="connect" @click=${() => this.intent({ type: 'chooseProvision', method: 'connect' })}>
              <span class="choice-title" part="choice-title">${t('provision.connect.title')}</span>
              <span class="choice-body" part="choice-body">${t('provision.connect.body')}</span>
            </button>
          </li>
          <li>
            <button class="choice" part="choice" data-method="manual" @click=${() => this.intent({ type: 'chooseProvision', method: 'manual' })}>
              <span class="choice-title" part="choice-title">${t('provision.manual.title')}</span>
              <span class="choice-body" part="choice-body">${t('provision.manual.body')}</span>
            </button>
          </li>
        </ul>
        ${
          this.canGoBack
            ? html`<div class="actions" part="actions">
              <button class="button secondary" part="back" @click=${() => this.intent({ type: 'back' })}>${t('shell.back')}</button>
            </div>`
            : null
        }
      </section>
    `;
  }
}
