import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = fileURLToPath(new URL('../src', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

test('core touches no DOM and imports nothing from Node: it runs in a Worker, a page and a server alike', () => {
  const offenders: string[] = [];
  for (const file of sources(SRC)) {
    const code = readFileSync(file, 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\/\/.*$/gm, '')
      .replace(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g, "''");
    const found = code.match(/\b(window|document|sessionStorage|localStorage|navigator|HTMLElement)\b|from 'node:/g);
    if (found) offenders.push(`${file.slice(SRC.length + 1)}: ${[...new Set(found)].join(', ')}`);
  }
  assert.deepEqual(offenders, []);
});
