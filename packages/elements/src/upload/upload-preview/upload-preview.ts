import { ifDefined } from 'lit/directives/if-defined.js';
import { html, nothing, type PropertyValues } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { RowWindow } from './row-window.js';
import { sharedStyles } from '../upload-shared.styles.js';
import { previewStyles } from './upload-preview.styles.js';
import type { Helpers } from '../upload-messages.js';
import { UploadElement } from '../upload-element.js';
import { UploadDownloadIssuesEvent } from '../upload-events.js';
import type { IntakeView, PreviewRow, RowIssue } from '../upload-types.js';

/**
 * Up to this many rows are all rendered, plainly: as cheap as a window of them, and the page's own
 * search finds every row.
 */
const PLAIN_ROWS = 200;

/**
 * The records as understood, windowed above 200 rows (only the rows in view are in the DOM, see
 * `RowWindow`) so 500k rows scroll smoothly, with each row's problems
 * written under it, counts by severity, a filter for rows with problems and a CSV of the problems.
 * Cells are bound as text: a cell that looks like a formula or markup is shown as typed.
 *
 * @tag codat-link-upload-preview
 * @csspart counts - the line counting errors, warnings and notes.
 * @csspart filter - the "only rows with problems" checkbox label.
 * @csspart download - the issues CSV button.
 * @csspart table - the scrolling table.
 * @csspart row - each record row.
 * @csspart issue - each problem line under a row.
 * @csspart file-issues - the list of problems about the whole file.
 * In an element wider than 640 px (a container query on the table's frame), the wide layout: a
 * taller table, and columns up to 44 characters that share out the table's width. The counts sit on
 * the left of the toolbar, the filter and the download on its right when the line has room.
 *
 * @cssprop --codat-link-upload-preview-height - height of the scrolling table (default 24rem; in the wide layout 60% of the viewport's height, between 24rem and 36rem).
 * @cssprop --codat-link-upload-preview-problem-background - background of a row with an error.
 * @event codat-link-upload-download-issues - the customer asked for the problems as CSV.
 */
export class UploadPreview extends UploadElement {
  static override styles = [sharedStyles, previewStyles];
  static override properties = {
    ...UploadElement.properties,
    view: { attribute: false },
    onlyProblems: { type: Boolean, attribute: 'only-problems' },
  };

  declare view: IntakeView | null;
  /** Shows only the rows with a problem (the customer's filter). */
  declare onlyProblems: boolean;
  #problemRows: PreviewRow[] | undefined;
  /** The window over the rows when there are more than PLAIN_ROWS, bound to the body it renders into. */
  #window: RowWindow<PreviewRow> | undefined;

  constructor() {
    super();
    this.view = null;
    this.onlyProblems = false;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('view')) this.#problemRows = undefined;
  }

  // The column template is a custom property set through the CSSOM: a `style` attribute in the
  // template would be refused under the strict `style-src 'self'` policy banks deploy.
  protected override updated(): void {
    const table = this.renderRoot.querySelector<HTMLElement>('.table');
    if (table && this.view) {
      const label = (f: string) => this.text.field(f);
      // The row number's column fits its header ("Ligne" in French) and the largest row number.
      const lastRow = this.view.rows.at(-1)?.row ?? 0;
      const rowCh = Math.max(this.text.t('upload.preview.row').length, String(lastRow).length) + 1;
      const rowRem = Math.round((rowCh * CH_REM + 1) * 100) / 100;
      // In rem, not ch: a bold header's ch is wider than a cell's, and the columns would not line up.
      const rem = columnWidths(this.view, label, MAX_COLUMN_CH).map(toRem);
      table.style.setProperty('--_columns', `${rowRem}rem ${rem.map((w) => `${w}rem`).join(' ')}`);
      table.style.setProperty('--_row-width', `${rowRem + rem.reduce((a, b) => a + b, 0) + rem.length}rem`);
      // The wide layout (the element wider than 640 px): longer values whole, and the columns share
      // out the width the table has beyond their content.
      const wide = columnWidths(this.view, label, MAX_WIDE_COLUMN_CH).map(toRem);
      table.style.setProperty('--_columns-wide', `${rowRem}rem ${wide.map((w) => `minmax(${w}rem, 1fr)`).join(' ')}`);
      table.style.setProperty('--_row-width-wide', `${rowRem + wide.reduce((a, b) => a + b, 0) + wide.length}rem`);
    }
    this.#layOutWindow();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#window?.disconnect();
    this.#window = undefined;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Back in the document: a new window over the rows (the old one stopped listening).
    if (this.hasUpdated) this.requestUpdate();
  }

  /**
   * Renders the window of rows into the windowed body, synchronously: the rows are in the DOM when
   * the update completes, and a page in a background tab (no animation frames) gets them too.
   */
  #layOutWindow(): void {
    const body = this.renderRoot.querySelector<HTMLElement>('.body.windowed');
    if (this.#window && this.#window.body !== body) {
      this.#window.disconnect();
      this.#window = undefined;
    }
    if (!body || !this.view) return;
    const table = this.renderRoot.querySelector<HTMLElement>('.table')!;
    const header = this.renderRoot.querySelector<HTMLElement>('.head')!;
    this.#window ??= new RowWindow<PreviewRow>({ scroller: table, header, body });
    const tr = this.text;
    const fields = this.#fields(this.view);
    this.#window.set(
      this.shownRows,
      (r, i) => this.#row(r, fields, tr, i),
      (r) => r.issues.length,
    );
    this.#window.layout();
  }

  #fields(view: IntakeView): string[] {
    return view.mapping.filter((m) => m.source !== null).map((m) => m.field);
  }

  /** The rows on screen after the filter; rows with problems are found only once the filter is on. */
  get shownRows(): PreviewRow[] {
    if (!this.onlyProblems) return this.view?.rows ?? [];
    this.#problemRows ??= this.view?.rows.filter((r) => r.worst !== null) ?? [];
    return this.#problemRows;
  }

  #issueLine(issue: RowIssue, tr: Helpers) {
    const where = issue.field ? tr.field(issue.field) : (issue.column ?? '');
    return html`<li part="issue" class="issue ${issue.severity}">
      <span class="severity">${tr.t(`upload.severity.${issue.severity}`)}</span>${where ? html` · ${where}` : nothing}:
      ${issue.message}
    </li>`;
  }

  #row(row: PreviewRow, fields: string[], tr: Helpers, index: number) {
    return html`<div
      part="row"
      role="row"
      class="row ${row.worst ?? ''}"
      aria-rowindex=${index + 2}
    >
      <span role="rowheader" class="cell num">${tr.number(row.row)}</span>
      ${fields.map((f) => {
        const text = display(row.values[f]);
        // The whole value on hover when the column cuts it.
        return html`<span role="cell" class="cell" title=${ifDefined(text.length > MAX_COLUMN_CH - 2 ? text : undefined)}>${text}</span>`;
      })}
      ${
        row.issues.length > 0
          ? html`<div class="issues" role="cell">
            <ul>${row.issues.map((i) => this.#issueLine(i, tr))}</ul>
          </div>`
          : nothing
      }
    </div>`;
  }

  override render() {
    const view = this.view;
    if (!view) return nothing;
    const tr = this.text;
    const { t } = tr;
    const fields = this.#fields(view);
    const rows = this.shownRows;
    return html`
      <div class="toolbar">
        <p part="counts" class="counts">
          ${tr.counts(view.counts)}
        </p>
        <label part="filter">
          <input
            type="checkbox"
            .checked=${this.onlyProblems}
            @change=${(e: Event) => (this.onlyProblems = (e.target as HTMLInputElement).checked)}
          />
          ${t('upload.preview.onlyProblems')}
        </label>
        <button
          part="download"
          type="button"
          ?hidden=${view.counts.error + view.counts.warning + view.counts.info === 0}
          @click=${() => this.dispatchEvent(new UploadDownloadIssuesEvent())}
        >
          ${t('upload.preview.downloadIssues')}
        </button>
      </div>
      ${
        view.fileIssues.length > 0
          ? html`<section part="file-issues" class="file-issues" aria-label=${t('upload.preview.fileIssues')}>
            <ul>${view.fileIssues.map((i) => this.#issueLine(i, tr))}</ul>
          </section>`
          : nothing
      }
      <div class="frame">
        <p class="shown" aria-live="polite">${t('upload.preview.shownRows', { shown: rows.length, rows: view.rows.length })}</p>
        <div
          part="table"
          class="table"
          role="table"
          tabindex="0"
          aria-label=${t('upload.preview.title')}
          aria-rowcount=${rows.length + 1}
        >
          <div role="rowgroup" class="head">
            <div role="row" class="row header" aria-rowindex="1">
              <span role="columnheader" class="cell num">${t('upload.preview.row')}</span>
              ${fields.map((f) => html`<span role="columnheader" class="cell" title=${tr.field(f)}>${tr.field(f)}</span>`)}
            </div>
          </div>
          ${
            rows.length === 0
              ? html`<p class="empty">${t('upload.preview.noRows')}</p>`
              : rows.length <= PLAIN_ROWS
                ? html`<div role="rowgroup" class="body">
                    ${repeat(
                      rows,
                      (r) => r.row,
                      (r, i) => this.#row(r, fields, tr, i),
                    )}
                  </div>`
                : // Another template, so the element is replaced: its rows are the window's, rendered in updated().
                  html`<div role="rowgroup" class="body windowed"></div>`
          }
        </div>
      </div>
    `;
  }
}

/** Columns are as wide as their content (header and the first rows), within these bounds, in ch. */
const MIN_COLUMN_CH = 6;
const MAX_COLUMN_CH = 28;
const SIZED_ROWS = 200;
/** About one character of the body text, in rem. */
const CH_REM = 0.62;

/** In the wide layout. */
const MAX_WIDE_COLUMN_CH = 44;

/** A column's width in rem: its characters and the cell's padding (0.5rem each side). */
const toRem = (ch: number) => Math.round((ch * CH_REM + 1) * 100) / 100;

function columnWidths(view: NonNullable<UploadPreview['view']>, label: (field: string) => string, maxCh: number): number[] {
  const fields = view.mapping.filter((m) => m.source !== null).map((m) => m.field);
  const rows = view.rows.slice(0, SIZED_ROWS);
  return fields.map((f) => {
    let widest = label(f).length;
    for (const row of rows) widest = Math.max(widest, display(row.values[f]).length);
    return Math.min(maxCh, Math.max(MIN_COLUMN_CH, widest + 1));
  });
}

function display(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return JSON.stringify(value);
}
