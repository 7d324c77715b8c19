/**
 * Cell parsers. They take what a CSV or an XLSX sheet gives (a string, or a number from a typed
 * cell) and return canonical values, or null when the cell cannot be read.
 */
import type { BILL_STATUSES, SUPPLIER_STATUSES } from './fields.js';
import { CURRENCY_CODES } from './currencies.js';
import { normaliseHeader } from './normalize.js';

export type Cell = string | number | boolean | null | undefined;

const PLAIN_NUMBER = /^-?\d+(?:\.\d+)?$/;
const GROUPED_DOT = /^-?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;
const GROUPED_COMMA = /^-?\d{1,3}(?:[.\s\u00a0\u202f]\d{3})*,\d+$/;
// Spaces of every width (NBSP, narrow NBSP, thin space) and apostrophes are thousands separators.
const SPACES = /[\s\u00a0\u202f\u2009'’]/g;
// A currency mark may stand before or after the number, never inside it: "€ 1.234,56", "1,234.56 USD",
// "US$ 3", "12 Fr.". Letters anywhere else make the cell unreadable, so "1e5" is never read as 15.
const CURRENCY_BEFORE = /^([A-Z]{3}|[A-Z]{1,2}\$|Fr\.|[€£$¥₹₣])(?![A-Z])\s*/i;
const CURRENCY_AFTER = /(?<![A-Z])\s*([A-Z]{3}|Fr\.|[€£$¥₹₣])$/i;
/** A three-letter mark must be a currency code: "12 ABC" is not an amount. */
const currencyMark = (mark: string) => !/^[A-Z]{3}$/i.test(mark) || CURRENCY_CODES.has(mark.toUpperCase());
/** Scientific or hexadecimal notation, whatever surrounds it. */
const NOTATION = /^[-+(]?\s*(?:\d+(?:[.,]\d+)?e[-+]?\d+|0x[\da-f]+)\s*\)?$/i;
/** Past 15 significant digits a double no longer holds every digit: such a cell is refused. */
const MAX_DIGITS = 15;

/**
 * An amount: "1 234,56", "1.234,56", "1,234.56", "(45.00)", "45.00-", "€12", "12 EUR", "-3".
 * `decimal` is the column's decimal separator when evidence has settled it; it decides "1,234".
 * Exponents ("1e5"), hexadecimal ("0x1F") and more digits than a double holds give null
 * (`amountNotation` says why), so no such cell is ever read as another number.
 */
export function parseAmount(cell: Cell, decimal: ',' | '.' | null = null): number | null {
  if (typeof cell === 'number') return Number.isFinite(cell) ? cell : null;
  if (typeof cell !== 'string') return null;
  const fast = scanAmount(cell, decimal === ',' ? 44 : 46);
  if (fast === fast) return fast;
  let s = cell.trim();
  if (s === '') return null;
  if (PLAIN_NUMBER.test(s) && (decimal !== ',' || !s.includes('.'))) return withinDigits(s) ? Number(s) : null;
  // The common grouped forms, without the general path's allocations.
  if (decimal !== ',' && GROUPED_DOT.test(s)) return withinDigits(s) ? Number(s.replace(/,/g, '')) : null;
  if (decimal === ',' && GROUPED_COMMA.test(s)) return withinDigits(s) ? Number(s.replace(/[.\s\u00a0\u202f]/g, '').replace(',', '.')) : null;
  let negative = false;
  let marked = false;
  // Signs, parentheses and one currency mark, peeled from both ends: "(€45.00)", "-€45", "€-45", "45.00- EUR".
  for (let pass = 0; pass < 4; pass++) {
    const before = s;
    const mark = CURRENCY_BEFORE.exec(s) ?? CURRENCY_AFTER.exec(s);
    if (mark) {
      if (marked || !currencyMark(mark[1]!)) return null;
      marked = true;
      s = (mark.index === 0 ? s.slice(mark[0].length) : s.slice(0, mark.index)).trim();
    }
    if (s.startsWith('(') && s.endsWith(')')) {
      negative = !negative;
      s = s.slice(1, -1).trim();
    }
    if (s.endsWith('-')) {
      negative = !negative;
      s = s.slice(0, -1).trim();
    } else if (s.startsWith('-')) {
      negative = !negative;
      s = s.slice(1).trim();
    } else if (s.startsWith('+')) s = s.slice(1).trim();
    if (s === before) break;
  }
  s = s.replace(SPACES, '');
  if (!/^[\d.,]+$/.test(s) || !/\d/.test(s) || !withinDigits(s)) return null;
  const lastDot = s.lastIndexOf('.');
  const lastComma = s.lastIndexOf(',');
  let sep: string | null = null;
  if (lastDot >= 0 && lastComma >= 0) sep = lastDot > lastComma ? '.' : ',';
  else if (lastDot >= 0 || lastComma >= 0) {
    const ch = lastDot >= 0 ? '.' : ',';
    const count = s.split(ch).length - 1;
    const tail = s.length - s.lastIndexOf(ch) - 1;
    if (count > 1) sep = null;
    else if (decimal !== null) sep = decimal === ch ? ch : null;
    else sep = tail === 3 ? null : ch;
  }
  let intPart = s;
  let frac = '';
  if (sep !== null) {
    const at = s.lastIndexOf(sep);
    intPart = s.slice(0, at);
    frac = s.slice(at + 1);
    if (!/^\d*$/.test(frac)) return null;
  }
  if (/[.,]/.test(intPart) && !validGrouping(intPart.split(/[.,]/))) return null;
  const thousands = intPart.replace(/[.,]/g, '');
  if (!/^\d*$/.test(thousands) || (thousands === '' && frac === '')) return null;
  const value = Number(`${thousands || '0'}.${frac || '0'}`);
  return negative ? -value : value;
}

/**
 * The common shapes ("-1234.5", "1,234.56", or "1.234,56" when the decimal is a comma) read in
 * one pass without a regex or a temporary string; NaN sends the cell to the general parser.
 * Digits are gathered into an integer and divided once, which rounds exactly as Number() does.
 */
function scanAmount(s: string, decimalCode: 44 | 46): number {
  const groupCode = decimalCode === 46 ? 44 : 46;
  const n = s.length;
  let i = 0;
  let negative = false;
  if (n > 0 && s.charCodeAt(0) === 45) {
    negative = true;
    i = 1;
  }
  let digits = 0;
  let value = 0;
  let sinceGroup = -1;
  let scale = 1;
  let inFraction = false;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      value = value * 10 + (c - 48);
      digits += 1;
      if (inFraction) scale *= 10;
      else if (sinceGroup >= 0) sinceGroup += 1;
    } else if (c === groupCode && !inFraction) {
      if (sinceGroup < 0 ? digits < 1 || digits > 3 : sinceGroup !== 3) return NaN;
      sinceGroup = 0;
    } else if (c === decimalCode && !inFraction) {
      if (sinceGroup >= 0 && sinceGroup !== 3) return NaN;
      inFraction = true;
    } else return NaN;
  }
  if (digits === 0 || digits > 15 || (sinceGroup >= 0 && !inFraction && sinceGroup !== 3) || (inFraction && scale === 1)) return NaN;
  const result = value / scale;
  return negative ? -result : result;
}

/** "1,234,567" and India's "12,34,567" group digits; "1.2.3" does not. */
function validGrouping(groups: string[]): boolean {
  const last = groups.length - 1;
  return groups.every((g, i) => (i === 0 ? g.length >= 1 && g.length <= 3 : i === last ? g.length === 3 : g.length === 2 || g.length === 3));
}

/** Whether a string's digits fit a double exactly: at most MAX_DIGITS, leading zeros aside. */
function withinDigits(s: string): boolean {
  let digits = 0;
  let leading = true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) continue;
    if (leading && c === 48) continue;
    leading = false;
    digits += 1;
  }
  return digits <= MAX_DIGITS;
}

/**
 * True when a cell that parseAmount refuses is a number in a notation the intake does not read
 * (scientific, hexadecimal, or more digits than a double holds), so the issue can say so.
 */
export function amountNotation(cell: Cell): boolean {
  if (typeof cell !== 'string') return false;
  const s = cell.trim();
  if (NOTATION.test(s)) return true;
  const digits = s.replace(/[^\d]/g, '');
  return /^[-+(]?[\d.,\s\u00a0\u202f'’]+\)?-?$/.test(s) && digits.replace(/^0+/, '').length > MAX_DIGITS;
}

/** The decimal separator an amount cell proves, if any ("1.234,5" proves ","; "12,50" proves ","). */
export function decimalEvidence(cell: Cell): ',' | '.' | null {
  if (typeof cell !== 'string') return null;
  const m = /([.,])(\d{1,2}|\d{4,})\s*[-)]?\s*[A-Za-z€£$]*\s*$/.exec(cell.trim());
  if (m) return m[1] as ',' | '.';
  const both = /\d([.,])\d{3}([.,])\d{3}$/.exec(cell.trim());
  if (both && both[1] === both[2]) return both[1] === '.' ? ',' : '.';
  return null;
}

const MONTHS: Record<string, number> = {};
[
  ['jan', 'january', 'janv', 'janvier'],
  ['feb', 'february', 'fev', 'fevr', 'fevrier'],
  ['mar', 'march', 'mars'],
  ['apr', 'april', 'avr', 'avril'],
  ['may', 'mai'],
  ['jun', 'june', 'juin'],
  ['jul', 'july', 'juil', 'juillet'],
  ['aug', 'august', 'aou', 'aout'],
  ['sep', 'sept', 'september', 'septembre'],
  ['oct', 'october', 'octobre'],
  ['nov', 'november', 'novembre'],
  ['dec', 'december', 'decembre'],
].forEach((names, i) => names.forEach((n) => (MONTHS[n] = i + 1)));

const ISO = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ].*)?$/;
const NUMERIC = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})(?:[T ].*)?$/;
const COMPACT = /^(19|20)(\d{2})(\d{2})(\d{2})$/;
const DAY_MON_YEAR = /^(\d{1,2})[-\s/.]+([A-Za-zÀ-ÿ]{3,9})\.?[-\s/.]+(\d{4}|\d{2})(?:[T ].*)?$/;
const MON_DAY_YEAR = /^([A-Za-zÀ-ÿ]{3,9})\.?[-\s]+(\d{1,2}),?[-\s]+(\d{4}|\d{2})$/;
const SERIAL = /^\d{5}(?:\.\d+)?$/;

export type DateParse =
  | { kind: 'date'; iso: string }
  /** Day and month could be swapped: the column's evidence decides later. */
  | { kind: 'ambiguous'; first: number; second: number; year: number }
  | { kind: 'invalid' };

const INVALID: DateParse = { kind: 'invalid' };

function fullYear(y: string): number {
  const n = Number(y);
  return y.length === 2 ? (n < 70 ? 2000 + n : 1900 + n) : n;
}

const pad = (n: number) => (n < 10 ? `0${n}` : String(n));

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function isoDate(year: number, month: number, day: number): string | null {
  if (year < 1900 || year > 9999 || month < 1 || month > 12 || day < 1) return null;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 && leap ? 29 : MONTH_DAYS[month - 1]!;
  return day > days ? null : `${year}-${pad(month)}-${pad(day)}`;
}

function dated(iso: string | null): DateParse {
  return iso ? { kind: 'date', iso } : INVALID;
}

/** Excel's 1900 date system counts from 1899-12-30 once its phantom 29 Feb 1900 is allowed for. */
export function excelSerialToIso(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial > 109_574) return null;
  const ms = Math.round((Math.floor(serial) - 25_569) * 86_400_000);
  return new Date(ms).toISOString().slice(0, 10);
}

export function parseDate(cell: Cell): DateParse {
  if (typeof cell === 'number') return dated(cell >= 20_000 && cell <= 109_574 ? excelSerialToIso(cell) : null);
  if (typeof cell !== 'string') return INVALID;
  const s = cell.trim();
  let m = ISO.exec(s);
  if (m) return dated(isoDate(Number(m[1]), Number(m[2]), Number(m[3])));
  m = NUMERIC.exec(s);
  if (m) {
    const first = Number(m[1]);
    const second = Number(m[2]);
    const year = fullYear(m[3]!);
    if (first > 12) return dated(isoDate(year, second, first));
    if (second > 12) return dated(isoDate(year, first, second));
    if (first === 0 || second === 0) return INVALID;
    if (first === second) return dated(isoDate(year, first, second));
    return { kind: 'ambiguous', first, second, year };
  }
  m = DAY_MON_YEAR.exec(s);
  if (m) {
    const month = MONTHS[normaliseHeader(m[2]!)];
    return month ? dated(isoDate(fullYear(m[3]!), month, Number(m[1]))) : INVALID;
  }
  m = MON_DAY_YEAR.exec(s);
  if (m) {
    const month = MONTHS[normaliseHeader(m[1]!)];
    return month ? dated(isoDate(fullYear(m[3]!), month, Number(m[2]))) : INVALID;
  }
  m = COMPACT.exec(s);
  if (m) return dated(isoDate(Number(m[1]! + m[2]!), Number(m[3]), Number(m[4])));
  if (SERIAL.test(s)) return parseDate(Number(s));
  return INVALID;
}

/** Which order a numeric date proves: "25/01/2024" proves day-first, "01/25/2024" month-first. */
export function dateOrderEvidence(cell: Cell): 'dmy' | 'mdy' | null {
  if (typeof cell !== 'string') return null;
  const m = NUMERIC.exec(cell.trim());
  if (!m) return null;
  const first = Number(m[1]);
  const second = Number(m[2]);
  if (first > 12 && second <= 12) return 'dmy';
  if (second > 12 && first <= 12) return 'mdy';
  return null;
}

const BILL_STATUS_WORDS: Record<string, (typeof BILL_STATUSES)[number]> = {};
const SUPPLIER_STATUS_WORDS: Record<string, (typeof SUPPLIER_STATUSES)[number]> = {};
const addWords = <T extends string>(table: Record<string, T>, status: T, words: string[]) => words.forEach((w) => (table[normaliseHeader(w)] = status));
addWords(BILL_STATUS_WORDS, 'Paid', ['paid', 'fully paid', 'settled', 'closed', 'cleared', 'payé', 'payée', 'soldé', 'soldée', 'réglé', 'réglée', 'acquittée']);
addWords(BILL_STATUS_WORDS, 'Open', [
  'open',
  'unpaid',
  'not paid',
  'outstanding',
  'due',
  'overdue',
  'posted',
  'approved',
  'awaiting payment',
  'ouvert',
  'ouverte',
  'impayé',
  'impayée',
  'non payé',
  'non payée',
  'à payer',
  'en attente',
  'en retard',
  'validée',
]);
addWords(BILL_STATUS_WORDS, 'PartiallyPaid', [
  'partially paid',
  'part paid',
  'partpaid',
  'partial',
  'partiellement payé',
  'partiellement payée',
  'partiellement réglée',
  'partiel',
]);
addWords(BILL_STATUS_WORDS, 'Draft', ['draft', 'brouillon', 'pending approval', 'in approval', 'saved']);
addWords(BILL_STATUS_WORDS, 'Void', ['void', 'voided', 'cancelled', 'canceled', 'reversed', 'deleted', 'annulé', 'annulée', 'extourné', 'extournée']);
addWords(SUPPLIER_STATUS_WORDS, 'Active', ['active', 'actif', 'active supplier', 'enabled', 'open', 'yes', 'y', 'true', 'oui', 'o']);
addWords(SUPPLIER_STATUS_WORDS, 'Archived', [
  'archived',
  'inactive',
  'inactif',
  'blocked',
  'bloqué',
  'on hold',
  'closed',
  'disabled',
  'archivé',
  'no',
  'n',
  'false',
  'non',
]);
addWords(SUPPLIER_STATUS_WORDS, 'Unknown', ['unknown', 'inconnu']);

export function parseBillStatus(cell: string): (typeof BILL_STATUSES)[number] | null {
  return BILL_STATUS_WORDS[normaliseHeader(cell)] ?? null;
}

export function parseSupplierStatus(cell: string): (typeof SUPPLIER_STATUSES)[number] | null {
  return SUPPLIER_STATUS_WORDS[normaliseHeader(cell)] ?? null;
}

/** Characters a spreadsheet reads as the start of a formula (OWASP CSV injection). */
export function looksLikeFormula(raw: string): boolean {
  const c = raw.charCodeAt(0);
  // = @ tab CR always; + and - unless the cell is just a signed number (a credit note amount).
  if (c === 61 || c === 64 || c === 9 || c === 13) return true;
  if (c === 43 || c === 45) return !/^[+-][\d\s.,]*$/.test(raw);
  return false;
}

/** Makes a cell inert for spreadsheets: a leading apostrophe is shown as text, never evaluated. */
export function neutraliseCell(value: string): string {
  return value.length > 0 && looksLikeFormula(value) ? `'${value}` : value;
}
