/**
 * Countries to ISO 3166-1 alpha-2. The codes and the names (in the languages of currencies.ts NAME_LOCALES) come
 * from the runtime's CLDR data through `Intl.DisplayNames`, and retired codes ("UK", "BU") become
 * their current ones through `Intl.getCanonicalLocales`.
 */
import { displayNameIndex, foldName } from './currencies.js';

/** Region codes CLDR names that are not countries: groupings, pseudo-locales, exceptional reservations. */
const NOT_COUNTRIES = new Set(['EU', 'EZ', 'QO', 'UN', 'XA', 'XB', 'ZZ', 'AC', 'CP', 'CQ', 'DG', 'EA', 'IC', 'TA']);

interface CountryIndex {
  codes: Map<string, string>;
  names: Map<string, string>;
}

let index: CountryIndex | null = null;

function build(): CountryIndex {
  const codes = new Map<string, string>();
  let english: Intl.DisplayNames;
  try {
    english = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
  } catch {
    return { codes, names: new Map() };
  }
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      if (NOT_COUNTRIES.has(code) || !english.of(code)) continue;
      const current = Intl.getCanonicalLocales(`und-${code}`)[0]!.split('-')[1]!;
      if (!NOT_COUNTRIES.has(current)) codes.set(code, current);
    }
  }
  return { codes, names: displayNameIndex('region', new Set(codes.values())) };
}

/**
 * The alpha-2 code of a country cell: a code ("fr", "UK" → "GB") or a name ("France", "Royaume-Uni",
 * "Deutschland"). Null when the cell names no country the runtime knows; the caller keeps its text.
 */
const HAS_DIGIT = /\d/;

export function parseCountry(raw: string): string | null {
  const trimmed = raw.trim();
  // No country's code or name has a digit: amounts, dates and ids end here, before any folding.
  if (trimmed === '' || HAS_DIGIT.test(trimmed)) return null;
  index ??= build();
  if (trimmed.length === 2) return index.codes.get(trimmed.toUpperCase()) ?? null;
  return index.names.get(foldName(trimmed)) ?? null;
}
