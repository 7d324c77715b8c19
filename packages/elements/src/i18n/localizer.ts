import * as z from 'zod/mini';
import { en, type CoreMessageId } from './en.js';

/** The locales shipped complete. A requested tag resolves to one of these (`fr-CA` → `fr`). */
export const SUPPORTED_LOCALES = ['en', 'fr'] as const;
export type SupportedLocale = (typeof SUPPORTED_LOCALES)[number];

/**
 * Message ids added by other modules through `registerMessages`. A module declares its ids by
 * augmenting this interface, so `t('upload.dropzone')` type-checks:
 * `declare module '../i18n/localizer.js' { interface ExtraMessages { 'upload.dropzone': true } }`.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ExtraMessages {}
export type MessageId = CoreMessageId | Extract<keyof ExtraMessages, string>;

export type MessageParams = Record<string, string | number>;

/** A catalog per shipped locale, with the same ids in each (a missing one fails the catalog test). */
export type MessageCatalogs<Id extends string = string> = { en: Record<Id, string> } & {
  [L in Exclude<SupportedLocale, 'en'>]: Record<Id, string>;
};

// English ships in the entry; other locales' core catalogs load on demand (loadLocale).
const registry: Record<SupportedLocale, Map<string, string>> = {
  en: new Map(Object.entries(en)),
  fr: new Map(),
};
const loaded = new Set<SupportedLocale>(['en']);
const loading = new Map<SupportedLocale, Promise<void>>();

/** Adds a locale's core catalog (used by loadLocale and by the eager `define.js`). */
export function addCoreCatalog(locale: SupportedLocale, catalog: Record<string, string>): void {
  for (const [id, text] of Object.entries(catalog)) if (!registry[locale].has(id)) registry[locale].set(id, text);
  loaded.add(locale);
}

export function isLocaleLoaded(locale: SupportedLocale): boolean {
  return loaded.has(locale);
}

/** Loads a locale's core messages once; English is always there. */
export function loadLocale(locale: SupportedLocale): Promise<void> {
  if (loaded.has(locale)) return Promise.resolve();
  let pending = loading.get(locale);
  if (!pending) {
    pending = import('./fr.js').then(({ fr }) => addCoreCatalog('fr', fr));
    loading.set(locale, pending);
  }
  return pending;
}

/**
 * Adds a module's messages to every locale (the upload steps register theirs when their chunk
 * loads). Ids are global: prefix them with the module name (`upload.…`). Re-registering an id
 * replaces its text, so a hot-reloaded module does not throw.
 */
export function registerMessages<Id extends string>(catalogs: MessageCatalogs<Id>): void {
  for (const locale of SUPPORTED_LOCALES) {
    const catalog = catalogs[locale] as Record<string, string>;
    for (const [id, text] of Object.entries(catalog)) registry[locale].set(id, text);
  }
}

/** Ids present in English but missing in `locale`: the catalog test asserts this is empty. */
export function missingMessages(locale: SupportedLocale): string[] {
  const have = registry[locale];
  return [...registry.en.keys()].filter((id) => !have.has(id) || have.get(id)!.trim() === '');
}

/** Every registered id (the catalog test and the overrides schema use it). */
export function messageIds(): string[] {
  return [...registry.en.keys()];
}

/** `fr-CA`, `FR`, `fr_BE` → `fr`; anything unknown → `en`. */
export function resolveLocale(tag: string | null | undefined): SupportedLocale {
  const base = (tag ?? '').trim().toLowerCase().split(/[-_]/)[0];
  return (SUPPORTED_LOCALES as readonly string[]).includes(base ?? '') ? (base as SupportedLocale) : 'en';
}

/**
 * Partner text overrides, by message id: one string for every locale, or one per locale.
 * Overrides are text like everything else: they render as text, never as HTML.
 */
export const textOverridesSchema = z.record(
  z.string().check(z.minLength(1), z.maxLength(120)),
  z.union([z.string().check(z.maxLength(2000)), z.partialRecord(z.enum(SUPPORTED_LOCALES), z.string().check(z.maxLength(2000)))]),
);
export type TextOverrides = z.infer<typeof textOverridesSchema>;

const PLACEHOLDER = /\{(\w+)\}/g;
/** Bidi formatting characters: embeddings, overrides, isolates and marks. */
const BIDI_CONTROL = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;

/**
 * A value carrying bidi controls (a hostile entity name with U+202E, say) is wrapped in a first-strong
 * isolate, so its override ends with the value instead of reversing the rest of the sentence.
 */
function isolate(value: string): string {
  return BIDI_CONTROL.test(value) ? `\u2068${value}\u2069` : value;
}

/**
 * Looks messages up for one locale, with the partner's overrides on top. Immutable: a locale or
 * override change makes a new Localizer, which is what the context provider hands down, so every
 * consumer re-renders.
 */
export class Localizer {
  readonly locale: SupportedLocale;
  readonly #overrides: TextOverrides;
  readonly #plural: Intl.PluralRules;
  readonly #number: Intl.NumberFormat;

  constructor(locale: string = 'en', overrides: TextOverrides = {}) {
    this.locale = resolveLocale(locale);
    this.#overrides = overrides;
    this.#plural = new Intl.PluralRules(this.locale);
    this.#number = new Intl.NumberFormat(this.locale);
  }

  /** The text of `id` with `{placeholders}` filled. Unknown ids fall back to English, then to the id. */
  t(id: MessageId, params?: MessageParams): string {
    const template = this.#template(id);
    if (!params) return template;
    return template.replace(PLACEHOLDER, (whole, name: string) => {
      const value = params[name];
      if (value === undefined) return whole;
      return typeof value === 'number' ? this.#number.format(value) : isolate(value);
    });
  }

  /** Picks `id.one` or `id.other` by the locale's plural rules (French counts 0 as singular). */
  plural(id: string, count: number, params: MessageParams = {}): string {
    const form = this.#plural.select(count) === 'one' ? 'one' : 'other';
    return this.t(`${id}.${form}` as MessageId, { count, ...params });
  }

  number(value: number): string {
    return this.#number.format(value);
  }

  #template(id: string): string {
    const override = this.#overrides[id];
    if (typeof override === 'string') return override;
    if (override && typeof override[this.locale] === 'string') return override[this.locale]!;
    return registry[this.locale].get(id) ?? registry.en.get(id) ?? id;
  }
}

export const defaultLocalizer = new Localizer('en');
