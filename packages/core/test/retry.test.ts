import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LinkError, withRetry } from '@codat-link/core';

function failing(codes: Array<LinkError['code']>) {
  let calls = 0;
  const call = async () => {
    const code = codes[calls++];
    if (code) throw new LinkError(code);
    return 'ok';
  };
  return { call, calls: () => calls };
}

test('transient failures are retried with exponential backoff', async () => {
  const f = failing(['network_error', 'rate_limited']);
  const started = Date.now();
  assert.equal(await withRetry(f.call, { maxAttempts: 3, baseDelayMs: 20 }, new AbortController().signal, 'en'), 'ok');
  assert.equal(f.calls(), 3);
  assert.ok(Date.now() - started >= 55, 'waited 20 ms then 40 ms');
});

test('a failure that is not transient is not retried; the last transient one surfaces after maxAttempts', async () => {
  const fatal = failing(['validation_failed']);
  await assert.rejects(withRetry(fatal.call, { maxAttempts: 3, baseDelayMs: 0 }, new AbortController().signal, 'en'), { code: 'validation_failed' });
  assert.equal(fatal.calls(), 1);
  const flaky = failing(['server_error', 'server_error', 'timeout']);
  await assert.rejects(withRetry(flaky.call, { maxAttempts: 3, baseDelayMs: 0 }, new AbortController().signal, 'fr'), { code: 'timeout' });
  assert.equal(flaky.calls(), 3);
});

test('aborting during the backoff stops retrying', async () => {
  const f = failing(['server_error', 'server_error']);
  const controller = new AbortController();
  const pending = withRetry(f.call, { maxAttempts: 3, baseDelayMs: 1000 }, controller.signal, 'en');
  setTimeout(() => controller.abort(), 10);
  await assert.rejects(pending, { code: 'aborted' });
  assert.equal(f.calls(), 1);
});
