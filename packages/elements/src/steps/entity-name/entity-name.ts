import { html, nothing } from 'lit';
import { StepElement } from '../step-element.js';
import './entity-name-messages.js';

export const ENTITY_NAME_MAX = 100;

/**
 * Step `entityName`: the name of the legal entity about to be connected. The name is the
 * customer's text: it is trimmed and sent as typed, and shown everywhere as text.
 *
 * @tag codat-link-entity-name
 * @attr locale - the language when rendered outside `<codat-link>` (`en`, `fr`).
 * @attr value - the name typed so far.
 * @attr can-go-back - shows a back button.
 * @csspart step - the step's container.
 * @csspart heading - the step's heading (receives focus on arrival).
 * @csspart intro - the introduction under the heading.
 * @csspart form - the form.
 * @csspart label - the field's label.
 * @csspart input - the text field.
 * @csspart hint - the hint under the label.
 * @csspart error - the validation message.
 * @csspart existing - the names of entities already added.
 * @csspart actions - the row of buttons.
 * @csspart back - the back button.
 * @csspart submit - the continue button.
 */
export class CodatLinkEntityName extends StepElement {
  static override properties = {
    ...StepElement.properties,
    value: {},
    existingNames: { attribute: false },
    canGoBack: { type: Boolean, attribute: 'can-go-back' },
    problem: { state: true },
  };

  /** The name typed so far (pre-filled when coming back to this step). */
  declare value: string;
  /** Entities already added in this journey, listed for reference. */
  declare existingNames: string[];
  declare canGoBack: boolean;
  declare problem: 'required' | 'tooLong' | 'duplicate' | null;

  constructor() {
    super();
    this.value = '';
    this.existingNames = [];
    this.canGoBack = false;
    this.problem = null;
  }

  #submit(event: SubmitEvent) {
    event.preventDefault();
    const name = this.value.trim();
    // The machine refuses a name already used (case-insensitive): say so rather than do nothing.
    const taken = this.existingNames.some((n) => n.toLocaleLowerCase() === name.toLocaleLowerCase());
    this.problem = name === '' ? 'required' : name.length > ENTITY_NAME_MAX ? 'tooLong' : taken ? 'duplicate' : null;
    if (this.problem) {
      this.renderRoot.querySelector<HTMLInputElement>('input')?.focus();
      return;
    }
    this.intent({ type: 'submitEntityName', name });
  }

  override render() {
    const { t } = this;
    const message =
      this.problem === 'required'
        ? t('entityName.required')
        : this.problem === 'tooLong'
          ? t('entityName.tooLong', { max: ENTITY_NAME_MAX })
          : this.problem === 'duplicate'
            ? t('entityName.duplicate', { name: this.value.trim() })
            : '';
    return html`
      <section class="step" part="step" aria-labelledby="heading">
        <h2 id="heading" class="heading" part="heading" tabindex="-1">${t('entityName.heading')}</h2>
        <p class="intro" part="intro">${t('entityName.intro')}</p>
        <form class="step" part="form" novalidate @submit=${this.#submit}>
          <div class="field">
            <label for="name" part="label">${t('entityName.label')}</label>
            <p id="hint" class="hint" part="hint">${t('entityName.hint')}</p>
            <input
              id="name"
              class="input"
              part="input"
              name="entityName"
              autocomplete="organization"
              maxlength=${ENTITY_NAME_MAX * 2}
              aria-describedby=${this.problem ? 'hint error' : 'hint'}
              aria-invalid=${this.problem ? 'true' : 'false'}
              .value=${this.value}
              @input=${(e: InputEvent) => {
                this.value = (e.target as HTMLInputElement).value;
                if (this.problem) this.problem = null;
              }}
            />
            <p id="error" class="error-text" part="error" ?hidden=${!this.problem}>${message}</p>
          </div>
          ${
            this.existingNames.length > 0
              ? html`<p class="hint user-text" part="existing">${t('entityName.existing', { names: this.existingNames.join(', ') })}</p>`
              : nothing
          }
          <div class="actions" part="actions">
            ${
              this.canGoBack
                ? html`<button type="button" class="button secondary" part="back" @click=${() => this.intent({ type: 'back' })}>${t('shell.back')}</button>`
                : nothing
            }
            <button type="submit" class="button" part="submit">${t('shell.continue')}</button>
          </div>
        </form>
      </section>
    `;
  }
}
