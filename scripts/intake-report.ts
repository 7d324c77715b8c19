/**
 * `npm run intake:report [dir]`: reads every file of a folder (default: the intake corpus,
 * test/fixtures/intake/good) as the SDK would, without the customer's help, and prints per file the
 * platform detected, the records read and each mapped field with its confidence; last, how many files
 * need no correction and how many fields were mapped right.
 *
 * A file "needs no correction" when it is not refused, does not need review, and every required field
 * is mapped with the confidence that lets the upload step skip its mapping review (0.9). A field is
 * "auto-mapped" when it went to the column the corpus expects (files of the corpus), or, for a folder
 * of other files, when it was mapped with confidence 0.8 or more.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FIELDS, REQUIRED_ONE_OF, intake, type IntakeOptions, type IntakeResult } from '@codat-link/upload';
import { GOOD } from '../test/fixtures/intake/good-cases.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const dir = resolve(process.argv[2] ?? join(here, '../test/fixtures/intake/good'));
const SURE = 0.9;
const CHECKED = 0.8;

const cases = new Map(GOOD.map((c) => [c.file, c]));
const files = readdirSync(dir)
  .filter((f) => statSync(join(dir, f)).isFile() && !f.startsWith('.'))
  .sort();

/** A file of unknown kind: the reading that is not refused and gives the most records. */
async function read(file: string, bytes: Uint8Array): Promise<{ result: IntakeResult; options: IntakeOptions }> {
  const known = cases.get(file);
  if (known) return { result: await intake(new Blob([bytes as BlobPart]), known.options), options: known.options };
  let best: { result: IntakeResult; options: IntakeOptions } | null = null;
  for (const kind of ['bills', 'suppliers', 'supplierSpend'] as const) {
    const options: IntakeOptions = { kind };
    const result = await intake(new Blob([bytes as BlobPart]), options);
    const score = (r: IntakeResult) => (r.rejected ? -1 : r.records.length);
    if (!best || score(result) > score(best.result)) best = { result, options };
  }
  return best!;
}

function needsNoCorrection(result: IntakeResult): boolean {
  if (result.rejected || result.needsReview) return false;
  const sure = (key: string) =>
    (result.mapping[key]?.header ?? null) !== null && (result.mapping[key]!.source === 'override' || result.mapping[key]!.confidence >= SURE);
  const grouped = new Set(REQUIRED_ONE_OF[result.kind].flat());
  return (
    FIELDS[result.kind].filter((d) => d.required && !grouped.has(d.key)).every((d) => sure(d.key)) && REQUIRED_ONE_OF[result.kind].every((g) => g.some(sure))
  );
}

let clean = 0;
let fieldsRight = 0;
let fieldsAll = 0;
for (const file of files) {
  const { result, options } = await read(file, new Uint8Array(readFileSync(join(dir, file))));
  const expected = cases.get(file)?.mapping;
  const ok = needsNoCorrection(result);
  if (ok) clean += 1;
  const mapped = Object.entries(result.mapping).filter(([, m]) => m.header !== null);
  if (expected) {
    const entries = Object.entries(expected);
    fieldsAll += entries.length;
    fieldsRight += entries.filter(([field, header]) => result.mapping[field]?.header === header).length;
  } else {
    const missing = FIELDS[result.kind].filter((d) => d.required && !result.mapping[d.key]?.header).length;
    fieldsAll += mapped.length + missing;
    fieldsRight += mapped.filter(([, m]) => m.confidence >= CHECKED).length;
  }
  const platform = result.detected?.platform;
  const errors = result.issues.filter((i) => i.severity === 'error');
  console.log(
    `${ok ? '✓' : '✗'} ${basename(file)} — ${options.kind}, platform ${platform ? `${platform.name}${platform.evidence.length ? ' (detected)' : ''}` : 'not detected'}, ` +
      `${result.records.length} records${result.needsReview ? ', needs review' : ''}${errors.length ? `, ${errors.length} errors (${[...new Set(errors.map((e) => e.code))].join(', ')})` : ''}`,
  );
  console.log(
    `    ${mapped.map(([field, m]) => `${field} ← "${m.header}" ${m.confidence.toFixed(2)}${m.source === 'layout' || m.source === 'values' ? ` (${m.source})` : ''}`).join('; ')}`,
  );
}
console.log(`\n${clean}/${files.length} files read without correction, ${fieldsRight}/${fieldsAll} fields auto-mapped`);
