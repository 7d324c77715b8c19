import { html } from 'lit';
import { sharedStyles } from '../upload-shared.styles.js';
import { dropzoneStyles } from './upload-dropzone.styles.js';
import { UploadElement } from '../upload-element.js';
import { UploadFileEvent, UploadRefusedEvent, type RefusalCode } from '../upload-events.js';

/** Extensions the intake reads; browsers report MIME types for CSV inconsistently, names are surer. */
export const ACCEPTED_EXTENSIONS = ['.csv', '.tsv', '.txt', '.xlsx'] as const;

export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;

/**
 * A drop zone and a file picker for exactly one report file. Refuses, in plain words and before any
 * reading, a second file, a type the intake cannot read, an empty file and a file over the limit.
 *
 * @tag codat-link-upload-dropzone
 * @csspart base - the drop area.
 * @csspart choose - the "Choose a file" button.
 * @csspart hint - the accepted types and size line.
 * @csspart refusal - the message explaining why a file was refused.
 * @cssprop --codat-link-upload-dropzone-border - border of the drop area.
 * @cssprop --codat-link-upload-dropzone-active-background - background while a file is dragged over.
 * @event codat-link-upload-file - one acceptable file was chosen; `file` holds it.
 * @event codat-link-upload-refused - a drop or pick was refused; `code` and `message` say why.
 */
export class UploadDropzone extends UploadElement {
  static override styles = [sharedStyles, dropzoneStyles];
  /** Focusing the element focuses its first control (the step moves focus here). */
  static override shadowRootOptions: ShadowRootInit = { ...UploadElement.shadowRootOptions, delegatesFocus: true };
  static override properties = {
    ...UploadElement.properties,
    maxBytes: { type: Number, attribute: 'max-bytes' },
    disabled: { type: Boolean, reflect: true },
    dragging: { state: true },
    refusal: { state: true },
  };

  /** The largest file accepted, in bytes; a bigger one is refused with `file_too_large`. */
  declare maxBytes: number;
  /** Refuses drops and picks (while a file is being read or sent). */
  declare disabled: boolean;
  declare dragging: boolean;
  declare refusal: { code: RefusalCode; message: string } | null;

  constructor() {
    super();
    this.maxBytes = DEFAULT_MAX_BYTES;
    this.disabled = false;
    this.dragging = false;
    this.refusal = null;
  }

  /** Opens the system file picker, e.g. from a keyboard shortcut of the host. */
  openPicker(): void {
    this.renderRoot.querySelector<HTMLInputElement>('input[type=file]')?.click();
  }

  /** Offers files as if dropped; the picker and drop paths both end here. */
  offer(files: readonly File[]): void {
    if (this.disabled || files.length === 0) return;
    const { t, bytes } = this.text;
    const refuse = (code: RefusalCode, message: string) => {
      this.refusal = { code, message };
      this.dispatchEvent(new UploadRefusedEvent(code, message));
    };
    if (files.length > 1) return refuse('too_many_files', t('upload.drop.refused.tooMany', { count: files.length }));
    const file = files[0]!;
    const lower = file.name.toLowerCase();
    if (!ACCEPTED_EXTENSIONS.some((ext) => lower.endsWith(ext))) {
      return refuse('unsupported_type', t('upload.drop.refused.type', { name: file.name }));
    }
    if (file.size === 0) return refuse('empty_file', t('upload.drop.refused.empty', { name: file.name }));
    if (file.size > this.maxBytes) {
      return refuse('file_too_large', t('upload.drop.refused.size', { name: file.name, size: bytes(file.size), maxSize: bytes(this.maxBytes) }));
    }
    this.refusal = null;
    this.dispatchEvent(new UploadFileEvent(file));
  }

  #onDragOver(event: DragEvent) {
    if (this.disabled) return;
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    this.dragging = true;
  }

  #onDragLeave() {
    this.dragging = false;
  }

  #onDrop(event: DragEvent) {
    event.preventDefault();
    this.dragging = false;
    this.offer([...(event.dataTransfer?.files ?? [])]);
  }

  #onPick(event: Event) {
    const input = event.target as HTMLInputElement;
    const files = [...(input.files ?? [])];
    // Clearing lets the customer pick the same file again after fixing it in their software.
    input.value = '';
    this.offer(files);
  }

  override render() {
    const { t, bytes } = this.text;
    return html`
      <div
        part="base"
        class="zone ${this.dragging ? 'dragging' : ''}"
        @dragover=${this.#onDragOver}
        @dragenter=${this.#onDragOver}
        @dragleave=${this.#onDragLeave}
        @drop=${this.#onDrop}
      >
        <p class="label" id="label">${t('upload.drop.label')}</p>
        <p class="or" aria-hidden="true">${t('upload.drop.or')}</p>
        <button
          part="choose"
          class="primary"
          type="button"
          ?disabled=${this.disabled}
          aria-describedby="hint refusal"
          @click=${() => this.openPicker()}
        >
          ${t('upload.drop.choose')}
        </button>
        <input
          type="file"
          tabindex="-1"
          aria-hidden="true"
          accept=${ACCEPTED_EXTENSIONS.join(',')}
          @change=${this.#onPick}
        />
        <p part="hint" class="hint" id="hint">${t('upload.drop.hint', { maxSize: bytes(this.maxBytes) })}</p>
      </div>
      <p part="refusal" class="refusal error" id="refusal" role="alert">${this.refusal?.message ?? ''}</p>
    `;
  }
}
