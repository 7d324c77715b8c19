/**
 * The partner site: Northwind Card's programme page. Static files from public/, the drop-in
 * bundle under /cdn/ (same origin, so the upload worker may start), the sample exports, and the
 * one server-side endpoint a partner needs: POST /api/link-session, which mints a session token
 * with the partner API key that only this process holds. And a webhook receiver: POST /webhooks
 * verifies each delivery with the Standard Webhooks verifier and keeps it for the Webhooks page
 * (public/webhooks.html, fed by GET /api/webhooks).
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { constants as zlibConstants, createBrotliCompress, createGzip } from 'node:zlib';
import { cacheControlFor } from '@codat-link/server';
import { Webhook } from 'standardwebhooks';
import type { DataType, PartnerApi } from './partner-api.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.csv': 'text/csv; charset=utf-8',
};

/** Brotli, else gzip, as the browser accepts; null for types that are compressed already or too small to gain. */
function encodingFor(request: IncomingMessage, type: string, size: number): 'br' | 'gzip' | null {
  if (size < 1024 || !/^(text\/|application\/json|image\/svg)/.test(type)) return null;
  const accepted = String(request.headers['accept-encoding'] ?? '');
  if (/\bbr\b/.test(accepted)) return 'br';
  if (/\bgzip\b/.test(accepted)) return 'gzip';
  return null;
}

export const PUBLIC_DIR = fileURLToPath(new URL('../public/', import.meta.url));
export const CDN_DIR = fileURLToPath(new URL('../../elements/dist/cdn/', import.meta.url));
const DATA_TYPES = new Set<DataType>(['financials', 'spendAnalysis']);
const MAX_BODY = 4096;
const MAX_WEBHOOK_BODY = 64 * 1024;
/** Deliveries kept for the Webhooks page; the oldest go first. */
const KEPT_WEBHOOKS = 200;

/** A delivery the receiver verified. */
export interface ReceivedWebhook {
  id: string;
  type: string;
  timestamp: string;
  data: Record<string, unknown>;
  receivedAt: string;
  /** How many times it arrived: a retry or replay carries the same id and is kept once. */
  deliveries: number;
}

/** The page's policy: files only (no inline script or style), Trusted Types, API calls to the reference server. */
export function sitePolicy(serverOrigin: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    // The partner's logo, as the portal's Branding page stored it, comes from the reference server.
    `img-src 'self' data: ${serverOrigin}`,
    "font-src 'self'",
    `connect-src 'self' ${serverOrigin}`,
    "worker-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "require-trusted-types-for 'script'",
  ].join('; ');
}

/** Maps a URL path to a file inside `base`, never outside it. */
function fileIn(base: string, relative: string): string | undefined {
  const root = base.endsWith(sep) ? base : base + sep;
  let decoded: string;
  try {
    decoded = decodeURIComponent(relative);
  } catch {
    return undefined;
  }
  const path = normalize(join(root, decoded));
  if (!path.startsWith(root)) return undefined;
  return existsSync(path) && statSync(path).isFile() ? path : undefined;
}

async function readBody(request: IncomingMessage, limit: number): Promise<string> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw Object.assign(new Error('body too large'), { status: 413 });
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw Object.assign(new Error('body too large'), { status: 413 });
    chunks.push(chunk);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
}

export interface SiteDeps {
  /** Set once the reference server listens. */
  partner(): PartnerApi;
  serverUrl(): string;
  portalUrl(): string;
  /** Also accepted as the page's own origin (localhost and 127.0.0.1 both reach it). */
  origins(): string[];
  /** The signing secret of the site's webhook endpoint, once registered. */
  webhookSecret(): string | undefined;
}

export function createSite(deps: SiteDeps): Server {
  const send = (response: ServerResponse, status: number, body: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }).end(JSON.stringify(body));
  };

  const received: ReceivedWebhook[] = [];
  let refused = 0;
  const receiveWebhook = async (request: IncomingMessage, response: ServerResponse) => {
    const secret = deps.webhookSecret();
    let body: string;
    try {
      body = await readBody(request, MAX_WEBHOOK_BODY);
    } catch (error) {
      return send(response, (error as { status?: number }).status ?? 400, { error: 'bad_request' });
    }
    let event: Omit<ReceivedWebhook, 'receivedAt' | 'deliveries'>;
    try {
      if (!secret) throw new Error('no secret yet');
      // Checks the signature and that the timestamp is within five minutes of this clock.
      event = new Webhook(secret).verify(body, request.headers as Record<string, string>) as typeof event;
    } catch {
      refused += 1;
      return send(response, 400, { error: 'signature' });
    }
    const seen = received.find((r) => r.id === event.id);
    if (seen) seen.deliveries += 1;
    else {
      received.push({ id: event.id, type: event.type, timestamp: event.timestamp, data: event.data, receivedAt: new Date().toISOString(), deliveries: 1 });
      if (received.length > KEPT_WEBHOOKS) received.shift();
    }
    response.writeHead(204).end();
  };

  const linkSession = async (request: IncomingMessage, response: ServerResponse) => {
    // A cross-site form cannot send JSON, and a cross-site fetch carries its Origin: both are refused.
    const origin = request.headers.origin;
    if (!String(request.headers['content-type'] ?? '').startsWith('application/json') || (origin !== undefined && !deps.origins().includes(origin))) {
      return send(response, 403, { error: 'forbidden' });
    }
    let body: { dataTypes?: unknown; companyName?: unknown };
    try {
      body = (await readJson(request)) as typeof body;
    } catch (error) {
      return send(response, (error as { status?: number }).status ?? 400, { error: 'bad_request' });
    }
    const dataTypes = Array.isArray(body.dataTypes) ? [...new Set(body.dataTypes)] : [];
    if (dataTypes.length === 0 || !dataTypes.every((d): d is DataType => DATA_TYPES.has(d as DataType))) {
      return send(response, 400, { error: 'dataTypes must be financials and/or spendAnalysis' });
    }
    const name = typeof body.companyName === 'string' && body.companyName.trim() ? body.companyName.trim().slice(0, 120) : 'Contoso Trading Ltd';
    try {
      send(response, 201, await deps.partner().startLink(name, dataTypes));
    } catch (error) {
      console.error(error);
      send(response, 502, { error: 'the Link server did not answer' });
    }
  };

  return createServer((request, response) => {
    const { pathname } = new URL(request.url ?? '/', 'http://site.invalid');
    if (pathname === '/api/link-session') {
      if (request.method !== 'POST') return send(response, 405, { error: 'method_not_allowed' });
      void linkSession(request, response);
      return;
    }
    if (pathname === '/webhooks') {
      if (request.method !== 'POST') return send(response, 405, { error: 'method_not_allowed' });
      void receiveWebhook(request, response);
      return;
    }
    if (pathname === '/api/webhooks' && request.method === 'GET') {
      // Event ids sort in the order the server stored the events; deliveries may arrive in another.
      return send(response, 200, { verified: [...received].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)), refused });
    }
    if (pathname === '/api/config' && request.method === 'GET') {
      return send(response, 200, { serverUrl: deps.serverUrl(), portalUrl: deps.portalUrl() });
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(response, 405, { error: 'method_not_allowed' });

    const file = pathname.startsWith('/cdn/') ? fileIn(CDN_DIR, pathname.slice(5)) : fileIn(PUBLIC_DIR, pathname === '/' ? 'index.html' : pathname.slice(1));
    if (!file) {
      const missingBundle = pathname.startsWith('/cdn/') && !existsSync(join(CDN_DIR, 'codat-link.js'));
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      return response.end(missingBundle ? 'The drop-in bundle is not built: run `npm run build` at the repository root.' : 'Not found');
    }
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    const encoding = encodingFor(request, type, statSync(file).size);
    response.writeHead(200, {
      'content-type': type,
      'content-security-policy': sitePolicy(new URL(deps.serverUrl()).origin),
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'strict-origin-when-cross-origin',
      // The bundle's hashed chunks never change under their name; everything else is revalidated.
      'cache-control': pathname.startsWith('/cdn/') ? cacheControlFor(pathname.slice(5)) : 'no-cache',
      vary: 'accept-encoding',
      ...(encoding ? { 'content-encoding': encoding } : {}),
      ...(extname(file) === '.csv' ? { 'content-disposition': `attachment; filename="${file.split(sep).pop()}"` } : {}),
    });
    if (request.method === 'HEAD') return response.end();
    const source = createReadStream(file);
    if (encoding === 'br') source.pipe(createBrotliCompress({ params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 5 } })).pipe(response);
    else if (encoding === 'gzip') source.pipe(createGzip()).pipe(response);
    else source.pipe(response);
  });
}
