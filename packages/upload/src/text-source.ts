/**
 * Reads a Blob as text rows, one slice at a time: only the slice being parsed and the unfinished
 * last line of the previous one are held. Works wherever Blob, TextDecoder and papaparse do
 * (Node ≥ 20, browsers, workers).
 */
import Papa from 'papaparse';
import { dropLineEndCr, parsedNewline, type Newline } from './detect.js';
import type { TextEncoding } from './types.js';

export class UnterminatedQuoteError extends Error {
  constructor(readonly rowIndex: number) {
    super('unterminated quote');
  }
}

/** Thrown when bytes guessed as UTF-8 turn out not to be, further down the file. */
export class NotUtf8Error extends Error {}

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
}

export async function* readTextRows(blob: Blob, o: TextRowsOptions): AsyncGenerator<TextChunk> {
  const decoder = new TextDecoder(o.encoding, { fatal: o.encoding === 'utf-8', ignoreBOM: true });
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
    let text: string;
    try {
      text = partial + decoder.decode(bytes, { stream: offset < size });
    } catch {
      throw new NotUtf8Error('not utf-8');
    }
    const last = offset >= size;
    const result = new Papa.Parser({ delimiter: o.delimiter, newline }).parse(text, 0, !last);
    const rows = dropLineEndCr(result.data as string[][], o.newline);
    if (last) {
      partial = '';
      const missing = (result.errors as { code: string; row: number }[]).find((e) => e.code === 'MissingQuotes');
      if (missing) throw new UnterminatedQuoteError(rowsBefore + rows.length - 1);
      if (rows.length > 0 && isEmptyLine(rows[rows.length - 1]!)) rows.pop();
    } else {
      partial = text.slice(result.meta.cursor as number);
      if (partial.length > maxPartial) throw new UnterminatedQuoteError(rowsBefore + rows.length);
    }
    rowsBefore += rows.length;
    yield { rows, bytesRead: offset };
  }
}

const READ_BYTES = 4 * 1024 * 1024;

const isEmptyLine = (row: string[]) => row.length === 1 && row[0] === '';
