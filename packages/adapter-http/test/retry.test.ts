import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { backoffDelay, codeForStatus, isRetryableStatus, parseRetryAfter, retryDelay } from '../src/index.js';

test('backoff is full jitter: anywhere from 0 to a ceiling that doubles per attempt, under its cap', () => {
  const options = { baseMs: 100, maxMs: 1000 };
  assert.equal(
    backoffDelay(0, options, () => 0),
    0,
  );
  assert.equal(
    backoffDelay(0, options, () => 0.5),
    50,
  );
  assert.equal(
    backoffDelay(0, options, () => 1),
    100,
  );
  assert.equal(
    backoffDelay(3, options, () => 1),
    800,
  );
  assert.equal(
    backoffDelay(10, options, () => 1),
    1000,
  );
  const spread = new Set(Array.from({ length: 20 }, () => backoffDelay(2, options)));
  assert.ok(spread.size > 1, 'jitter spreads retries');
});

test('after a Retry-After, clients come back spread over a window, never before it', () => {
  const options = { baseMs: 100, maxMs: 1000 };
  assert.equal(
    retryDelay(0, 2000, options, () => 0),
    2000,
  );
  assert.equal(
    retryDelay(0, 2000, options, () => 1),
    2100,
  );
  assert.equal(
    retryDelay(5, 2000, options, () => 1),
    3000,
  );
  assert.equal(
    retryDelay(1, undefined, options, () => 1),
    200,
    'without Retry-After, the backoff alone',
  );
});

test('Retry-After as seconds or as an HTTP date', () => {
  assert.equal(parseRetryAfter('3'), 3000);
  assert.equal(parseRetryAfter(null), undefined);
  assert.equal(parseRetryAfter('soon'), undefined);
  const now = Date.parse('2026-11-24T12:00:00Z');
  assert.equal(parseRetryAfter('Tue, 24 Nov 2026 12:00:05 GMT', now), 5000);
  assert.equal(parseRetryAfter('Tue, 24 Nov 2026 11:00:00 GMT', now), 0);
});

test('HTTP statuses map to the shared error codes', () => {
  assert.deepEqual([400, 401, 404, 408, 409, 413, 422, 429, 500, 503, 418].map(codeForStatus), [
    'bad_request',
    'unauthorized',
    'not_found',
    'timeout',
    'conflict',
    'payload_too_large',
    'validation_failed',
    'rate_limited',
    'server_error',
    'server_error',
    'unknown',
  ]);
});

test('retried: 408, 429 and 5xx but 501 and 505 (the server will never do it); not other 4xx', () => {
  assert.deepEqual([408, 429, 500, 502, 503, 504].filter(isRetryableStatus), [408, 429, 500, 502, 503, 504]);
  assert.deepEqual([400, 401, 404, 409, 413, 422, 501, 505].filter(isRetryableStatus), []);
});

test('the adapter runs in a browser: no Node built-ins, no process, no Buffer', () => {
  const dir = new URL('../src/', import.meta.url);
  for (const file of readdirSync(dir)) {
    const source = readFileSync(new URL(file, dir), 'utf8');
    assert.doesNotMatch(source, /from ['"]node:|require\(|\bprocess\.|\bBuffer\b/, file);
  }
});
