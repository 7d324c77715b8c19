import { html, css } from 'lit';
import type { EntityStatusInfo, Integration } from '@codat-link/core';
import './summary-messages.js';
import { StepElement } from '../step-element.js';

/**
 * Step `summary`: every legal entity of the request with its status.
 *
 * @tag codat-link-summary
 * @attr locale - the language when rendered outside `<codat-link>` (`en`, `fr`).
 * @attr partner-name - who received the data.
 * @csspart step - the step's container.
 * @csspart heading - the step's heading (receives focus on arrival).
 * @csspart intro - the introduction.
 * @csspart table-wrap - the container of the table (scrolls sideways if it must). In an element
 *   narrower than 30rem (a container query) each entity is a block: its name, then each value with
 *   its column's name.
 * @csspart table - the table of entities.
 * @csspart row - each entity's row.
 * @csspart status - each status badge.
 * @csspart empty - the message when no entity was shared.
 * @csspart actions - the row of buttons.
 * @csspart done - the done button.
 * @cssprop --codat-link-summary-status-complete-color - colour of complete, connected and uploaded badges.
 * @cssprop --codat-link-summary-status-failed-color - colour of failed badges.
 */
export class CodatLinkSummary extends StepElement {
  static override styles = [
    StepElement.styles,
    css`
      @layer codat-link.component {
        .table-wrap {
          overflow-x: auto;
        }
        .step {
          container: codat-link-summary / inline-size;
        }
        /* A narrow element (a phone): each entity is a block, its name first and each value under it
           with its column's name, instead of a table whose status and records were off to the side. */
        @container codat-link-summary (max-width: 30rem) {
          thead {
            position: absolute;
            inline-size: 1px;
            block-size: 1px;
            overflow: hidden;
            clip-path: inset(50%);
            white-space: nowrap;
          }
          table,
          tbody {
            display: block;
          }
          tr {
            display: block;
            padding: 0.5rem 0;
            border-bottom: 1px solid var(--_border);
          }
          tbody th,
          tbody td {
            display: block;
            padding: 0.125rem 0;
            border: none;
          }
          tbody td::before {
            content: attr(data-label);
            color: var(--_muted);
          }
        }
        table {
          width: 100%;
          border-collapse: collapse;
        }
        th,
        td {
          text-align: start;
          padding: 0.5rem;
          border-bottom: 1px solid var(--_border);
          vertical-align: top;
        }
        .badge {
          display: inline-block;
          padding: 0 0.5rem;
          border-radius: 999px;
          border: 1px solid currentColor;
          font-size: 0.875em;
          font-weight: 600;
          white-space: nowrap;
        }
        .badge[data-status='complete'],
        .badge[data-status='connected'],
        .badge[data-status='uploaded'] {
          color: var(--codat-link-summary-status-complete-color, var(--_success));
        }
        .badge[data-status='failed'] {
          color: var(--codat-link-summary-status-failed-color, var(--_danger));
        }
      }
    `,
  ];

  static override properties = {
    ...StepElement.properties,
    entities: { attribute: false },
    integrations: { attribute: false },
    partnerName: { attribute: 'partner-name' },
  };

  declare entities: EntityStatusInfo[];
  /** Used to show each entity's software by name. */
  declare integrations: Integration[];
  declare partnerName: string;

  constructor() {
    super();
    this.entities = [];
    this.integrations = [];
    this.partnerName = '';
  }

  #software(entity: EntityStatusInfo): string {
    if (entity.connectionKind === 'manual') return this.t('summary.manual');
    return this.integrations.find((i) => i.key === entity.integrationKey)?.name ?? entity.integrationKey ?? '—';
  }

  #records(entity: EntityStatusInfo): string {
    const { counts } = entity;
    if (counts.supplierSpend !== undefined) return this.t('summary.recordsSpend', { rows: counts.supplierSpend });
    if (counts.suppliers !== undefined || counts.bills !== undefined) {
      return this.t('summary.records', { suppliers: counts.suppliers ?? 0, bills: counts.bills ?? 0 });
    }
    return '—';
  }

  override render() {
    const { t } = this;
    // The column's name before each value in the narrow layout, with French spacing before the colon.
    const colon = this.i18n.locale === 'fr' ? '\u202f: ' : ': ';
    const label = (column: 'software' | 'status' | 'records') => `${t(`summary.col.${column}`)}${colon}`;
    return html`
      <section class="step" part="step" aria-labelledby="heading">
        <h2 id="heading" class="heading" part="heading" tabindex="-1">${t('summary.heading')}</h2>
        <p class="intro user-text" part="intro">${t('summary.intro', { partner: this.partnerName })}</p>
        ${
          this.entities.length === 0
            ? html`<p class="hint" part="empty">${t('summary.empty')}</p>`
            : html`<div class="table-wrap" part="table-wrap" role="region" tabindex="0" aria-label=${t('summary.table.label')}><table part="table" aria-label=${t('summary.table.label')}>
              <thead>
                <tr>
                  <th scope="col">${t('summary.col.entity')}</th>
                  <th scope="col">${t('summary.col.software')}</th>
                  <th scope="col">${t('summary.col.status')}</th>
                  <th scope="col">${t('summary.col.records')}</th>
                </tr>
              </thead>
              <tbody>
                ${this.entities.map(
                  (entity) => html`<tr part="row" data-entity-id=${entity.entityId}>
                    <th scope="row" class="user-text">${entity.name}</th>
                    <td class="user-text" data-label=${label('software')}>${this.#software(entity)}</td>
                    <td data-label=${label('status')}><span class="badge" part="status" data-status=${entity.status}>${t(`summary.status.${entity.status}`)}</span></td>
                    <td data-label=${label('records')}>${this.#records(entity)}</td>
                  </tr>`,
                )}
              </tbody>
            </table></div>`
        }
        <div class="actions" part="actions">
          <button class="button" part="done" @click=${() => this.intent({ type: 'close' })}>${t('summary.done')}</button>
        </div>
      </section>
    `;
  }
}
