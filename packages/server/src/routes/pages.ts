/** The HTML side: static files, the elements' bundle, the hosted Link page, the sandbox and the portal. */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Integration, ReportKind } from '@codat-link/core';
import { MANUAL_INTEGRATION_KEY } from '../catalog.js';
import { bdi, html, page, sendPage } from '../html.js';
import type { Mailer } from '../mail.js';
import type { Storage } from '../storage.js';
import { logoUrl, registerLogo } from './branding.js';
import { readCookie } from './portal-auth.js';
import { registerPortal } from './portal.js';
import { registerSandbox } from './sandbox.js';
import { environmentBadge } from './environment.js';
import { pickLangOr, t } from './text.js';

export interface PagesDeps {
  store: Storage;
  integrations: readonly Integration[];
  publicUrl(): string;
  isAllowedOrigin(origin: string): boolean;
  allowedOrigins(): string[];
  sessionTtlSeconds: number;
  elementsCdnDir: string | undefined;
  mailer: Mailer;
  /** Development option: webhook endpoints may be http: and on local addresses. */
  allowLocalUrls: boolean;
}

export const STATIC_DIR = fileURLToPath(new URL('../../static/', import.meta.url));
export const DEFAULT_CDN_DIR = fileURLToPath(new URL('../../../elements/dist/cdn/', import.meta.url));
/** The drop-in bundle's entry, as the elements package builds it. */
export const CDN_ENTRY = 'codat-link.js';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.png': 'image/png',
};

/**
 * A file whose name carries its content hash, as the bundler writes chunks and workers
 * (`chunks/connecting-CSWavy2t.js`), never changes under that name: browsers keep it a year
 * without asking again. Anything else (the entry `codat-link.js`, stylesheets) is revalidated.
 */
export function cacheControlFor(path: string): string {
  return /^(chunks|workers)\/[A-Za-z0-9_.-]+-[A-Za-z0-9_-]{8}\.(js|css|map)$/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache';
}

/** Serves a file under `root` only: every segment is a plain name, so `..` cannot climb out. */
async function sendFile(reply: FastifyReply, root: string, path: string): Promise<FastifyReply> {
  const segments = path.split('/');
  const type = TYPES[extname(path)];
  const missing = () => {
    reply.callNotFound();
    return reply;
  };
  if (!type || segments.some((segment) => !/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(segment))) return missing();
  const file = resolve(root, ...segments);
  if (!file.startsWith(resolve(root) + sep)) return missing();
  try {
    const body = await readFile(file);
    return reply.type(type).header('x-content-type-options', 'nosniff').header('cache-control', cacheControlFor(path)).send(body);
  } catch {
    return missing();
  }
}

const LINK_COOKIE = 'codat_link_session';
const REPORT_KINDS: readonly ReportKind[] = ['suppliers', 'bills', 'supplierSpend'];

export function registerPages(app: FastifyInstance, deps: PagesDeps): void {
  const cdnDir = deps.elementsCdnDir ?? DEFAULT_CDN_DIR;

  app.get<{ Params: { '*': string } }>('/static/*', (request, reply) => sendFile(reply, STATIC_DIR, request.params['*']));
  app.get<{ Params: { '*': string } }>('/cdn/*', (request, reply) => sendFile(reply, cdnDir, request.params['*']));

  // The Link URL is a capability: whoever holds it may provide data for this request, the way
  // an emailed Link URL works. The page mints its own short-lived session for the element.
  app.get<{ Params: { requestId: string }; Querystring: { lang?: string } }>('/link/:requestId', async (request, reply) => {
    const branding = await deps.store.getBranding();
    const lang = pickLangOr(request, branding.defaultLocale);
    const logo = logoUrl(deps.publicUrl(), branding);
    // The partner's name and logo head the page; its colour comes from /branding/theme.css.
    const brand =
      branding.partnerName || logo
        ? html`<header class="brand">${logo ? html`<img src="${logo}" alt="${branding.partnerName ?? ''}" height="40">` : ''}${branding.partnerName ? html`<span class="brand-name">${bdi(branding.partnerName)}</span>` : ''}</header>`
        : '';
    const styles = ['/static/link-page.css', ...(branding.primaryColor ? [`/branding/theme.css?v=${branding.primaryColor.slice(1)}`] : [])];
    // A sandbox request says so above everything else: nobody mistakes it for the real thing.
    const sandboxLine = (environment: 'sandbox' | 'production') =>
      environment === 'sandbox' ? html`<p class="env-line">${environmentBadge(lang, environment)} ${t(lang, 'sandboxNotice')}</p>` : '';
    const dataRequest = /^[A-Za-z0-9_-]{1,64}$/.test(request.params.requestId) ? await deps.store.getRequest(request.params.requestId) : undefined;
    if (!dataRequest) {
      const body = page(
        { title: t(lang, 'notFoundTitle'), lang },
        html`<main class="narrow"><h1>${t(lang, 'notFoundTitle')}</h1><p>${t(lang, 'linkNotFound')}</p></main>`,
      );
      return sendPage(reply, body, { status: 404 });
    }
    // A finished request is read-only: its page mints no session; it says so and shows what was
    // received (names in <bdi>, so a right-to-left override in one cannot reorder the page).
    if (dataRequest.finishedAt !== null) {
      const entities = await deps.store.entityStatuses(dataRequest.id);
      const kinds = REPORT_KINDS.filter((kind) => entities.some((e) => e.counts[kind] !== undefined));
      const catalog = new Map(deps.integrations.map((i) => [i.key, i.name]));
      catalog.set(MANUAL_INTEGRATION_KEY, t(lang, 'manualTemplate'));
      const summary =
        entities.length === 0
          ? ''
          : html`<h2>${t(lang, 'received')}</h2>
<table class="summary"><thead><tr><th>${t(lang, 'name')}</th><th>${t(lang, 'methods')}</th><th>${t(lang, 'status')}</th>${kinds.map((k) => html`<th>${t(lang, k)}</th>`)}</tr></thead><tbody>
${entities.map((e) => html`<tr><td>${bdi(e.name)}</td><td>${e.integrationKey ? (catalog.get(e.integrationKey) ?? e.integrationKey) : ''}</td><td>${t(lang, e.status)}</td>${kinds.map((k) => html`<td class="num">${e.counts[k] ?? 0}</td>`)}</tr>`)}
</tbody></table>`;
      const body = page(
        { title: `${dataRequest.companyName} · ${t(lang, 'linkFinishedTitle')}`, lang, styles },
        html`${brand}<main class="link-page">${sandboxLine(dataRequest.environment)}<h1>${t(lang, 'linkFinishedTitle')}</h1><p>${t(lang, 'linkFinished')}</p>
<p>${t(lang, 'sharedWith')} <strong>${bdi(branding.partnerName ?? deps.mailer.partnerName)}</strong>: ${dataRequest.dataTypes.map((d) => t(lang, d)).join(', ')}.</p>${summary}</main>`,
      );
      return sendPage(reply, body);
    }
    // A reload, or the return from a redirect-mode authorization, must get the same token back:
    // the element keys its saved journey by it. The cookie is scoped to this one Link page.
    const cookiePath = `/link/${dataRequest.id}`;
    const kept = readCookie(request.headers.cookie, LINK_COOKIE);
    const keptScope = kept ? await deps.store.resolveSession(kept) : undefined;
    const token =
      kept && keptScope?.requestId === dataRequest.id
        ? kept
        : (await deps.store.createSession(dataRequest.companyId, dataRequest.id, deps.sessionTtlSeconds)).token;
    const secure = deps.publicUrl().startsWith('https:') ? '; Secure' : '';
    reply.header('set-cookie', `${LINK_COOKIE}=${token}; Path=${cookiePath}; Max-Age=${8 * 3600}; HttpOnly; SameSite=Lax${secure}`);
    const session = { token };
    const bundleBuilt = existsSync(join(cdnDir, CDN_ENTRY));
    const body = page(
      {
        title: `${dataRequest.companyName} · ${t(lang, 'linkTitle')}`,
        lang,
        styles,
        // The drop-in bundle defines <codat-link> and gives it an HttpBackend for `base-url`.
        scripts: bundleBuilt ? [`/cdn/${CDN_ENTRY}`, '/static/link-page.js'] : [],
      },
      html`${brand}<main class="link-page">${sandboxLine(dataRequest.environment)}
<codat-link session-token="${session.token}" company-id="${dataRequest.companyId}" request="${dataRequest.dataTypes.join(' ')}" locale="${lang}" base-url="${deps.publicUrl()}" mode="inline"></codat-link>
${bundleBuilt ? '' : html`<p class="notice" role="alert">${t(lang, 'bundleMissing')}</p>`}
<noscript><p class="notice">${t(lang, 'needsJavascript')}</p></noscript>
<section id="link-done" class="done" hidden tabindex="-1" aria-labelledby="link-done-title">
${logo ? html`<img src="${logo}" alt="" height="56">` : ''}
<h1 id="link-done-title">${t(lang, 'linkDoneTitle')}</h1>
<p>${t(lang, 'linkDone')}</p>
</section>
<section id="link-left" class="done" hidden tabindex="-1" aria-labelledby="link-left-title">
<h1 id="link-left-title">${t(lang, 'linkLeftTitle')}</h1>
<p>${t(lang, 'linkLeft')}</p>
</section>
</main>`,
    );
    return sendPage(reply, body);
  });

  // Each in its own plugin scope, so the form parser they add stays theirs.
  app.register(async (scope) => registerSandbox(scope, deps));
  registerLogo(app, deps.store);
  registerPortal(app, deps);
}
