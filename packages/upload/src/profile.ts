/**
 * Column profiles: what the first data rows of a column look like, measured once per file, and how
 * well such a column fits each canonical field. The mapping uses the fit next to the header's name,
 * so a column whose values contradict a field is never chosen for it, and a field whose column has an
 * unknown name can still be found by its values.
 */
import type { FieldDef } from './fields.js';
import { parseCurrency } from './currencies.js';
import { parseCountry } from './countries.js';
import { parseAmount, parseBillStatus, parseDate, parseSupplierStatus, type Cell } from './values.js';

export interface ColumnProfile {
  /** Non-empty cells in the sample. */
  filled: number;
  /** Shares of the filled cells, 0..1. */
  date: number;
  amount: number;
  /** Whole numbers without separators or decimals ("1042"). */
  integer: number;
  /** Cells with a decimal part ("12.50", "1 234,5"). */
  decimal: number;
  currency: number;
  country: number;
  email: number;
  phone: number;
  postal: number;
  billStatus: number;
  supplierStatus: number;
  /** Payment methods (card, cheque, transfer, direct debit, BACS, virement…). */
  paymentMethod: number;
  /** Codes: one token of letters, digits and -_/.# with at least one digit, up to 30 characters. */
  code: number;
  /** Words: at least one letter and no digit-only token. */
  words: number;
  /** Mean number of space-separated words, and mean length. */
  meanWords: number;
  meanLength: number;
  /** Distinct values / filled cells. */
  distinct: number;
  /** The filled cells are 1, 2, 3… in row order (a spreadsheet's row numbers). */
  sequence: boolean;
  /** Up to three distinct cells as written, for the mapping review. */
  samples: string[];
}

/** Fewer filled cells than this say too little: the fit is neutral. */
export const MIN_EVIDENCE = 3;
/** A fit below this is a contradiction: the field is never auto-mapped to that column. */
export const VETO = 0.2;
/** The fit when the sample says nothing. */
export const NEUTRAL = 0.6;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;
const PHONE = /^\+?[\d\s().\-/]{6,20}$/;
// Postal codes as the UPU lists them: digits with an optional dash or space (75008, 2000, 10115,
// 94105-1234), the UK and Canadian alphanumeric forms (SW1A 1AA, K1A 0B1) and Dutch 1234 AB.
const POSTAL = /^(?:\d{3,6}(?:[- ]\d{3,4})?|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}|[A-Z]\d[A-Z] ?\d[A-Z]\d|\d{4} ?[A-Z]{2})$/i;
const CODE = /^(?=[^\s]*\d)[A-Za-z0-9][A-Za-z0-9\-_/.#:]{0,29}$/;
const INTEGER = /^\d{1,15}$/;
const HAS_LETTER = /\p{L}/u;
/**
 * Payment methods in English and French as AP exports write them: cards and their schemes, cash,
 * cheques, transfers and the schemes that carry them (ACH, BACS, SEPA, wire, CHAPS, EFT), direct
 * debits, PayPal; virement, prélèvement, espèces, carte, chèque, LCR, traite.
 */
const PAYMENT_METHOD =
  /\b(card|credit card|debit card|visa|mastercard|amex|american express|cash|cheque|check|transfer|bank transfer|wire|ach|bacs|sepa|chaps|eft|direct debit|standing order|paypal|virement|prelevement|prélèvement|especes|espèces|carte|carte bancaire|cb|cheque|chèque|lcr|traite|effet)\b/i;

export function profileColumns(width: number, samples: readonly (readonly Cell[])[]): ColumnProfile[] {
  const profiles: ColumnProfile[] = [];
  for (let column = 0; column < width; column++) {
    const texts: string[] = [];
    for (const row of samples) {
      const cell = row[column];
      if (cell === null || cell === undefined || cell === '') continue;
      const text = typeof cell === 'string' ? cell.trim() : String(cell);
      if (text !== '') texts.push(text);
    }
    profiles.push(profile(texts, samples, column));
  }
  return profiles;
}

function profile(texts: readonly string[], samples: readonly (readonly Cell[])[], column: number): ColumnProfile {
  const n = texts.length;
  const share = (test: (text: string, i: number) => boolean) => {
    if (n === 0) return 0;
    let k = 0;
    texts.forEach((t, i) => (test(t, i) ? (k += 1) : 0));
    return k / n;
  };
  const cells = samples.map((row) => row[column]).filter((c) => c !== null && c !== undefined && c !== '' && String(c).trim() !== '');
  const distinct = n === 0 ? 0 : new Set(texts.map((t) => t.toLowerCase())).size / n;
  let sequence = n >= MIN_EVIDENCE;
  for (let i = 0; sequence && i < n; i++) sequence = texts[i] === String(i + 1);
  const words = texts.map((t) => t.split(/\s+/).length);
  const seen = new Set<string>();
  for (const t of texts) {
    if (seen.size === 3) break;
    seen.add(t.length > 40 ? `${t.slice(0, 39)}…` : t);
  }
  return {
    filled: n,
    date: share((_, i) => parseDate(cells[i]).kind !== 'invalid'),
    amount: share((_, i) => parseAmount(cells[i]) !== null),
    integer: share((t) => INTEGER.test(t)),
    decimal: share((t, i) => parseAmount(cells[i]) !== null && /[.,]\d{1,4}\s*[)-]?\s*\p{Sc}?[A-Z]{0,3}$/u.test(t)),
    currency: share((t) => parseCurrency(t) !== null),
    country: share((t) => parseCountry(t) !== null),
    email: share((t) => EMAIL.test(t)),
    phone: share((t) => PHONE.test(t) && (t.match(/\d/g)?.length ?? 0) >= 6),
    postal: share((t) => POSTAL.test(t)),
    billStatus: share((t) => parseBillStatus(t) !== null),
    supplierStatus: share((t) => parseSupplierStatus(t) !== null),
    paymentMethod: share((t) => PAYMENT_METHOD.test(t)),
    code: share((t) => CODE.test(t)),
    words: share((t) => HAS_LETTER.test(t) && !/^[\d\s.,\-/]+$/.test(t)),
    meanWords: n === 0 ? 0 : words.reduce((a, b) => a + b, 0) / n,
    meanLength: n === 0 ? 0 : texts.reduce((a, t) => a + t.length, 0) / n,
    distinct,
    sequence,
    samples: [...seen],
  };
}

const clamp = (x: number) => Math.max(0, Math.min(1, x));

/**
 * How well a column's values fit a field, 0..1, or null when the sample is too small to tell.
 * Below VETO the values contradict the field.
 */
export function fieldFit(def: FieldDef, p: ColumnProfile): number | null {
  if (p.filled < MIN_EVIDENCE) return null;
  // Values that are plainly something else: dates, amounts with decimals, e-mail addresses.
  const numeric = Math.max(p.decimal, p.date > p.amount ? p.date : 0);
  switch (def.type) {
    case 'date':
      return clamp(p.date);
    case 'amount':
      // Amounts are numbers; dates written 2024.01.05 read as numbers too, so dates count against.
      return clamp(p.amount - (p.date > 0.5 && p.decimal < 0.5 ? p.date : 0));
    case 'integer':
      return clamp(p.integer);
    case 'currency':
      return clamp(p.currency);
    case 'email':
      return clamp(p.email);
    case 'country':
      // A country column of a name the runtime does not know is kept as text; numbers contradict it.
      return clamp(Math.max(p.country, 0.5 * p.words) - p.amount);
    case 'billStatus':
      // Unknown words may be statuses; one-letter codes ("O", "Q", "B": MYOB's order/quote/bill) are not.
      return clamp(Math.max(p.billStatus, p.meanLength >= 3 ? 0.4 * p.words : 0) - p.amount);
    case 'supplierStatus':
      return clamp(Math.max(p.supplierStatus, 0.4 * p.words) - p.amount);
    case 'text':
      return textFit(def.key, p, numeric);
  }
}

function textFit(key: string, p: ColumnProfile, numeric: number): number {
  // Mostly e-mail addresses, decimals or dates: not a name, an id or an address line.
  const other = Math.max(p.email, numeric);
  switch (key) {
    case 'supplierName':
      // Names are words; a spreadsheet's row numbers, codes or prose (notes of many words) are not.
      return clamp(p.words - other - (p.meanWords > 8 ? 0.5 : 0) - 0.5 * Math.max(0, p.code - p.words));
    case 'supplierId':
    case 'billNumber':
    case 'taxNumber':
    case 'registrationNumber': {
      // Identifiers are short codes or numbers, rarely prose; row numbers 1, 2, 3… are the sheet's.
      const codeLike = Math.max(p.code, p.integer, p.words > 0 && p.meanWords <= 2 ? 0.7 : 0);
      const prose = p.meanWords > 3 ? 0.6 : p.meanWords > 2 ? 0.3 : 0;
      return clamp(codeLike - other - prose - (p.sequence ? 0.4 : 0));
    }
    case 'postalCode':
      return clamp(Math.max(p.postal, 0.5 * p.code) - other - (p.meanWords > 2 ? 0.6 : 0));
    case 'phone':
      return clamp(p.phone - p.email - p.date);
    case 'city':
    case 'region':
      return clamp(p.words - other - (p.meanWords > 4 ? 0.5 : 0));
    case 'addressLine1':
      return clamp(p.words - other);
    case 'paymentMethod':
    case 'defaultPaymentMethod':
      // A method is one of a known few; a column of other words ("Bill", "Credit") is something else.
      return clamp(p.paymentMethod + 0.1 - p.amount);
    default:
      // Free text (description, terms): anything but a number column.
      return clamp(1 - Math.max(p.amount, p.date) * 0.6 - p.email);
  }
}
