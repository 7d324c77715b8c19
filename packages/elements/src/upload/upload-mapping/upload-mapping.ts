import { html, nothing, type PropertyValues } from 'lit';
import { sharedStyles } from '../upload-shared.styles.js';
import { mappingStyles } from './upload-mapping.styles.js';
import type { Helpers } from '../upload-messages.js';
import { UploadElement } from '../upload-element.js';
import { UploadCancelEvent, UploadMappingEvent } from '../upload-events.js';
import { HIGH_CONFIDENCE, type FieldMapping } from '../upload-types.js';

const MEDIUM_CONFIDENCE = 0.6;

/** Sample values shown per column, each cut to this many characters. */
const SAMPLE_COUNT = 3;
const SAMPLE_LENGTH = 40;

/**
 * The mapping review: one row per canonical field with the source column chosen, a few values of
 * that column (the evidence: the customer sees what the column holds, not only its name), why it was
 * matched when its header did not say, and how sure the match is. Every choice can be changed with a
 * native select (keyboard and screen-reader friendly); the values follow the choice. Applying is
 * refused, with the list of fields, while a required field has no column.
 *
 * @tag codat-link-upload-mapping
 * @csspart table - the table of fields.
 * @csspart samples - the sample values of a field's chosen column.
 * @csspart reason - why a column was matched from its values or the report's layout.
 * @csspart confidence - each confidence badge.
 * @csspart apply - the apply button.
 * @csspart cancel - the cancel button (back to the preview, or to choosing another file).
 * @csspart missing - the message listing required fields without a column.
 * @cssprop --codat-link-upload-mapping-low-color - colour of an unsure match.
 * @event codat-link-upload-mapping - the customer applied the mapping; `mapping` maps field → header or null.
 * @event codat-link-upload-cancel - the customer left the review without applying it.
 */
export class UploadMapping extends UploadElement {
  static override styles = [sharedStyles, mappingStyles];
  /** Focusing the element focuses its first control (the step moves focus here). */
  static override shadowRootOptions: ShadowRootInit = { ...UploadElement.shadowRootOptions, delegatesFocus: true };
  static override properties = {
    ...UploadElement.properties,
    mapping: { attribute: false },
    headers: { attribute: false },
    samples: { attribute: false },
    draft: { state: true },
    showMissing: { state: true },
  };

  declare mapping: FieldMapping[];
  declare headers: string[];
  /** Header → a few of its values, from the first rows of the file. */
  declare samples: Record<string, string[]>;
  declare draft: FieldMapping[];
  declare showMissing: boolean;

  constructor() {
    super();
    this.mapping = [];
    this.headers = [];
    this.samples = {};
    this.draft = [];
    this.showMissing = false;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('mapping')) {
      this.draft = this.mapping.map((m) => ({ ...m }));
      this.showMissing = false;
    }
  }

  /** Required fields still without a column. */
  get missingRequired(): string[] {
    return this.draft.filter((m) => m.required && m.source === null).map((m) => m.field);
  }

  #choose(field: string, value: string) {
    this.draft = this.draft.map((m) => {
      if (m.field !== field) return m;
      const { reason: _reason, ...rest } = m;
      return { ...rest, source: value === '' ? null : value, confidence: 1, manual: true };
    });
  }

  #apply() {
    if (this.missingRequired.length > 0) {
      this.showMissing = true;
      return;
    }
    this.dispatchEvent(new UploadMappingEvent(Object.fromEntries(this.draft.map((m) => [m.field, m.source]))));
  }

  #confidence(m: FieldMapping, tr: Helpers) {
    if (m.source === null) return html`<span part="confidence" class="badge none">—</span>`;
    if (m.manual) return html`<span part="confidence" class="badge high">${tr.t('upload.mapping.confidence.manual')}</span>`;
    const percent = Math.round(m.confidence * 100);
    const level = m.confidence >= HIGH_CONFIDENCE ? 'high' : m.confidence >= MEDIUM_CONFIDENCE ? 'medium' : 'low';
    return html`<span part="confidence" class="badge ${level}">${tr.t(`upload.mapping.confidence.${level}`, { percent })}</span>`;
  }

  #evidence(m: FieldMapping, id: string, tr: Helpers) {
    if (m.source === null) return nothing;
    const values = (this.samples[m.source] ?? []).filter((v) => v.trim() !== '').slice(0, SAMPLE_COUNT);
    const cut = (v: string) => (v.length > SAMPLE_LENGTH ? `${v.slice(0, SAMPLE_LENGTH - 1)}…` : v);
    return html`${
      values.length > 0
        ? html`<p part="samples" class="samples" id="${id}-samples">
            ${tr.t('upload.mapping.samples')} ${values.map((v, i) => html`${i > 0 ? ', ' : ''}<bdi class="sample">${cut(v)}</bdi>`)}
          </p>`
        : nothing
    }${m.reason === 'values' || m.reason === 'layout' ? html`<p part="reason" class="reason">${tr.t(`upload.mapping.reason.${m.reason}`)}</p>` : nothing}`;
  }

  override render() {
    const tr = this.text;
    const { t } = tr;
    const missing = this.missingRequired;
    return html`
      <p class="intro">${t('upload.mapping.intro')}</p>
      <table part="table">
        <thead>
          <tr>
            <th scope="col">${t('upload.mapping.field')}</th>
            <th scope="col">${t('upload.mapping.column')}</th>
            <th scope="col">${t('upload.mapping.confidence')}</th>
          </tr>
        </thead>
        <tbody>
          ${this.draft.map((m) => {
            const id = `field-${m.field}`;
            const invalid = this.showMissing && m.required && m.source === null;
            return html`<tr>
              <th scope="row">
                <label for=${id}>${tr.field(m.field)}</label>
                ${m.required ? html`<span class="required">(${t('upload.mapping.required')})</span>` : ''}
              </th>
              <td>
                <select
                  id=${id}
                  aria-invalid=${invalid ? 'true' : 'false'}
                  aria-describedby=${m.source !== null && (this.samples[m.source]?.length ?? 0) > 0 ? `${id}-samples` : nothing}
                  @change=${(e: Event) => this.#choose(m.field, (e.target as HTMLSelectElement).value)}>
                  <option value="" ?selected=${m.source === null}>${t('upload.mapping.none')}</option>
                  ${this.headers.map((h) => html`<option value=${h} ?selected=${m.source === h}>${h}</option>`)}
                </select>
                ${this.#evidence(m, id, tr)}
              </td>
              <td>${this.#confidence(m, tr)}</td>
            </tr>`;
          })}
        </tbody>
      </table>
      <p part="missing" class="error" role="alert">
        ${this.showMissing && missing.length > 0 ? t('upload.mapping.missingRequired', { fields: missing.map((f) => tr.field(f)).join(', ') }) : ''}
      </p>
      <div class="actions">
        <button part="cancel" class="secondary" type="button" @click=${() => this.dispatchEvent(new UploadCancelEvent())}>${t('upload.mapping.cancel')}</button>
        <button part="apply" class="primary" type="button" @click=${this.#apply}>${t('upload.mapping.apply')}</button>
      </div>
    `;
  }
}
