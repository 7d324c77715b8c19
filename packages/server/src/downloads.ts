/**
 * The received records as files, for the partner API and the portal alike: CSV streamed a page
 * at a time (memory stays flat however large the report), XLSX built with @e965/xlsx (a workbook
 * is one zip written at the end, so it is built in memory). Both take their columns from FIELDS
 * and neutralise every text cell against formula injection, the way @codat-link/upload's CSV does.
 */
import { Readable } from 'node:stream';
import type { ReportKind } from '@codat-link/core';
import { FIELDS, neutraliseCell, toCsv } from '@codat-link/upload';
import * as XLSX from '@e965/xlsx';
import type { Storage } from './storage.js';
import { DEFAULT_RECORD_PAGE, type RecordCursor } from './store-data.js';

export const REPORT_KINDS: readonly ReportKind[] = ['suppliers', 'bills', 'supplierSpend'];
export const CSV_TYPE = 'text/csv; charset=utf-8';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export type DownloadFormat = 'csv' | 'xlsx';

/** The canonical keys of a report, in FIELDS order: the columns of every download and JSON page. */
export const fieldKeys = (kind: ReportKind): string[] => FIELDS[kind].map((field) => field.key);

/** A record as the API shows it: every field of FIELDS, in order, absent ones null, nothing else. */
export function project(kind: ReportKind, data: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(fieldKeys(kind).map((key) => [key, data[key] ?? null]));
}

/** One entity's records of `kind`, a page of cell rows at a time, in the data API's order. */
export async function* entityRows(
  store: Storage,
  requestId: string,
  entityId: string,
  kind: ReportKind,
  prefix: readonly unknown[] = [],
): AsyncGenerator<unknown[][]> {
  const keys = fieldKeys(kind);
  let cursor: RecordCursor | null = null;
  do {
    const page = await store.recordPage(requestId, entityId, kind, cursor, DEFAULT_RECORD_PAGE);
    if (page.records.length > 0) yield page.records.map((record) => [...prefix, ...keys.map((key) => record.data[key] ?? null)]);
    cursor = page.nextCursor;
  } while (cursor);
}

/** Every entity's records of `kind`, entity by entity (in the order they were added), each row led by the entity's name. */
export async function* requestRows(store: Storage, requestId: string, kind: ReportKind): AsyncGenerator<unknown[][]> {
  for (const entity of await store.listEntities(requestId)) yield* entityRows(store, requestId, entity.id, kind, [entity.name]);
}

/** The header of a download: `entity` first for a request's files, then the report's keys. */
export const headerOf = (kind: ReportKind, withEntity: boolean): string[] => [...(withEntity ? ['entity'] : []), ...fieldKeys(kind)];

/**
 * A CSV as a stream: the header (after a UTF-8 byte-order mark, for Excel), then each page as it
 * is read. Cells go through upload's csvCell (neutralised, quoted); French takes ";".
 */
export function csvStream(header: readonly string[], pages: AsyncIterable<unknown[][]>, locale: 'en' | 'fr' = 'en'): Readable {
  async function* chunks(): AsyncGenerator<string> {
    yield toCsv([header], { locale });
    for await (const rows of pages) yield toCsv(rows, { locale, bom: false });
  }
  return Readable.from(chunks());
}

/** A spreadsheet cell: text neutralised (a leading `=`, `+`, `-`, `@` is shown, never evaluated), numbers kept numbers. */
function xlsxCell(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  return neutraliseCell(typeof value === 'string' ? value : JSON.stringify(value));
}

/** A workbook with one sheet per entry (named after its report kind), as XLSX bytes. */
export async function xlsxWorkbook(sheets: readonly { name: string; header: readonly string[]; pages: AsyncIterable<unknown[][]> }[]): Promise<Buffer> {
  const book = XLSX.utils.book_new();
  for (const sheet of sheets) {
    const rows: unknown[][] = [[...sheet.header]];
    for await (const page of sheet.pages) for (const row of page) rows.push(row.map(xlsxCell));
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(rows), sheet.name);
  }
  return XLSX.write(book, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer;
}

/** A download of one report: one entity's (no entity column) or the whole request's (`entityId` undefined). */
export async function reportFile(
  store: Storage,
  requestId: string,
  kind: ReportKind,
  format: DownloadFormat,
  options: { entityId?: string; locale?: 'en' | 'fr' } = {},
): Promise<{ contentType: string; fileName: string; body: Readable | Buffer }> {
  const withEntity = options.entityId === undefined;
  const pages = withEntity ? requestRows(store, requestId, kind) : entityRows(store, requestId, options.entityId!, kind);
  const base = `${requestId}${withEntity ? '' : `-${options.entityId}`}-${kind}`;
  if (format === 'csv') return { contentType: CSV_TYPE, fileName: `${base}.csv`, body: csvStream(headerOf(kind, withEntity), pages, options.locale) };
  return { contentType: XLSX_TYPE, fileName: `${base}.xlsx`, body: await xlsxWorkbook([{ name: kind, header: headerOf(kind, withEntity), pages }]) };
}

/** A workbook of every report kind, one sheet each, for a request (with the entity column) or one entity. */
export async function workbookFile(
  store: Storage,
  requestId: string,
  kinds: readonly ReportKind[],
  entityId?: string,
): Promise<{ contentType: string; fileName: string; body: Buffer }> {
  const withEntity = entityId === undefined;
  const body = await xlsxWorkbook(
    kinds.map((kind) => ({
      name: kind,
      header: headerOf(kind, withEntity),
      pages: withEntity ? requestRows(store, requestId, kind) : entityRows(store, requestId, entityId, kind),
    })),
  );
  return { contentType: XLSX_TYPE, fileName: `${requestId}${withEntity ? '' : `-${entityId}`}.xlsx`, body };
}
