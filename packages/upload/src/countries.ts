/**
 * Countries to ISO 3166-1 alpha-2. The codes and the names (in the languages of NAME_LOCALES) come
 * from the runtime's CLDR data through `Intl.DisplayNames`, and retired codes ("UK", "BU") become
 * their current ones through `Intl.getCanonicalLocales`.
 */

/** Region codes CLDR names that are not countries: groupings, pseudo-locales, exceptional reservations. */
const NOT_COUNTRIES = new Set(['EU', 'EZ', 'QO', 'UN', 'XA', 'XB', 'ZZ', 'AC', 'CP', 'CQ', 'DG', 'EA', 'IC', 'TA']);
const NAME_LOCALES = ['en', 'fr', 'de', 'es', 'it', 'nl', 'pt', 'sv', 'da', 'nb', 'fi', 'pl'];

interface CountryIndex {
  codes: Map<string, string>;
  names: Map<string, string>;
}

let index: CountryIndex | null = null;

const fold = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

function build(): CountryIndex {
  const codes = new Map<string, string>();
  const names = new Map<string, string>();
  const ambiguous = new Set<string>();
  let english: Intl.DisplayNames;
  try {
    english = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
  } catch {
    return { codes, names };
  }
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      if (NOT_COUNTRIES.has(code) || !english.of(code)) continue;
      const current = Intl.getCanonicalLocales(`und-${code}`)[0]!.split('-')[1]!;
      if (!NOT_COUNTRIES.has(current)) codes.set(code, current);
    }
  }
  const current = new Set(codes.values());
  for (const locale of NAME_LOCALES) {
    let display: Intl.DisplayNames;
    try {
      display = new Intl.DisplayNames([locale], { type: 'region', fallback: 'none' });
    } catch {
      continue;
    }
    for (const code of current) {
      const name = display.of(code);
      if (!name) continue;
      const key = fold(name);
      const known = names.get(key);
      if (known !== undefined && known !== code) ambiguous.add(key);
      else names.set(key, code);
    }
  }
  for (const key of ambiguous) names.delete(key);
  return { codes, names };
}

/**
 * The alpha-2 code of a country cell: a code ("fr", "UK" → "GB") or a name ("France", "Royaume-Uni",
 * "Deutschland"). Null when the cell names no country the runtime knows; the caller keeps its text.
 */
export function parseCountry(raw: string): string | null {
  const trimmed = raw.trim();
  if (trimmed === '') return null;
  index ??= build();
  if (trimmed.length === 2) return index.codes.get(trimmed.toUpperCase()) ?? null;
  return index.names.get(fold(trimmed)) ?? null;
}
