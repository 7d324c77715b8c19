/**
 * Relationship-manager pages behind HTTP Basic (the portal credential): companies, their data
 * requests with Link URLs, entities with status and counts, and CSV downloads.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DataType, ReportKind } from '@codat-link/core';
import { bdi, html, page, sendPage, type Html } from '../html.js';
import { PORTAL_FAILURE_WINDOW_MS } from '../limits.js';
import { MANUAL_INTEGRATION_KEY } from '../catalog.js';
import { secretEquals } from '../secrets.js';
import type { PagesDeps } from './pages.js';
import { acceptForms } from './forms.js';
import { linkUrl } from './partner-api.js';
import { registerNotificationPages } from './portal-notifications.js';
import { registerDataPages } from './portal-data.js';
import { environmentBadge, environmentSwitch, pickEnvironment } from './environment.js';
import { pickLang, t, type Lang } from './text.js';

const KINDS: ReportKind[] = ['suppliers', 'bills', 'supplierSpend'];
const ID = /^[A-Za-z0-9_-]{1,64}$/;

const consentCell = (consent: { version: string; locale: string; givenAt: string } | undefined) =>
  consent ? html`<time datetime="${consent.givenAt}">${consent.givenAt.slice(0, 16).replace('T', ' ')}</time><br><small>v${bdi(consent.version)} · ${consent.locale}</small>` : '';

export function registerPortal(app: FastifyInstance, deps: PagesDeps): void {
  const { store } = deps;

  /** The Basic credential sent, if any: the account name (for the lock-out) and whether it is right. */
  const credentialOf = (request: FastifyRequest): { account: string; valid: boolean } | undefined => {
    const header = request.headers.authorization;
    if (typeof header !== 'string' || !/^Basic /i.test(header)) return undefined;
    const given = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
    const account = given.split(':')[0]!.slice(0, 200);
    return { account, valid: deps.portalCredential !== undefined && secretEquals(given, deps.portalCredential) };
  };

  // Basic credentials ride along on cross-site form posts, so a write must come from the portal's own pages.
  const sameOrigin = (request: FastifyRequest): boolean => {
    const origin = request.headers.origin;
    return typeof origin === 'string' && origin === new URL(deps.publicUrl()).origin;
  };

  const shell = (lang: Lang, title: string, content: Html) =>
    page({ title: `${title} · ${t(lang, 'portalTitle')}`, lang, scripts: ['/static/portal.js'] },
      html`<header class="bar"><a href="/portal?lang=${lang}">${t(lang, 'portalTitle')}</a>
<nav>${(['funnel', 'webhooks', 'rules', 'alerts', 'outbox'] as const).map((p) => html` <a href="/portal/${p}?lang=${lang}">${t(lang, p === 'alerts' ? 'openAlerts' : p)}</a>`)}</nav></header><main>${content}</main>`);

  const notFound = (reply: FastifyReply, lang: Lang) =>
    sendPage(reply, shell(lang, t(lang, 'notFoundTitle'), html`<h1>${t(lang, 'notFoundTitle')}</h1>`), { status: 404 });

  // Guessing the credential: after PORTAL_FAILURE_LIMIT wrong tries for one account from one
  // address, that pair waits out the window, right credential or not. Keyed by both, so guesses
  // from elsewhere (or for another account) lock out nobody else; a success clears the pair.
  // The counts live in the database: guesses spread over several instances add up.
  const keyOf = (account: string, ip: string) => `${ip}\n${account}`;

  app.register(async (portal) => {
    acceptForms(portal);
    portal.addHook('onRequest', async (request, reply) => {
      // The browser's first, credential-less request is not a guess: it only gets the challenge.
      const credential = credentialOf(request);
      if (credential) {
        const key = keyOf(credential.account, request.ip);
        if (await store.portalLockedOut(key)) {
          reply.header('retry-after', String(Math.ceil(PORTAL_FAILURE_WINDOW_MS / 1000)));
          return sendPage(reply, page({ title: t('en', 'portalTitle') }, html`<main><h1>429</h1></main>`), { status: 429 });
        }
        if (credential.valid) {
          await store.clearPortalFailures(key);
          return;
        }
        await store.recordPortalFailure(key);
      }
      reply.header('www-authenticate', 'Basic realm="codat-link portal", charset="UTF-8"');
      return sendPage(reply, page({ title: t('en', 'portalTitle') }, html`<main><h1>401</h1></main>`), { status: 401 });
    });
    portal.addHook('preHandler', async (request, reply) => {
      if (request.method === 'POST' && !sameOrigin(request)) {
        const lang = pickLang(request);
        return sendPage(reply, shell(lang, '403', html`<h1>403</h1><p>${t(lang, 'forbidden')}</p>`), { status: 403 });
      }
    });

    portal.get('/portal', async (request, reply) => {
      const lang = pickLang(request);
      const environment = pickEnvironment(request.query);
      const companies = await store.listCompanies(environment);
      return sendPage(reply, shell(lang, t(lang, 'companies'), html`
<h1>${t(lang, 'companies')} ${environmentBadge(lang, environment)}</h1>
${environmentSwitch(lang, environment, '/portal')}
<ul class="list">${companies.map((c) => html`<li><a href="/portal/companies/${c.id}?lang=${lang}">${bdi(c.name)}</a></li>`)}</ul>
<form method="post" action="/portal/companies?lang=${lang}" class="inline">
<h2>${t(lang, 'newCompany')} ${environmentBadge(lang, environment)}</h2>
<input type="hidden" name="env" value="${environment}">
<label>${t(lang, 'name')} <input name="name" required maxlength="200"></label>
<button>${t(lang, 'create')}</button>
</form>`));
    });

    portal.post<{ Body: { name?: string; env?: string } }>('/portal/companies', async (request, reply) => {
      const lang = pickLang(request);
      const environment = pickEnvironment(request.body);
      const name = String(request.body?.name ?? '').trim().slice(0, 200);
      if (!name) return reply.redirect(`/portal?env=${environment}&lang=${lang}`, 303);
      const company = await store.createCompany(name, null, environment);
      return reply.redirect(`/portal/companies/${company.id}?lang=${lang}`, 303);
    });

    portal.get<{ Params: { companyId: string } }>('/portal/companies/:companyId', async (request, reply) => {
      const lang = pickLang(request);
      const company = ID.test(request.params.companyId) ? await store.getCompany(request.params.companyId) : undefined;
      if (!company) return notFound(reply, lang);
      const requests = await store.listRequests(company.id);
      return sendPage(reply, shell(lang, company.name, html`
<p><a href="/portal?env=${company.environment}&amp;lang=${lang}">← ${t(lang, 'companies')}</a></p>
<h1>${bdi(company.name)} ${environmentBadge(lang, company.environment)}</h1>
<h2>${t(lang, 'requests')}</h2>
<table><thead><tr><th>${t(lang, 'requests')}</th><th>${t(lang, 'status')}</th><th>${t(lang, 'linkUrl')}</th></tr></thead><tbody>
${requests.map((r) => {
  const url = linkUrl(deps.publicUrl(), r.id);
  return html`<tr><td><a href="/portal/requests/${r.id}?lang=${lang}">${r.dataTypes.map((d) => t(lang, d)).join(' + ')}</a><br><small>${t(lang, 'created')} ${r.createdAt}</small></td>
<td>${t(lang, r.finishedAt ? 'finished' : 'open')}</td>
<td><input readonly class="link-url" id="link-${r.id}" value="${url}" aria-label="${t(lang, 'linkUrl')}"> <button type="button" class="copy" data-copy="link-${r.id}">${t(lang, 'copy')}</button></td></tr>`;
})}
</tbody></table>
<form method="post" action="/portal/companies/${company.id}/requests?lang=${lang}" class="inline">
<h2>${t(lang, 'newRequest')}</h2>
<label><input type="checkbox" name="financials" value="1"> ${t(lang, 'financials')}</label>
<label><input type="checkbox" name="spendAnalysis" value="1" checked> ${t(lang, 'spendAnalysis')}</label>
<button>${t(lang, 'create')}</button>
</form>`));
    });

    portal.post<{ Params: { companyId: string }; Body: Record<string, string> }>('/portal/companies/:companyId/requests', async (request, reply) => {
      const lang = pickLang(request);
      const company = ID.test(request.params.companyId) ? await store.getCompany(request.params.companyId) : undefined;
      if (!company) return notFound(reply, lang);
      const types = (['financials', 'spendAnalysis'] as DataType[]).filter((type) => request.body?.[type]);
      if (types.length > 0) await store.createRequest(company.id, types);
      return reply.redirect(`/portal/companies/${company.id}?lang=${lang}`, 303);
    });

    portal.get<{ Params: { requestId: string } }>('/portal/requests/:requestId', async (request, reply) => {
      const lang = pickLang(request);
      const dataRequest = ID.test(request.params.requestId) ? await store.getRequest(request.params.requestId) : undefined;
      if (!dataRequest) return notFound(reply, lang);
      const entities = await store.entityStatuses(dataRequest.id);
      const consents = await store.latestConsents(dataRequest.id);
      const catalog = new Map(deps.integrations.map((i) => [i.key, i.name]));
      // The manual path is no platform of the catalog: named in words, not by its key.
      catalog.set(MANUAL_INTEGRATION_KEY, t(lang, 'manualTemplate'));
      return sendPage(reply, shell(lang, dataRequest.companyName, html`
<p><a href="/portal/companies/${dataRequest.companyId}?lang=${lang}">← ${bdi(dataRequest.companyName)}</a></p>
<h1>${bdi(dataRequest.companyName)}: ${dataRequest.dataTypes.map((d) => t(lang, d)).join(' + ')} ${environmentBadge(lang, dataRequest.environment)}</h1>
<p>${t(lang, 'linkUrl')}: <input readonly class="link-url" id="link" value="${linkUrl(deps.publicUrl(), dataRequest.id)}" aria-label="${t(lang, 'linkUrl')}"> <button type="button" class="copy" data-copy="link">${t(lang, 'copy')}</button></p>
<h2>${t(lang, 'entities')}</h2>
${entities.length === 0 ? html`<p>${t(lang, 'noEntities')}</p>` : html`<table><thead><tr><th>${t(lang, 'name')}</th><th>${t(lang, 'status')}</th><th>${t(lang, 'software')}</th><th>${t(lang, 'consent')}</th>${KINDS.map((k) => html`<th>${t(lang, k)}</th>`)}</tr></thead><tbody>
${entities.map((e) => html`<tr><td><a href="/portal/requests/${dataRequest.id}/entities/${e.entityId}?lang=${lang}">${bdi(e.name)}</a></td><td><span class="status status-${e.status}">${t(lang, e.status)}</span></td><td>${e.integrationKey ? (catalog.get(e.integrationKey) ?? e.integrationKey) : ''}</td><td>${consentCell(consents.get(e.entityId))}</td>${KINDS.map((k) => html`<td class="num">${e.counts[k] ?? 0}</td>`)}</tr>`)}
</tbody></table>`}
${dataRequest.finishedAt === null ? html`<form method="post" action="/portal/requests/${dataRequest.id}/email?lang=${lang}" class="inline">
<h2>${t(lang, 'requestByEmail')}</h2>
<label>${t(lang, 'customerEmail')} <input name="to" type="email" multiple required maxlength="2600" autocomplete="off"></label>
<label>${t(lang, 'language')} <select name="locale"><option value="en"${lang === 'en' ? ' selected' : ''}>English</option><option value="fr"${lang === 'fr' ? ' selected' : ''}>Français</option></select></label>
<label><input type="checkbox" name="template" value="reminder"> ${t(lang, 'reminder')}</label>
<button>${t(lang, 'send')}</button>
</form>` : ''}
<h2>${t(lang, 'download')}</h2>
<ul class="list">${KINDS.map((k) => html`<li><a href="/portal/requests/${dataRequest.id}/export/${k}.csv" download>${t(lang, k)} (CSV)</a> · <a href="/portal/requests/${dataRequest.id}/export/${k}.xlsx" download aria-label="${t(lang, k)} (XLSX)">XLSX</a></li>`)}
<li><a href="/portal/requests/${dataRequest.id}/export/all.xlsx" download>${t(lang, 'downloadAll')}</a></li></ul>`));
    });

    registerNotificationPages(portal, deps, { shell, notFound });
    registerDataPages(portal, deps, { shell, notFound });
  });
}
