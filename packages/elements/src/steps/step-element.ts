import { LitElement, type CSSResultGroup, type PropertyDeclarations } from 'lit';
import { ContextConsumer } from '@lit/context';
import { localizerContext } from '../context.js';
import { Localizer, defaultLocalizer, isLocaleLoaded, loadLocale, resolveLocale } from '../i18n/localizer.js';
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
 */
export class StepElement extends LitElement {
  static override styles: CSSResultGroup = [stepStyles];

  static override properties: PropertyDeclarations = {
    locale: { reflect: true },
  };

  /** Used only when no `<codat-link>` provides a localizer (stories, standalone use). */
  declare locale: string | undefined;

  readonly #localizer = new ContextConsumer(this, { context: localizerContext, subscribe: true });
  #ownLocalizer: Localizer = defaultLocalizer;

  constructor() {
    super();
    this.locale = undefined;
  }

  /** The localizer for this render. */
  protected get i18n(): Localizer {
    const provided = this.#localizer.value;
    if (provided) return provided;
    const wanted = this.locale ?? this.closest('[lang]')?.getAttribute('lang') ?? 'en';
    const locale = resolveLocale(wanted);
    if (this.#ownLocalizer.locale !== locale) this.#ownLocalizer = new Localizer(locale);
    if (!isLocaleLoaded(locale)) void loadLocale(locale).then(() => this.requestUpdate());
    return this.#ownLocalizer;
  }

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
