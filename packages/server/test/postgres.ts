/**
 * A throwaway PostgreSQL cluster for tests: `initdb` in a temporary folder, `pg_ctl start` on a
 * free port of 127.0.0.1, one fresh database per caller, and everything removed at the end. Run
 * as root, PostgreSQL's tools run as the `postgres` user (the server refuses to run as root).
 * Where no cluster can start (no PostgreSQL installed, no `postgres` user…), `startPostgres`
 * answers the reason instead, for the tests to report as skipped: never as passed.
 * `CODAT_LINK_TEST_POSTGRES=off` skips them on purpose.
 */
import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface PostgresCluster {
  /** A new, empty database on the cluster: its `postgres://` URL. */
  createDatabase(): Promise<string>;
  stop(): void;
}

export type Started = { cluster: PostgresCluster; skip?: undefined } | { cluster?: undefined; skip: string };

/** initdb's folder: on PATH, or Debian's /usr/lib/postgresql/<version>/bin. */
function binDir(): string | undefined {
  const onPath = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
  if (onPath.status === 0 && onPath.stdout.trim()) {
    // Debian's /usr/bin wrappers need a cluster config; the real binaries sit beside postgres.
    const real = spawnSync('sh', ['-c', 'readlink -f "$(command -v initdb)"'], { encoding: 'utf8' }).stdout.trim();
    const dir = real.slice(0, real.lastIndexOf('/'));
    if (existsSync(join(dir, 'pg_ctl')) && existsSync(join(dir, 'postgres'))) return dir;
  }
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function startPostgres(): Promise<Started> {
  if (process.env['CODAT_LINK_TEST_POSTGRES'] === 'off') return { skip: 'CODAT_LINK_TEST_POSTGRES=off' };
  const bin = binDir();
  if (!bin) return { skip: 'PostgreSQL is not installed (no initdb on PATH or in /usr/lib/postgresql/*/bin); `apt-get install -y postgresql`' };
  const root = process.getuid?.() === 0;
  let uid: number | undefined;
  let gid: number | undefined;
  if (root) {
    const id = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const group = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    if (id.status !== 0) return { skip: 'running as root and there is no `postgres` user to run PostgreSQL as' };
    uid = Number(id.stdout.trim());
    gid = Number(group.stdout.trim());
  }
  const as = (command: string, args: string[]) =>
    root
      ? spawnSync('runuser', ['-u', 'postgres', '--', join(bin, command), ...args], { encoding: 'utf8' })
      : spawnSync(join(bin, command), args, { encoding: 'utf8' });

  const dir = mkdtempSync(join(tmpdir(), 'codat-link-pg-'));
  const data = join(dir, 'data');
  if (uid !== undefined && gid !== undefined) chownSync(dir, uid, gid);
  const remove = () => rmSync(dir, { recursive: true, force: true });

  const init = as('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync']);
  if (init.status !== 0) {
    remove();
    return { skip: `initdb failed: ${(init.stderr || init.stdout || String(init.error)).trim().split('\n').slice(-3).join(' ')}` };
  }
  const port = await freePort();
  // Durability off: a test cluster is thrown away, and fsync would dominate every commit.
  const settings = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  const log = join(dir, 'server.log');
  const start = as('pg_ctl', ['-D', data, '-o', settings, '-l', log, '-w', '-t', '30', 'start']);
  if (start.status !== 0) {
    const tail = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').slice(-3).join(' ') : start.stderr.trim();
    remove();
    return { skip: `pg_ctl start failed: ${tail}` };
  }

  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    process.off('exit', stop);
    as('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    remove();
  };
  // A test process that dies still stops its cluster.
  process.on('exit', stop);

  const base = `postgres://postgres@127.0.0.1:${port}`;
  let made = 0;
  const createDatabase = async (): Promise<string> => {
    const name = `t${process.pid}_${++made}`;
    const client = new pg.Client({ connectionString: `${base}/postgres` });
    await client.connect();
    try {
      await client.query(`CREATE DATABASE ${name}`);
    } finally {
      await client.end();
    }
    return `${base}/${name}`;
  };
  return { cluster: { createDatabase, stop } };
}
