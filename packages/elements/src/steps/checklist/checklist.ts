import { html, css } from 'lit';
import { StepElement } from '../step-element.js';
import './checklist-messages.js';

/**
 * Step `checklist` (*Before you start*, optional: the `checklist` option, on by default for a spend
 * request): what the customer needs before the first choice, and one *Start* button.
 *
 * @tag codat-link-checklist
 * @attr locale - the language when rendered outside `<codat-link>` (`en`, `fr`).
 * @attr partner-name - who asks for the data (named in the support note).
 * @csspart step - the step's container.
 * @csspart heading - the step's heading (receives focus on arrival).
 * @csspart intro - the introduction.
 * @csspart list - the list of what to have at hand.
 * @csspart item - one thing to have at hand.
 * @csspart note - the support note.
 * @csspart actions - the row of buttons.
 * @csspart start - the Start button.
 */
export class CodatLinkChecklist extends StepElement {
  static override styles = [
    StepElement.styles,
    css`
      @layer codat-link.component {
        ul {
          margin: 0;
          padding: 0;
          list-style: none;
          display: grid;
          gap: 0.75rem;
        }
        li {
          display: grid;
          grid-template-columns: 1.5rem 1fr;
          gap: 0.25rem 0.5rem;
        }
        li::before {
          content: '✓';
          font-weight: 700;
          color: var(--_primary);
          grid-row: span 2;
        }
        strong {
          font-weight: 600;
        }
        li span {
          color: var(--_muted);
        }
      }
    `,
  ];

  static override properties = {
    ...StepElement.properties,
    partnerName: { attribute: 'partner-name' },
  };

  declare partnerName: string;

  constructor() {
    super();
    this.partnerName = '';
  }

  override render() {
    const { t } = this;
    const items = (['admin', 'reports', 'time'] as const).map(
      (item) => html`<li part="item" data-item=${item}>
        <strong>${t(`checklist.${item}.title`)}</strong><span>${t(`checklist.${item}.body`)}</span>
      </li>`,
    );
    return html`
      <section class="step" part="step" aria-labelledby="heading">
        <h2 id="heading" class="heading" part="heading" tabindex="-1">${t('checklist.heading')}</h2>
        <p class="intro" part="intro">${t('checklist.intro')}</p>
        <ul part="list">${items}</ul>
        <p class="hint user-text" part="note">${t('checklist.support', { partner: this.partnerName || t('shell.defaultPartner') })}</p>
        <div class="actions" part="actions">
          <button class="button" part="start" @click=${() => this.intent({ type: 'continue' })}>${t('checklist.start')}</button>
        </div>
      </section>
    `;
  }
}
