/**
 * `npm start`: the demo partner site and the reference server, on 127.0.0.1.
 * DEMO_PORT (8000), DEMO_SERVER_PORT (8787), DEMO_DB (packages/demo/.data/demo.db),
 * DEMO_PORTAL_ADMIN_EMAIL and DEMO_PORTAL_ADMIN_PASSWORD (admin@northwind.example, northwind-portal)
 * override the defaults.
 */
import { existsSync } from 'node:fs';
import { CDN_DIR } from './site.js';
import { startDemo } from './demo.js';

function port(name: string, fallback: number): number {
  const value = process.env[name];
  const parsed = value === undefined ? fallback : Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535) {
    console.error(`${name} must be a port number, got "${value}"`);
    process.exit(2);
  }
  return parsed;
}

const demo = await startDemo({
  sitePort: port('DEMO_PORT', 8000),
  serverPort: port('DEMO_SERVER_PORT', 8787),
  ...(process.env['DEMO_DB'] ? { db: process.env['DEMO_DB'] } : {}),
  ...(process.env['DEMO_PORTAL_ADMIN_EMAIL'] && process.env['DEMO_PORTAL_ADMIN_PASSWORD']
    ? { portalAdmin: { email: process.env['DEMO_PORTAL_ADMIN_EMAIL'], password: process.env['DEMO_PORTAL_ADMIN_PASSWORD'] } }
    : {}),
}).catch((error: unknown) => {
  const code = (error as { code?: string }).code;
  console.error(code === 'EADDRINUSE' ? `A port is taken (${String(error)}). Set DEMO_PORT or DEMO_SERVER_PORT.` : error);
  process.exit(1);
});

const { email, password } = demo.portalAdmin;
console.log(`
Northwind Card demo
  Partner site (embeds <codat-link>):  ${demo.siteUrl}/
  Reference server (Link API):         ${demo.serverUrl}/
  Partner portal:                      ${demo.portalUrl}   (sign in as admin: e-mail "${email}", password "${password}")
  OpenAPI contract:                    ${demo.serverUrl}/openapi.json
  Webhooks received (verified):        ${demo.siteUrl}/webhooks.html
  E-mail outbox (nothing is sent):     ${demo.portalUrl}/outbox
  Data kept in:                        ${demo.db}
`);
if (!existsSync(`${CDN_DIR}codat-link.js`)) console.warn('The drop-in bundle is missing: run `npm run build` (npm start does it).');
console.log('Ctrl+C stops both.');

const stop = () => {
  void demo.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
