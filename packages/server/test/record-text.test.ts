import assert from 'node:assert/strict';
import { test } from 'node:test';
import { recordsArrayText } from '../src/record-text.js';

test('the records array text is found wherever the member is, and only for a compact array of flat objects', () => {
  const cases: [string, string | undefined][] = [
    ['{"records":[]}', '[]'],
    ['{"records":[{}]}', '[{}]'],
    ['{"totalBatches":2,"records":[{"a":1,"b":"x"}],"batchIndex":0}', '[{"a":1,"b":"x"}]'],
    ['{ "records" : [{"a":1}] }', '[{"a":1}]'],
    ['{"records":[{"a":-1.50e3,"b":null,"c":true}]}', '[{"a":-1.50e3,"b":null,"c":true}]'],
    // Whitespace inside, a nested value, or elements that are not objects: serialized again instead.
    ['{"records":[{"a": 1}]}', undefined],
    ['{"records":[ {"a":1}]}', undefined],
    ['{"records":[{"a":{"b":1}}]}', undefined],
    ['{"records":[{"a":[1]}]}', undefined],
    ['{"records":[1,2]}', undefined],
    ['{"records":5}', undefined],
    ['[{"records":[{"a":1}]}]', undefined],
    // Quotes, brackets and backslashes inside strings do not end anything.
    ['{"records":[{"a":"x\\"]}"}],"b":1}', '[{"a":"x\\"]}"}]'],
    ['{"x":["\\\\","]"],"records":[{"a":"\\\\"}]}', '[{"a":"\\\\"}]'],
    ['{"x":{"records":[{"a":1}]},"records":[{"b":2}]}', '[{"b":2}]'],
    // An escaped key is the key it spells; the last `records` wins, as in JSON.parse.
    ['{"rec\\u006frds":[{"a":1}]}', '[{"a":1}]'],
    ['{"records":[{"a":1}],"records":[{"b":2}]}', '[{"b":2}]'],
    ['{"records":[{"a":1}],"records":5}', undefined],
  ];
  for (const [text, expected] of cases) {
    const parsed = JSON.parse(text) as { records?: unknown };
    const found = recordsArrayText(text);
    assert.equal(found, expected, text);
    if (found !== undefined) assert.deepEqual(JSON.parse(found), parsed.records, `${text}: the text parses to the parsed records`);
  }
});

test('long and hostile bodies are scanned in linear time', () => {
  const timed = (text: string) => {
    const started = performance.now();
    const found = recordsArrayText(text);
    return { found, ms: performance.now() - started };
  };
  // 400,000 strings before the records, a backslash at the very end: no rescan per string.
  const many = timed(`{"x":[${Array(400_000).fill('"a"').join(',')},"\\\\"],"records":[{"a":1}]}`);
  assert.equal(many.found, '[{"a":1}]');
  // 10,000 flat records, then one that is not: the expression gives up without blowing up.
  const failing = timed(JSON.stringify({ records: [...Array<unknown>(10_000).fill({ a: 'x', b: 1, c: 'y' }), { a: { n: 1 } }] }));
  assert.equal(failing.found, undefined);
  // 5 MB of records (above the body limit) in one array.
  const record = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${i}`, 'v'.repeat(10)]));
  const big = timed(JSON.stringify({ records: Array<unknown>(10_000).fill(record) }));
  assert.equal(big.found?.length, JSON.stringify(Array<unknown>(10_000).fill(record)).length);
  // Generous bounds (about 50 ms each on the development machine): a quadratic scan takes minutes.
  for (const { ms } of [many, failing, big]) assert.ok(ms < 2_000, `${ms} ms`);
});
