/**
 * XLSX (and legacy XLS) through SheetJS, imported only when such a file arrives so the text path
 * never pays for it. Zip files pass the zip-bomb guard before SheetJS sees a byte.
 */
import { inspectZip, verifyInflatedSizes, type ZipLimits, DEFAULT_ZIP_LIMITS } from './zip-guard.js';
import { excelSerialToIso, type Cell } from './values.js';

export type SheetOutcome =
  | { ok: true; format: 'xlsx' | 'xls' | 'ods'; sheets: { name: string; rows: Cell[][] }[] }
  | { ok: false; code: 'zip_bomb' | 'xlsx_unreadable' | 'xlsx_no_sheet' | 'unsupported_format'; reason: string };

interface SheetCell {
  t: string;
  v?: unknown;
  z?: string;
}

export async function readWorkbook(
  bytes: Uint8Array,
  container: 'zip' | 'ole',
  maxRows: number,
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
): Promise<SheetOutcome> {
  let format: 'xlsx' | 'xls' | 'ods' = container === 'ole' ? 'xls' : 'xlsx';
  if (container === 'zip') {
    const verdict = inspectZip(bytes, limits);
    if (!verdict.ok) return { ok: false, code: verdict.bomb ? 'zip_bomb' : 'xlsx_unreadable', reason: verdict.reason };
    const has = (prefix: string) => verdict.entries.some((e) => e.startsWith(prefix));
    // OpenDocument spreadsheets (LibreOffice) read fine through SheetJS; Word and PowerPoint files do not.
    if (!has('xl/') && !(has('content.xml') && has('mimetype'))) {
      if (has('word/')) return { ok: false, code: 'unsupported_format', reason: 'Word' };
      if (has('ppt/')) return { ok: false, code: 'unsupported_format', reason: 'PowerPoint' };
      return { ok: false, code: 'xlsx_unreadable', reason: 'not an Excel workbook' };
    }
    if (!has('xl/')) format = 'ods';
    const lie = await verifyInflatedSizes(bytes, verdict.list);
    if (lie) return { ok: false, code: lie.includes('inflates past') ? 'zip_bomb' : 'xlsx_unreadable', reason: lie };
  }
  const XLSX = await import('@e965/xlsx');
  // SheetJS types its number-format helpers (`SSF`) as `any`.
  const isDate = (XLSX.SSF as { is_date: (format: string) => boolean }).is_date;
  let workbook: import('@e965/xlsx').WorkBook;
  try {
    workbook = XLSX.read(bytes, {
      type: 'array',
      dense: true,
      cellNF: true,
      cellHTML: false,
      cellFormula: false,
      // One row more than allowed, so "too many rows" is still detected without reading them all.
      sheetRows: maxRows + 101,
    });
  } catch (error) {
    return { ok: false, code: 'xlsx_unreadable', reason: error instanceof Error ? error.message.slice(0, 120) : 'error' };
  }
  const sheets: { name: string; rows: Cell[][] }[] = [];
  for (const name of workbook.SheetNames) {
    const sheet = workbook.Sheets[name] as { '!data'?: (SheetCell[] | undefined)[] } | undefined;
    const data = sheet?.['!data'];
    if (!data || data.length === 0) continue;
    const rows: Cell[][] = [];
    for (const row of data) {
      const cells: Cell[] = [];
      if (row) {
        for (let c = 0; c < row.length; c++) {
          const cell = row[c];
          cells.push(cell ? cellValue(cell, isDate) : null);
        }
      }
      rows.push(cells);
    }
    if (rows.some((r) => r.some((c) => c !== null && c !== ''))) sheets.push({ name, rows });
  }
  return sheets.length > 0 ? { ok: true, format, sheets } : { ok: false, code: 'xlsx_no_sheet', reason: 'no data' };
}

function cellValue(cell: SheetCell, isDate: (fmt: string) => boolean): Cell {
  switch (cell.t) {
    case 'n': {
      const v = cell.v as number;
      if (cell.z && isDate(cell.z)) return excelSerialToIso(v) ?? v;
      return v;
    }
    case 's':
      return String(cell.v ?? '');
    case 'b':
      return cell.v ? 'TRUE' : 'FALSE';
    case 'd':
      return cell.v instanceof Date ? cell.v.toISOString().slice(0, 10) : null;
    default:
      return null;
  }
}
