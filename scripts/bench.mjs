#!/usr/bin/env node
// `npm run bench`: runs every test/bench/*.bench.ts in its own Node process, one after another
// (benchmarks share two cores badly), and fails when one does. Each prints its own figures,
// as ratios against a baseline measured in the same run. `npm run bench -- intake` runs the
// files whose name contains "intake".
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = join(root, 'test', 'bench');
const filter = process.argv[2] ?? '';
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts') && f.includes(filter))
  .sort();
if (files.length === 0) {
  console.error(`No benchmark matches "${filter}" in test/bench.`);
  process.exit(1);
}
let failed = 0;
for (const file of files) {
  console.log(`\n=== ${file}`);
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--conditions=source', '--expose-gc', '--max-old-space-size=8192', join(dir, file)], {
    cwd: root,
    stdio: 'inherit',
  });
  if (child.status !== 0) failed += 1;
}
process.exit(failed === 0 ? 0 : 1);
