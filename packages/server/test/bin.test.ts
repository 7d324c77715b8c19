import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../src/bin.ts', import.meta.url));

test('codat-link-server --port 0 --db FILE prints its URL, serves, migrates the file and stops on SIGTERM', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'codat-link-bin-'));
  const db = join(dir, 'link.db');
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=source', bin, '--port', '0', '--db', db], {
    env: { ...process.env, CODAT_LINK_PARTNER_API_KEY: 'pk_bin_test_key', CODAT_LINK_PRODUCTION_API_KEY: 'pk_bin_live_key' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`no URL printed: ${out}`)), 15_000);
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
      child.once('exit', (code) => reject(new Error(`exited with ${code}: ${out}`)));
    });
    const health = await fetch(`${url}/healthz`);
    assert.equal(health.status, 200);
    const company = await fetch(`${url}/partner/v1/companies`, {
      method: 'POST',
      headers: { authorization: 'Bearer pk_bin_test_key', 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'From the CLI' }),
    });
    assert.equal(company.status, 201);
    assert.equal(((await company.json()) as { environment: string }).environment, 'sandbox', 'CODAT_LINK_PARTNER_API_KEY is the sandbox key');
    const live = await fetch(`${url}/partner/v1/companies`, { headers: { authorization: 'Bearer pk_bin_live_key' } });
    assert.deepEqual(await live.json(), { companies: [] }, 'CODAT_LINK_PRODUCTION_API_KEY sees production only');
    assert.ok(existsSync(db));
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  }
});
