/**
 * Report layouts read from the rows' structure, not from header names: a header spread over two
 * rows, and rows that name a group (a supplier) whose bills follow below it.
 *
 * Accounting packages print their payables reports for people, and export them as printed. QuickBooks
 * Online's "Unpaid Bills" and "A/P Aging Detail" (Reports › Who owes you / What you owe, Export to
 * Excel or CSV) put the vendor's name on a row of its own, the vendor's bills below it with the first
 * column blank, then "Total for <vendor>"; Xero's "Aged Payables Detail" and Sage 50's "Aged Creditors"
 * group by contact the same way. Spreadsheets built from such reports often carry a second header row
 * (a label over merged cells, "Invoice" above "Number" and "Date", or "Address" above "- City").
 */
import { parseAmount, parseDate, type Cell } from './values.js';
import type { Locale } from './types.js';

const text = (c: Cell | undefined): string => (c === null || c === undefined ? '' : typeof c === 'string' ? c.trim() : String(c));

/** A total label: such a row is a subtotal, not a group. */
export const TOTAL_LABEL = /^(grand[\s-]*)?(sub[\s-]*)?totals?\b|^(sous[\s-]*)?totaux?\b|^total g[ée]n[ée]ral|^report total|^sum$|^somme$/i;

function isLabel(c: Cell | undefined): boolean {
  if (typeof c !== 'string') return false;
  const t = c.trim();
  return t !== '' && /\p{L}/u.test(t) && parseAmount(t) === null && parseDate(t).kind === 'invalid';
}

export interface HeaderRows {
  headers: string[];
  /** 0-based index of the last header row: data starts after it. */
  last: number;
  /** Two rows were combined. */
  combined: boolean;
}

/**
 * The header found at `index`, combined with the row above or below when the two read as one header:
 * the other row is all labels (no amount, no date), and together they map the report's fields clearly
 * better (`strength`) than the found row alone. A label over blank cells spans them (merged cells).
 */
export function headerRows(rows: readonly (readonly Cell[])[], index: number, strength: (headers: string[]) => number): HeaderRows {
  const own = (rows[index] ?? []).map(text);
  const alone = { headers: own, last: index, combined: false };
  const candidates: HeaderRows[] = [];
  if (index > 0 && labelRow(rows[index - 1]!)) candidates.push({ headers: combine(rows[index - 1]!, rows[index]!), last: index, combined: true });
  if (index + 1 < rows.length && labelRow(rows[index + 1]!) && !repeats(rows[index]!, rows[index + 1]!)) {
    candidates.push({ headers: combine(rows[index]!, rows[index + 1]!), last: index + 1, combined: true });
  }
  if (candidates.length === 0) return alone;
  let best = alone;
  let bestScore = strength(own);
  for (const c of candidates) {
    const score = strength(c.headers);
    // Combining must read clearly better than the row alone.
    if (score > bestScore + 0.3) [best, bestScore] = [c, score];
  }
  return best;
}

/** Two or more labels, nothing that reads as a value, and no more cells than labels. */
function labelRow(cells: readonly Cell[]): boolean {
  let labels = 0;
  for (const c of cells) {
    if (text(c) === '') continue;
    if (!isLabel(c)) return false;
    labels += 1;
  }
  return labels >= 1;
}

function repeats(a: readonly Cell[], b: readonly Cell[]): boolean {
  return a.length === b.length && a.every((c, i) => text(c) === text(b[i]));
}

function combine(top: readonly Cell[], bottom: readonly Cell[]): string[] {
  const width = Math.max(top.length, bottom.length);
  const out: string[] = [];
  let span = '';
  for (let i = 0; i < width; i++) {
    const t = text(top[i]);
    // "- City" under "Address": the dash marks a sub-column.
    const b = text(bottom[i]).replace(/^[-–—•·]+\s*/, '');
    if (t !== '') span = t;
    else if (b === '') span = '';
    const above = t !== '' ? t : span;
    out.push(b === '' ? above : above === '' || above.toLowerCase() === b.toLowerCase() ? b : `${above} ${b}`);
  }
  return out;
}

/** A subtotal or total row: a total label among its first cells. */
export function isTotalRow(row: readonly Cell[]): boolean {
  for (let i = 0; i < row.length && i < 12; i++) {
    const t = text(row[i]);
    if (t !== '' && t.length <= 120 && TOTAL_LABEL.test(t)) return true;
  }
  return false;
}

/** The one filled cell of a row that names a group, or null. */
export function groupLabel(cells: readonly Cell[]): { column: number; label: string } | null {
  let found = -1;
  for (let i = 0; i < cells.length; i++) {
    if (text(cells[i]) === '') continue;
    if (found >= 0) return null;
    found = i;
  }
  if (found < 0 || !isLabel(cells[found])) return null;
  const label = text(cells[found]);
  if (label.length > 120 || TOTAL_LABEL.test(label)) return null;
  return { column: found, label };
}

export interface GroupLayout {
  /** The column the group names sit in. */
  column: number;
  /** Groups seen in the sample. */
  groups: number;
}

/**
 * Rows grouped under a name: rows of a single label cell, each followed by rows of several values
 * that leave that cell's column blank (or hold something else there: dates, amounts). A list whose
 * rows merely lack most values (a supplier with a name only) keeps its names in the same column as
 * every other row, and is not taken for groups.
 */
export function detectGroups(rows: readonly (readonly Cell[])[]): GroupLayout | null {
  const perColumn = new Map<number, { groups: number; detail: number; blank: number; valued: number; named: number }>();
  let current: number | null = null;
  let afterGroup = false;
  for (const row of rows) {
    const group = groupLabel(row);
    if (isTotalRow(row)) continue;
    if (group) {
      current = group.column;
      afterGroup = false;
      const s = perColumn.get(current) ?? { groups: 0, detail: 0, blank: 0, valued: 0, named: 0 };
      s.groups += 1;
      perColumn.set(current, s);
      continue;
    }
    let filled = 0;
    for (const c of row) if (text(c) !== '') filled += 1;
    if (filled < 2 || current === null) continue;
    const s = perColumn.get(current)!;
    const cell = row[current];
    if (!afterGroup) s.detail += 1;
    afterGroup = true;
    if (text(cell) === '') s.blank += 1;
    else if (isLabel(cell)) s.named += 1;
    else s.valued += 1;
  }
  let best: GroupLayout | null = null;
  for (const [column, s] of perColumn) {
    // Every group is followed by detail rows, and those rows do not put a name where the group's is.
    const detailRows = s.blank + s.valued + s.named;
    if (s.detail === 0 || s.detail < s.groups * 0.6 || s.named > detailRows * 0.1) continue;
    if (!best || s.groups > best.groups) best = { column, groups: s.groups };
  }
  return best;
}

/** The header of the column that carries each group's name down to its rows. */
export const GROUP_HEADER: Record<Locale, string> = { en: 'Name on the group rows', fr: 'Nom des lignes de regroupement' };

/**
 * Sample rows as the row processor will see them: group rows left out, each other row given its
 * group's name in an extra last column (index `width`).
 */
export function carryGroups(rows: readonly (readonly Cell[])[], layout: GroupLayout, width: number): Cell[][] {
  const out: Cell[][] = [];
  let current = '';
  for (const row of rows) {
    const group = groupLabel(row);
    if (group && group.column === layout.column) {
      current = group.label;
      continue;
    }
    out.push(withGroup(row, width, current));
  }
  return out;
}

/** The row padded to `width` cells, and the group's name after them. */
export function withGroup(row: readonly Cell[], width: number, group: string): Cell[] {
  const out = row.length > width ? row.slice(0, width) : [...row];
  while (out.length < width) out.push('');
  out.push(group);
  return out;
}
