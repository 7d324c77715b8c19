import { html } from 'lit';
import { StepElement } from '../step-element.js';
import './entity-count-messages.js';
import { choiceStyles } from '../choice.styles.js';

/**
 * Step `entityCount` (spend analysis with multi-entity): one legal entity or several.
 *
 * @tag codat-link-entity-count
 * @attr locale - the language when rendered outside `<codat-link>` (`en`, `fr`).
 * @attr can-go-back - shows a back button.
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
export class CodatLinkEntityCount extends StepElement {
  static override styles = [StepElement.styles, choiceStyles];

  static override properties = {
    ...StepElement.properties,
    canGoBack: { type: Boolean, attribute: 'can-go-back' },
  };

  /** Shows a back button (to the provision method). */
  declare canGoBack: boolean;

  constructor() {
    super();
    this.canGoBack = false;
  }

  override render() {
    const { t } = this;
    return html`
      <section class="step" part="step" aria-labelledby="heading">
        <h2 id="heading" class="heading" part="heading" tabindex="-1">${t('entityCount.heading')}</h2>
        <p class="intro" part="intro">${t('entityCount.intro')}</p>
        <ul class="choices" part="choices">
          <li>
            <button class="choice" part="choice" data-count="one" @click=${() => this.intent({ type: 'chooseEntityCount', count: 'one' })}>
              <span class="choice-title" part="choice-title">${t('entityCount.one.title')}</span>
              <span class="choice-body" part="choice-body">${t('entityCount.one.body')}</span>
            </button>
          </li>
          <li>
            <button class="choice" part="choice" data-count="several" @click=${() => this.intent({ type: 'chooseEntityCount', count: 'several' })}>
              <span class="choice-title" part="choice-title">${t('entityCount.several.title')}</span>
              <span class="choice-body" part="choice-body">${t('entityCount.several.body')}</span>
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
