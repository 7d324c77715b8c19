/**
 * `npm start`: serves the demo partner site, which embeds the drop-in `<codat-link>` bundle
 * built into packages/elements/dist/cdn.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.csv': 'text/csv; charset=utf-8',
};

const publicDir = fileURLToPath(new URL('../public/', import.meta.url));
const cdnDir = fileURLToPath(new URL('../../elements/dist/cdn/', import.meta.url));

/** Maps a URL path to a file under one of the served folders, never outside them. */
function resolveFile(pathname: string): string | undefined {
  const [base, rest] = pathname.startsWith('/cdn/') ? [cdnDir, pathname.slice(5)] : [publicDir, pathname.slice(1) || 'index.html'];
  const path = normalize(join(base, decodeURIComponent(rest)));
  if (!path.startsWith(base.endsWith(sep) ? base : base + sep)) return undefined;
  return existsSync(path) && statSync(path).isFile() ? path : undefined;
}

const port = Number(process.env.PORT ?? 8000);
const host = process.env.HOST ?? '127.0.0.1';

const server = createServer((request, response) => {
  const { pathname } = new URL(request.url ?? '/', `http://${host}`);
  const file = resolveFile(pathname);
  if (!file) {
    response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
    return;
  }
  response.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self'; require-trusted-types-for 'script'",
    'x-content-type-options': 'nosniff',
  });
  createReadStream(file).pipe(response);
});

server.listen(port, host, () => {
  console.log(`Demo partner site: http://${host}:${port}/`);
});
