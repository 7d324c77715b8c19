/**
 * Column auto-mapping: each canonical field gets at most one source column and each column feeds at
 * most one field. Overrides (typed by the customer, or a mapping stored from a previous upload) win;
 * then platform synonyms, then general synonyms, then partial matches with a lower confidence.
 */
import { FIELDS, REQUIRED_ONE_OF } from './fields.js';
import { normaliseHeader } from './normalize.js';
import { generalSynonyms, platformFamily, platformSynonyms } from './synonyms.js';
import type { Mapping, MappingOverrides, MappingSource, ReportKind } from './types.js';
import { parseCurrency } from './currencies.js';
import { parseAmount, parseDate, type Cell } from './values.js';
import type { FieldType } from './fields.js';

export interface MappingProblem {
  code: 'missing_required_column' | 'duplicate_header' | 'mapping_override_unknown' | 'mapping_low_confidence';
  field: string;
  column: string | null;
}

export interface MappingOutcome {
  mapping: Mapping;
  /** field → index of its source column. */
  columns: Map<string, number>;
  problems: MappingProblem[];
}

export const LOW_CONFIDENCE = 0.8;
const PLATFORM_SCORE = 1;
const SYNONYM_SCORE = 0.98;

interface Candidate {
  field: string;
  column: number;
  score: number;
  source: MappingSource;
}

type FoldedSynonyms = Map<string, Set<string>>;
const synonymCache = new Map<string, { general: FoldedSynonyms; platform: FoldedSynonyms }>();

/** Synonyms folded once per kind and platform: every file maps its header four times. */
function synonymSets(kind: ReportKind, software: string | undefined) {
  const key = `${kind}:${platformFamily(software) ?? ''}`;
  let sets = synonymCache.get(key);
  if (!sets) {
    const fold = (syn: Record<string, readonly string[]>) =>
      new Map(Object.entries(syn).map(([field, list]) => [field, new Set(list.map(normaliseHeader))]));
    sets = { general: fold(generalSynonyms(kind)), platform: fold(platformSynonyms(kind, software)) };
    synonymCache.set(key, sets);
  }
  return sets;
}

function candidates(kind: ReportKind, headers: readonly string[], software: string | undefined): Candidate[] {
  const { general, platform } = synonymSets(kind, software);
  const folded = headers.map(normaliseHeader);
  const out: Candidate[] = [];
  for (const def of FIELDS[kind]) {
    const mine = platform.get(def.key);
    const syns = general.get(def.key) ?? new Set<string>();
    folded.forEach((header, column) => {
      if (header === '') return;
      if (mine?.has(header)) out.push({ field: def.key, column, score: PLATFORM_SCORE, source: 'platform' });
      else if (syns.has(header) || header === normaliseHeader(def.key)) {
        out.push({ field: def.key, column, score: SYNONYM_SCORE, source: 'synonym' });
      } else {
        // "Invoice Date (DD/MM/YYYY)" holds "invoicedate": the longer the shared part, the surer.
        let best = 0;
        for (const syn of syns) {
          if (syn.length >= 4 && header.includes(syn)) best = Math.max(best, 0.55 + 0.35 * (syn.length / header.length));
        }
        if (best > 0) out.push({ field: def.key, column, score: Math.min(best, 0.9), source: 'fuzzy' });
      }
    });
  }
  const order = new Map(FIELDS[kind].map((d, i) => [d.key, d.required ? i - 100 : i]));
  return out.sort((a, b) => b.score - a.score || order.get(a.field)! - order.get(b.field)! || a.column - b.column);
}

function overrideHeader(value: MappingOverrides[string] | undefined): string | null | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value === 'string') return value;
  // A stored mapping lists unmapped fields too; those stay free for auto-mapping next time.
  if ('source' in value && value.source === 'none') return undefined;
  return value.header;
}

/** How a typed field's cells read; null for free text, which any column can hold. */
const READS: Partial<Record<FieldType, (cell: Cell) => boolean>> = {
  date: (cell) => parseDate(cell).kind !== 'invalid',
  amount: (cell) => parseAmount(cell) !== null,
  integer: (cell) => parseAmount(cell) !== null,
  currency: (cell) => typeof cell === 'string' && parseCurrency(cell) !== null,
};
/** Below this share of readable cells, a column contradicts a typed field. */
const MIN_FIT = 0.5;
/** Fewer filled sample cells than this say too little to veto a name. */
const MIN_EVIDENCE = 3;

/**
 * Columns whose sample cells contradict a field: a "Date" column of statuses for a date, an "Amount"
 * column of notes for an amount. Only typed fields are checked; a column stays possible when the sample
 * holds too few filled cells to tell.
 */
function contradictions(kind: ReportKind, width: number, samples: readonly (readonly Cell[])[]): Set<string> {
  const vetoed = new Set<string>();
  if (samples.length === 0) return vetoed;
  for (const def of FIELDS[kind]) {
    const reads = READS[def.type];
    if (!reads) continue;
    for (let column = 0; column < width; column++) {
      let filled = 0;
      let read = 0;
      for (const row of samples) {
        const cell = row[column];
        if (cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === '')) continue;
        filled += 1;
        if (reads(cell)) read += 1;
      }
      if (filled >= MIN_EVIDENCE && read / filled < MIN_FIT) vetoed.add(`${def.key}:${column}`);
    }
  }
  return vetoed;
}

/**
 * `samples` are the first data rows: with them, a column whose values contradict a typed field is
 * never auto-mapped to it (an override still is: the customer has the last word).
 */
export function mapColumns(
  kind: ReportKind,
  headers: readonly string[],
  software?: string,
  overrides: MappingOverrides = {},
  samples: readonly (readonly Cell[])[] = [],
): MappingOutcome {
  const mapping: Mapping = {};
  const columns = new Map<string, number>();
  const usedColumns = new Set<number>();
  const problems: MappingProblem[] = [];
  const folded = headers.map(normaliseHeader);

  for (const def of FIELDS[kind]) {
    const wanted = overrideHeader(overrides[def.key]);
    if (wanted === undefined) continue;
    if (wanted === null) {
      mapping[def.key] = { header: null, confidence: 1, source: 'override' };
      continue;
    }
    let column = headers.indexOf(wanted);
    if (column < 0) column = folded.indexOf(normaliseHeader(wanted));
    if (column < 0 || usedColumns.has(column)) {
      problems.push({ code: 'mapping_override_unknown', field: def.key, column: wanted });
      continue;
    }
    mapping[def.key] = { header: headers[column]!, confidence: 1, source: 'override' };
    columns.set(def.key, column);
    usedColumns.add(column);
  }

  const vetoed = contradictions(kind, headers.length, samples);
  for (const c of candidates(kind, headers, software)) {
    if (mapping[c.field] || usedColumns.has(c.column) || vetoed.has(`${c.field}:${c.column}`)) continue;
    mapping[c.field] = { header: headers[c.column]!, confidence: round(c.score), source: c.source };
    columns.set(c.field, c.column);
    usedColumns.add(c.column);
    if (c.score < LOW_CONFIDENCE) problems.push({ code: 'mapping_low_confidence', field: c.field, column: headers[c.column]! });
  }

  for (const def of FIELDS[kind]) {
    mapping[def.key] ??= { header: null, confidence: 0, source: 'none' };
    if (def.required && !columns.has(def.key)) problems.push({ code: 'missing_required_column', field: def.key, column: null });
  }
  for (const group of REQUIRED_ONE_OF[kind]) {
    if (!group.some((key) => columns.has(key))) {
      problems.push({ code: 'missing_required_column', field: group[group.length - 1]!, column: null });
    }
  }
  for (const [field, column] of columns) {
    const name = folded[column]!;
    if (folded.indexOf(name) !== folded.lastIndexOf(name)) {
      problems.push({ code: 'duplicate_header', field, column: headers[column]! });
    }
  }
  const ordered: Mapping = {};
  for (const def of FIELDS[kind]) ordered[def.key] = mapping[def.key]!;
  return { mapping: ordered, columns, problems };
}

const round = (n: number) => Math.round(n * 100) / 100;

/** Fields that only one kind of report carries: they tell a Suppliers file from a Bills file. */
const DISTINCTIVE: Record<ReportKind, readonly string[]> = {
  suppliers: ['addressLine1', 'city', 'postalCode', 'phone', 'registrationNumber', 'emailAddress', 'region', 'defaultCurrency'],
  bills: ['billNumber', 'issueDate', 'dueDate', 'totalAmount', 'amountDue', 'taxAmount', 'paidDate'],
  supplierSpend: ['totalSpend', 'numberOfPayments', 'periodStart', 'periodEnd'],
};

/** How strongly a header row looks like each kind of report: distinctive fields matched exactly. */
export function kindEvidence(headers: readonly string[], software?: string): Record<ReportKind, number> {
  const score = (kind: ReportKind) => {
    const { mapping, problems } = mapColumns(kind, headers, software);
    if (problems.some((p) => p.code === 'missing_required_column')) return 0;
    return DISTINCTIVE[kind].filter((f) => (mapping[f]?.confidence ?? 0) >= SYNONYM_SCORE).length;
  };
  return { suppliers: score('suppliers'), bills: score('bills'), supplierSpend: score('supplierSpend') };
}

/** Every folded synonym of every kind and platform, for finding the header row. */
let allSynonyms: Set<string> | null = null;
function knownHeaders(software: string | undefined): Set<string> {
  if (!allSynonyms) {
    allSynonyms = new Set();
    for (const kind of ['suppliers', 'bills', 'supplierSpend'] as const) {
      for (const list of Object.values(generalSynonyms(kind))) for (const s of list) allSynonyms.add(normaliseHeader(s));
      for (const def of FIELDS[kind]) allSynonyms.add(normaliseHeader(def.key));
    }
  }
  const extra = (['suppliers', 'bills', 'supplierSpend'] as const).flatMap((k) =>
    Object.values(platformSynonyms(k, software)).flat().map(normaliseHeader),
  );
  return extra.length ? new Set([...allSynonyms, ...extra]) : allSynonyms;
}

let longKnown: { from: Set<string>; list: string[] } | null = null;

/** A score for "this row is the header": cells that are known header names, partial ones half. */
export function headerScore(cells: readonly unknown[], software?: string): number {
  const known = knownHeaders(software);
  if (longKnown?.from !== known) longKnown = { from: known, list: [...known].filter((k) => k.length >= 6) };
  const list = longKnown.list;
  let score = 0;
  for (const cell of cells) {
    if (typeof cell !== 'string' || cell.length > 80) continue;
    const h = normaliseHeader(cell);
    if (h.length === 0 || h.length > 60) continue;
    if (known.has(h)) score += 1;
    else if (h.length >= 6 && list.some((k) => h.includes(k))) score += 0.5;
  }
  return score;
}
