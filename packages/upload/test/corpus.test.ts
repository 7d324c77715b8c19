import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { intake, validateRecords } from '@codat-link/upload';
import { GOOD } from '../../../test/fixtures/intake/good-cases.js';
import { BAD } from '../../../test/fixtures/intake/bad-cases.js';

const fixture = (dir: string, file: string) => new Blob([readFileSync(new URL(`../../../test/fixtures/intake/${dir}/${file}`, import.meta.url))]);

describe('good corpus: realistic ERP exports', () => {
  for (const c of GOOD) {
    test(c.file, async () => {
      let suppliers: Record<string, unknown>[] | undefined;
      if (c.suppliersFrom) {
        const source = GOOD.find((g) => g.file === c.suppliersFrom)!;
        suppliers = (await intake(fixture('good', source.file), source.options)).records;
      }
      const result = await intake(fixture('good', c.file), { ...c.options, ...(suppliers ? { suppliers } : {}) });
      const d = result.detected!;
      assert.deepEqual({ format: d.format, encoding: d.encoding, delimiter: d.delimiter, headerRow: d.headerRow }, c.detected);
      const mapped = Object.fromEntries(
        Object.entries(result.mapping)
          .filter(([, m]) => m.header !== null)
          .map(([k, m]) => [k, m.header]),
      );
      assert.deepEqual(mapped, c.mapping);
      if (c.platform) assert.equal(d.platform?.key, c.platform, `platform of ${c.file}`);
      assert.equal(result.needsReview, c.needsReview ?? false, 'needsReview');
      assert.equal(result.records.length, c.records, JSON.stringify(result.issues, null, 1));
      for (const [at, expected] of Object.entries(c.expect)) {
        const index = Number(at) < 0 ? result.records.length + Number(at) : Number(at);
        assert.deepEqual(result.records[index], expected, `record ${at}`);
      }
      const codes = new Set(result.issues.map((i) => i.code));
      for (const code of c.codes ?? []) assert.ok(codes.has(code as never), `expected ${code}, got ${[...codes].join(', ')}`);
      const errors = result.issues.filter((i) => i.severity === 'error');
      assert.deepEqual(errors, []);
      assert.equal(result.rejected, false);
      // Whatever intake accepts, the server-side validation accepts too.
      assert.deepEqual(
        validateRecords(c.options.kind, result.records).filter((i) => i.severity === 'error'),
        [],
      );
    });
  }
});

describe('bad corpus: refused files', () => {
  for (const c of BAD) {
    test(`${c.file} → ${c.code}`, async () => {
      const result = await intake(fixture('bad', c.file), c.options);
      const issue = result.issues.find((i) => i.code === c.code);
      assert.ok(issue, `expected ${c.code}, got ${result.issues.map((i) => i.code).join(', ')}`);
      assert.equal(issue.severity, 'error');
      assert.ok(issue.message.length > 10);
      assert.deepEqual(result.records, []);
      assert.equal(result.rejected, c.fileLevel);
      if (c.fileLevel) assert.equal(issue.row, null);
    });
  }
});

test('the committed corpus is what generate.ts writes (fixtures and expectations stay in step)', async () => {
  for (const [dir, cases] of [
    ['good', GOOD],
    ['bad', BAD],
  ] as const) {
    for (const c of cases) {
      const onDisk = new Uint8Array(readFileSync(new URL(`../../../test/fixtures/intake/${dir}/${c.file}`, import.meta.url)));
      assert.deepEqual(Buffer.from(await c.build()).equals(Buffer.from(onDisk)), true, `${dir}/${c.file}`);
    }
  }
  // At least 40 exports from at least 15 platforms.
  assert.ok(GOOD.length >= 40 && BAD.length >= 30, `${GOOD.length} good files`);
  assert.ok(new Set(GOOD.map((c) => c.platform).filter(Boolean)).size >= 15);
});
