import { LitElement, type PropertyDeclarations } from 'lit';
import { ContextConsumer } from '@lit/context';
import { localizerContext } from '../context.js';
import { Localizer, defaultLocalizer, resolveLocale } from '../i18n/localizer.js';
import { helpers, type Helpers } from './upload-messages.js';

/**
 * The base of the upload sub-components: the localizer `<codat-link>` provides, or one for the
 * `locale` property when rendered alone (tests, stories, the step passing its own locale down).
 */
export class UploadElement extends LitElement {
  static override properties: PropertyDeclarations = {
    locale: { reflect: true },
  };

  declare locale: string | undefined;

  readonly #localizer = new ContextConsumer(this, { context: localizerContext, subscribe: true });
  #own: Localizer = defaultLocalizer;

  constructor() {
    super();
    this.locale = undefined;
  }

  protected get i18n(): Localizer {
    const provided = this.#localizer.value;
    if (provided) return provided;
    const wanted = this.locale ?? this.closest('[lang]')?.getAttribute('lang') ?? 'en';
    if (this.#own.locale !== resolveLocale(wanted)) this.#own = new Localizer(wanted);
    return this.#own;
  }

  protected get text(): Helpers {
    return helpers(this.i18n);
  }
}
