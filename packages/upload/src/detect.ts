/**
 * What kind of bytes these are, before any parsing: container signatures, byte-order marks,
 * UTF-16 without a BOM, binary data, UTF-8 validity (else Windows-1252), then delimiter, line
 * break and the header row of a text sample.
 */
import Papa from 'papaparse';
import type { TextEncoding } from './types.js';
import { headerScore } from './mapping.js';
import { hasUtf8Characters } from './decode.js';
import { parseAmount, parseDate, type Cell } from './values.js';

export type Sniffed =
  | { type: 'text'; encoding: TextEncoding; bomLength: number }
  | { type: 'zip' }
  | { type: 'ole' }
  | { type: 'binary' }
  | { type: 'unsupported'; format: string };

const starts = (b: Uint8Array, ...sig: number[]) => sig.every((v, i) => b[i] === v);

export function sniffBytes(head: Uint8Array): Sniffed {
  if (starts(head, 0x50, 0x4b, 0x03, 0x04) || starts(head, 0x50, 0x4b, 0x05, 0x06)) return { type: 'zip' };
  if (starts(head, 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1)) return { type: 'ole' };
  if (starts(head, 0x25, 0x50, 0x44, 0x46)) return { type: 'unsupported', format: 'PDF' };
  if (starts(head, 0xef, 0xbb, 0xbf)) return { type: 'text', encoding: 'utf-8', bomLength: 3 };
  if (starts(head, 0xff, 0xfe)) return { type: 'text', encoding: 'utf-16le', bomLength: 2 };
  if (starts(head, 0xfe, 0xff)) return { type: 'text', encoding: 'utf-16be', bomLength: 2 };
  const n = Math.min(head.length, 4096);
  let evenZeros = 0;
  let oddZeros = 0;
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = head[i]!;
    if (b === 0) {
      if (i % 2 === 0) evenZeros += 1;
      else oddZeros += 1;
    } else if (b < 32 && b !== 9 && b !== 10 && b !== 13 && b !== 12) control += 1;
  }
  // ASCII text in UTF-16 has a zero in every other byte, on one side only.
  if (oddZeros > n * 0.3 && evenZeros < n * 0.02) return { type: 'text', encoding: 'utf-16le', bomLength: 0 };
  if (evenZeros > n * 0.3 && oddZeros < n * 0.02) return { type: 'text', encoding: 'utf-16be', bomLength: 0 };
  if (evenZeros + oddZeros > 0 || control > n * 0.01) return { type: 'binary' };
  // Valid UTF-8 characters beside invalid bytes: a file that changes encoding, read line by line.
  return { type: 'text', encoding: isUtf8(head) || hasUtf8Characters(head) ? 'utf-8' : 'windows-1252', bomLength: 0 };
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    // stream: true tolerates a character cut at the end of the sample.
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** A web page or an XML spreadsheet saved under a .xls/.csv name. */
export function markupKind(text: string): 'html' | 'xml' | null {
  const start = text.slice(0, 512).trimStart().toLowerCase();
  if (start.startsWith('<!doctype html') || start.startsWith('<html') || start.startsWith('<table') || start.startsWith('<meta')) return 'html';
  if (start.startsWith('<?xml')) return start.includes('urn:schemas-microsoft-com:office:spreadsheet') ? 'xml' : 'xml';
  return null;
}

export function detectNewline(text: string): '\r\n' | '\n' | '\r' {
  const lf = text.indexOf('\n');
  if (lf > 0 && text[lf - 1] === '\r') return '\r\n';
  if (lf >= 0) return '\n';
  return text.includes('\r') ? '\r' : '\n';
}

const DELIMITERS = [',', ';', '\t', '|'] as const;

/** Parses a text sample; the last line is dropped when the sample may have cut it. */
export type Newline = '\r\n' | '\n' | '\r';

export function parseSample(text: string, delimiter: string, newline: Newline, complete: boolean, maxRows = 0): string[][] {
  const lines = { delimiter, newline: parsedNewline(newline) };
  const parser = new Papa.Parser(maxRows > 0 ? { ...lines, preview: maxRows } : lines);
  return dropLineEndCr((parser.parse(text, 0, !complete) as Papa.ParseResult<string[]>).data, newline);
}

/**
 * Exports mix CRLF and LF (a CRLF header over LF rows, or the reverse), so a file whose lines end
 * in LF or CRLF is split at LF and the CR a CRLF leaves on a row's last value is dropped. Papaparse
 * accepts the CR after a closing quote, and a quoted value keeps its own CRLF.
 */
export const parsedNewline = (newline: Newline): '\n' | '\r' => (newline === '\r' ? '\r' : '\n');

export function dropLineEndCr(rows: string[][], newline: Newline): string[][] {
  if (newline === '\r') return rows;
  for (const row of rows) {
    const last = row.length - 1;
    const cell = row[last]!;
    if (cell.charCodeAt(cell.length - 1) === 13) row[last] = cell.slice(0, -1);
  }
  return rows;
}

/**
 * The delimiter that splits most sample rows into the same number of fields (two or more); title
 * rows and a decimal comma do not fool it, since they do not split rows consistently.
 */
export function detectDelimiter(text: string, newline: Newline, complete: boolean): string {
  let best: string = ',';
  let bestScore = -1;
  for (const delimiter of DELIMITERS) {
    const rows = parseSample(text, delimiter, newline, complete, 100);
    const counts = new Map<number, number>();
    for (const row of rows) if (row.length > 1) counts.set(row.length, (counts.get(row.length) ?? 0) + 1);
    let modal = 0;
    let modalRows = 0;
    for (const [width, n] of counts) if (n > modalRows || (n === modalRows && width > modal)) [modal, modalRows] = [width, n];
    const score = modalRows + modal / 1000;
    if (modal > 1 && score > bestScore) [best, bestScore] = [delimiter, score];
  }
  return best;
}

/**
 * The 0-based index of the header row: the row, among the first rows, that holds the most known
 * column names. Failing that, the first row of two or more labels followed by a row of the same
 * width, so an unknown header still maps (and reports missing columns by name); -1 when none.
 */
const filled = (cells: readonly Cell[]) => cells.filter((c) => c !== null && c !== undefined && String(c).trim() !== '').length;

export function findHeaderRow(rows: readonly (readonly Cell[])[], software?: string): number {
  let best = -1;
  let bestScore = 0;
  const limit = Math.min(rows.length, 50);
  for (let i = 0; i < limit; i++) {
    const score = headerScore(rows[i]!, software);
    if (score > bestScore) [best, bestScore] = [i, score];
    // Most cells known: this is the header; scoring the data rows below would only cost time.
    if (score >= 3 && score >= filled(rows[i]!) / 2) return i;
  }
  if (best >= 0 && bestScore >= 2) return best;
  for (let i = 0; i < limit; i++) {
    const cells = rows[i]!.filter((c) => c !== null && c !== undefined && String(c).trim() !== '');
    if (cells.length < 2) continue;
    const labels = cells.every(
      (c) => typeof c === 'string' && /\p{L}/u.test(c) && !/[{}[\]<>]/.test(c) && parseAmount(c) === null && parseDate(c).kind === 'invalid',
    );
    const distinct = new Set(cells.map((c) => String(c).trim().toLowerCase())).size >= cells.length - 1;
    return labels && distinct ? i : -1;
  }
  return -1;
}
