#!/usr/bin/env node
// `npm test`: typecheck, lint, Node tests, browser tests in Chromium, the bundle's size budgets,
// end-to-end tests, then one closing line `N passed, N failed` summing every suite.
// `node scripts/test.mjs node browser` runs only the named stages.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const results = join(root, '.test-results');
const SKIP_DIRS = new Set(['node_modules', 'dist', 'storybook-static', '.git']);

function walk(dir, accept, out = []) {
  if (!existsSync(dir)) return out;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP_DIRS.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, accept, out);
    else if (accept(path)) out.push(relative(root, path));
  }
  return out.sort();
}

function run(command, args, env = {}) {
  console.log(`\n$ ${[command, ...args].join(' ')}`);
  const child = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return child.status ?? 1;
}

function readCounts(file, status) {
  if (!existsSync(file)) return { passed: 0, failed: status === 0 ? 0 : 1, skipped: 0 };
  const lines = readFileSync(file, 'utf8').trim().split('\n').filter(Boolean);
  const counts = lines.map((line) => JSON.parse(line));
  const sum = (key) => counts.reduce((total, c) => total + (c[key] ?? 0), 0);
  const totals = { passed: sum('passed'), failed: sum('failed'), skipped: sum('skipped') };
  // A runner that exits non-zero with no failed test still failed (a crash, a compile error).
  if (status !== 0 && totals.failed === 0) totals.failed = 1;
  return totals;
}

function nodeTests(name, files, extraArgs = []) {
  if (files.length === 0) {
    console.log(`\n(${name}: no test files)`);
    return { passed: 0, failed: 0, skipped: 0 };
  }
  const out = join(results, `${name}.jsonl`);
  rmSync(out, { force: true });
  const status = run(process.execPath, [
    '--import',
    'tsx',
    '--conditions=source',
    '--test',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=./scripts/node-count-reporter.mjs',
    `--test-reporter-destination=${out}`,
    ...extraArgs,
    ...files,
  ]);
  return readCounts(out, status);
}

const STAGES = {
  typecheck() {
    const status = run('npx', ['tsc', '-p', 'tsconfig.check.json']);
    return { passed: status === 0 ? 1 : 0, failed: status === 0 ? 0 : 1 };
  },
  lint() {
    const status = run('npm', ['run', '--silent', 'lint']);
    return { passed: status === 0 ? 1 : 0, failed: status === 0 ? 0 : 1 };
  },
  node() {
    const isNodeTest = (p) => /\/test\/.*\.test\.ts$/.test(p) && !p.endsWith('.browser.test.ts');
    const files = [...walk(join(root, 'packages'), isNodeTest), ...walk(join(root, 'test', 'docs'), isNodeTest)];
    return nodeTests('node', files);
  },
  browser() {
    const out = join(results, 'browser.json');
    rmSync(out, { force: true });
    const status = run('npx', ['web-test-runner', '--config', 'web-test-runner.config.mjs'], { WTR_COUNT_FILE: out });
    return readCounts(out, status);
  },
  size() {
    // Builds the drop-in bundle (the end-to-end stage serves it too) and checks its budgets.
    const status = run('npm', ['run', '--silent', 'build', '--workspace', '@codat-link/elements']) || run('npm', ['run', '--silent', 'size']);
    return { passed: status === 0 ? 1 : 0, failed: status === 0 ? 0 : 1 };
  },
  e2e() {
    const files = walk(join(root, 'test', 'e2e'), (p) => p.endsWith('.e2e.ts'));
    return nodeTests('e2e', files, ['--test-concurrency=1']);
  },
};

const wanted = process.argv.slice(2);
const order = wanted.length > 0 ? wanted : Object.keys(STAGES);
mkdirSync(results, { recursive: true });
const summary = [];
for (const name of order) {
  const stage = STAGES[name];
  if (!stage) {
    console.error(`Unknown test stage "${name}". Stages: ${Object.keys(STAGES).join(', ')}`);
    process.exit(2);
  }
  const started = Date.now();
  const counts = stage();
  summary.push({ name, ...counts, seconds: Math.round((Date.now() - started) / 1000) });
}
console.log('\nSuite          passed  failed  skipped  seconds');
for (const s of summary) {
  console.log(
    `${s.name.padEnd(14)} ${String(s.passed).padStart(6)}  ${String(s.failed).padStart(6)}  ${String(s.skipped ?? 0).padStart(7)}  ${String(s.seconds).padStart(7)}`,
  );
}
const passed = summary.reduce((n, s) => n + s.passed, 0);
const failed = summary.reduce((n, s) => n + s.failed, 0);
const skipped = summary.reduce((n, s) => n + (s.skipped ?? 0), 0);
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed === 0 ? 0 : 1);
