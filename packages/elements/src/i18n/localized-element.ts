import { LitElement, type PropertyDeclarations } from 'lit';
import { ContextConsumer } from '@lit/context';
import { localizerContext } from '../context.js';
import { Localizer, defaultLocalizer, isLocaleLoaded, loadLocale, resolveLocale } from './localizer.js';

/**
 * The base of every element that shows text: the localizer `<codat-link>` provides through context,
 * or, when the element is rendered alone (a story, a test), one for its own `locale` attribute or
 * the nearest `lang`, loading that locale's messages on first use.
 *
 * @attr locale - the language when rendered outside `<codat-link>` (`en`, `fr`).
 */
export class LocalizedElement extends LitElement {
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
}
