/**
 * The e2e tests load the real drop-in bundle. It is rebuilt once per test run when any source it
 * is made from is newer than packages/elements/dist/cdn/codat-link.js.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const BUNDLE = join(ROOT, 'packages/elements/dist/cdn/codat-link.js');
const SOURCES = ['core', 'upload', 'adapter-http', 'elements'].map((name) => join(ROOT, 'packages', name, 'src'));

function newestIn(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestIn(path));
    else if (!/\.(test|stories)\.ts$/.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

let checked = false;

export function ensureBundle(): void {
  if (checked) return;
  const builtAt = existsSync(BUNDLE) ? statSync(BUNDLE).mtimeMs : 0;
  const stale = SOURCES.some((dir) => existsSync(dir) && newestIn(dir) > builtAt);
  if (stale) {
    const started = Date.now();
    const result = spawnSync('npm', ['run', '--silent', 'build', '--workspace', '@codat-link/elements'], { cwd: ROOT, stdio: 'inherit' });
    if (result.status !== 0 || !existsSync(BUNDLE)) throw new Error('Building the drop-in bundle failed (npm run build --workspace @codat-link/elements).');
    console.log(`# built the drop-in bundle in ${Math.round((Date.now() - started) / 1000)} s`);
  }
  checked = true;
}
