/**
 * The JSON body parser: Fastify's own (with its prototype-poisoning guard), behind a strict UTF-8
 * decoder, then a check that no string holds a NUL or an unpaired surrogate. Node would otherwise
 * turn invalid bytes into U+FFFD silently, and the store would keep text no export can write back.
 */
import type { FastifyInstance } from 'fastify';
import { ApiError } from './errors.js';
import { keepRecordsText } from './record-text.js';

const decoder = new TextDecoder('utf-8', { fatal: true });
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/**
 * In a JSON text that decoded as strict UTF-8, a NUL or a surrogate can only arrive as a `\u`
 * escape: JSON refuses raw control characters, and the fatal decoder refuses encoded surrogates.
 * A body without such an escape (nearly every batch) is not walked string by string. A `\\u0000`
 * (an escaped backslash, then text) also matches: it is walked, and passes.
 */
const SUSPECT_ESCAPE = /\\u(?:0000|[dD][89a-fA-F])/;

/** The first string (or key) in `value` with a NUL or an unpaired surrogate, if any. */
function badText(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000') || UNPAIRED_SURROGATE.test(value);
  if (Array.isArray(value)) return value.some(badText);
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) if (badText(key) || badText(item)) return true;
  }
  return false;
}

export function installJsonParser(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    let text: string;
    try {
      text = decoder.decode(body as Buffer);
    } catch {
      done(new ApiError('malformed_json', undefined, 'The request body is not valid UTF-8.'), undefined);
      return;
    }
    void parseJson(request, text, (error, parsed) => {
      if (error) return done(error, undefined);
      if (SUSPECT_ESCAPE.test(text) && badText(parsed))
        return done(new ApiError('invalid_request', undefined, 'Text must not contain NUL characters or unpaired surrogates.'), undefined);
      keepRecordsText(parsed, text);
      done(null, parsed);
    });
  });
}
