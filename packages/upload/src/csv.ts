/**
 * Everything the SDK writes out as CSV goes through here, so every cell is neutralised against
 * formula injection and quoted the way spreadsheets expect.
 */
import { FIELDS } from './fields.js';
import { neutraliseCell } from './values.js';
import type { IntakeRecord, IntakeResult, Locale, ReportKind } from './types.js';

export interface CsvOptions {
  locale?: Locale;
  /** Default: "," in English, ";" in French (Excel's list separator there). */
  delimiter?: string;
  /** A UTF-8 byte-order mark, so Excel shows accents right (default true). */
  bom?: boolean;
}

export function csvCell(value: unknown, delimiter: string): string {
  if (value === null || value === undefined) return '';
  const text = neutraliseCell(typeof value === 'string' ? value : String(value));
  return text.includes(delimiter) || /["\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(rows: readonly (readonly unknown[])[], options: CsvOptions = {}): string {
  const delimiter = options.delimiter ?? (options.locale === 'fr' ? ';' : ',');
  const body = rows.map((row) => row.map((cell) => csvCell(cell, delimiter)).join(delimiter)).join('\r\n');
  return `${options.bom === false ? '' : '\uFEFF'}${body}\r\n`;
}

const ISSUE_COLUMNS: Record<Locale, string[]> = {
  en: ['Row', 'Column', 'Field', 'Code', 'Severity', 'Message', 'Value'],
  fr: ['Ligne', 'Colonne', 'Champ', 'Code', 'Gravité', 'Message', 'Valeur'],
};

/** The issues of an intake, one per line, for the customer to fix rows in their own software. */
export function issuesToCsv(result: Pick<IntakeResult, 'issues'>, options: CsvOptions = {}): string {
  const locale = options.locale ?? 'en';
  const rows = result.issues.map((i) => [i.row ?? '', i.column ?? '', i.field ?? '', i.code, i.severity, i.message, i.value ?? '']);
  return toCsv([ISSUE_COLUMNS[locale], ...rows], { ...options, locale });
}

/** Canonical records as CSV with canonical keys as headers (what a relationship manager downloads). */
export function recordsToCsv(kind: ReportKind, records: readonly IntakeRecord[], options: CsvOptions = {}): string {
  const keys = FIELDS[kind].map((f) => f.key);
  return toCsv([keys, ...records.map((r) => keys.map((k) => r[k] ?? ''))], { delimiter: ',', ...options });
}
