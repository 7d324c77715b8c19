/**
 * Reads a Blob as text rows, one slice at a time: only the slice being parsed and the unfinished
 * last line of the previous one are held. Works wherever Blob, TextDecoder and papaparse do
 * (Node ≥ 20, browsers, workers).
 */
import Papa from 'papaparse';
import { dropLineEndCr, parsedNewline, type Newline } from './detect.js';
import type { TextEncoding } from './types.js';
import { decodeLines, wholeLines } from './decode.js';

export class UnterminatedQuoteError extends Error {
  constructor(readonly rowIndex: number) {
    super('unterminated quote');
  }
}

export interface TextRowsOptions {
  encoding: Exclude<TextEncoding, 'binary'>;
  bomLength: number;
  delimiter: string;
  newline: Newline;
  chunkBytes: number;
  signal?: AbortSignal;
  /** The file's first bytes, already read for detection: not read twice. */
  head?: Uint8Array;
}

export interface TextChunk {
  rows: string[][];
  bytesRead: number;
  /** UTF-8 files: the 1-based row from which some lines were not UTF-8 (read as Windows-1252). */
  fallbackRow?: number;
}

export async function* readTextRows(blob: Blob, o: TextRowsOptions): AsyncGenerator<TextChunk> {
  // UTF-8 is decoded in whole lines, each line falling back to Windows-1252 on its own (decode.ts);
  // the other encodings stream.
  const lines = o.encoding === 'utf-8';
  const decoder = new TextDecoder(o.encoding, { ignoreBOM: true });
  let carry: Uint8Array | null = null;
  let fellBack = false;
  const size = blob.size;
  let offset = o.bomLength;
  let partial = '';
  let rowsBefore = 0;
  const newline = parsedNewline(o.newline);
  // A legitimate multi-line cell is never this long; an unclosed quote would swallow the file.
  const maxPartial = o.chunkBytes * 4 + 1_000_000;
  // Bytes are read from the Blob in large slices (each read is an asynchronous round trip) and
  // parsed in small ones (so each slice's rows are short-lived garbage).
  const readBytes = Math.max(o.chunkBytes, READ_BYTES);
  let buffer: Uint8Array = new Uint8Array(0);
  let bufferStart = offset;
  while (offset < size) {
    o.signal?.throwIfAborted();
    if (offset >= bufferStart + buffer.length) {
      if (o.head && offset < o.head.length) buffer = o.head.subarray(offset);
      else buffer = new Uint8Array(await blob.slice(offset, Math.min(offset + readBytes, size)).arrayBuffer());
      bufferStart = offset;
    }
    const end = Math.min(offset + o.chunkBytes, bufferStart + buffer.length);
    const bytes = buffer.subarray(offset - bufferStart, end - bufferStart);
    offset = end;
    const last = offset >= size;
    let text: string;
    let fallbackRow: number | undefined;
    if (lines) {
      let whole = bytes;
      if (carry) {
        whole = new Uint8Array(carry.length + bytes.length);
        whole.set(carry);
        whole.set(bytes, carry.length);
      }
      const cut = last ? whole.length : wholeLines(whole);
      carry = cut < whole.length ? whole.slice(cut) : null;
      const decoded = decodeLines(whole.subarray(0, cut));
      text = partial + decoded.text;
      if (decoded.fallbackLine >= 0 && !fellBack) {
        fellBack = true;
        fallbackRow = rowsBefore + decoded.fallbackLine + 1;
      }
    } else text = partial + decoder.decode(bytes, { stream: !last });
    const result = new Papa.Parser({ delimiter: o.delimiter, newline }).parse(text, 0, !last) as Papa.ParseResult<string[]>;
    const rows = dropLineEndCr(result.data, o.newline);
    if (last) {
      partial = '';
      const missing = result.errors.find((e) => e.code === 'MissingQuotes');
      if (missing) throw new UnterminatedQuoteError(rowsBefore + rows.length - 1);
      if (rows.length > 0 && isEmptyLine(rows[rows.length - 1]!)) rows.pop();
    } else {
      partial = text.slice(result.meta.cursor);
      if (partial.length > maxPartial) throw new UnterminatedQuoteError(rowsBefore + rows.length);
    }
    rowsBefore += rows.length;
    yield fallbackRow === undefined ? { rows, bytesRead: offset } : { rows, bytesRead: offset, fallbackRow };
  }
}

const READ_BYTES = 4 * 1024 * 1024;

const isEmptyLine = (row: string[]) => row.length === 1 && row[0] === '';
