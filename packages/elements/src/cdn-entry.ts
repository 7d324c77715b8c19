/**
 * The drop-in script, built to dist/cdn/codat-link.js: `<script type="module" src=".../codat-link.js">`
 * and `<codat-link>` works. It imports nothing statically, so it runs as soon as it arrives and asks
 * for the whole first screen in one wave: the element's chunk (codat-link.ts) and every chunk that one
 * imports, the first step's chunk with its own imports (guessed from each `<codat-link>` already in the
 * page: `request` with spend opens on the checklist, financials alone on the software list), the HTTP
 * adapter and, for a `base-url` + `session-token`, `GET /v1/request` and `GET /v1/integrations`, which
 * the adapter takes over when it is created (see `EarlyResponse`), and the French catalog for
 * `locale="fr"`. Then it waits for the element's
 * chunk (top-level await) and exports what it exports.
 *
 * No module may import this one: it waits for codat-link.ts, and a chunk waiting for it would never
 * run. Every request it sends is one the element sends anyway; the preloads are `<link
 * rel="modulepreload">` (no script is written, so a strict CSP with Trusted Types allows them).
 */
import type { EarlyResponse } from '@codat-link/adapter-http';
import type { EarlyRequests } from './codat-link/backend.js';

/**
 * Each first-screen chunk with the chunks it imports, as paths relative to this file; the build
 * writes it in (vite.config.ts, `firstScreenPreloads`). Unbuilt (tests, npm use), nothing is preloaded.
 */
const built = '__CODAT_LINK_PRELOADS__';
const PRELOADS = (built.charAt(0) === '{' ? JSON.parse(built) : {}) as Partial<Record<string, string[]>>;

const preloaded = new Set<string>();
function preload(name: string): void {
  for (const file of PRELOADS[name] ?? []) {
    const href = new URL(file, import.meta.url).href;
    if (preloaded.has(href)) continue;
    preloaded.add(href);
    const link = document.createElement('link');
    link.rel = 'modulepreload';
    link.href = href;
    (document.head ?? document.documentElement).append(link);
  }
}

/** The GETs the journey starts with, sent the way `HttpBackend` sends a GET. */
function sendEarly(baseUrl: string, sessionToken: string): Map<string, EarlyResponse> {
  const root = baseUrl.replace(/\/+$/, '');
  const sent = new Map<string, EarlyResponse>();
  for (const path of ['/v1/request', '/v1/integrations']) {
    const controller = new AbortController();
    const correlationId = crypto.randomUUID?.() ?? Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
    const response = fetch(root + path, {
      method: 'GET',
      headers: { Accept: 'application/json', Authorization: `Bearer ${sessionToken}`, 'X-Correlation-Id': correlationId },
      signal: controller.signal,
      credentials: 'omit',
      cache: 'no-store',
    });
    // The adapter awaits it (and reports its failure); until then a failure is nobody's to report.
    response.catch(() => undefined);
    sent.set(path, { correlationId, response, abort: (reason) => controller.abort(reason) });
  }
  return sent;
}

const early = new Map<string, Map<string, EarlyResponse>>();
const keyOf = (baseUrl: string, sessionToken: string) => `${baseUrl}\n${sessionToken}`;
const requests: EarlyRequests = {
  take(baseUrl, sessionToken) {
    const key = keyOf(baseUrl, sessionToken);
    const sent = early.get(key) ?? sendEarly(baseUrl, sessionToken);
    early.delete(key);
    return sent;
  },
};
(globalThis as Record<symbol, unknown>)[Symbol.for('@codat-link/elements:early-requests')] = requests;

preload('main');
for (const element of document.querySelectorAll('codat-link')) {
  const request = element.getAttribute('request') ?? 'spendAnalysis';
  preload(/\bspendAnalysis\b/.test(request) ? 'checklist' : 'softwareSelection');
  // French (`fr`, `fr-CA`...): the catalog, else the first step would show in English until it came.
  if (/^fr\b/i.test(element.getAttribute('locale') ?? '')) preload('fr');
  const baseUrl = element.getAttribute('base-url');
  const sessionToken = element.getAttribute('session-token');
  if (baseUrl && sessionToken && !early.has(keyOf(baseUrl, sessionToken))) {
    preload('adapter');
    early.set(keyOf(baseUrl, sessionToken), sendEarly(baseUrl, sessionToken));
  }
}

const main = await import('./codat-link.js');

export const {
  CodatLink,
  CodatLinkReadyEvent,
  CodatLinkStepChangeEvent,
  CodatLinkConsentEvent,
  CodatLinkConnectionEvent,
  CodatLinkUploadEvent,
  CodatLinkFinishEvent,
  CodatLinkCloseEvent,
  CodatLinkErrorEvent,
} = main;
export type * from './codat-link.js';
