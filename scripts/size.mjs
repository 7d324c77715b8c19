#!/usr/bin/env node
// `npm run size`: min+gzip bytes of the drop-in entry and of each lazy chunk of the built bundle,
// checked against size-budgets.json. Run `npm run build` first.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { init, parse } from 'es-module-lexer';

const root = fileURLToPath(new URL('..', import.meta.url));
const budgets = JSON.parse(readFileSync(join(root, 'size-budgets.json'), 'utf8'));
const dir = join(root, budgets.dir);
if (!existsSync(join(dir, budgets.entry.file))) {
  console.error(`No ${budgets.dir}/${budgets.entry.file}: run \`npm run build\` first.`);
  process.exit(1);
}

function scripts(folder) {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return scripts(path);
    return entry.name.endsWith('.js') ? [path] : [];
  });
}

const gzipped = (path) => gzipSync(readFileSync(path), { level: 9 }).length;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const problems = [];
const rows = [];

/**
 * The entry and every chunk it imports statically: what the browser must fetch before the element
 * can run at all. Dynamic `import()`s are left out; they load when a step needs them.
 */
async function staticClosure(entry) {
  await init;
  const seen = new Set();
  const visit = (path) => {
    if (seen.has(path)) return;
    seen.add(path);
    const [imports] = parse(readFileSync(path, 'utf8'));
    for (const found of imports) {
      // es-module-lexer 2 names the kind of import; dynamic ones load later, on demand.
      if (found.type !== 'static' || !found.specifier?.startsWith('.')) continue;
      visit(join(path, '..', found.specifier));
    }
  };
  visit(entry);
  return [...seen];
}

const entryPath = join(dir, budgets.entry.file);
const closure = await staticClosure(entryPath);
const entryBytes = closure.reduce((total, path) => total + gzipped(path), 0);
rows.push({ file: `${budgets.entry.file} + ${closure.length - 1} static imports`, kind: 'entry', bytes: entryBytes, max: budgets.entry.maxBytes });

const mapPath = `${entryPath}.map`;
if (existsSync(mapPath)) {
  const sources = JSON.parse(readFileSync(mapPath, 'utf8')).sources ?? [];
  for (const forbidden of budgets.entryMustNotBundle ?? []) {
    const found = sources.filter((source) => source.includes(forbidden));
    if (found.length > 0) problems.push(`the entry bundles ${forbidden} (${found.length} modules); it belongs in a lazy chunk`);
  }
} else {
  problems.push(`no source map beside the entry (${relative(root, mapPath)}), so its contents cannot be checked`);
}

for (const path of scripts(dir)) {
  if (closure.includes(path)) continue;
  const file = relative(dir, path);
  const budget = budgets.chunks.find((b) => new RegExp(b.match).test(file));
  rows.push({ file, kind: 'lazy', bytes: gzipped(path), max: budget?.maxBytes ?? Infinity });
}

console.log('file'.padEnd(52), 'kind'.padEnd(6), 'min+gzip'.padStart(10), 'budget'.padStart(10));
for (const row of rows) {
  const over = row.bytes > row.max;
  if (over) problems.push(`${row.file} is ${kb(row.bytes)}, over its budget of ${kb(row.max)}`);
  console.log(row.file.padEnd(52), row.kind.padEnd(6), kb(row.bytes).padStart(10), kb(row.max).padStart(10), over ? ' OVER' : '');
}
if (problems.length > 0) {
  console.error(`\nSize check failed:\n- ${problems.join('\n- ')}`);
  process.exit(1);
}
const target = budgets.entry.targetBytes;
if (target && entryBytes > target) {
  console.log(`\nThe first screen is ${kb(entryBytes)}, above its ${kb(target)} target (the budget above only stops it from growing).`);
}
console.log(`\nSize check passed: entry ${kb(entryBytes)} of ${kb(budgets.entry.maxBytes)}, ${rows.length - 1} lazy chunks.`);
