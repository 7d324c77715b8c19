/**
 * A batch's records are stored as one JSON array. A batch arrives as JSON text, so instead of
 * serializing its parsed records again, the store keeps the array's own text from the request
 * body: the body parser finds the top-level `records` member and, when its value is a compact
 * array of flat objects (what every valid batch is), remembers that span of text for the parsed
 * array. Anything else (whitespace between tokens, a nested value) is serialized again, and
 * refused by the record checks if it is not a record.
 *
 * The kept text parses to exactly the parsed records: it is the text they were parsed from. It can
 * differ from `JSON.stringify` only in how a number or an escaped character is written (`1.50`,
 * `\u00e9`).
 */

const kept = new WeakMap<object, string>();

/**
 * `[` then compact flat objects, `,`-separated, then `]`: each member a string key and a string or
 * bare scalar (a number, true, false or null; `JSON.parse` has already checked the text). Written
 * so that each character has one way to match: no backtracking blow-up on a long array.
 */
const STRING = String.raw`"[^"\\]*(?:\\.[^"\\]*)*"`;
const MEMBER = String.raw`${STRING}:(?:${STRING}|[^"{}\[\],:\s]+)`;
const OBJECT = String.raw`\{(?:${MEMBER}(?:,${MEMBER})*)?\}`;
const FLAT_ARRAY = new RegExp(String.raw`\[(?:${OBJECT}(?:,${OBJECT})*)?\]`, 'y');

/** Whether FLAT_ARRAY matches at its lastIndex; a regular expression too deep for the engine's stack says no. */
function flatArrayAt(text: string): boolean {
  try {
    return FLAT_ARRAY.test(text);
  } catch {
    return false;
  }
}

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

function skipSpace(text: string, i: number): number {
  while (isSpace(text.charCodeAt(i))) i++;
  return i;
}

/**
 * From the opening quote at `i`, the index after the closing one: the first quote after an even
 * run of backslashes. Linear in the string's length, whatever follows it.
 */
function skipString(text: string, i: number): number {
  for (let j = i + 1; ;) {
    const quote = text.indexOf('"', j);
    let slashes = 0;
    while (text.charCodeAt(quote - 1 - slashes) === 0x5c) slashes++;
    if (slashes % 2 === 0) return quote + 1;
    j = quote + 1;
  }
}

/** From the first character of any value at `i`, the index after it. */
function skipValue(text: string, i: number): number {
  const first = text[i];
  if (first === '"') return skipString(text, i);
  if (first !== '{' && first !== '[') {
    let j = i + 1;
    while (j < text.length && !',}] \n\r\t'.includes(text[j]!)) j++;
    return j;
  }
  let depth = 0;
  for (let j = i; ; j++) {
    const c = text[j];
    if (c === '"') j = skipString(text, j) - 1;
    else if (c === '{' || c === '[') depth++;
    else if ((c === '}' || c === ']') && --depth === 0) return j + 1;
  }
}

/**
 * In a JSON text that `JSON.parse` accepted, the text of the top-level object's `records` member
 * (the last one, as `JSON.parse` keeps the last) when it is a compact array of flat objects.
 */
export function recordsArrayText(text: string): string | undefined {
  let i = skipSpace(text, 0);
  if (text[i] !== '{') return undefined;
  i = skipSpace(text, i + 1);
  let found: string | undefined;
  while (text[i] === '"') {
    const keyEnd = skipString(text, i);
    const raw = text.slice(i + 1, keyEnd - 1);
    const key = raw.includes('\\') ? (JSON.parse(text.slice(i, keyEnd)) as string) : raw;
    i = skipSpace(text, skipSpace(text, keyEnd) + 1); // past the colon
    let end: number;
    FLAT_ARRAY.lastIndex = i;
    if (key === 'records' && flatArrayAt(text)) {
      end = FLAT_ARRAY.lastIndex;
      found = text.slice(i, end);
    } else {
      if (key === 'records') found = undefined;
      end = skipValue(text, i);
    }
    i = skipSpace(text, end);
    if (text[i] === ',') i = skipSpace(text, i + 1);
  }
  return found;
}

/** After `JSON.parse(text)` gave `parsed`: remembers the text of its `records` array, for `recordsText`. */
export function keepRecordsText(parsed: unknown, text: string): void {
  const records = typeof parsed === 'object' && parsed !== null ? (parsed as { records?: unknown }).records : undefined;
  if (!Array.isArray(records)) return;
  const found = recordsArrayText(text);
  if (found !== undefined) kept.set(records, found);
}

/** The JSON text the `records` array of a parsed request body came in, when the body parser kept it. */
export function recordsText(body: unknown): string | undefined {
  const records = typeof body === 'object' && body !== null ? (body as { records?: unknown }).records : undefined;
  return typeof records === 'object' && records !== null ? kept.get(records) : undefined;
}
