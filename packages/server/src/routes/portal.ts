/**
 * The partner's portal, behind its accounts (portal-auth.ts): companies, their data requests with
 * Link URLs, entities with status and counts, and CSV downloads. Viewers read; managers and
 * admins write; admins alone reach settings, users and branding.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DataType, ReportKind } from '@codat-link/core';
import { bdi, html, page, sendPage, type Html } from '../html.js';
import { MANUAL_INTEGRATION_KEY } from '../catalog.js';
import type { PagesDeps } from './pages.js';
import { acceptForms } from './forms.js';
import { linkUrl } from './partner-api.js';
import { registerBrandingPages } from './branding.js';
import { registerPortalAuth } from './portal-auth.js';
import { registerNotificationPages } from './portal-notifications.js';
import { registerDataPages } from './portal-data.js';
import { environmentBadge, environmentSwitch, pickEnvironment } from './environment.js';
import { registerPortalUsers } from './portal-users.js';
import { pickLang, t, type Lang } from './text.js';

const KINDS: ReportKind[] = ['suppliers', 'bills', 'supplierSpend'];
const ID = /^[A-Za-z0-9_-]{1,64}$/;

const consentCell = (consent: { version: string; locale: string; givenAt: string } | undefined) =>
  consent
    ? html`<time datetime="${consent.givenAt}">${consent.givenAt.slice(0, 16).replace('T', ' ')}</time><br><small>v${bdi(consent.version)} · ${consent.locale}</small>`
    : '';

export function registerPortal(app: FastifyInstance, deps: PagesDeps): void {
  const { store } = deps;

  app.register(async (portal) => {
    acceptForms(portal);
    const auth = registerPortalAuth(portal, deps);

    const shell = (request: FastifyRequest, lang: Lang, title: string, content: Html) => {
      const { user } = auth.session(request);
      const links = (['companies', 'funnel', 'alerts', 'outbox'] as const).map(
        (p) => [p === 'companies' ? '' : `/${p}`, t(lang, p === 'alerts' ? 'openAlerts' : p)] as const,
      );
      const adminLinks = auth.can(request, 'admin') ? (['webhooks', 'rules', 'users', 'branding'] as const).map((p) => [`/${p}`, t(lang, p)] as const) : [];
      return page(
        { title: `${title} · ${t(lang, 'portalTitle')}`, lang, scripts: ['/static/portal.js'] },
        auth.withCsrf(
          request,
          html`<header class="bar"><a href="/portal?lang=${lang}">${t(lang, 'portalTitle')}</a>
<nav aria-label="${t(lang, 'portalTitle')}">${[...links, ...adminLinks].map(([path, label]) => html` <a href="/portal${path}?lang=${lang}">${label}</a>`)}</nav>
<form method="post" action="/portal/sign-out?lang=${lang}" class="account"><span>${bdi(user.email)} · ${t(lang, `role_${user.role}`)}</span> <button class="secondary">${t(lang, 'signOut')}</button></form></header>
<main>${content}</main>`,
        ),
      );
    };
    const canWrite = (request: FastifyRequest) => auth.can(request, 'write');

    const notFound = (request: FastifyRequest, reply: FastifyReply, lang: Lang) =>
      sendPage(reply, shell(request, lang, t(lang, 'notFoundTitle'), html`<h1>${t(lang, 'notFoundTitle')}</h1>`), { status: 404 });

    portal.get('/portal', async (request, reply) => {
      const lang = pickLang(request);
      const environment = pickEnvironment(request.query);
      const companies = await store.listCompanies(environment);
      return sendPage(
        reply,
        shell(
          request,
          lang,
          t(lang, 'companies'),
          html`
<h1>${t(lang, 'companies')} ${environmentBadge(lang, environment)}</h1>
${environmentSwitch(lang, environment, '/portal')}
<ul class="list">${companies.map((c) => html`<li><a href="/portal/companies/${c.id}?lang=${lang}">${bdi(c.name)}</a></li>`)}</ul>
${
  canWrite(request)
    ? html`<form method="post" action="/portal/companies?lang=${lang}" class="inline">
<h2>${t(lang, 'newCompany')} ${environmentBadge(lang, environment)}</h2>
<input type="hidden" name="env" value="${environment}">
<label>${t(lang, 'name')} <input name="name" required maxlength="200"></label>
<button>${t(lang, 'create')}</button>
</form>`
    : ''
}`,
        ),
      );
    });

    portal.post<{ Body: { name?: string; env?: string } }>('/portal/companies', async (request, reply) => {
      const lang = pickLang(request);
      const environment = pickEnvironment(request.body);
      const name = String(request.body?.name ?? '')
        .trim()
        .slice(0, 200);
      if (!name) return reply.redirect(`/portal?env=${environment}&lang=${lang}`, 303);
      const company = await store.createCompany(name, null, environment);
      return reply.redirect(`/portal/companies/${company.id}?lang=${lang}`, 303);
    });

    portal.get<{ Params: { companyId: string } }>('/portal/companies/:companyId', async (request, reply) => {
      const lang = pickLang(request);
      const company = ID.test(request.params.companyId) ? await store.getCompany(request.params.companyId) : undefined;
      if (!company) return notFound(request, reply, lang);
      const requests = await store.listRequests(company.id);
      return sendPage(
        reply,
        shell(
          request,
          lang,
          company.name,
          html`
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
${
  canWrite(request)
    ? html`<form method="post" action="/portal/companies/${company.id}/requests?lang=${lang}" class="inline">
<h2>${t(lang, 'newRequest')}</h2>
<label><input type="checkbox" name="financials" value="1"> ${t(lang, 'financials')}</label>
<label><input type="checkbox" name="spendAnalysis" value="1" checked> ${t(lang, 'spendAnalysis')}</label>
<button>${t(lang, 'create')}</button>
</form>`
    : ''
}`,
        ),
      );
    });

    portal.post<{ Params: { companyId: string }; Body: Record<string, string> }>('/portal/companies/:companyId/requests', async (request, reply) => {
      const lang = pickLang(request);
      const company = ID.test(request.params.companyId) ? await store.getCompany(request.params.companyId) : undefined;
      if (!company) return notFound(request, reply, lang);
      const types = (['financials', 'spendAnalysis'] as DataType[]).filter((type) => request.body?.[type]);
      if (types.length > 0) await store.createRequest(company.id, types);
      return reply.redirect(`/portal/companies/${company.id}?lang=${lang}`, 303);
    });

    portal.get<{ Params: { requestId: string } }>('/portal/requests/:requestId', async (request, reply) => {
      const lang = pickLang(request);
      const dataRequest = ID.test(request.params.requestId) ? await store.getRequest(request.params.requestId) : undefined;
      if (!dataRequest) return notFound(request, reply, lang);
      const entities = await store.entityStatuses(dataRequest.id);
      const consents = await store.latestConsents(dataRequest.id);
      const catalog = new Map(deps.integrations.map((i) => [i.key, i.name]));
      // The manual path is no platform of the catalog: named in words, not by its key.
      catalog.set(MANUAL_INTEGRATION_KEY, t(lang, 'manualTemplate'));
      return sendPage(
        reply,
        shell(
          request,
          lang,
          dataRequest.companyName,
          html`
<p><a href="/portal/companies/${dataRequest.companyId}?lang=${lang}">← ${bdi(dataRequest.companyName)}</a></p>
<h1>${bdi(dataRequest.companyName)}: ${dataRequest.dataTypes.map((d) => t(lang, d)).join(' + ')} ${environmentBadge(lang, dataRequest.environment)}</h1>
<p>${t(lang, 'linkUrl')}: <input readonly class="link-url" id="link" value="${linkUrl(deps.publicUrl(), dataRequest.id)}" aria-label="${t(lang, 'linkUrl')}"> <button type="button" class="copy" data-copy="link">${t(lang, 'copy')}</button></p>
<h2>${t(lang, 'entities')}</h2>
${
  entities.length === 0
    ? html`<p>${t(lang, 'noEntities')}</p>`
    : html`<table><thead><tr><th>${t(lang, 'name')}</th><th>${t(lang, 'status')}</th><th>${t(lang, 'software')}</th><th>${t(lang, 'consent')}</th>${KINDS.map((k) => html`<th>${t(lang, k)}</th>`)}</tr></thead><tbody>
${entities.map((e) => html`<tr><td><a href="/portal/requests/${dataRequest.id}/entities/${e.entityId}?lang=${lang}">${bdi(e.name)}</a></td><td><span class="status status-${e.status}">${t(lang, e.status)}</span></td><td>${e.integrationKey ? (catalog.get(e.integrationKey) ?? e.integrationKey) : ''}</td><td>${consentCell(consents.get(e.entityId))}</td>${KINDS.map((k) => html`<td class="num">${e.counts[k] ?? 0}</td>`)}</tr>`)}
</tbody></table>`
}
${
  dataRequest.finishedAt === null && canWrite(request)
    ? html`<form method="post" action="/portal/requests/${dataRequest.id}/email?lang=${lang}" class="inline">
<h2>${t(lang, 'requestByEmail')}</h2>
<label>${t(lang, 'customerEmail')} <input name="to" type="email" multiple required maxlength="2600" autocomplete="off"></label>
<label>${t(lang, 'language')} <select name="locale"><option value="en"${lang === 'en' ? ' selected' : ''}>English</option><option value="fr"${lang === 'fr' ? ' selected' : ''}>Français</option></select></label>
<label><input type="checkbox" name="template" value="reminder"> ${t(lang, 'reminder')}</label>
<button>${t(lang, 'send')}</button>
</form>`
    : ''
}
<h2>${t(lang, 'download')}</h2>
<ul class="list">${KINDS.map((k) => html`<li><a href="/portal/requests/${dataRequest.id}/export/${k}.csv" download>${t(lang, k)} (CSV)</a> · <a href="/portal/requests/${dataRequest.id}/export/${k}.xlsx" download aria-label="${t(lang, k)} (XLSX)">XLSX</a></li>`)}
<li><a href="/portal/requests/${dataRequest.id}/export/all.xlsx" download>${t(lang, 'downloadAll')}</a></li></ul>`,
        ),
      );
    });

    const pageDeps = { shell, notFound, canWrite, isAdmin: (request: FastifyRequest) => auth.can(request, 'admin') };
    registerNotificationPages(portal, deps, pageDeps);
    registerPortalUsers(portal, deps, pageDeps, auth);
    registerBrandingPages(portal, deps, pageDeps);
    registerDataPages(portal, deps, pageDeps);
  });
}
