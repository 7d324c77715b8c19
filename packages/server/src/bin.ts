#!/usr/bin/env node
/**
 * `codat-link-server --port 8787 --db ./link.db [--origin https://partner.example]...`
 * Secrets come from the environment, never the command line (which `ps` shows):
 * CODAT_LINK_PARTNER_API_KEY and CODAT_LINK_PORTAL_CREDENTIAL (`user:password`), and
 * DATABASE_URL (`postgres://user:password@host/db`), used when `--db` is not given.
 */
import { parseArgs } from 'node:util';
import { startServer } from './app.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8787' },
    host: { type: 'string', default: '127.0.0.1' },
    /** A SQLite file, `:memory:` or a `postgres://` URL; DATABASE_URL otherwise, then codat-link.db. */
    db: { type: 'string' },
    origin: { type: 'string', multiple: true, default: [] },
    'public-url': { type: 'string' },
    /** The reverse proxy's address or CIDR (repeatable), or `true`: client addresses come from X-Forwarded-For. */
    'trust-proxy': { type: 'string', multiple: true, default: [] },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  console.log('Usage: codat-link-server [--port 8787] [--host 127.0.0.1] [--db FILE|:memory:|postgres://…] [--origin URL]... [--public-url URL] [--trust-proxy ADDRESS|CIDR|true]...');
  console.log('Environment: CODAT_LINK_PARTNER_API_KEY, CODAT_LINK_PORTAL_CREDENTIAL (user:password), DATABASE_URL (when --db is not given)');
  process.exit(0);
}

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a port number, got "${values.port}"`);
  process.exit(2);
}

const proxies = values['trust-proxy'];
const trustProxy = proxies.length === 0 ? false : proxies.includes('true') ? true : proxies;

const server = await startServer({
  trustProxy,
  port,
  host: values.host,
  db: values.db ?? process.env['DATABASE_URL'] ?? 'codat-link.db',
  allowedOrigins: values.origin,
  ...(values['public-url'] ? { publicUrl: values['public-url'] } : {}),
  ...(process.env['CODAT_LINK_PARTNER_API_KEY'] ? { partnerApiKey: process.env['CODAT_LINK_PARTNER_API_KEY'] } : {}),
  ...(process.env['CODAT_LINK_PORTAL_CREDENTIAL'] ? { portalCredential: process.env['CODAT_LINK_PORTAL_CREDENTIAL'] } : {}),
  logger: process.env['CODAT_LINK_LOG'] === '1',
});
console.log(`codat-link-server listening on ${server.url}`);
if (!process.env['CODAT_LINK_PARTNER_API_KEY']) console.log('No CODAT_LINK_PARTNER_API_KEY set: the partner API refuses every call.');

const stop = () => {
  void server.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
