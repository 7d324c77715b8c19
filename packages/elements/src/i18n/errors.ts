import type { Localizer, MessageId } from './localizer.js';

/**
 * The customer-facing message of an error code. A code added to core before its message lands
 * here reads as "unknown" instead of showing an id (the catalog test lists every code).
 */
export function errorMessage(i18n: Localizer, code: string): string {
  const id = `errors.${code}` as MessageId;
  const text = i18n.t(id);
  return text === id ? i18n.t('errors.unknown') : text;
}
