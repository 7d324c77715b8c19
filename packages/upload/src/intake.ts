/**
 * intake(): from the file the customer dropped to canonical records and issues. File-level errors
 * stop the work as early as they are known and always leave `records` empty, so nothing from a
 * rejected file is ever posted.
 */
import { FIELDS, REPORT_NAMES, fieldLabel } from './fields.js';
import { IssueSink } from './issues.js';
import { defaultSeverity } from './messages.js';
import { LOW_CONFIDENCE, headerScore, kindEvidence, mapColumns, mappingStrength, type MappingOutcome } from './mapping.js';
import { detectDelimiter, detectNewline, findHeaderRow, markupKind, parseSample, sniffBytes, type Sniffed } from './detect.js';
import { UnterminatedQuoteError, readTextRows } from './text-source.js';
import { decodeLines, wholeLines } from './decode.js';
import { PLATFORMS, detectPlatform, platformProfile, profilesFor } from './platforms.js';
import { normaliseHeader } from './normalize.js';
import { GROUP_HEADER, carryGroups, detectGroups, groupLabel, headerRows, isTotalRow } from './layout.js';
import { RowProcessor, crossCheckSuppliers, filledCells } from './rows.js';
import { readWorkbook } from './xlsx.js';
import { DEFAULT_ZIP_LIMITS } from './zip-guard.js';
import type { Cell } from './values.js';
import {
  DEFAULT_MAX_BYTES,
  DEFAULT_MAX_ROWS,
  type Detected,
  type FileFormat,
  type IntakeOptions,
  type IntakeIssue,
  type IntakeRecord,
  type IntakeResult,
  type IntakeStats,
  type Locale,
  type Mapping,
  type ReportKind,
  type TextEncoding,
} from './types.js';

const SAMPLE_BYTES = 64 * 1024;
// Small enough that a slice's parsed rows die young in V8's scavenger instead of being promoted.
const DEFAULT_CHUNK = 256 * 1024;

interface Run {
  kind: ReportKind;
  locale: Locale;
  options: IntakeOptions;
  sink: IssueSink;
  started: number;
  file: Blob;
  detected: Detected | null;
  mapping: Mapping;
  needsReview: boolean;
  /** The software whose export profile maps the file: the caller's, or the one its header shows. */
  software: string | undefined;
  platform?: NonNullable<Detected['platform']>;
  /** Set by intakeKeepingRows(): the rows read are kept there for remapRows(). */
  keep?: KeptRows;
  /** Rows kept by this run or the one it remaps: where finish() leaves what processing them gave. */
  processedInto?: { kept: KeptRows; key: string; before: Totals };
}

/** The sink's totals at one point of a run. */
interface Totals {
  issues: number;
  errors: number;
  warnings: number;
  infos: number;
  fileErrors: number;
}

/**
 * What processing the kept rows under one set of columns and options gave: a remap that would
 * process them the same way (the mapping review's Apply with the proposed columns, or columns the
 * customer named that were already the ones used) takes it instead of going through every row again.
 */
interface Processed {
  key: string;
  /** The issues the row checks and the end of the run added, in the order added, and their totals. */
  issues: IntakeIssue[];
  totals: Omit<Totals, 'issues'>;
  records: IntakeRecord[];
  stats: Pick<IntakeStats, 'rowsRead' | 'rowsRejected' | 'totalRowsExcluded'>;
}

/**
 * A file's rows as read, kept (in the worker) so a new mapping is applied to them without reading
 * the file again: the header, the data rows with their row numbers, and what reading found.
 */
export interface KeptRows {
  file: Blob;
  detected: Detected;
  headerIndex: number;
  /** Rows after the header (their 1-based row numbers in `numbers`), as the reader gave them. */
  rows: (readonly Cell[])[];
  numbers: number[];
  /** How many rows after the header were used to profile columns. */
  sampleSize: number;
  /** Reading-level notes to raise again: the Windows-1252 fallback, and where the text turned to it. */
  encodingFallback: boolean;
  mixedRows: number[];
  /** The header and the rows' structure as read (layout.ts), and the platform that read it. */
  layout: Layout;
  software: string | undefined;
  platform?: NonNullable<Detected['platform']>;
  /** Other notes about the file's structure, raised again as they were (two-row header, other sheets). */
  notes: { code: 'header_rows_combined' | 'other_sheets_ignored'; params: Record<string, string | number> }[];
  /** The whole file was read (a read stopped by a limit or a broken quote keeps nothing). */
  complete: boolean;
  /** The last processing of the rows, for a remap that would repeat it. */
  processed?: Processed;
}

export function intake(file: Blob, options: IntakeOptions): Promise<IntakeResult> {
  return intakeRun(file, options);
}

/**
 * intake(), keeping the rows read (when the file got as far as its header) for remapRows(): the
 * mapping review's Apply then costs the mapping and the row checks, not another read of the file.
 */
export async function intakeKeepingRows(file: Blob, options: IntakeOptions): Promise<{ result: IntakeResult; kept: KeptRows | null }> {
  const keep: KeptRows = {
    file,
    detected: null as unknown as Detected,
    headerIndex: -1,
    rows: [],
    numbers: [],
    sampleSize: 0,
    encodingFallback: false,
    mixedRows: [],
    layout: { headers: [], dataStart: 0, samples: [], fields: new Map(), processor: {} },
    software: undefined,
    notes: [],
    complete: false,
  };
  const result = await intakeRun(file, options, keep);
  return { result, kept: keep.complete ? keep : null };
}

/** A run's starting state; `extra` sets what a remap carries over from the first read. */
function newRun(file: Blob, options: IntakeOptions, extra: Partial<Pick<Run, 'detected' | 'software' | 'platform' | 'keep'>>): Run {
  const locale = options.locale ?? 'en';
  return {
    kind: options.kind,
    locale,
    options,
    sink: new IssueSink(options.kind, locale),
    started: now(),
    file,
    detected: null,
    mapping: emptyMapping(options.kind),
    needsReview: false,
    software: options.software,
    ...extra,
  };
}

/** The intake of kept rows under new options (a new mapping, most often), as intake() would end. */
export function remapRows(kept: KeptRows, options: IntakeOptions): IntakeResult {
  const run = newRun(kept.file, options, { detected: { ...kept.detected }, software: kept.software, ...(kept.platform ? { platform: kept.platform } : {}) });
  options.signal?.throwIfAborted();
  if (kept.encodingFallback) run.sink.add('encoding_fallback', {});
  for (const row of kept.mixedRows) run.sink.add('encoding_mixed', {}, { row });
  for (const note of kept.notes) run.sink.add(note.code, {}, note.params);
  const { rows, numbers, headerIndex, layout } = kept;
  const outcome = prepareMapping(run, layout, headerIndex);
  if (!outcome) return finish(run, null);
  const key = processingKey(run, outcome);
  if (kept.processed?.key === key) {
    options.onProgress?.({ bytesRead: kept.file.size, totalBytes: kept.file.size, rowsRead: kept.processed.stats.rowsRead });
    return finishFrom(run, kept.processed);
  }
  run.processedInto = { kept, key, before: totalsOf(run.sink) };
  const processor = new RowProcessor({
    ...layout.processor,
    kind: run.kind,
    locale: run.locale,
    headers: layout.headers,
    columns: outcome.columns,
    sink: run.sink,
    sample: rows.slice(0, kept.sampleSize),
    totalFromNet: outcome.totalFromNet,
  });
  for (let i = 0; i < rows.length; i++) processor.push(rows[i]!, numbers[i]!);
  options.onProgress?.({ bytesRead: kept.file.size, totalBytes: kept.file.size, rowsRead: processor.rowsRead });
  return finish(run, processor);
}

async function intakeRun(file: Blob, options: IntakeOptions, keep?: KeptRows): Promise<IntakeResult> {
  const run = newRun(file, options, keep ? { keep } : {});
  options.signal?.throwIfAborted();
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (file.size === 0) return reject(run, 'file_empty');
  if (file.size > maxBytes) {
    return reject(run, 'file_too_large', { size: formatSize(file.size, run.locale), limit: formatSize(maxBytes, run.locale) });
  }
  const head = new Uint8Array(await file.slice(0, SAMPLE_BYTES).arrayBuffer());
  const sniffed = sniffBytes(head);
  switch (sniffed.type) {
    case 'binary':
      return reject(run, 'binary_file');
    case 'unsupported':
      return reject(run, 'unsupported_format', { format: sniffed.format });
    case 'zip':
    case 'ole':
      return intakeWorkbook(run, sniffed.type);
    case 'text':
      return intakeText(run, sniffed, head);
  }
}

async function intakeText(run: Run, sniffed: Extract<Sniffed, { type: 'text' }>, head: Uint8Array): Promise<IntakeResult> {
  const { options, sink, file } = run;
  const encoding = sniffed.encoding as Exclude<TextEncoding, 'binary'>;
  if (encoding === 'windows-1252') sink.add('encoding_fallback', {});
  const complete = file.size <= SAMPLE_BYTES;
  const body = head.subarray(sniffed.bomLength);
  const sample =
    encoding === 'utf-8'
      ? decodeLines(complete ? body : body.subarray(0, wholeLines(body) || body.length)).text
      : new TextDecoder(encoding, { ignoreBOM: true }).decode(body, { stream: !complete });
  const markup = markupKind(sample);
  if (markup === 'html') return reject(run, 'html_file');
  if (markup === 'xml') return reject(run, 'unsupported_format', { format: 'XML' });
  if (sample.trim() === '') return reject(run, 'file_empty');
  const newline = detectNewline(sample);
  const delimiter = detectDelimiter(sample, newline, complete);
  const sampleRows = parseSample(sample, delimiter, newline, complete);
  const headerIndex = findHeaderRow(sampleRows, options.software);
  const format: FileFormat = delimiter === '\t' ? 'tsv' : delimiter === ';' ? 'semicolon' : delimiter === '|' ? 'pipe' : 'csv';
  const layout = withPlatform(run, readLayout(run, sampleRows, headerIndex));
  const { headers, dataStart } = layout;
  run.detected = { format, encoding, bom: sniffed.bomLength > 0, delimiter, headerRow: headerIndex + 1, headers };
  if (run.platform) run.detected.platform = run.platform;
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
  if (!complete && sampleRows.length > headerIndex + 20) {
    // Rows the size implies, from the sample's bytes per row; only a clear excess is refused early.
    const estimate = (file.size / head.length) * (sampleRows.length - headerIndex - 1);
    if (estimate > maxRows * 1.5) return reject(run, 'too_many_rows', { limit: maxRows });
  }
  const outcome = prepareMapping(run, layout, headerIndex);
  if (!outcome) return finish(run, null);
  const keep = run.keep;
  if (keep) {
    Object.assign(keep, {
      detected: { ...run.detected },
      headerIndex,
      sampleSize: sampleRows.length - dataStart,
      encodingFallback: encoding === 'windows-1252',
      layout,
      software: run.software,
    });
    if (run.platform) keep.platform = run.platform;
    run.processedInto = { kept: keep, key: processingKey(run, outcome), before: totalsOf(sink) };
  }

  const processor = new RowProcessor({
    ...layout.processor,
    kind: run.kind,
    locale: run.locale,
    headers,
    columns: outcome.columns,
    sink,
    sample: sampleRows.slice(dataStart),
    totalFromNet: outcome.totalFromNet,
  });
  let rowIndex = 0;
  try {
    for await (const chunk of readTextRows(file, {
      encoding,
      bomLength: sniffed.bomLength,
      delimiter,
      newline,
      chunkBytes: options.chunkBytes ?? DEFAULT_CHUNK,
      head: options.chunkBytes ? undefined : head,
      ...(options.signal ? { signal: options.signal } : {}),
    })) {
      if (chunk.fallbackRow !== undefined) {
        sink.add('encoding_mixed', {}, { row: chunk.fallbackRow });
        keep?.mixedRows.push(chunk.fallbackRow);
      }
      for (const cells of chunk.rows) {
        rowIndex += 1;
        if (rowIndex <= dataStart) continue;
        processor.push(cells, rowIndex);
        if (keep) {
          keep.rows.push(cells);
          keep.numbers.push(rowIndex);
        }
      }
      if (processor.rowsRead > maxRows) return reject(run, 'too_many_rows', { limit: maxRows });
      options.onProgress?.({ bytesRead: chunk.bytesRead, totalBytes: file.size, rowsRead: processor.rowsRead });
    }
  } catch (error) {
    if (error instanceof UnterminatedQuoteError) return reject(run, 'unterminated_quote', { row: error.rowIndex + 1 });
    throw error;
  }
  if (keep) keep.complete = true;
  return finish(run, processor);
}

async function intakeWorkbook(run: Run, container: 'zip' | 'ole'): Promise<IntakeResult> {
  const { options, file } = run;
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
  const bytes = new Uint8Array(await file.arrayBuffer());
  options.signal?.throwIfAborted();
  // What a workbook may inflate to follows the file limit: ten times it, within 20–500 MB.
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxUncompressedBytes = Math.min(500 * 1048576, Math.max(20 * 1048576, maxBytes * 10));
  const book = await readWorkbook(bytes, container, maxRows, { ...DEFAULT_ZIP_LIMITS, maxUncompressedBytes });
  options.signal?.throwIfAborted();
  if (!book.ok) return reject(run, book.code, { reason: book.reason, format: book.reason });
  // A cover or notes sheet often comes first: take the sheet whose header looks most like a report.
  const scored = book.sheets.map((sheet) => {
    const index = findHeaderRow(sheet.rows, options.software);
    return { sheet, index, score: index >= 0 ? headerScore(sheet.rows[index]!, options.software) : -1 };
  });
  const best = scored.reduce((a, b) => (b.score > a.score ? b : a));
  const rows = best.sheet.rows;
  const headerIndex = best.index;
  const layout = withPlatform(run, readLayout(run, rows, headerIndex));
  const { headers, dataStart } = layout;
  const others = book.sheets.filter((s) => s !== best.sheet && s.rows.length > 0).map((s) => s.name);
  run.detected = { format: book.format, encoding: 'binary', bom: false, delimiter: null, headerRow: headerIndex + 1, headers, sheet: best.sheet.name };
  if (run.platform) run.detected.platform = run.platform;
  if (others.length > 0) {
    run.detected.otherSheets = others;
    const params = { sheet: best.sheet.name, others: others.map((n) => `"${n}"`).join(', ') };
    run.sink.add('other_sheets_ignored', {}, params);
    run.keep?.notes.push({ code: 'other_sheets_ignored', params });
  }
  const outcome = prepareMapping(run, layout, headerIndex);
  if (!outcome) return finish(run, null);
  if (run.keep) {
    const dataRows = rows.slice(dataStart);
    Object.assign(run.keep, {
      detected: { ...run.detected },
      headerIndex,
      sampleSize: 200,
      rows: dataRows,
      numbers: dataRows.map((_, i) => dataStart + i + 1),
      layout,
      software: run.software,
    });
    if (run.platform) run.keep.platform = run.platform;
    run.processedInto = { kept: run.keep, key: processingKey(run, outcome), before: totalsOf(run.sink) };
  }
  const processor = new RowProcessor({
    ...layout.processor,
    kind: run.kind,
    locale: run.locale,
    headers,
    columns: outcome.columns,
    sink: run.sink,
    sample: rows.slice(dataStart, dataStart + 200),
    totalFromNet: outcome.totalFromNet,
  });
  for (let i = dataStart; i < rows.length; i++) {
    processor.push(rows[i] as Cell[], i + 1);
    if (processor.rowsRead > maxRows) return reject(run, 'too_many_rows', { limit: maxRows });
    if (i % 10_000 === 0) {
      options.signal?.throwIfAborted();
      options.onProgress?.({ bytesRead: file.size, totalBytes: file.size, rowsRead: processor.rowsRead });
    }
  }
  options.onProgress?.({ bytesRead: file.size, totalBytes: file.size, rowsRead: processor.rowsRead });
  if (run.keep) run.keep.complete = true;
  return finish(run, processor);
}

interface Layout {
  headers: string[];
  /** 0-based index of the first data row. */
  dataStart: number;
  /** Sample data rows as the processor sees them, for the mapping. */
  samples: Cell[][];
  /** Fields the layout supplies: field → column. */
  fields: Map<string, number>;
  processor: { group?: { column: number; carry: boolean }; width?: number; inactiveFlags?: ReadonlySet<string> };
}

/**
 * The header (one row, or two read as one) and the rows' structure: a supplier named on group rows
 * is carried down, as an extra column, to the bills below it (layout.ts).
 */
function readLayout(run: Run, rows: readonly (readonly Cell[])[], headerIndex: number): Layout {
  if (headerIndex < 0) return { headers: [], dataStart: 0, samples: [], fields: new Map(), processor: {} };
  const found = headerRows(rows, headerIndex, (headers) => mappingStrength(run.kind, headers, run.options.software));
  choosePlatform(run, found.headers);
  if (found.combined) {
    const params = { first: headerIndex + 1, second: found.last + 1 };
    run.sink.add('header_rows_combined', {}, params);
    run.keep?.notes.push({ code: 'header_rows_combined', params });
  }
  const headers = found.headers;
  const dataStart = found.last + 1;
  const data = rows.slice(dataStart, dataStart + 200);
  const group = detectGroups(data);
  if (!group) return { headers, dataStart, samples: data as Cell[][], fields: new Map(), processor: {} };
  const width = headers.length;
  // A Bills report grouped by supplier names the supplier of every bill below, unless its rows name
  // their supplier themselves (an aged-payables detail grouped by age bucket: "Current", "1 - 30
  // days past due"); other groupings (a Suppliers list by category) are left out of the records.
  const carry =
    run.kind === 'bills' &&
    !rowsNameSupplier(
      run,
      headers,
      data.filter((r) => !groupLabel(r) && !isTotalRow(r) && filledCells(r) >= 2),
    );
  if (!carry)
    return {
      headers,
      dataStart,
      samples: data.filter((r) => groupLabel(r)?.column !== group.column) as Cell[][],
      fields: new Map(),
      processor: { group: { column: group.column, carry } },
    };
  return {
    headers: [...headers, GROUP_HEADER[run.locale]],
    dataStart,
    samples: carryGroups(data, group, width),
    fields: new Map([['supplierName', width]]),
    processor: { group: { column: group.column, carry }, width },
  };
}

/** What the platform's profile tells the row processor: status columns whose yes means inactive. */
function withPlatform(run: Run, layout: Layout): Layout {
  const flags = platformProfile(run.software)?.inactiveFlags;
  if (flags) layout.processor.inactiveFlags = new Set(flags.map(normaliseHeader));
  return layout;
}

/** The rows have a column a header names as the supplier, filled on (nearly) every row. */
function rowsNameSupplier(run: Run, headers: readonly string[], rows: readonly (readonly Cell[])[]): boolean {
  const { mapping, columns } = mapColumns(run.kind, headers, run.software, {}, rows);
  return ['supplierName', 'supplierId'].some((field) => {
    const column = columns.get(field);
    if (column === undefined || (mapping[field]?.confidence ?? 0) < LOW_CONFIDENCE) return false;
    const filled = rows.filter((r) => r[column] !== undefined && r[column] !== null && String(r[column]).trim() !== '').length;
    return filled >= rows.length * 0.8;
  });
}

/**
 * Which platform's export profile reads the file: the one the caller named, or (when it names none,
 * or a key several profiles share, such as Sage 50 in the UK and the US) the one whose signature
 * headers the file holds. `detected.platform` says which, and on what evidence.
 */
function choosePlatform(run: Run, headers: readonly string[]): void {
  const given = run.options.software;
  const among = given ? profilesFor(given) : undefined;
  if (among && among.length === 0) return;
  const found = among && among.length === 1 ? null : detectPlatform(headers, among);
  const profile = found ? PLATFORMS.find((p) => p.key === found.key)! : among?.[0];
  if (!profile) return;
  run.software = profile.key;
  run.platform = { key: profile.key, name: profile.name, evidence: found?.evidence ?? [] };
}

/** Maps the header and checks it is the report expected; null when the file is rejected here. */
function prepareMapping(run: Run, layout: Layout, headerIndex: number): MappingOutcome | null {
  const { kind, locale, sink, options } = run;
  const { headers, samples } = layout;
  if (headerIndex < 0) {
    const examples = FIELDS[kind]
      .filter((f) => f.required)
      .map((f) => `"${f.label[locale]}"`)
      .join(', ');
    sink.add('no_header_row', {}, { examples });
    return null;
  }
  const outcome = mapColumns(kind, headers, run.software, options.mapping, samples, layout.fields);
  run.mapping = outcome.mapping;
  run.needsReview = outcome.needsReview;
  if (run.detected) run.detected.samples = outcome.profiles.map((p) => p.samples);
  const evidence = kindEvidence(headers, run.software);
  // A usable file of the expected kind is not "the wrong report" for having extra columns (Bills
  // exports often repeat the supplier's address); but bill numbers, dates and amounts never belong
  // in a Suppliers report, so at that step they win whatever else the file has.
  const atSuppliers = kind === 'suppliers';
  const other = (Object.keys(evidence) as ReportKind[])
    .filter((k) => k !== kind && evidence[k] >= 2 && (atSuppliers || evidence[k] > evidence[kind]))
    .sort((a, b) => evidence[b] - evidence[a])[0];
  const usable = evidence[kind] >= 2 && !outcome.problems.some((p) => p.code === 'missing_required_column');
  if (other && (atSuppliers || !usable)) {
    sink.add('wrong_report', {}, { found: REPORT_NAMES[other][locale], expected: REPORT_NAMES[kind][locale] });
    return null;
  }
  for (const p of outcome.problems) {
    sink.add(p.code, { field: p.field, column: p.column, value: p.column }, { field: fieldLabel(kind, p.field, locale) });
  }
  const used = new Set(outcome.columns.values());
  headers.forEach((h, i) => {
    if (h !== '' && !used.has(i)) sink.add('column_ignored', { column: h, value: h });
  });
  return sink.fileErrors > 0 ? null : outcome;
}

function finish(run: Run, processor: RowProcessor | null): IntakeResult {
  const { sink, kind, options } = run;
  if (processor) {
    // With no evidence at all, day-first (every market we serve but the US) unless the customer said.
    const guesses = processor.finish(options.dateOrder ?? 'dmy');
    for (const guess of options.dateOrder ? [] : guesses) {
      const order = guess.order === 'dmy' ? (run.locale === 'fr' ? 'jour/mois' : 'day/month') : run.locale === 'fr' ? 'mois/jour' : 'month/day';
      sink.add('date_order_ambiguous', { column: guess.column }, { order });
    }
    if (processor.firstGroup) {
      const { row, label } = processor.firstGroup;
      sink.add(processor.carriesGroups ? 'group_rows_carried' : 'group_rows_skipped', { value: label }, { count: processor.groups, row });
    }
    if (processor.rowsRead === processor.totalRowsExcluded + processor.notesSkipped + processor.groupRows) sink.add('no_data_rows', {});
    else if (kind === 'bills' && options.suppliers && options.suppliers.length > 0) {
      crossCheckSuppliers(processor.records, processor.recordRows, options.suppliers, sink, (f) => processor.headerOf(f));
    }
  }
  const into = run.processedInto;
  if (processor && into) {
    // Reading notes the kept rows raise again (encoding_mixed, added while reading) are left out.
    const { before } = into;
    const added = sink.issues.slice(before.issues).filter((i) => i.code !== 'encoding_mixed');
    const mixed = run.keep ? run.keep.mixedRows.length : 0;
    const mixedSeverity = defaultSeverity('encoding_mixed');
    into.kept.processed = {
      key: into.key,
      issues: added,
      totals: {
        errors: sink.errors - before.errors - (mixedSeverity === 'error' ? mixed : 0),
        warnings: sink.warnings - before.warnings - (mixedSeverity === 'warning' ? mixed : 0),
        infos: sink.infos - before.infos - (mixedSeverity === 'info' ? mixed : 0),
        fileErrors: sink.fileErrors - before.fileErrors,
      },
      records: processor.records,
      stats: { rowsRead: processor.rowsRead, rowsRejected: processor.rowsRejected, totalRowsExcluded: processor.totalRowsExcluded },
    };
  }
  return resultOf(run, processor && { records: processor.records, stats: processor });
}

/** A remap's end from the processing it would repeat: its own mapping and notes, the rows' issues and records as they were. */
function finishFrom(run: Run, processed: Processed): IntakeResult {
  const { sink } = run;
  for (const issue of processed.issues) sink.issues.push(issue);
  sink.errors += processed.totals.errors;
  sink.warnings += processed.totals.warnings;
  sink.infos += processed.totals.infos;
  sink.fileErrors += processed.totals.fileErrors;
  return resultOf(run, processed);
}

function resultOf(run: Run, processed: Pick<Processed, 'records' | 'stats'> | null): IntakeResult {
  const { sink, kind } = run;
  const rejected = sink.fileErrors > 0;
  const records = rejected || !processed ? [] : processed.records;
  return {
    kind,
    detected: run.detected,
    mapping: run.mapping,
    records,
    issues: sink.sorted(),
    rejected,
    needsReview: run.needsReview,
    stats: {
      bytes: run.file.size,
      rowsRead: processed?.stats.rowsRead ?? 0,
      records: records.length,
      rowsRejected: processed?.stats.rowsRejected ?? 0,
      totalRowsExcluded: processed?.stats.totalRowsExcluded ?? 0,
      errors: sink.errors,
      warnings: sink.warnings,
      infos: sink.infos,
      durationMs: Math.round(now() - run.started),
    },
  };
}

function totalsOf(sink: IssueSink): Totals {
  return { issues: sink.issues.length, errors: sink.errors, warnings: sink.warnings, infos: sink.infos, fileErrors: sink.fileErrors };
}

/**
 * Everything processing the kept rows depends on beyond the rows themselves: the columns used, how
 * the total reads, and the options the row checks and the end of the run read.
 */
function processingKey(run: Run, outcome: MappingOutcome): string {
  const { options } = run;
  return JSON.stringify({
    columns: [...outcome.columns].sort((a, b) => (a[0] < b[0] ? -1 : 1)),
    totalFromNet: outcome.totalFromNet,
    kind: run.kind,
    locale: run.locale,
    software: run.software ?? null,
    dateOrder: options.dateOrder ?? null,
    maxRows: options.maxRows ?? null,
    suppliers: options.suppliers ?? null,
  });
}

function reject(run: Run, code: Parameters<IssueSink['add']>[0], params: Record<string, string | number> = {}): IntakeResult {
  run.sink.add(code, {}, params);
  return finish(run, null);
}

function emptyMapping(kind: ReportKind): Mapping {
  return Object.fromEntries(FIELDS[kind].map((f) => [f.key, { header: null, confidence: 0, source: 'none' as const }]));
}

/** "61.0 MB" / "61,0 Mo"; kilobytes below one megabyte so a small limit does not read "0.0". */
function formatSize(bytes: number, locale: Locale): string {
  const [value, unit] = bytes >= 1048576 ? [bytes / 1048576, locale === 'fr' ? 'Mo' : 'MB'] : [bytes / 1024, locale === 'fr' ? 'Ko' : 'KB'];
  const text = value.toFixed(1);
  return `${locale === 'fr' ? text.replace('.', ',') : text} ${unit}`;
}
const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());
