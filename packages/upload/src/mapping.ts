/**
 * Column auto-mapping by evidence. Each canonical field scores each column on two counts: how its
 * header reads (platform names, synonyms in English and French, the same words abbreviated or in
 * another order) and how the column's values fit the field (profile.ts). Fields are then given to
 * columns by one best global assignment (one column per field, one field per column), so a strong
 * match elsewhere is never lost to a weaker one that came first. A column whose values contradict a
 * field is never chosen for it, however good its name; a required field no header names is guessed
 * from the values, and the outcome says it needs the customer's review.
 */
import { FIELDS, REQUIRED_ONE_OF, type FieldDef } from './fields.js';
import { normaliseHeader } from './normalize.js';
import { generalSynonyms, platformFamily, platformSynonyms } from './synonyms.js';
import type { Mapping, MappingOverrides, MappingSource, ReportKind } from './types.js';
import { fieldFit, profileColumns, MIN_EVIDENCE, VETO, type ColumnProfile } from './profile.js';
import type { Cell } from './values.js';
import { bestAssignment } from './assignment.js';
import { contradicts, headerTokens, tokenSimilarity } from './tokens.js';

export interface MappingProblem {
  code: 'missing_required_column' | 'duplicate_header' | 'mapping_override_unknown' | 'mapping_low_confidence' | 'mapping_guessed' | 'total_from_net_and_tax';
  field: string;
  column: string | null;
}

export interface MappingOutcome {
  mapping: Mapping;
  /** field → index of its source column. */
  columns: Map<string, number>;
  problems: MappingProblem[];
  /** A required field was guessed from values alone, or could not be mapped: the customer should look. */
  needsReview: boolean;
  /** Per column, what its sample looked like (for the mapping review). */
  profiles: ColumnProfile[];
  /** The total is a net amount ("Net Amount" beside "Tax Amount"): each bill's total is net plus tax. */
  totalFromNet: boolean;
}

export const LOW_CONFIDENCE = 0.8;
const PLATFORM_SCORE = 1;
const SYNONYM_SCORE = 0.98;
/** A name carried down from group rows: the structure is clear, the field a reading of it. */
const LAYOUT_SCORE = 0.9;
/** Below this a header says nothing about the field. */
const MIN_HEADER = 0.3;
/** A value-only guess needs values this clear, and stays below LOW_CONFIDENCE. */
const GUESS_FIT = 0.8;
const GUESS_SCORE = 0.5;
/** Required fields weigh more in the assignment: a report without them cannot be read. */
const REQUIRED_WEIGHT = 1.25;

interface HeaderMatch {
  score: number;
  source: MappingSource;
}

type FoldedSynonyms = Map<string, { folded: Set<string>; tokens: string[][] }>;
const synonymCache = new Map<string, { general: FoldedSynonyms; platform: FoldedSynonyms }>();

/** Synonyms folded and tokenised once per kind and platform. */
function synonymSets(kind: ReportKind, software: string | undefined) {
  const key = `${kind}:${platformFamily(software) ?? ''}`;
  let sets = synonymCache.get(key);
  if (!sets) {
    const fold = (syn: Record<string, readonly string[]>) =>
      new Map(
        Object.entries(syn).map(([field, list]) => [
          field,
          { folded: new Set(list.map(normaliseHeader)), tokens: list.map(headerTokens).filter((t) => t.length > 0) },
        ]),
      );
    sets = { general: fold(generalSynonyms(kind)), platform: fold(platformSynonyms(kind, software)) };
    synonymCache.set(key, sets);
  }
  return sets;
}

const foldedKeys = new Map<string, string>();
/** A field's key folded as headers are ("totalAmount" → "totalamount"), once. */
function foldedKey(key: string): string {
  let folded = foldedKeys.get(key);
  if (folded === undefined) foldedKeys.set(key, (folded = normaliseHeader(key)));
  return folded;
}

/** How well each header names each field: field → per-column match (null where it does not). */
function headerMatches(kind: ReportKind, headers: readonly string[], software: string | undefined): Map<string, (HeaderMatch | null)[]> {
  const { general, platform } = synonymSets(kind, software);
  const folded = headers.map(normaliseHeader);
  const tokens = headers.map(headerTokens);
  const out = new Map<string, (HeaderMatch | null)[]>();
  // A header that is some field's own name ("Amount", "Date") is not a partial match for another.
  const exact = folded.map((header) =>
    FIELDS[kind].some((def) => platform.get(def.key)?.folded.has(header) || general.get(def.key)?.folded.has(header) || header === foldedKey(def.key)),
  );
  for (const def of FIELDS[kind]) {
    const mine = platform.get(def.key);
    const syns = general.get(def.key);
    const own = headerTokens(def.key);
    out.set(
      def.key,
      folded.map((header, column) => {
        if (header === '') return null;
        if (mine?.folded.has(header)) return { score: PLATFORM_SCORE, source: 'platform' };
        if (syns?.folded.has(header) || header === foldedKey(def.key)) return { score: SYNONYM_SCORE, source: 'synonym' };
        if (exact[column]) return null;
        let best = 0;
        for (const syn of [...(mine?.tokens ?? []), ...(syns?.tokens ?? []), own]) {
          best = Math.max(best, tokenSimilarity(tokens[column]!, syn, def));
        }
        if (best < MIN_HEADER) return null;
        // A bill's own "Reference", "Code", "Number" are the bill's, not its supplier's id; a bare
        // "Type" is the transaction's, not a payment method: partial names must say whose.
        const whose = PARTIAL_NEEDS[def.key];
        if (whose && (kind === 'bills' || def.key !== 'supplierId') && !tokens[column]!.some((w) => whose.has(w))) return null;
        return { score: best, source: 'fuzzy' };
      }),
    );
  }
  return out;
}

const PARTIAL_NEEDS: Record<string, ReadonlySet<string>> = {
  supplierId: new Set(['supplier', 'vendor', 'fournisseur', 'creditor', 'creancier', 'payee', 'contact', 'partner']),
  paymentMethod: new Set(['payment', 'paiement', 'method', 'mode', 'moyen', 'reglement', 'pay']),
  defaultPaymentMethod: new Set(['payment', 'paiement', 'method', 'mode', 'moyen', 'reglement', 'pay']),
};

function overrideHeader(value: MappingOverrides[string] | undefined): string | null | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value === 'string') return value;
  // A stored mapping lists unmapped fields too; those stay free for auto-mapping next time.
  if ('source' in value && value.source === 'none') return undefined;
  return value.header;
}

/** The header's score adjusted by the values: a perfect fit keeps it, a poor one lowers it. */
function combine(header: number, fit: number | null): number {
  return fit === null ? header : header * (0.7 + 0.3 * fit);
}

/** Fields whose values alone are distinctive enough to map a column no header names. */
const BY_VALUES = new Set(['email']);

/**
 * `samples` are the first data rows: with them, a column whose values contradict a field is never
 * auto-mapped to it (an override still is: the customer has the last word), and values break ties
 * between headers that name a field equally well.
 */
export function mapColumns(
  kind: ReportKind,
  headers: readonly string[],
  software?: string,
  overrides: MappingOverrides = {},
  samples: readonly (readonly Cell[])[] = [],
  layout: ReadonlyMap<string, number> = new Map(),
): MappingOutcome {
  const mapping: Mapping = {};
  const columns = new Map<string, number>();
  const usedColumns = new Set<number>();
  const problems: MappingProblem[] = [];
  const folded = headers.map(normaliseHeader);
  const profiles = profileColumns(headers.length, samples);

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

  // Fields the report's layout supplies (a supplier named on group rows), unless the customer said.
  for (const [field, column] of layout) {
    if (mapping[field] || usedColumns.has(column)) continue;
    const def = FIELDS[kind].find((d) => d.key === field);
    if (!def) continue;
    const fit = fieldFit(def, profiles[column]!);
    mapping[field] = {
      header: headers[column]!,
      confidence: LAYOUT_SCORE,
      source: 'layout',
      evidence: { header: 0, values: fit === null ? null : round(fit) },
    };
    columns.set(field, column);
    usedColumns.add(column);
  }

  // Every free field against every free column, then one best assignment of all of them.
  const free = FIELDS[kind].filter((def) => !mapping[def.key]);
  const freeColumns = headers.map((_, i) => i).filter((i) => !usedColumns.has(i));
  const names = headerMatches(kind, headers, software);
  const fits = new Map<string, (number | null)[]>(free.map((def) => [def.key, profiles.map((p) => fieldFit(def, p))]));
  const scoreOf = (def: FieldDef, column: number): { score: number; source: MappingSource; header: number; values: number | null } | null => {
    const fit = fits.get(def.key)![column]!;
    if (fit !== null && fit < VETO) return null;
    const name = names.get(def.key)![column];
    // A partial name over a column with nothing in it: nothing to map, only noise for the review.
    if (name && name.source === 'fuzzy' && name.score < LOW_CONFIDENCE && samples.length >= MIN_EVIDENCE && profiles[column]!.filled === 0) return null;
    if (name) return { score: combine(name.score, fit), source: name.source, header: name.score, values: fit };
    if (BY_VALUES.has(def.type) && fit !== null && fit >= 0.9) return { score: GUESS_SCORE * fit, source: 'values', header: 0, values: fit };
    return null;
  };
  const weights = free.map((def, f) =>
    freeColumns.map((column, c) => {
      const s = scoreOf(def, column);
      // Ties go to the earlier column, then to the earlier field.
      // The fourth power makes one sure match outweigh two middling ones in the sum.
      return s ? s.score ** 4 * (def.required ? REQUIRED_WEIGHT : 1) - 1e-6 * (c + f / 100) : 0;
    }),
  );
  const assigned = bestAssignment(weights);
  free.forEach((def, f) => {
    const c = assigned[f];
    if (c === undefined || c < 0 || weights[f]![c]! <= 0) return;
    const column = freeColumns[c]!;
    const s = scoreOf(def, column)!;
    mapping[def.key] = {
      header: headers[column]!,
      confidence: round(s.score),
      source: s.source,
      evidence: { header: round(s.header), values: s.values === null ? null : round(s.values) },
    };
    columns.set(def.key, column);
    usedColumns.add(column);
    if (s.score < LOW_CONFIDENCE) problems.push({ code: 'mapping_low_confidence', field: def.key, column: headers[column]! });
  });

  // A required field no header names: the column whose values fit it best, for the customer to check.
  let needsReview = false;
  const guess = (def: FieldDef): boolean => {
    let best = -1;
    let bestFit = GUESS_FIT;
    headers.forEach((header, column) => {
      // Values alone, but not against the header's own words: "Aging" holds numbers, not totals.
      if (usedColumns.has(column) || header === '' || contradicts(headerTokens(header), def)) return;
      const fit = fieldFit(def, profiles[column]!);
      if (fit !== null && fit >= bestFit && (best < 0 || fit > bestFit)) [best, bestFit] = [column, fit];
    });
    if (best < 0) return false;
    mapping[def.key] = { header: headers[best]!, confidence: round(GUESS_SCORE * bestFit), source: 'values', evidence: { header: 0, values: round(bestFit) } };
    columns.set(def.key, best);
    usedColumns.add(best);
    problems.push({ code: 'mapping_guessed', field: def.key, column: headers[best]! });
    return true;
  };
  // An open-items report (QuickBooks' Unpaid Bills Detail) has only what is still owed: the best
  // guess for the total is that balance, for the customer to confirm.
  const fromBalance = (def: FieldDef): boolean => {
    const column = columns.get('amountDue');
    if (def.key !== 'totalAmount' || column === undefined || mapping.totalAmount) return false;
    mapping.totalAmount = {
      header: headers[column]!,
      confidence: GUESS_SCORE,
      source: 'values',
      evidence: { header: 0, values: mapping.amountDue?.evidence?.values ?? null },
    };
    columns.set('totalAmount', column);
    problems.push({ code: 'mapping_guessed', field: 'totalAmount', column: headers[column]! });
    return true;
  };
  // A field the customer set to "none" is not guessed again.
  const guessable = (def: FieldDef) => !mapping[def.key] && guess(def);
  for (const def of FIELDS[kind]) {
    if (!def.required || columns.has(def.key)) continue;
    needsReview = true;
    if (!guessable(def) && !fromBalance(def)) problems.push({ code: 'missing_required_column', field: def.key, column: null });
  }
  for (const group of REQUIRED_ONE_OF[kind]) {
    if (group.some((key) => columns.has(key))) continue;
    needsReview = true;
    const defs = group.map((key) => FIELDS[kind].find((d) => d.key === key)!).reverse();
    if (!defs.some(guessable)) problems.push({ code: 'missing_required_column', field: group[group.length - 1]!, column: null });
  }

  // "Net Amount" and "Tax Amount" and no gross (Sage 50's audit trail and batch invoices): the total
  // is their sum, said in an info rather than a low-confidence warning.
  const total = columns.get('totalAmount');
  const totalFromNet =
    total !== undefined && mapping.totalAmount?.source === 'fuzzy' && columns.has('taxAmount') && headerTokens(headers[total]!).includes('net');
  if (totalFromNet) {
    const at = problems.findIndex((p) => p.code === 'mapping_low_confidence' && p.field === 'totalAmount');
    if (at >= 0) problems.splice(at, 1);
    problems.push({ code: 'total_from_net_and_tax', field: 'totalAmount', column: headers[total]! });
  }

  for (const def of FIELDS[kind]) mapping[def.key] ??= { header: null, confidence: 0, source: 'none' };
  for (const [field, column] of columns) {
    const name = folded[column]!;
    if (folded.indexOf(name) !== folded.lastIndexOf(name)) {
      problems.push({ code: 'duplicate_header', field, column: headers[column]! });
    }
  }
  const ordered: Mapping = {};
  for (const def of FIELDS[kind]) ordered[def.key] = mapping[def.key]!;
  return { mapping: ordered, columns, problems, needsReview, profiles, totalFromNet };
}

const round = (n: number) => Math.round(n * 100) / 100;

/** How well a header row maps a report, headers alone: each mapped field's confidence, a required one double. */
export function mappingStrength(kind: ReportKind, headers: readonly string[], software?: string): number {
  const { mapping } = mapColumns(kind, headers, software);
  let score = 0;
  for (const def of FIELDS[kind]) {
    const m = mapping[def.key];
    if (m?.header) score += m.confidence * (def.required || REQUIRED_ONE_OF[kind].some((g) => g.includes(def.key)) ? 2 : 1);
  }
  return score;
}

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
  const extra = (['suppliers', 'bills', 'supplierSpend'] as const).flatMap((k) => Object.values(platformSynonyms(k, software)).flat().map(normaliseHeader));
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
