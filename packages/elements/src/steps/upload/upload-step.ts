import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import type { Integration, ReportKind } from '@codat-link/core';
import type { IntakeResult } from '@codat-link/upload';
import { StepElement } from '../step-element.js';
import { uploadStepStyles } from './upload-step.styles.js';
import { helpers, type UploadMessageId } from '../../upload/upload-messages.js';
import { mappingIsSure, describeRows, toIntakeView, yieldToMain, type FieldCatalog } from '../../upload/intake-adapter.js';
import { fieldCatalog, loadUploadApi, mappingMemory, saveFile, startReading, type ReadingJob } from '../../upload/intake-loader.js';
import type { UploadFileEvent, UploadMappingEvent } from '../../upload/upload-events.js';
import { FocusFollowController } from '../../upload/focus-follow.js';
import type { ErrorPolicy, FileLimits, IntakeView, JourneyUpload, UploadStatus } from '../../upload/upload-types.js';

type Phase =
  | { name: 'choose'; rejection?: string[] }
  | { name: 'reading'; file: File; bytesRead: number; rowsRead: number; job?: ReadingJob }
  /** `from`: the preview the customer came from with "Change the columns"; Cancel goes back to it. */
  | { name: 'mapping'; file: File; view: IntakeView; problems?: string[]; from?: IntakeView }
  | { name: 'preview'; file: File; view: IntakeView };

const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;

/**
 * One upload step of the journey: the Suppliers report, the Bills report, or the manual supplier
 * spend file. The customer reads where to find the report, drops it, watches it being read (in a
 * worker, cancellable), confirms the columns when a match is unsure, checks the rows and their
 * problems, then sends; the journey machine sends the batches and this step shows how far it got.
 *
 * Like every step it is presentational: what the journey knows (the upload's progress, whether it is
 * sending or failed, the row policy, the file limits, the suppliers sent for the Bills cross-check)
 * comes in as properties, and what the customer asks for goes out as intents (`uploadReport`,
 * `retry`). Its own state is only the file on screen: being read, its columns, its preview.
 *
 * @tag codat-link-upload-step
 * @csspart step - the step's section.
 * @csspart heading - the heading, focused on arrival.
 * @csspart intro - the sentence under the heading: which report, from which software.
 * @csspart instructions - where to find the report in the customer's software.
 * @csspart template - the template download button.
 * @csspart rejection - why a file was refused (wrong report, unreadable file).
 * @csspart policy - what happens to rows with errors.
 * @csspart send - the send button.
 * @csspart retry - the retry button after a failed send.
 * @fires codat-link-intent - `uploadReport` with the records to send, `retry` after a failed send (see steps/intents.ts).
 * @cssprop --codat-link-upload-step-gap - space between the step's blocks.
 */
export class CodatLinkUploadStep extends StepElement {
  static override styles = [StepElement.styles, uploadStepStyles];
  static override properties = {
    ...StepElement.properties,
    kind: {},
    integration: { attribute: false },
    status: {},
    upload: { attribute: false },
    error: { attribute: false },
    rowErrorPolicy: { attribute: 'row-error-policy' },
    fileLimits: { attribute: false },
    suppliers: { attribute: false },
    phase: { state: true },
    announcement: { state: true },
  };

  /** Which report this step takes: `suppliers`, `bills` or `supplierSpend` (the template). */
  declare kind: ReportKind;
  /** The customer's software (absent for the manual supplier-spend step). */
  declare integration: Integration | undefined;
  /** The machine's side: `idle` (choosing a file), `sending` the batches, or `failed` to send them. */
  declare status: UploadStatus;
  /** The journey's upload of this report for the current entity, if one started (progress, resume). */
  declare upload: JourneyUpload | undefined;
  /** The journey's error on this step: why sending failed, or `upload_interrupted` after a reload. */
  declare error: { code: string; message: string } | undefined;
  /** What happens to rows with errors: `reject` the file (default) or `skipInvalid`. */
  declare rowErrorPolicy: ErrorPolicy;
  /** The largest file and row count the journey accepts. */
  declare fileLimits: FileLimits | undefined;
  /** The Bills step: the suppliers sent for this connection, to check each bill's supplier against. */
  declare suppliers: readonly Record<string, unknown>[] | undefined;
  declare phase: Phase;
  declare announcement: string;

  constructor() {
    super();
    this.kind = 'suppliers';
    this.integration = undefined;
    this.status = 'idle';
    this.upload = undefined;
    this.error = undefined;
    this.rowErrorPolicy = 'reject';
    this.fileLimits = undefined;
    this.suppliers = undefined;
    this.phase = { name: 'choose' };
    this.announcement = '';
    // Focus follows what the step shows, so a keyboard user is never left on a removed control.
    new FocusFollowController(this, () => {
      const shown = this.status === 'idle' ? this.phase.name : this.status;
      const selector =
        shown === 'failed'
          ? '[part=retry]'
          : shown === 'preview'
            ? '.summary'
            : 'codat-link-upload-dropzone, codat-link-upload-progress, codat-link-upload-mapping';
      return { shown, target: () => this.renderRoot.querySelector<HTMLElement>(selector) };
    });
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Fetched while the customer looks for the file, not after the drop: the intake code, then its
    // worker, started and waiting (the first read takes it).
    void loadUploadApi().then(
      (api) => api.prepareIntakeWorker(),
      () => undefined,
    );
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.phase.name === 'reading') this.phase.job?.cancel();
    this.#keepRowsOf(undefined);
  }

  /** The read whose rows (kept in the worker) a new mapping is applied to; one file at a time. */
  #kept: ReadingJob | undefined;

  #keepRowsOf(job: ReadingJob | undefined): void {
    if (this.#kept && this.#kept !== job) this.#kept.release();
    this.#kept = job;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('kind') && changed.get('kind') !== undefined) this.phase = { name: 'choose' };
  }

  get #text() {
    return helpers(this.i18n);
  }

  get #software(): string {
    return this.integration?.key ?? 'manual';
  }

  /** Reads `file`; with `remap`, applies the options (a new mapping) to the rows that read kept instead. */
  async #read(file: File, remap?: ReadingJob) {
    const started: Phase = { name: 'reading', file, bytesRead: 0, rowsRead: 0 };
    this.phase = started;
    this.announcement = this.#text.t('upload.reading.title', { name: file.name });
    const api = await loadUploadApi();
    if (this.phase !== started) return;
    const limits = this.fileLimits;
    const mapping = this.#pendingMapping ?? mappingMemory.read(this.kind, this.#software);
    const suppliers = this.kind === 'bills' ? this.suppliers : undefined;
    // Assigned once startReading returns; `let` because the progress callback closes over it first.
    // eslint-disable-next-line prefer-const
    let job: ReadingJob | undefined;
    const isCurrent = () => this.phase.name === 'reading' && this.phase.job === job;
    const options = {
      kind: this.kind,
      locale: this.i18n.locale,
      ...(this.integration ? { software: this.integration.key } : {}),
      ...(mapping ? { mapping } : {}),
      ...(suppliers ? { suppliers } : {}),
      ...(limits ? { maxBytes: limits.maxBytes, maxRows: limits.maxRows } : {}),
    };
    const onProgress = (progress: { bytesRead: number; rowsRead: number }) => {
      if (isCurrent()) this.phase = { ...(this.phase as typeof started), bytesRead: progress.bytesRead, rowsRead: progress.rowsRead };
    };
    job = remap ? remap.remap(options, onProgress) : startReading(api, file, options, onProgress);
    // A remap shares its read's worker and rows: it takes the read's place, releasing nothing.
    if (remap) this.#kept = job;
    else this.#keepRowsOf(job);
    this.phase = { ...started, job };
    const catalog = fieldCatalog(api, this.kind);
    let result: IntakeResult;
    let view: IntakeView;
    try {
      const found = await job.result;
      if (!isCurrent()) return;
      this.#pendingMapping = undefined;
      // What the read found decides between the review and the preview; only the preview needs the
      // records, so a file whose mapping is reviewed never hands them over (Apply remaps them).
      const outline = await toIntakeView({ ...found, records: [] }, file.name, catalog);
      if (!isCurrent()) return;
      if (this.#outcome(found, outline, catalog) !== 'preview') {
        this.#showResult(file, found, outline, catalog);
        return;
      }
      result = { ...found, records: await job.records() };
      if (!isCurrent()) return;
      view = await toIntakeView(result, file.name, catalog);
    } catch {
      // A cancelled or replaced read is not a failure to report.
      if (isCurrent()) this.#reject([this.#text.t('upload.error.intakeFailed')]);
      return;
    }
    // The first render of the preview gets a task of its own.
    await yieldToMain();
    if (!isCurrent()) return;
    this.#showResult(file, result, view, catalog);
  }

  /** What a read's result leads to: refusing the file, the mapping review, or the preview. */
  #outcome(result: IntakeResult, view: IntakeView, catalog: FieldCatalog): 'reject' | 'mapping' | 'preview' {
    if (view.looksLike) return 'reject';
    const fileErrors = view.fileIssues.filter((i) => i.severity === 'error');
    // A required column the matcher could not find is for the customer to point at, not a dead end.
    if (result.rejected) return view.headers.length > 0 && fileErrors.every((i) => i.code === 'missing_required_column') ? 'mapping' : 'reject';
    // Columns the customer chose (now or for a previous entity) count as sure.
    return mappingIsSure(view.mapping, catalog) ? 'preview' : 'mapping';
  }

  /** Overrides chosen in the mapping review, used by the next read of the same file. */
  #pendingMapping: Record<string, string | null> | undefined;

  #showResult(file: File, result: IntakeResult, view: IntakeView, catalog: FieldCatalog) {
    const { t } = this.#text;
    const outcome = this.#outcome(result, view, catalog);
    if (view.looksLike) {
      const expected = t(`upload.report.${this.kind}`);
      const message =
        view.looksLike === 'other'
          ? t('upload.rejected.wrongReportUnknown', { expected })
          : t('upload.rejected.wrongReport', { found: t(`upload.report.${view.looksLike}`), expected });
      this.#reject([message]);
      return;
    }
    const fileErrors = view.fileIssues.filter((i) => i.severity === 'error');
    if (outcome === 'reject') {
      const messages = fileErrors.map((i) => i.message);
      this.#reject(messages.length > 0 ? messages : [t('upload.error.intakeFailed')]);
      return;
    }
    if (result.rejected) {
      this.phase = { name: 'mapping', file, view, problems: fileErrors.map((i) => i.message) };
      this.announcement = '';
      return;
    }
    this.phase = { name: outcome, file, view };
    // The review's view has no records (they were not handed over): it counts the rows read.
    const rows = outcome === 'preview' ? view.rows.length : result.stats.rowsRead;
    this.announcement = `${this.#text.plural('upload.preview.summary', rows, { name: view.fileName })} ${this.#text.counts(view.counts)}.`;
  }

  /**
   * The file cannot be used: the rejection box says why, as an alert. The status region is emptied
   * so the reason is in the page, and read, once.
   */
  #reject(messages: string[]) {
    this.phase = { name: 'choose', rejection: messages };
    this.announcement = '';
  }

  /** The drop zone refused a new file and says why (its own alert): the previous file's messages go. */
  #onRefused = () => {
    if (this.phase.name === 'choose' && this.phase.rejection) this.phase = { name: 'choose' };
    this.announcement = '';
  };

  #onFile = (event: UploadFileEvent) => {
    this.#pendingMapping = undefined;
    this.#keepRowsOf(undefined);
    void this.#read(event.file);
  };

  #cancelReading = () => {
    if (this.phase.name !== 'reading') return;
    this.phase.job?.cancel();
    this.#keepRowsOf(undefined);
    this.phase = { name: 'choose' };
    this.announcement = this.#text.t('upload.reading.cancelled');
  };

  /** Cancel in the mapping review: back to the preview it was opened from, else to choosing a file. */
  #cancelMapping = () => {
    if (this.phase.name !== 'mapping') return;
    const { from, file } = this.phase;
    if (from) {
      this.phase = { name: 'preview', file, view: from };
      return;
    }
    this.#keepRowsOf(undefined);
    this.phase = { name: 'choose' };
  };

  #onMapping = (event: UploadMappingEvent) => {
    if (this.phase.name !== 'mapping' && this.phase.name !== 'preview') return;
    this.#pendingMapping = event.mapping;
    // The rows the last read kept are remapped; the file is not read again.
    void this.#read(this.phase.file, this.#kept);
  };

  #send(view: IntakeView) {
    const chosen = Object.fromEntries(view.mapping.map((m) => [m.field, m.source]));
    mappingMemory.write(this.kind, this.#software, chosen);
    this.announcement = this.#text.t('upload.sending.title');
    // `skipped`: the rows the skipInvalid policy leaves out, reported in `codat-link-upload`.
    this.intent({ type: 'uploadReport', kind: this.kind, records: view.sendable, fileName: view.fileName, skipped: view.refusedRows.length });
  }

  async #downloadTemplate(format: 'csv' | 'xlsx') {
    const api = await loadUploadApi();
    const file = await api.template(this.kind, { locale: this.i18n.locale, format });
    saveFile(file.filename, file.blob, file.mimeType);
  }

  async #downloadIssues(view: IntakeView) {
    const api = await loadUploadApi();
    const csv = api.issuesToCsv(view.raw as IntakeResult, { locale: this.i18n.locale });
    const base = view.fileName.replace(/\.[^.]+$/, '');
    saveFile(`${base}-${this.i18n.locale === 'fr' ? 'problemes' : 'problems'}.csv`, csv, 'text/csv;charset=utf-8');
  }

  #instructions() {
    const text = this.integration?.instructions?.[this.kind === 'bills' ? 'bills' : 'suppliers'];
    if (!text || this.kind === 'supplierSpend') return nothing;
    return html`<section part="instructions" class="instructions" aria-labelledby="instructions-heading">
      <h3 id="instructions-heading">${this.#text.t('upload.instructions.heading')}</h3>
      <p class="user-text">${text[this.i18n.locale]}</p>
    </section>`;
  }

  #choose(rejection: string[] | undefined) {
    const { t } = this.#text;
    const upload = this.upload;
    const interrupted = this.error?.code === 'upload_interrupted' && upload && upload.status !== 'done';
    return html`
      ${
        interrupted
          ? html`<p class="notice" role="status">
            ${t('upload.sending.resumable', { name: upload.fileName ?? '', sent: upload.sentRecords, total: upload.recordCount })}
          </p>`
          : nothing
      }
      ${
        rejection
          ? html`<div part="rejection" class="rejection" role="alert">
            <p class="rejection-title">${t('upload.rejected.title')}</p>
            ${rejection.map((m) => html`<p>${m}</p>`)}
          </div>`
          : nothing
      }
      <codat-link-upload-dropzone
        .locale=${this.i18n.locale}
        .maxBytes=${this.fileLimits?.maxBytes ?? DEFAULT_MAX_BYTES}
        @codat-link-upload-file=${this.#onFile}
        @codat-link-upload-refused=${this.#onRefused}
      ></codat-link-upload-dropzone>
    `;
  }

  #reading(phase: Extract<Phase, { name: 'reading' }>) {
    const { t, bytes } = this.#text;
    return html`<codat-link-upload-progress
      .locale=${this.i18n.locale}
      .label=${t('upload.reading.title', { name: phase.file.name })}
      .detail=${t('upload.reading.progress', { bytesRead: bytes(phase.bytesRead), totalBytes: bytes(phase.file.size), rows: phase.rowsRead })}
      .value=${phase.bytesRead}
      .max=${phase.file.size}
      .cancelLabel=${t('upload.reading.cancel')}
      @codat-link-upload-cancel=${this.#cancelReading}
    ></codat-link-upload-progress>`;
  }

  #preview(view: IntakeView) {
    const { t, plural } = this.#text;
    const sendable = view.sendable.length;
    const refused = view.refusedRows.length;
    const blocked = (refused > 0 && this.rowErrorPolicy === 'reject') || sendable === 0;
    const refusedRows = view.refusedRows;
    let policy: TemplateResult | typeof nothing = nothing;
    if (sendable === 0) policy = html`<p part="policy" class="policy blocked" role="alert">${t('upload.policy.noValidRows')}</p>`;
    else if (refused > 0 && blocked) policy = html`<p part="policy" class="policy blocked" role="alert">${plural('upload.policy.blocked', refused)}</p>`;
    else if (refused > 0)
      policy = html`<p part="policy" class="policy skip" role="status">
        ${t('upload.policy.skip', { count: refused, rows: describeRows(refusedRows), valid: sendable })}
      </p>`;
    return html`
      <p class="summary" tabindex="-1">${plural('upload.preview.summary', view.rows.length, { name: view.fileName })}</p>
      ${policy}
      <codat-link-upload-preview
        .locale=${this.i18n.locale}
        .view=${view}
        @codat-link-upload-download-issues=${() => void this.#downloadIssues(view)}
      ></codat-link-upload-preview>
      <div class="actions">
        <button class="button secondary" type="button" @click=${() => (this.phase = { name: 'choose' })}>
          ${t('upload.rejected.tryAgain')}
        </button>
        <button class="button secondary" type="button" @click=${() => (this.phase = { name: 'mapping', file: (this.phase as { file: File }).file, view, from: view })}>
          ${t('upload.mapping.edit')}
        </button>
        <button part="send" class="button" type="button" ?disabled=${blocked} @click=${() => this.#send(view)}>
          ${plural('upload.send', sendable)}
        </button>
      </div>
    `;
  }

  #sending(failed: boolean) {
    const { t } = this.#text;
    const upload = this.upload;
    const sent = upload?.sentRecords ?? 0;
    const total = upload?.recordCount ?? 0;
    return html`
      <codat-link-upload-progress
        .locale=${this.i18n.locale}
        .label=${t('upload.sending.title')}
        .detail=${t('upload.sending.progress', { sent, total })}
        .value=${sent}
        .max=${total}
      ></codat-link-upload-progress>
      ${
        failed
          ? html`<div role="alert" class="rejection">
              <p>${t('upload.sending.failed', { reason: this.error?.message || t('upload.error.generic') })}</p>
            </div>
            <div class="actions">
              <button part="retry" class="button" type="button" @click=${() => this.intent({ type: 'retry' })}>
                ${t('upload.sending.retry')}
              </button>
            </div>`
          : nothing
      }
    `;
  }

  #body() {
    if (this.status !== 'idle') return this.#sending(this.status === 'failed');
    const phase = this.phase;
    switch (phase.name) {
      case 'choose':
        return this.#choose(phase.rejection);
      case 'reading':
        return this.#reading(phase);
      case 'mapping':
        return html`${
          phase.problems ? html`<div part="rejection" class="rejection" role="alert">${phase.problems.map((m) => html`<p>${m}</p>`)}</div>` : nothing
        }
          <codat-link-upload-mapping
          .locale=${this.i18n.locale}
          .mapping=${phase.view.mapping}
          .headers=${phase.view.headers}
          .samples=${phase.view.samples}
          @codat-link-upload-mapping=${this.#onMapping}
          @codat-link-upload-cancel=${this.#cancelMapping}
        ></codat-link-upload-mapping>`;
      case 'preview':
        return this.#preview(phase.view);
    }
  }

  override render() {
    const { t } = this.#text;
    const software = this.integration?.name ?? t('upload.intro.anySoftware');
    const title: UploadMessageId = `upload.title.${this.kind}`;
    const intro: UploadMessageId = `upload.intro.${this.kind}`;
    const showTemplate = this.phase.name === 'choose' && this.status === 'idle';
    return html`<section class="step" part="step" aria-labelledby="heading">
      <h2 id="heading" class="heading" part="heading" tabindex="-1">${t(title)}</h2>
      <p class="intro" part="intro">${t(intro, { software })}</p>
      ${this.phase.name === 'choose' ? this.#instructions() : nothing}
      ${
        showTemplate
          ? html`<p class="templates">
            <button part="template" class="button link" type="button" @click=${() => void this.#downloadTemplate('csv')}>
              ${t('upload.template.download')}
            </button>
            <button part="template" class="button link" type="button" @click=${() => void this.#downloadTemplate('xlsx')}>
              ${t('upload.template.downloadXlsx')}
            </button>
          </p>`
          : nothing
      }
      ${this.#body()}
      <p class="visually-hidden" role="status" aria-live="polite">${this.announcement}</p>
    </section>`;
  }
}
