/**
 * Turns source rows into canonical records, one row at a time so the text can be dropped as soon
 * as a chunk is parsed. What needs the whole column (day/month order) is settled in `finish()`.
 */
import { FIELDS, REQUIRED_ONE_OF, fieldLabel, type FieldDef } from './fields.js';
import { type IssueSink } from './issues.js';
import { foldsTo, normaliseHeader, normaliseName } from './normalize.js';
import { parseCurrency } from './currencies.js';
import { parseCountry } from './countries.js';
import {
  dateOrderEvidence,
  decimalEvidence,
  amountNotation,
  isoDate,
  looksLikeFormula,
  parseAmount,
  parseBillStatus,
  parseDate,
  parseSupplierStatus,
  type Cell,
  type DateParse,
} from './values.js';
import type { IntakeRecord, Locale, ReportKind } from './types.js';
import * as z from 'zod/mini';
import { LINE_AMOUNTS, type IssueCode } from './messages.js';
import { TOTAL_LABEL, groupLabel, withGroup } from './layout.js';
import { headerTokens } from './tokens.js';

const EMAIL = z.email();
/** A payable dated before this, or more than two years after today, is kept with a warning. */
const EARLIEST_PLAUSIBLE = '1990-01-01';

function latestPlausible(today: Date): string {
  return new Date(Date.UTC(today.getUTCFullYear() + 2, today.getUTCMonth(), today.getUTCDate())).toISOString().slice(0, 10);
}

interface Column {
  def: FieldDef;
  index: number;
  header: string;
  decimal: ',' | '.' | null;
  dmy: number;
  mdy: number;
  dotted: boolean;
  /** Dates, statuses and currencies repeat: each distinct cell text is parsed once per column. */
  cache: Map<string, unknown>;
  /** A yes/no status column that asks "inactive?" ("Inactive", "Blocked", "Vendor hold"): yes is inactive. */
  inverted: boolean;
}

/** Header words that make a yes/no status column ask whether the supplier is inactive. */
const INACTIVE_WORDS = new Set(['inactive', 'inactif', 'blocked', 'bloque', 'hold', 'disabled', 'archived', 'suspended', 'suspendu']);
const YES_NO: Record<string, boolean> = {
  yes: true,
  y: true,
  true: true,
  oui: true,
  o: true,
  '1': true,
  no: false,
  n: false,
  false: false,
  non: false,
  '0': false,
};

const CACHE_LIMIT = 20_000;

/**
 * Records are plain objects (their prototype is Object.prototype), but made by `new` so V8 sizes
 * them for all their fields at once instead of regrowing a property store field after field.
 */
const CanonicalRecord = function (this: object) {} as unknown as new () => IntakeRecord;
(CanonicalRecord as unknown as { prototype: object }).prototype = Object.prototype;

function cached<T>(col: Column, key: Cell, parse: (cell: Cell) => T): T {
  if (typeof key !== 'string') return parse(key);
  let hit = col.cache.get(key) as T | undefined;
  if (hit === undefined) {
    hit = parse(key);
    if (col.cache.size < CACHE_LIMIT) col.cache.set(key, hit);
  }
  return hit;
}

// Module-level so the hot loop allocates no closure per cell; false marks "not readable" in caches.
const currencyOrFalse = (t: Cell) => parseCurrency(t as string) ?? false;
const billStatusOrFalse = (t: Cell) => parseBillStatus(t as string) ?? false;
const supplierStatusOrFalse = (t: Cell) => parseSupplierStatus(t as string) ?? false;
// In a column that asks "inactive?", yes is Archived and no Active; other words read as usual.
const inactiveFlagOrFalse = (t: Cell) => {
  const flag = YES_NO[(t as string).trim().toLowerCase()];
  return flag === undefined ? supplierStatusOrFalse(t) : flag ? 'Archived' : 'Active';
};
// A country no code or name identifies is kept as written (the field takes free text).
const countryOrText = (t: Cell) => parseCountry(t as string) ?? (t as string);

interface DateCell {
  parse: DateParse;
  evidence: 'dmy' | 'mdy' | null;
  dotted: boolean;
}

const parseDateCell = (cell: Cell): DateCell => ({
  parse: parseDate(cell),
  evidence: dateOrderEvidence(cell),
  dotted: typeof cell === 'string' && cell.includes('.'),
});

export interface RowProcessorOptions {
  kind: ReportKind;
  locale: Locale;
  headers: readonly string[];
  columns: Map<string, number>;
  sink: IssueSink;
  /** Rows of the first data chunk, for per-column evidence before any record is built. */
  sample: readonly (readonly Cell[])[];
  /**
   * Rows grouped under a name on a row of its own (layout.ts): such rows are left out and, when
   * `carry`, the name goes to every row below in an extra column after the file's `width` columns.
   */
  group?: { column: number; carry: boolean };
  /** The file's own columns, when `headers` has a carried column after them. */
  width?: number;
  /** Folded headers of yes/no status columns whose yes means inactive (the platform's, platforms.ts). */
  inactiveFlags?: ReadonlySet<string>;
  /** The total column holds net amounts: the total is net plus the tax amount. */
  totalFromNet?: boolean;
}

export class RowProcessor {
  readonly records: IntakeRecord[] = [];
  /** Source row of each record, for issues found after the stream (cross-file checks). */
  readonly recordRows: number[] = [];
  rowsRead = 0;
  rowsRejected = 0;
  totalRowsExcluded = 0;
  notesSkipped = 0;
  /** Rows naming a group; groups with rows under them, and the first, for the message. */
  groupRows = 0;
  groups = 0;
  firstGroup: { row: number; label: string } | null = null;
  private currentGroup = '';
  /** The last group row, until a row under it arrives. */
  private pendingGroup: { row: number; label: string } | null = null;
  private readonly columns: Column[];
  private readonly pending: number[] = [];
  private readonly billNumbers = new Set<string>();
  /** Bill numbers seen on more than one row. */
  private readonly repeated = new Set<string>();
  private readonly required: string[];
  private readonly oneOf: readonly (readonly string[])[];
  private readonly inferCurrency: boolean;
  private readonly keyIndex: number;
  /** The header cells folded, to know a page header repeated inside the data. */
  private readonly foldedHeaders: string[];
  private readonly latestDate = latestPlausible(new Date());

  constructor(private readonly o: RowProcessorOptions) {
    this.columns = FIELDS[o.kind]
      .filter((def) => o.columns.has(def.key))
      .map((def) => {
        const index = o.columns.get(def.key)!;
        const header = o.headers[index] ?? '';
        const inverted =
          def.type === 'supplierStatus' &&
          (headerTokens(header).some((w) => INACTIVE_WORDS.has(w)) || (o.inactiveFlags?.has(normaliseHeader(header)) ?? false));
        return { def, index, header, decimal: null, dmy: 0, mdy: 0, dotted: false, cache: new Map(), inverted };
      });
    this.required = FIELDS[o.kind].filter((d) => d.required).map((d) => d.key);
    this.oneOf = REQUIRED_ONE_OF[o.kind];
    const keyField = o.kind === 'bills' ? 'billNumber' : 'supplierName';
    this.keyIndex = o.columns.get(keyField) ?? -1;
    this.foldedHeaders = o.headers.map(normaliseHeader);
    this.inferCurrency = FIELDS[o.kind].some((d) => d.key === 'currency') && !o.columns.has('currency');
    for (const col of this.columns) {
      if (col.def.type !== 'amount') continue;
      const seen = { ',': 0, '.': 0 };
      for (const row of o.sample) {
        const e = decimalEvidence(row[col.index]);
        if (e) seen[e] += 1;
      }
      if (seen[','] + seen['.'] > 0) col.decimal = seen[','] > seen['.'] ? ',' : '.';
    }
  }

  /** `row` is the 1-based source row number. */
  push(cells: readonly Cell[], row: number): void {
    if (isBlank(cells)) return;
    this.rowsRead += 1;
    const { sink, kind, locale } = this.o;
    if (this.isTotal(cells)) {
      this.totalRowsExcluded += 1;
      sink.add('total_row_excluded', { row }, { row });
      return;
    }
    if (this.isRepeatedHeader(cells)) {
      this.notesSkipped += 1;
      sink.add('repeated_header_skipped', { row }, { row });
      return;
    }
    const width = this.o.width ?? this.o.headers.length;
    const group = this.o.group;
    if (group) {
      const label = groupLabel(cells);
      if (label && label.column === group.column) {
        this.groupRows += 1;
        this.pendingGroup = { row, label: label.label };
        this.currentGroup = label.label;
        return;
      }
    }
    if (cells.length < width && filledCells(cells) === 1) {
      // "End of report", "Printed by …": one value on an otherwise short row is not data.
      this.notesSkipped += 1;
      sink.add('note_row_skipped', { row }, { row });
      return;
    }
    // More values than columns means a delimiter inside an unquoted value: every value after it is
    // in the wrong column. Fewer values only leave the last columns empty (sheets drop them too).
    if (cells.length > width && !isBlank(cells.slice(width))) {
      this.rowsRejected += 1;
      sink.add('ragged_row', { row }, { row, count: cells.length, expected: width });
      return;
    }
    if (this.pendingGroup) {
      this.groups += 1;
      this.firstGroup ??= this.pendingGroup;
      this.pendingGroup = null;
    }
    if (group?.carry) cells = withGroup(cells, width, this.currentGroup);
    const record: IntakeRecord = new CanonicalRecord();
    let failed: string[] | null = null;
    let errors = 0;
    let pendingAt = -1;
    const columns = this.columns;
    for (let c = 0; c < columns.length; c++) {
      const col = columns[c]!;
      const cell = cells[col.index];
      if (cell === undefined || cell === null || cell === '') continue;
      const text = typeof cell === 'string' ? cell.trim() : String(cell);
      if (text === '') continue;
      const key = col.def.key;
      let code: IssueCode | null = null;
      switch (col.def.type) {
        case 'amount': {
          const n = parseAmount(cell, col.decimal);
          if (n === null) code = amountNotation(cell) ? 'amount_notation_refused' : 'invalid_amount';
          else {
            record[key] = n;
            // No currency column, but "1 234,56 €" says which: keep what the amount states.
            if (this.inferCurrency && record.currency === undefined && typeof cell === 'string') {
              const found = currencyInAmount(cell);
              if (found) record.currency = found;
            }
          }
          break;
        }
        case 'integer': {
          const n = parseAmount(cell, col.decimal);
          if (n === null && amountNotation(cell)) code = 'amount_notation_refused';
          else if (n === null || !Number.isInteger(n) || n < 0) code = 'invalid_number';
          else record[key] = n;
          break;
        }
        case 'date': {
          const parsed = cached(col, cell, parseDateCell);
          const d = parsed.parse;
          if (parsed.evidence === 'dmy') col.dmy += 1;
          else if (parsed.evidence === 'mdy') col.mdy += 1;
          if (d.kind === 'date') {
            record[key] = d.iso;
            if (this.implausible(d.iso)) this.o.sink.add('date_implausible', { row, column: col.header, field: key, value: String(cell) }, { date: d.iso });
          } else if (d.kind === 'invalid') code = 'invalid_date';
          else {
            if (parsed.dotted) col.dotted = true;
            // Settled in finish(): record index, column, first, second, year.
            pendingAt = this.records.length;
            this.pending.push(pendingAt, c, d.first, d.second, d.year);
            record[key] = '';
          }
          break;
        }
        case 'currency': {
          const v = cached(col, text, currencyOrFalse);
          if (v === false) code = 'invalid_currency';
          else record[key] = v;
          break;
        }
        case 'email':
          if (EMAIL.safeParse(text).success) record[key] = text;
          else this.cellIssue('invalid_email', row, col, cell);
          break;
        case 'billStatus': {
          const v = cached(col, text, billStatusOrFalse);
          if (v === false) this.cellIssue('invalid_status', row, col, cell);
          else record[key] = v;
          break;
        }
        case 'supplierStatus': {
          const v = col.inverted ? cached(col, text, inactiveFlagOrFalse) : cached(col, text, supplierStatusOrFalse);
          if (v === false) this.cellIssue('invalid_status', row, col, cell);
          else record[key] = v;
          break;
        }
        case 'country':
        case 'text':
          if (typeof cell === 'string' && looksLikeFormula(cell)) this.cellIssue('formula_injection', row, col, cell);
          if (text.length > 1000) code = 'invalid_value';
          else record[key] = col.def.type === 'country' ? cached(col, text, countryOrText) : text;
          break;
      }
      if (code !== null) {
        // Only a required value drops the row; an optional one is left empty, with a warning.
        const kept = !col.def.required;
        errors += this.cellIssue(code, row, col, cell, kept);
        if (!kept) (failed ??= []).push(key);
      }
    }
    for (const key of this.required) {
      if (record[key] === undefined && !failed?.includes(key)) {
        errors += sink.add('required_value_missing', { row, field: key, column: this.headerOf(key) }, { field: fieldLabel(kind, key, locale) });
      }
    }
    for (const group of this.oneOf) {
      if (!group.some((key) => record[key] !== undefined)) {
        const key = group[group.length - 1]!;
        errors += sink.add('required_value_missing', { row, field: key, column: this.headerOf(key) }, { field: fieldLabel(kind, key, locale) });
      }
    }
    if (errors > 0) {
      this.rowsRejected += 1;
      if (pendingAt >= 0) this.dropPendingFrom(pendingAt);
      return;
    }
    if (this.o.totalFromNet && typeof record.taxAmount === 'number' && typeof record.totalAmount === 'number') {
      record.totalAmount = round6(record.totalAmount + record.taxAmount);
    }
    if (kind === 'bills') this.checkBill(record, row);
    this.records.push(record);
    this.recordRows.push(row);
  }

  private implausible(iso: string): boolean {
    return iso < EARLIEST_PLAUSIBLE || iso > this.latestDate;
  }

  private cellIssue(code: IssueCode, row: number, col: Column, cell: Cell, keptRow = false): 0 | 1 {
    const value = typeof cell === 'string' ? cell : String(cell);
    return this.o.sink.add(code, { row, column: col.header, field: col.def.key, value }, {}, keptRow);
  }

  /** Group rows name the supplier of the rows below them (rather than a heading left out). */
  get carriesGroups(): boolean {
    return this.o.group?.carry === true;
  }

  headerOf(key: string): string | null {
    return this.columns.find((c) => c.def.key === key)?.header ?? null;
  }

  private dropPendingFrom(recordIndex: number): void {
    while (this.pending.length > 0 && this.pending[this.pending.length - 5] === recordIndex) this.pending.length -= 5;
  }

  private checkBill(record: IntakeRecord, row: number): void {
    const number = record.billNumber as string;
    const size = this.billNumbers.size;
    this.billNumbers.add(number);
    // A repeated number is settled in finish(): the lines of one bill, or two bills with one number.
    if (this.billNumbers.size === size) this.repeated.add(number);
    const issue = record.issueDate;
    const due = record.dueDate;
    if (typeof issue === 'string' && typeof due === 'string' && issue !== '' && due !== '' && due < issue) {
      this.o.sink.add('due_before_issue', { row, field: 'dueDate', column: this.headerOf('dueDate'), value: due });
    }
  }

  /**
   * A report printed to pages repeats its header on each one. Checked on the key column first, so an
   * ordinary row costs one comparison; then most filled cells must be their column's header.
   */
  private isRepeatedHeader(cells: readonly Cell[]): boolean {
    const key = this.keyIndex >= 0 ? cells[this.keyIndex] : undefined;
    if (typeof key !== 'string' || !foldsTo(key, this.foldedHeaders[this.keyIndex]!)) return false;
    let filled = 0;
    let same = 0;
    cells.forEach((cell, i) => {
      if (cell === null || cell === undefined || String(cell).trim() === '') return;
      filled += 1;
      const folded = this.foldedHeaders[i];
      if (folded !== undefined && foldsTo(String(cell), folded)) same += 1;
    });
    return same >= 2 && same >= filled * 0.8;
  }

  private isTotal(cells: readonly Cell[]): boolean {
    // A total row has no bill number (or supplier name), or a total label in its place; checking
    // that cell first spares the label search on every ordinary row.
    const key = this.keyIndex >= 0 ? cells[this.keyIndex] : undefined;
    const keyText = key === undefined || key === null ? '' : String(key).trim();
    if (keyText !== '') return keyText.length <= 120 && TOTAL_LABEL.test(keyText);
    for (let i = 0; i < cells.length && i < 12; i++) {
      const c = cells[i];
      // Every total label starts with t, g, s or r (total, grand, sous/sub/sum/somme, report).
      if (typeof c !== 'string' || c.length === 0 || c.length > 120) continue;
      const first = c.charCodeAt(0) | 0x20;
      if (first !== 116 && first !== 103 && first !== 115 && first !== 114 && first !== 32) continue;
      if (TOTAL_LABEL.test(c.trim())) return true;
    }
    return false;
  }

  /** Settles ambiguous dates column by column; returns the order chosen where it stayed a guess. */
  finish(fallback: 'dmy' | 'mdy'): { column: string; order: 'dmy' | 'mdy' }[] {
    // A "group" with no row under it is a footer ("Monday, March 4, 2024 09:12 AM").
    if (this.pendingGroup) this.o.sink.add('note_row_skipped', { row: this.pendingGroup.row }, { row: this.pendingGroup.row });
    const fileDmy = this.columns.reduce((n, c) => n + c.dmy, 0);
    const fileMdy = this.columns.reduce((n, c) => n + c.mdy, 0);
    const guesses: { column: string; order: 'dmy' | 'mdy' }[] = [];
    const orders = this.columns.map((c) => {
      if (c.dmy > c.mdy) return 'dmy';
      if (c.mdy > c.dmy) return 'mdy';
      if (fileDmy !== fileMdy) return fileDmy > fileMdy ? 'dmy' : 'mdy';
      return c.dotted ? 'dmy' : fallback;
    });
    const guessed = new Set<number>();
    for (let i = 0; i < this.pending.length; i += 5) {
      const p = this.pending;
      const recordIndex = p[i]!;
      const colIndex = p[i + 1]!;
      const first = p[i + 2]!;
      const second = p[i + 3]!;
      const year = p[i + 4]!;
      const col = this.columns[colIndex]!;
      const order = orders[colIndex]!;
      const conflicting = col.dmy > 0 && col.mdy > 0;
      const unproven = col.dmy === 0 && col.mdy === 0 && fileDmy === fileMdy && !col.dotted;
      if (conflicting || unproven) guessed.add(colIndex);
      const iso = order === 'dmy' ? isoDate(year, second, first) : isoDate(year, first, second);
      this.records[recordIndex]![col.def.key] = iso!;
      if (this.implausible(iso!)) {
        const at = { row: this.recordRows[recordIndex] ?? null, column: col.header, field: col.def.key, value: iso };
        this.o.sink.add('date_implausible', at, { date: iso! });
      }
    }
    for (const i of guessed) guesses.push({ column: this.columns[i]!.header, order: orders[i]! });
    if (this.repeated.size > 0) this.mergeLines();
    return guesses;
  }

  /**
   * Line-level exports (Xero's and QuickBooks' bill exports, most ERP AP line reports) give each
   * line of a bill its own row, the bill's number, supplier and date repeated. Rows that share all
   * three are one bill. An amount column that differs between the lines of a bill holds line
   * amounts and is added up; one that repeats the same value on every line of every bill holds the
   * document's total and is kept once. Rows that share a number but not the supplier or the date are
   * two bills, and are reported as duplicates.
   */
  private mergeLines(): void {
    const { records, recordRows } = this;
    const byKey = new Map<string, number[]>();
    const byNumber = new Map<string, number[]>();
    records.forEach((r, i) => {
      const number = r.billNumber as string;
      if (!this.repeated.has(number)) return;
      const key = `${number}\u0000${r.supplierId ?? ''}\u0000${r.supplierName ?? ''}\u0000${r.issueDate ?? ''}`;
      const list = byKey.get(key);
      if (list) list.push(i);
      else byKey.set(key, [i]);
      const same = byNumber.get(number);
      if (same) same.push(i);
      else byNumber.set(number, [i]);
    });
    const bills = [...byKey.values()].filter((list) => list.length > 1);
    const amounts = this.columns.filter((c) => c.def.type === 'amount');
    const summed = amounts.filter((c) => bills.some((list) => list.some((i) => records[i]![c.def.key] !== records[list[0]!]![c.def.key])));
    const kept = amounts.filter((c) => !summed.includes(c) && bills.some((list) => records[list[0]!]![c.def.key] !== undefined));
    const removed = new Set<number>();
    for (const list of bills) {
      const bill = records[list[0]!]!;
      for (const i of list.slice(1)) {
        const line = records[i]!;
        for (const col of this.columns) {
          const key = col.def.key;
          const value = line[key];
          if (value === undefined || value === '') continue;
          if (summed.includes(col)) bill[key] = round6(((bill[key] as number | undefined) ?? 0) + (value as number));
          else if (bill[key] === undefined || bill[key] === '') bill[key] = value;
          else if (key === 'description' && bill[key] !== value) {
            const joined = `${bill[key]}; ${value}`;
            if (joined.length <= 1000) bill[key] = joined;
          }
        }
        removed.add(i);
      }
    }
    // Numbers still on more than one bill: a duplicate, for the customer to check.
    for (const list of byNumber.values()) {
      const left = list.filter((i) => !removed.has(i));
      for (const i of left.slice(1)) {
        const number = records[i]!.billNumber as string;
        this.o.sink.add(
          'duplicate_bill_number',
          { row: recordRows[i]!, field: 'billNumber', column: this.headerOf('billNumber'), value: number },
          { other: recordRows[left[0]!]! },
        );
      }
    }
    if (removed.size === 0) return;
    let w = 0;
    for (let i = 0; i < records.length; i++) {
      if (removed.has(i)) continue;
      records[w] = records[i]!;
      recordRows[w] = recordRows[i]!;
      w += 1;
    }
    records.length = w;
    recordRows.length = w;
    const { locale } = this.o;
    const names = (cols: Column[]) => cols.map((c) => `"${c.header}"`).join(', ');
    const detail = [
      summed.length > 0 ? LINE_AMOUNTS.summed[locale].replace('{columns}', names(summed)) : '',
      kept.length > 0 ? LINE_AMOUNTS.kept[locale].replace('{columns}', names(kept)) : '',
    ]
      .filter((t) => t !== '')
      .join(' ');
    this.o.sink.add('lines_merged', {}, { count: bills.length, rows: bills.reduce((n, l) => n + l.length, 0), detail });
  }
}

const round6 = (n: number) => Math.round(n * 1e6) / 1e6;

const CURRENCY_MARK = /[€£¥₹]|\b[A-Z]{3}\b/;

function currencyInAmount(cell: string): string | null {
  const m = CURRENCY_MARK.exec(cell);
  return m ? parseCurrency(m[0]) : null;
}

export function filledCells(cells: readonly Cell[]): number {
  let n = 0;
  for (const c of cells) if (c !== null && c !== undefined && (typeof c !== 'string' || c.trim() !== '')) n += 1;
  return n;
}

function isBlank(cells: readonly Cell[]): boolean {
  for (const c of cells) if (c !== null && c !== undefined && (typeof c !== 'string' || c.trim() !== '')) return false;
  return true;
}

/** Bills whose supplier is not among the Suppliers records, by id or by normalised name. */
export function crossCheckSuppliers(
  records: readonly IntakeRecord[],
  rows: readonly number[],
  suppliers: readonly Record<string, unknown>[],
  sink: IssueSink,
  headerOf: (field: string) => string | null,
): void {
  const ids = new Set<string>();
  const names = new Set<string>();
  for (const s of suppliers) {
    if (typeof s.supplierId === 'string' && s.supplierId !== '') ids.add(s.supplierId.trim().toLowerCase());
    if (typeof s.supplierName === 'string' && s.supplierName !== '') names.add(normaliseName(s.supplierName));
  }
  records.forEach((r, i) => {
    const id = typeof r.supplierId === 'string' ? r.supplierId.toLowerCase() : null;
    const name = typeof r.supplierName === 'string' ? normaliseName(r.supplierName) : null;
    if ((id !== null && ids.has(id)) || (name !== null && names.has(name))) return;
    const field = id !== null ? 'supplierId' : 'supplierName';
    const value = String(r[field]);
    sink.add('supplier_not_found', { row: rows[i] ?? null, field, column: headerOf(field), value });
  });
}
