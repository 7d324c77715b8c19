/**
 * Turns @codat-link/upload's IntakeResult into what the step shows: the mapping as a list of fields,
 * one preview row per source row (records, and rows refused for errors), file-level issues, counts,
 * and which report a wrong file looks like. Only types are imported statically: the intake code
 * itself arrives in the lazy chunk (see intake-loader.ts).
 */
import type { ReportKind } from '@codat-link/core';
import type { FieldDef, IntakeIssue, IntakeResult } from '@codat-link/upload';
import { HIGH_CONFIDENCE, type FieldMapping, type IntakeView, type PreviewRow, type RowIssue, type Severity } from './upload-types.js';

const RANK: Record<Severity, number> = { info: 1, warning: 2, error: 3 };
const KINDS: readonly ReportKind[] = ['suppliers', 'bills', 'supplierSpend'];
const NO_ISSUES: RowIssue[] = [];

export interface FieldCatalog {
  fields: readonly FieldDef[];
  /** Groups of which at least one field must be mapped (bills: supplierId or supplierName). */
  oneOf: readonly (readonly string[])[];
}

function toRowIssue(issue: IntakeIssue): RowIssue {
  const out: RowIssue = { code: issue.code, severity: issue.severity, message: issue.message };
  if (issue.row !== null) out.row = issue.row;
  if (issue.column !== null) out.column = issue.column;
  if (issue.field !== null) out.field = issue.field;
  if (issue.value !== null) out.value = issue.value;
  return out;
}

export function toFieldMappings(result: IntakeResult, catalog: FieldCatalog): FieldMapping[] {
  const inGroup = new Set(catalog.oneOf.flat());
  return catalog.fields.map((def) => {
    const entry = result.mapping[def.key];
    const out: FieldMapping = {
      field: def.key,
      required: def.required || inGroup.has(def.key),
      source: entry?.header ?? null,
      confidence: entry?.confidence ?? 0,
      manual: entry?.source === 'override',
    };
    if (entry?.header && entry.source !== 'override' && entry.source !== 'none') {
      out.reason = entry.source === 'values' || entry.source === 'layout' ? entry.source : 'header';
    }
    return out;
  });
}

/** Header → its sample values, as intake read them from the first rows. */
export function toSamples(result: IntakeResult): Record<string, string[]> {
  const headers = result.detected?.headers ?? [];
  const samples = result.detected?.samples ?? [];
  const out: Record<string, string[]> = {};
  headers.forEach((h, i) => {
    if (h !== '' && !(h in out)) out[h] = samples[i] ?? [];
  });
  return out;
}

/** True when the review can be skipped: every required field (or one of each group) is mapped surely. */
export function mappingIsSure(mapping: readonly FieldMapping[], catalog: FieldCatalog): boolean {
  const sure = (key: string) => {
    const m = mapping.find((x) => x.field === key);
    return !!m && m.source !== null && (m.manual || m.confidence >= HIGH_CONFIDENCE);
  };
  const inGroup = new Set(catalog.oneOf.flat());
  const singles = catalog.fields.filter((d) => d.required && !inGroup.has(d.key)).every((d) => sure(d.key));
  return singles && catalog.oneOf.every((group) => group.some(sure));
}

/**
 * Source row of each record. Intake numbers issues by the row the customer sees in their spreadsheet;
 * when it does not say which row each record came from (`recordRows`), the rows are recovered by
 * walking down from the header and stepping over the rows issues say were refused or left out.
 */
function recordRowNumbers(result: IntakeResult, skipped: ReadonlySet<number>): number[] {
  const given = (result as IntakeResult & { recordRows?: unknown }).recordRows;
  if (Array.isArray(given) && given.length === result.records.length) return given as number[];
  const rows: number[] = new Array<number>(result.records.length);
  let row = (result.detected?.headerRow ?? 0) + 1;
  for (let i = 0; i < rows.length; i += 1) {
    while (skipped.has(row)) row += 1;
    rows[i] = row;
    row += 1;
  }
  return rows;
}

/** Gives the main thread back (to input, rendering) between slices of work. */
export function yieldToMain(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (scheduler?.yield) return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Rows handled between two yields: about 5 ms of work on a mid-range laptop. */
const ROWS_PER_SLICE = 10_000;

/**
 * Builds the view in slices that yield to the main thread, so a 100k-row result never makes one
 * long task.
 */
export async function toIntakeView(result: IntakeResult, fileName: string, catalog: FieldCatalog): Promise<IntakeView> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  const byRow = new Map<number, RowIssue[]>();
  const fileIssues: RowIssue[] = [];
  let looksLike: IntakeView['looksLike'] = null;
  // Rows with an error have no record; an info on a row with no record marks a row left out (a total).
  const refusedRows = new Set<number>();
  for (const issue of result.issues) {
    counts[issue.severity] += 1;
    if (issue.code === 'wrong_report') looksLike = guessReport(issue, result.kind);
    const view = toRowIssue(issue);
    if (issue.row === null) {
      fileIssues.push(view);
      continue;
    }
    const list = byRow.get(issue.row);
    if (list) list.push(view);
    else byRow.set(issue.row, [view]);
    if (issue.severity === 'error' || issue.code === 'total_row_excluded') refusedRows.add(issue.row);
  }
  const numbers = recordRowNumbers(result, refusedRows);
  // One pass, no per-row allocation beyond the row itself: this runs on the main thread for 100k rows.
  const rows: PreviewRow[] = new Array<PreviewRow>(result.records.length);
  const sendable: Record<string, unknown>[] = [];
  for (let i = 0; i < rows.length; i += 1) {
    if (i > 0 && i % ROWS_PER_SLICE === 0) await yieldToMain();
    const row = numbers[i]!;
    const values = result.records[i]!;
    const issues = byRow.get(row);
    if (issues) byRow.delete(row);
    const rank = issues ? worst(issues) : null;
    rows[i] = { row, values, issues: issues ?? NO_ISSUES, worst: rank };
    if (rank !== 'error') sendable.push(values);
  }
  // What is left in byRow are rows without a record: refused for errors, or totals left out.
  if (byRow.size > 0) {
    for (const [row, issues] of byRow) rows.push({ row, values: {}, issues, worst: worst(issues) });
    rows.sort((a, b) => a.row - b.row);
  }
  const refused = rows.filter((r) => r.worst === 'error').map((r) => r.row);
  return {
    kind: result.kind,
    fileName,
    headers: result.detected?.headers.filter((h) => h !== '') ?? [],
    mapping: toFieldMappings(result, catalog),
    samples: toSamples(result),
    rows,
    fileIssues,
    counts,
    looksLike,
    sendable,
    refusedRows: refused,
    raw: result,
  };
}

function worst(issues: readonly RowIssue[]): Severity | null {
  let best: Severity | null = null;
  for (const issue of issues) if (!best || RANK[issue.severity] > RANK[best]) best = issue.severity;
  return best;
}

function guessReport(issue: IntakeIssue, expected: ReportKind): ReportKind | 'other' {
  const value = issue.value ?? '';
  const named = KINDS.find((k) => k === value);
  if (named) return named;
  if (expected === 'bills') return 'suppliers';
  if (expected === 'suppliers') return 'bills';
  return 'other';
}

/** "3, 7, 9–12": a compact list of row numbers a person can find in their spreadsheet. */
export function describeRows(rows: readonly number[], limit = 20): string {
  const ranges: string[] = [];
  let start = rows[0];
  let previous = start;
  const flush = () => {
    if (start === undefined || previous === undefined) return;
    ranges.push(start === previous ? String(start) : `${start}–${previous}`);
  };
  for (const row of rows.slice(1)) {
    if (previous !== undefined && row === previous + 1) {
      previous = row;
      continue;
    }
    flush();
    start = row;
    previous = row;
  }
  flush();
  return ranges.length > limit ? `${ranges.slice(0, limit).join(', ')}, …` : ranges.join(', ');
}
