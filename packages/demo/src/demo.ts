/**
 * Starts the whole demo: the partner site and the reference server it embeds `<codat-link>`
 * against. Used by `npm start` (main.ts) and, in-process on free ports, by the end-to-end tests.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkLogo, startServer, type LinkServer, type ServerOptions } from '@codat-link/server';
import { PartnerApi } from './partner-api.js';
import { createSite } from './site.js';

/** Kept across restarts (gitignored): sessions, entities and uploads survive `npm start` again. */
export const DEFAULT_DB = fileURLToPath(new URL('../.data/demo.db', import.meta.url));
/** The portal's first admin in the demo (shown by `npm start`); admins invite the other users. */
export const DEFAULT_PORTAL_ADMIN = { email: 'admin@northwind.example', password: 'northwind-portal' } as const;

export interface DemoOptions {
  host?: string;
  /** 0 picks a free port. */
  sitePort?: number;
  serverPort?: number;
  /** A SQLite file or `:memory:`. */
  db?: string;
  /** The sandbox partner key; random per start unless given: only the site's server side ever holds it. */
  partnerApiKey?: string;
  /** The portal's first admin (its e-mail and password). */
  portalAdmin?: { email: string; password: string };
  /** Passed through to the reference server (tests: faults, rate limits). */
  server?: Partial<ServerOptions>;
}

export interface Demo {
  siteUrl: string;
  serverUrl: string;
  portalUrl: string;
  portalAdmin: { email: string; password: string };
  db: string;
  server: LinkServer;
  close(): Promise<void>;
}

/** Both spellings of a loopback origin reach the site, so both are the partner's origins. */
function originsOf(host: string, port: number): string[] {
  const origins = [`http://${host}:${port}`];
  if (host === '127.0.0.1') origins.push(`http://localhost:${port}`);
  if (host === 'localhost') origins.push(`http://127.0.0.1:${port}`);
  return origins;
}

export async function startDemo(options: DemoOptions = {}): Promise<Demo> {
  const host = options.host ?? '127.0.0.1';
  const db = options.db ?? DEFAULT_DB;
  if (db !== ':memory:') mkdirSync(dirname(db), { recursive: true });
  const partnerApiKey = options.partnerApiKey ?? `pk_demo_${randomBytes(24).toString('base64url')}`;
  const portalAdmin = options.portalAdmin ?? { ...DEFAULT_PORTAL_ADMIN };

  // Filled once the reference server listens: it needs the site's origin first, for CORS.
  const live: { partner?: PartnerApi; server?: LinkServer; webhookSecret?: string } = {};
  const serverUrl = () => live.server?.url ?? 'http://127.0.0.1';
  let origins: string[] = [];
  const site = createSite({
    partner: () => {
      if (!live.partner) throw new Error('the reference server is not started yet');
      return live.partner;
    },
    serverUrl,
    portalUrl: () => `${serverUrl()}/portal`,
    origins: () => origins,
    webhookSecret: () => live.webhookSecret,
  });
  await new Promise<void>((resolve, reject) => {
    site.once('error', reject);
    site.listen(options.sitePort ?? 8000, host, () => resolve());
  });
  const sitePort = (site.address() as AddressInfo).port;
  origins = originsOf(host, sitePort);

  let server: LinkServer;
  try {
    server = await startServer({
      db,
      // The demo is the partner's sandbox: its key is the sandbox key, its companies sandbox
      // companies (badge on the hosted page, the sandbox platforms offered).
      partnerApiKeys: { sandbox: partnerApiKey },
      portalAdmin,
      allowedOrigins: origins,
      port: options.serverPort ?? 8787,
      host,
      ...options.server,
      // The demo partner, named on the sandbox platform's page and in the request e-mail.
      mail: { partner: { name: 'Northwind Card' }, ...options.server?.mail },
      // The site's webhook receiver is on this machine over http: allowed for the demo only.
      webhooks: { allowLocalUrls: true, ...options.server?.webhooks },
    });
  } catch (error) {
    await new Promise<void>((resolve) => site.close(() => resolve()));
    throw error;
  }
  live.server = server;
  try {
    // Northwind's brand, as an admin would set it on the portal's Branding page, on first start only:
    // the hosted page and the embedded element (which sets no theme of its own) both show it.
    const branding = await server.store.getBranding();
    if (!branding.partnerName && !branding.logo && !branding.primaryColor) {
      const bytes = readFileSync(fileURLToPath(new URL('../public/northwind-logo.svg', import.meta.url)));
      await server.store.saveBranding({ partnerName: 'Northwind Card', primaryColor: '#0b3d91', logo: { ...checkLogo(bytes), bytes } });
    }
    live.partner = new PartnerApi(server.url, partnerApiKey);
    live.webhookSecret = await live.partner.registerWebhooks(`${origins[0]!}/webhooks`);
  } catch (error) {
    // A start that fails here leaves nothing listening: a caller (a test) would otherwise hang on it.
    site.closeAllConnections();
    await Promise.all([new Promise<void>((resolve) => site.close(() => resolve())), server.close()]);
    throw error;
  }
  const linkServer = server;

  return {
    siteUrl: origins[0]!,
    serverUrl: linkServer.url,
    portalUrl: `${linkServer.url}/portal`,
    portalAdmin,
    db,
    server: linkServer,
    async close() {
      site.closeAllConnections();
      await Promise.all([new Promise<void>((resolve) => site.close(() => resolve())), linkServer.close()]);
    },
  };
}
