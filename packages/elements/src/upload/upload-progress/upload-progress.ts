import { html, nothing } from 'lit';
import { sharedStyles } from '../upload-shared.styles.js';
import { UploadElement } from '../upload-element.js';
import { progressStyles } from './upload-progress.styles.js';
import { UploadCancelEvent } from '../upload-events.js';

/**
 * A labelled progress bar with a line of detail and an optional cancel button. Used for reading the
 * file and for sending it. It does not announce each tick: the step announces milestones in its
 * live region, so a screen reader is not flooded.
 *
 * @tag codat-link-upload-progress
 * @csspart label - the heading line.
 * @csspart bar - the native progress element.
 * @csspart detail - the "x of y" line.
 * @csspart cancel - the cancel button.
 * @cssprop --codat-link-upload-progress-color - fill colour of the bar.
 * @cssprop --codat-link-upload-progress-track - colour of the unfilled track.
 * @event codat-link-upload-cancel - the customer pressed cancel.
 */
export class UploadProgress extends UploadElement {
  static override styles = [sharedStyles, progressStyles];
  /** Focusing the element focuses its first control (the step moves focus here). */
  static override shadowRootOptions: ShadowRootInit = { ...UploadElement.shadowRootOptions, delegatesFocus: true };
  static override properties = {
    ...UploadElement.properties,
    label: { type: String },
    detail: { type: String },
    value: { type: Number },
    max: { type: Number },
    cancelLabel: { type: String, attribute: 'cancel-label' },
  };

  /** What is in progress, e.g. "Sending Bills report". */
  declare label: string;
  /** A second line: how far it got, in words. */
  declare detail: string;
  /** Work done so far, out of `max`. */
  declare value: number;
  /** The whole work (counted as at least 1). */
  declare max: number;
  /** When set, a cancel button with this text is shown. */
  declare cancelLabel: string;

  constructor() {
    super();
    this.label = '';
    this.detail = '';
    this.value = 0;
    this.max = 1;
    this.cancelLabel = '';
  }

  override render() {
    const max = Math.max(this.max, 1);
    return html`
      <p part="label" class="label" id="label" tabindex="-1">${this.label}</p>
      <progress part="bar" aria-labelledby="label" aria-describedby="detail" value=${Math.min(this.value, max)} max=${max}></progress>
      <p part="detail" class="detail" id="detail">${this.detail}</p>
      ${
        this.cancelLabel
          ? html`<button part="cancel" type="button" @click=${() => this.dispatchEvent(new UploadCancelEvent())}>
            ${this.cancelLabel}
          </button>`
          : nothing
      }
    `;
  }
}
