/** Active ISO 4217 alphabetic codes (plus precious-metal and fund codes left out: no bill uses them). */
const CODES =
  'AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD ' +
  'CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD ' +
  'GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT ' +
  'LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR ' +
  'NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP ' +
  'STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VED VES VND VUV WST XAF XCD ' +
  'XCG XOF XPF YER ZAR ZMW ZWG';

export const CURRENCY_CODES: ReadonlySet<string> = new Set(CODES.split(' '));

/** Symbols that name one currency without doubt; `$` alone does not, so it is not here. */
const SYMBOLS: Record<string, string> = {
  '€': 'EUR',
  '£': 'GBP',
  '¥': 'JPY',
  '₹': 'INR',
  US$: 'USD',
  CA$: 'CAD',
  C$: 'CAD',
  A$: 'AUD',
  AU$: 'AUD',
  NZ$: 'NZD',
  HK$: 'HKD',
  S$: 'SGD',
  R$: 'BRL',
  CHF: 'CHF',
  'Fr.': 'CHF',
  zł: 'PLN',
  '₺': 'TRY',
  '₩': 'KRW',
  '₪': 'ILS',
  '₱': 'PHP',
  '฿': 'THB',
  '₫': 'VND',
  '₴': 'UAH',
  '₦': 'NGN',
  Kč: 'CZK',
};

/**
 * The languages whose currency names are recognised. The names themselves come from the runtime's
 * CLDR data (`Intl.DisplayNames`): NetSuite, QuickBooks Desktop and Dynamics GP write a vendor's
 * currency as its name ("Euro", "US Dollar", "British pound") rather than its code.
 */
const NAME_LOCALES = ['en', 'fr', 'de', 'es', 'it', 'nl', 'pt', 'sv', 'da', 'nb', 'fi', 'pl'];

let byName: Map<string, string> | null = null;

/** Lower case, accents and punctuation folded, so "Dollar des États-Unis" meets "dollar des etats unis". */
export function foldName(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * Folded name → code, for every code in every NAME_LOCALES language the runtime knows (CLDR through
 * `Intl.DisplayNames`); a name two codes share names neither. Countries use it with type 'region'.
 */
export function displayNameIndex(type: 'currency' | 'region', codes: Iterable<string>): Map<string, string> {
  const index = new Map<string, string>();
  const ambiguous = new Set<string>();
  const list = [...codes];
  for (const locale of NAME_LOCALES) {
    let names: Intl.DisplayNames;
    try {
      names = new Intl.DisplayNames([locale], { type, fallback: 'none' });
    } catch {
      continue;
    }
    for (const code of list) {
      const name = names.of(code);
      if (!name) continue;
      const key = foldName(name);
      const known = index.get(key);
      if (known !== undefined && known !== code) ambiguous.add(key);
      else index.set(key, code);
    }
  }
  for (const key of ambiguous) index.delete(key);
  return index;
}

let byCountry: Map<string, string> | null = null;

/**
 * "United States Dollar", "Canada Dollar", "United Kingdom Pound": a currency named by its country
 * and its unit, as QuickBooks Online's CurrencyRef names do. An ISO 4217 code starts with its
 * country's ISO 3166 code, so the country's English name and the last word of the currency's English
 * name (CLDR, through Intl.DisplayNames) make the name; one two codes share names neither.
 */
function countryUnitIndex(): Map<string, string> {
  const index = new Map<string, string>();
  const ambiguous = new Set<string>();
  let currencies: Intl.DisplayNames;
  let regions: Intl.DisplayNames;
  try {
    currencies = new Intl.DisplayNames(['en'], { type: 'currency', fallback: 'none' });
    regions = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
  } catch {
    return index;
  }
  for (const code of CURRENCY_CODES) {
    const name = currencies.of(code);
    const country = /^[A-Z]{2}/.test(code) ? regions.of(code.slice(0, 2)) : undefined;
    if (!name || !country) continue;
    const unit = foldName(name).split(' ').pop()!;
    const key = `${foldName(country)} ${unit}`;
    if (index.has(key) && index.get(key) !== code) ambiguous.add(key);
    else index.set(key, code);
  }
  for (const key of ambiguous) index.delete(key);
  return index;
}

function codeOfName(text: string): string | null {
  const key = foldName(text);
  if (key === '') return null;
  const index = (byName ??= displayNameIndex('currency', CURRENCY_CODES));
  const lookup = (k: string) => index.get(k) ?? (byCountry ??= countryUnitIndex()).get(k);
  // Plurals as written in exports ("Euros", "US Dollars"): the name without its last "s".
  return lookup(key) ?? (key.endsWith('s') ? (lookup(key.slice(0, -1)) ?? null) : null);
}

const HAS_DIGIT = /\d/;
const CODE_WITH_NAME = /^([A-Z]{3})(?:\s*[-–—:|/]\s*|\s+|$)(.*)$|^(.*?)\s*\(([A-Z]{3})\)$/;

/**
 * An ISO 4217 code from a cell: a code ("eur"), a symbol ("€", "US$"), a name in one of
 * NAME_LOCALES ("Euro", "livre sterling"), or a code beside its name ("EUR - Euro", "Euro (EUR)").
 * Null when the cell names no currency, or names two different ones.
 */
export function parseCurrency(raw: string): string | null {
  const trimmed = raw.trim();
  // No currency code, symbol or name has a digit: amounts, dates and ids end here, before any folding.
  if (HAS_DIGIT.test(trimmed)) return null;
  const upper = trimmed.toUpperCase();
  if (upper.length === 3 && CURRENCY_CODES.has(upper)) return upper;
  const symbol = SYMBOLS[trimmed];
  if (symbol) return symbol;
  const both = CODE_WITH_NAME.exec(trimmed);
  if (both) {
    const code = both[1] ?? both[4]!;
    const name = (both[1] ? both[2] : both[3])!.trim();
    if (CURRENCY_CODES.has(code)) {
      if (name === '') return code;
      const named = codeOfName(name);
      // "USD - Dollar américain" keeps its code; "EUR - US Dollar" contradicts itself.
      return named === null || named === code ? code : null;
    }
  }
  return codeOfName(trimmed);
}
