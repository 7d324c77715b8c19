import { html, nothing } from 'lit';
import type { ConnectionKind } from '@codat-link/core';
import './entity-complete-messages.js';
import { StepElement } from '../step-element.js';

/**
 * Step `entityComplete`: this legal entity is done; add another one or finish.
 *
 * @tag codat-link-entity-complete
 * @attr locale - the language when rendered outside `<codat-link>` (`en`, `fr`).
 * @attr entity-name - the entity's name (several entities).
 * @attr software-name - the platform's name.
 * @attr connection-kind - `direct`, `fileUpload` or `manual`.
 * @attr can-add-another - offers another entity.
 * @csspart step - the step's container.
 * @csspart heading - the step's heading (receives focus on arrival).
 * @csspart intro - what was done.
 * @csspart actions - the row of buttons.
 * @csspart add-another - the add-another-entity button (multi-entity journeys).
 * @csspart finish - the finish button.
 */
export class CodatLinkEntityComplete extends StepElement {
  static override properties = {
    ...StepElement.properties,
    entityName: { attribute: 'entity-name' },
    softwareName: { attribute: 'software-name' },
    connectionKind: { attribute: 'connection-kind' },
    canAddAnother: { type: Boolean, attribute: 'can-add-another' },
  };

  declare entityName: string;
  declare softwareName: string;
  declare connectionKind: ConnectionKind;
  /** Offer "Add another legal entity" (multi-entity journeys). */
  declare canAddAnother: boolean;

  constructor() {
    super();
    this.entityName = '';
    this.softwareName = '';
    this.connectionKind = 'direct';
    this.canAddAnother = false;
  }

  override render() {
    const { t } = this;
    const done =
      this.connectionKind === 'manual'
        ? t('entityComplete.manual')
        : t(this.connectionKind === 'direct' ? 'entityComplete.direct' : 'entityComplete.fileUpload', { software: this.softwareName });
    return html`
      <section class="step" part="step" aria-labelledby="heading">
        <h2 id="heading" class="heading user-text" part="heading" tabindex="-1">
          ${this.entityName ? t('entityComplete.heading', { entity: this.entityName }) : t('entityComplete.headingUnnamed')}
        </h2>
        <p class="intro user-text" part="intro">${done}</p>
        <div class="actions" part="actions">
          ${
            this.canAddAnother
              ? html`<button class="button secondary" part="add-another" @click=${() => this.intent({ type: 'addEntity' })}>${t('entityComplete.addAnother')}</button>`
              : nothing
          }
          <button class="button" part="finish" @click=${() => this.intent({ type: 'finish' })}>${t('entityComplete.finish')}</button>
        </div>
      </section>
    `;
  }
}
