import type { CSSResultGroup } from 'lit';
import { LocalizedElement } from '../i18n/localized-element.js';
import type { Localizer } from '../i18n/localizer.js';
import { StepIntentEvent, type StepIntent } from './intents.js';
import { stepStyles } from '../styles/shared.styles.js';

/**
 * The base of every journey step (the upload steps included). It gives a step:
 * - `t`, the localizer from `<codat-link>`'s context, or one for its own `locale` attribute when the
 *   step is rendered alone (a story, a test);
 * - `intent()`, to tell `<codat-link>` what the customer asked for;
 * - `focusHeading()`, which `<codat-link>` calls on arrival so screen readers start at the step's
 *   heading. A step marks its heading with `class="heading" part="heading" tabindex="-1"`.
 * - `stepStyles`, the shared look (extend with `static override styles = [StepElement.styles, own]`).
 *
 * @attr locale - the language when rendered outside `<codat-link>` (`en`, `fr`).
 * @fires codat-link-intent - what the customer asked for (`intent`, see steps/intents.ts); bubbles but is
 * not composed: `<codat-link>` turns it into a journey event and it never reaches the page.
 */
export class StepElement extends LocalizedElement {
  static override styles: CSSResultGroup = [stepStyles];

  /** Shorthand for `this.i18n.t(...)`. */
  protected t: Localizer['t'] = (id, params) => this.i18n.t(id, params);

  protected intent(intent: StepIntent): void {
    this.dispatchEvent(new StepIntentEvent(intent));
  }

  /** Moves focus to the step's heading once rendered. */
  async focusHeading(): Promise<void> {
    await this.updateComplete;
    const heading = this.renderRoot.querySelector<HTMLElement>('.heading');
    heading?.focus({ preventScroll: false });
  }
}
