#!/usr/bin/env node
/**
 * `codat-link-server --port 8787 --db ./link.db [--origin https://partner.example]...`
 * Secrets come from the environment, never the command line (which `ps` shows):
 * CODAT_LINK_SANDBOX_API_KEY and CODAT_LINK_PRODUCTION_API_KEY (the partner API keys of the two
 * environments; CODAT_LINK_PARTNER_API_KEY is the sandbox key when CODAT_LINK_SANDBOX_API_KEY is
 * not set), CODAT_LINK_ADMIN_EMAIL and CODAT_LINK_ADMIN_PASSWORD (the portal's first admin, created
 * or reset at start; at least 12 characters), and
 * DATABASE_URL (`postgres://user:password@host/db`), used when `--db` is not given.
 * E-mail goes through SMTP when CODAT_LINK_SMTP_HOST is set (CODAT_LINK_SMTP_PORT, _SECURE=1,
 * _REQUIRE_TLS=1, _USER, _PASSWORD, CODAT_LINK_MAIL_FROM); without it, to the local outbox the
 * portal shows. --partner-name and --partner-logo brand the request e-mail.
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
    'partner-name': { type: 'string' },
    'partner-logo': { type: 'string' },
    /** Development only: webhook endpoints may be http: and on this machine or the local network. */
    'allow-local-webhooks': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  console.log(
    'Usage: codat-link-server [--port 8787] [--host 127.0.0.1] [--db FILE|:memory:|postgres://…] [--origin URL]... [--public-url URL] [--trust-proxy ADDRESS|CIDR|true]...',
  );
  console.log('       [--partner-name NAME] [--partner-logo URL] [--allow-local-webhooks]');
  console.log('Environment: CODAT_LINK_SANDBOX_API_KEY (or CODAT_LINK_PARTNER_API_KEY), CODAT_LINK_PRODUCTION_API_KEY,');
  console.log('             DATABASE_URL (when --db is not given),');
  console.log("             CODAT_LINK_ADMIN_EMAIL and CODAT_LINK_ADMIN_PASSWORD (the portal's first admin, 12 characters at least)");
  console.log('E-mail: CODAT_LINK_SMTP_HOST, CODAT_LINK_SMTP_PORT, CODAT_LINK_SMTP_SECURE=1, CODAT_LINK_SMTP_REQUIRE_TLS=1,');
  console.log("        CODAT_LINK_SMTP_USER, CODAT_LINK_SMTP_PASSWORD, CODAT_LINK_MAIL_FROM (none: the portal's local outbox)");
  process.exit(0);
}

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a port number, got "${values.port}"`);
  process.exit(2);
}

const proxies = values['trust-proxy'];
const trustProxy = proxies.length === 0 ? false : proxies.includes('true') ? true : proxies;

const env = process.env;
const smtpPort = Number(env['CODAT_LINK_SMTP_PORT'] ?? (env['CODAT_LINK_SMTP_SECURE'] === '1' ? 465 : 587));
if (env['CODAT_LINK_SMTP_HOST'] && (!Number.isInteger(smtpPort) || smtpPort <= 0 || smtpPort > 65535)) {
  console.error(`CODAT_LINK_SMTP_PORT must be a port number, got "${env['CODAT_LINK_SMTP_PORT']}"`);
  process.exit(2);
}
const mail = {
  ...(env['CODAT_LINK_SMTP_HOST']
    ? {
        smtp: {
          host: env['CODAT_LINK_SMTP_HOST'],
          port: smtpPort,
          secure: env['CODAT_LINK_SMTP_SECURE'] === '1',
          requireTls: env['CODAT_LINK_SMTP_REQUIRE_TLS'] === '1',
          ...(env['CODAT_LINK_SMTP_USER'] ? { auth: { user: env['CODAT_LINK_SMTP_USER'], pass: env['CODAT_LINK_SMTP_PASSWORD'] ?? '' } } : {}),
        },
      }
    : {}),
  ...(env['CODAT_LINK_MAIL_FROM'] ? { from: env['CODAT_LINK_MAIL_FROM'] } : {}),
  ...(values['partner-name'] ? { partner: { name: values['partner-name'], ...(values['partner-logo'] ? { logoUrl: values['partner-logo'] } : {}) } } : {}),
};

const sandboxKey = env['CODAT_LINK_SANDBOX_API_KEY'] || env['CODAT_LINK_PARTNER_API_KEY'] || undefined;
const productionKey = env['CODAT_LINK_PRODUCTION_API_KEY'] || undefined;
if (sandboxKey && productionKey && sandboxKey === productionKey) {
  console.error('CODAT_LINK_SANDBOX_API_KEY and CODAT_LINK_PRODUCTION_API_KEY must differ.');
  process.exit(2);
}
const adminEmail = env['CODAT_LINK_ADMIN_EMAIL'];
const adminPassword = env['CODAT_LINK_ADMIN_PASSWORD'];
if (Boolean(adminEmail) !== Boolean(adminPassword) || (adminPassword !== undefined && adminPassword.length < 12)) {
  console.error('CODAT_LINK_ADMIN_EMAIL and CODAT_LINK_ADMIN_PASSWORD go together; the password needs 12 characters at least.');
  process.exit(2);
}
if (env['CODAT_LINK_PORTAL_CREDENTIAL']) {
  console.error(
    'CODAT_LINK_PORTAL_CREDENTIAL is no longer read: the portal has accounts. Set CODAT_LINK_ADMIN_EMAIL and CODAT_LINK_ADMIN_PASSWORD for its first admin.',
  );
  process.exit(2);
}

const server = await startServer({
  mail,
  webhooks: { allowLocalUrls: values['allow-local-webhooks'] },
  trustProxy,
  port,
  host: values.host,
  db: values.db ?? process.env['DATABASE_URL'] ?? 'codat-link.db',
  allowedOrigins: values.origin,
  ...(values['public-url'] ? { publicUrl: values['public-url'] } : {}),
  partnerApiKeys: {
    ...(sandboxKey ? { sandbox: sandboxKey } : {}),
    ...(productionKey ? { production: productionKey } : {}),
  },
  ...(adminEmail && adminPassword ? { portalAdmin: { email: adminEmail, password: adminPassword } } : {}),
  logger: process.env['CODAT_LINK_LOG'] === '1',
});
console.log(`codat-link-server listening on ${server.url}`);
if (!sandboxKey) console.log('No CODAT_LINK_SANDBOX_API_KEY (or CODAT_LINK_PARTNER_API_KEY) set: the partner API refuses sandbox calls.');
if (!productionKey) console.log('No CODAT_LINK_PRODUCTION_API_KEY set: the partner API refuses production calls.');
if (adminEmail) console.log(`Portal: sign in at ${server.url}/portal/sign-in as ${adminEmail}.`);
if (!mail.smtp) console.log("No CODAT_LINK_SMTP_HOST set: e-mails stay in the portal's Outbox (/portal/outbox).");
if (values['allow-local-webhooks']) console.log('--allow-local-webhooks: webhook endpoints may be http: and local. Development only.');

const stop = () => {
  void server.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
