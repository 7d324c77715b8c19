/**
 * The portal's pages for what the server tells the partner: webhook endpoints and their delivery
 * log (with Replay), monitoring rules, open alerts, and the e-mail outbox. Registered inside the
 * portal's scope, behind its sign-in, role checks, CSRF token and same-origin check on posts.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { MESSAGES } from '../errors.js';
import { EVENT_TYPES, type EventType } from '../events.js';
import { bdi, html, sendPage, type Html } from '../html.js';
import type { RuleKind } from '../store.js';
import { checkWebhookUrl, SECRET_ROTATION_GRACE_MS, WEBHOOK_URL_REFUSALS, WebhookUrlError } from '../webhooks.js';
import type { PagesDeps } from './pages.js';
import { pickLang, t, type Lang, type TextKey } from './text.js';

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const RULE_KINDS: RuleKind[] = ['requestStale', 'connectionFailed', 'uploadSkippedRows', 'requestFinished'];
const RULE_TEXT: Record<RuleKind, TextKey> = {
  requestStale: 'ruleRequestStale',
  connectionFailed: 'ruleConnectionFailed',
  uploadSkippedRows: 'ruleUploadSkippedRows',
  requestFinished: 'ruleRequestFinished',
};
/** Addresses as a person types them: commas, semicolons or spaces between. */
const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/;
export function parseAddresses(value: string): string[] | undefined {
  const addresses = value.split(/[\s,;]+/).filter(Boolean);
  if (addresses.length > 10 || addresses.some((a) => a.length > 254 || !EMAIL.test(a))) return undefined;
  return addresses;
}
const when = (iso: string | null) => (iso ? html`<time datetime="${iso}">${iso.slice(0, 19).replace('T', ' ')}</time>` : '');

/** What the portal's page modules share: the page frame, the 404 page, and the role checks for hiding controls. */
export interface PortalKit {
  shell: (request: FastifyRequest, lang: Lang, title: string, content: Html) => string;
  notFound: (request: FastifyRequest, reply: FastifyReply, lang: Lang) => FastifyReply;
  /** Managers and admins: the page shows its forms. Viewers read only. */
  canWrite: (request: FastifyRequest) => boolean;
  isAdmin: (request: FastifyRequest) => boolean;
}

export function registerNotificationPages(portal: FastifyInstance, deps: PagesDeps, kit: PortalKit): void {
  const { store, mailer } = deps;
  const { shell, notFound, canWrite, isAdmin } = kit;
  const problem = (_lang: Lang, message: string) => html`<p class="notice" role="alert">${message}</p>`;
  const refusal = (lang: Lang, error: unknown) => {
    if (error instanceof WebhookUrlError) return problem(lang, WEBHOOK_URL_REFUSALS[error.reason][lang]);
    throw error;
  };

  // ---- Webhooks ----
  const endpointsPage = async (request: FastifyRequest, reply: FastifyReply, notice: Html | '' = '', status = 200) => {
    const lang = pickLang(request);
    const endpoints = await store.listEndpoints();
    return sendPage(
      reply,
      shell(
        request,
        lang,
        t(lang, 'webhooks'),
        html`
<h1>${t(lang, 'webhooks')}</h1>
${notice}
${
  endpoints.length === 0
    ? html`<p>${t(lang, 'noEndpoints')}</p>`
    : html`<table><thead><tr><th>${t(lang, 'url')}</th><th>${t(lang, 'events')}</th><th>${t(lang, 'status')}</th><th></th></tr></thead><tbody>
${endpoints.map(
  (
    e,
  ) => html`<tr><td><a href="/portal/webhooks/${e.id}?lang=${lang}"><bdi>${e.url}</bdi></a>${e.description ? html`<br><small>${bdi(e.description)}</small>` : ''}</td>
<td>${e.eventTypes === null ? t(lang, 'allEvents') : e.eventTypes.join(', ')}</td>
<td><span class="status status-${e.enabled ? 'complete' : 'failed'}">${t(lang, e.enabled ? 'enabled' : 'disabled')}</span></td>
<td><form method="post" action="/portal/webhooks/${e.id}/${e.enabled ? 'disable' : 'enable'}?lang=${lang}"><button class="secondary">${t(lang, e.enabled ? 'disable' : 'enable')}</button></form>
<form method="post" action="/portal/webhooks/${e.id}/rotate?lang=${lang}"><button class="secondary">${t(lang, 'rotateSecret')}</button></form></td></tr>`,
)}
</tbody></table>`
}
<form method="post" action="/portal/webhooks?lang=${lang}" class="inline">
<h2>${t(lang, 'newEndpoint')}</h2>
<label>${t(lang, 'url')} <input name="url" type="url" required maxlength="2000" placeholder="https://"></label>
<label>${t(lang, 'description')} <input name="description" maxlength="200"></label>
<fieldset><legend>${t(lang, 'events')}</legend>
<label><input type="checkbox" name="all" value="1" checked> ${t(lang, 'allEvents')}</label>
${EVENT_TYPES.map((type) => html`<label><input type="checkbox" name="event:${type}" value="1"> <code>${type}</code></label> `)}
</fieldset>
<button>${t(lang, 'create')}</button>
</form>`,
      ),
      { status },
    );
  };
  const secretPage = async (request: FastifyRequest, reply: FastifyReply, endpointId: string, secret: string, rotated: boolean) => {
    const lang = pickLang(request);
    return sendPage(
      reply,
      shell(
        request,
        lang,
        t(lang, 'webhooks'),
        html`
<h1>${t(lang, rotated ? 'secretRotated' : 'endpointCreated')}</h1>
<p>${t(lang, 'secretOnce')}</p>
<p><input readonly class="link-url" id="secret" value="${secret}" aria-label="${t(lang, 'signingSecret')}"> <button type="button" class="copy" data-copy="secret">${t(lang, 'copy')}</button></p>
${rotated ? html`<p>${t(lang, 'secretGrace')}</p>` : ''}
<p><a href="/portal/webhooks/${endpointId}?lang=${lang}">${t(lang, 'deliveries')}</a> · <a href="/portal/webhooks?lang=${lang}">${t(lang, 'webhooks')}</a></p>`,
      ),
    );
  };

  portal.get('/portal/webhooks', async (request, reply) => endpointsPage(request, reply));

  portal.post<{ Body: Record<string, string> }>('/portal/webhooks', async (request, reply) => {
    const lang = pickLang(request);
    const url = String(request.body?.['url'] ?? '').trim();
    const chosen = EVENT_TYPES.filter((type) => request.body?.[`event:${type}`]);
    const eventTypes: EventType[] | null = request.body?.['all'] || chosen.length === 0 ? null : chosen;
    try {
      await checkWebhookUrl(url, deps.allowLocalUrls);
    } catch (error) {
      return endpointsPage(request, reply, refusal(lang, error), 422);
    }
    const { endpoint, secret } = await store.createEndpoint({ url, description: String(request.body?.['description'] ?? '').slice(0, 200), eventTypes });
    return secretPage(request, reply, endpoint.id, secret, false);
  });

  portal.post<{ Params: { endpointId: string; action: string } }>('/portal/webhooks/:endpointId/:action', async (request, reply) => {
    const lang = pickLang(request);
    const { endpointId, action } = request.params;
    const endpoint = ID.test(endpointId) ? await store.getEndpoint(endpointId) : undefined;
    if (!endpoint || !['enable', 'disable', 'rotate'].includes(action)) return notFound(request, reply, lang);
    if (action === 'rotate') return secretPage(request, reply, endpoint.id, await store.rotateEndpointSecret(endpoint.id, SECRET_ROTATION_GRACE_MS), true);
    await store.updateEndpoint(endpoint.id, { enabled: action === 'enable' });
    return reply.redirect(`/portal/webhooks?lang=${lang}`, 303);
  });

  portal.get<{ Params: { endpointId: string } }>('/portal/webhooks/:endpointId', async (request, reply) => {
    const lang = pickLang(request);
    const endpoint = ID.test(request.params.endpointId) ? await store.getEndpoint(request.params.endpointId) : undefined;
    if (!endpoint) return notFound(request, reply, lang);
    const deliveries = await store.listDeliveries(endpoint.id, { limit: 100 });
    return sendPage(
      reply,
      shell(
        request,
        lang,
        t(lang, 'deliveries'),
        html`
<p><a href="/portal/webhooks?lang=${lang}">← ${t(lang, 'webhooks')}</a></p>
<h1>${t(lang, 'deliveries')}: <bdi>${endpoint.url}</bdi></h1>
${
  deliveries.length === 0
    ? html`<p>${t(lang, 'noDeliveries')}</p>`
    : html`<table><thead><tr><th>${t(lang, 'event')}</th><th>${t(lang, 'status')}</th><th>${t(lang, 'attempts')}</th><th>${t(lang, 'responseCode')}</th><th>${t(lang, 'latency')}</th><th>${t(lang, 'nextAttempt')}</th><th></th></tr></thead><tbody>
${deliveries.map(
  (d) => html`<tr><td><code>${d.eventType}</code><br><small>${d.eventId} · ${when(d.createdAt)}</small></td>
<td><span class="status status-${d.status === 'succeeded' ? 'complete' : d.status === 'failed' ? 'failed' : 'inProgress'}">${t(lang, d.status === 'succeeded' ? 'deliverySucceeded' : d.status === 'failed' ? 'deliveryFailed' : 'deliveryPending')}</span></td>
<td class="num">${d.attempts}</td><td class="num">${d.lastStatusCode ?? d.lastError ?? ''}</td><td class="num">${d.lastLatencyMs === null ? '' : `${d.lastLatencyMs} ms`}</td>
<td>${when(d.nextAttemptAt)}</td>
<td><form method="post" action="/portal/deliveries/${d.id}/replay?lang=${lang}"><button class="secondary">${t(lang, 'replay')}</button></form></td></tr>`,
)}
</tbody></table>`
}`,
      ),
    );
  });

  portal.post<{ Params: { deliveryId: string } }>('/portal/deliveries/:deliveryId/replay', async (request, reply) => {
    const lang = pickLang(request);
    const delivery = ID.test(request.params.deliveryId) ? await store.getDelivery(request.params.deliveryId) : undefined;
    if (!delivery) return notFound(request, reply, lang);
    await store.replayDelivery(delivery.id);
    return reply.redirect(`/portal/webhooks/${delivery.endpointId}?lang=${lang}`, 303);
  });

  // ---- Monitoring rules and alerts ----
  const rulesPage = async (request: FastifyRequest, reply: FastifyReply, notice: Html | '' = '', status = 200) => {
    const lang = pickLang(request);
    const rules = await store.listRules();
    const threshold = (kind: RuleKind, value: number | null) =>
      kind === 'requestStale' ? `${value ?? 7} ${t(lang, 'days')}` : kind === 'uploadSkippedRows' ? `> ${value ?? 0} %` : '';
    return sendPage(
      reply,
      shell(
        request,
        lang,
        t(lang, 'rules'),
        html`
<h1>${t(lang, 'rules')}</h1>
${notice}
${
  rules.length === 0
    ? html`<p>${t(lang, 'noRules')}</p>`
    : html`<table><thead><tr><th>${t(lang, 'rule')}</th><th>${t(lang, 'threshold')}</th><th>${t(lang, 'alertBy')}</th><th>${t(lang, 'status')}</th><th></th></tr></thead><tbody>
${rules.map(
  (r) => html`<tr><td>${t(lang, RULE_TEXT[r.kind])}</td><td>${threshold(r.kind, r.threshold)}</td>
<td>${[r.viaWebhook ? t(lang, 'webhook') : '', ...r.emails].filter(Boolean).join(', ')}</td>
<td><span class="status status-${r.enabled ? 'complete' : 'failed'}">${t(lang, r.enabled ? 'enabled' : 'disabled')}</span></td>
<td><form method="post" action="/portal/rules/${r.id}/${r.enabled ? 'disable' : 'enable'}?lang=${lang}"><button class="secondary">${t(lang, r.enabled ? 'disable' : 'enable')}</button></form></td></tr>`,
)}
</tbody></table>`
}
<form method="post" action="/portal/rules?lang=${lang}" class="inline">
<h2>${t(lang, 'newRule')}</h2>
<label>${t(lang, 'rule')} <select name="kind">${RULE_KINDS.map((kind) => html`<option value="${kind}">${t(lang, RULE_TEXT[kind])}</option>`)}</select></label>
<label>${t(lang, 'threshold')} <input name="threshold" type="number" min="0" max="3650" step="any" inputmode="decimal"></label>
<label><input type="checkbox" name="viaWebhook" value="1" checked> ${t(lang, 'webhook')}</label>
<label>${t(lang, 'emailAddresses')} <input name="emails" maxlength="2600"></label>
<label>${t(lang, 'language')} <select name="locale"><option value="en">English</option><option value="fr">Français</option></select></label>
<button>${t(lang, 'create')}</button>
<p><small>${t(lang, 'thresholdHelp')}</small></p>
</form>`,
      ),
      { status },
    );
  };

  portal.get('/portal/rules', async (request, reply) => rulesPage(request, reply));

  portal.post<{ Body: Record<string, string> }>('/portal/rules', async (request, reply) => {
    const lang = pickLang(request);
    const body = request.body ?? {};
    const kind = RULE_KINDS.find((k) => k === body['kind']);
    const emails = parseAddresses(String(body['emails'] ?? ''));
    const raw = String(body['threshold'] ?? '')
      .trim()
      .replace(',', '.');
    const threshold = raw === '' ? null : Number(raw);
    if (!kind) return notFound(request, reply, lang);
    if (!emails) return rulesPage(request, reply, problem(lang, t(lang, 'invalidEmail')), 422);
    if (threshold !== null && (!Number.isFinite(threshold) || threshold < 0 || threshold > (kind === 'uploadSkippedRows' ? 100 : 3650))) {
      return rulesPage(request, reply, problem(lang, t(lang, 'invalidThreshold')), 422);
    }
    await store.createRule({
      kind,
      threshold: threshold ?? (kind === 'requestStale' ? 7 : kind === 'uploadSkippedRows' ? 0 : null),
      viaWebhook: Boolean(body['viaWebhook']),
      emails,
      locale: body['locale'] === 'fr' ? 'fr' : 'en',
    });
    return reply.redirect(`/portal/rules?lang=${lang}`, 303);
  });

  portal.post<{ Params: { ruleId: string; action: string } }>('/portal/rules/:ruleId/:action', async (request, reply) => {
    const lang = pickLang(request);
    const rule = ID.test(request.params.ruleId) ? await store.getRule(request.params.ruleId) : undefined;
    if (!rule || !['enable', 'disable'].includes(request.params.action)) return notFound(request, reply, lang);
    await store.updateRule(rule.id, { enabled: request.params.action === 'enable' });
    return reply.redirect(`/portal/rules?lang=${lang}`, 303);
  });

  portal.get('/portal/alerts', async (request, reply) => {
    const lang = pickLang(request);
    const alerts = await store.listAlerts({ open: true });
    const companies = new Map((await store.listCompanies()).map((c) => [c.id, c.name]));
    return sendPage(
      reply,
      shell(
        request,
        lang,
        t(lang, 'openAlerts'),
        html`
<h1>${t(lang, 'openAlerts')}</h1>
${
  alerts.length === 0
    ? html`<p>${t(lang, 'noAlerts')}</p>`
    : html`<table><thead><tr><th>${t(lang, 'rule')}</th><th>${t(lang, 'company')}</th><th>${t(lang, 'summary')}</th><th>${t(lang, 'created')}</th><th></th></tr></thead><tbody>
${alerts.map(
  (a) => html`<tr><td>${t(lang, RULE_TEXT[a.rule])}</td>
<td>${a.requestId ? html`<a href="/portal/requests/${a.requestId}?lang=${lang}">${bdi(companies.get(a.companyId) ?? a.companyId)}</a>` : bdi(companies.get(a.companyId) ?? a.companyId)}</td>
<td>${a.summary}</td><td>${when(a.createdAt)}</td>
<td>${canWrite(request) ? html`<form method="post" action="/portal/alerts/${a.id}/resolve?lang=${lang}"><button class="secondary">${t(lang, 'resolve')}</button></form>` : ''}</td></tr>`,
)}
</tbody></table>`
}`,
      ),
    );
  });

  portal.post<{ Params: { alertId: string } }>('/portal/alerts/:alertId/resolve', async (request, reply) => {
    const lang = pickLang(request);
    if (!ID.test(request.params.alertId)) return notFound(request, reply, lang);
    try {
      await store.resolveAlert(request.params.alertId);
    } catch {
      return notFound(request, reply, lang);
    }
    return reply.redirect(`/portal/alerts?lang=${lang}`, 303);
  });

  // ---- E-mail ----
  portal.post<{ Params: { requestId: string }; Body: Record<string, string> }>('/portal/requests/:requestId/email', async (request, reply) => {
    const lang = pickLang(request);
    const dataRequest = ID.test(request.params.requestId) ? await store.getRequest(request.params.requestId) : undefined;
    if (!dataRequest) return notFound(request, reply, lang);
    const to = parseAddresses(String(request.body?.['to'] ?? ''));
    const back = html`<p><a href="/portal/requests/${dataRequest.id}?lang=${lang}">← ${t(lang, 'back')}</a></p>`;
    if (!to || to.length === 0) {
      return sendPage(
        reply,
        shell(request, lang, t(lang, 'requestByEmail'), html`${back}<h1>${t(lang, 'requestByEmail')}</h1>${problem(lang, t(lang, 'invalidEmail'))}`),
        { status: 422 },
      );
    }
    if (dataRequest.finishedAt !== null) {
      return sendPage(
        reply,
        shell(request, lang, t(lang, 'requestByEmail'), html`${back}<h1>${t(lang, 'requestByEmail')}</h1>${problem(lang, MESSAGES.request_finished[lang])}`),
        { status: 409 },
      );
    }
    const locale = request.body?.['locale'] === 'fr' ? 'fr' : request.body?.['locale'] === 'en' ? 'en' : lang;
    await store.enqueueEmail(request.body?.['template'] === 'reminder' ? 'reminder' : 'request', locale, to, {}, dataRequest.id);
    return reply.redirect(`/portal/outbox?lang=${lang}`, 303);
  });

  portal.get('/portal/outbox', async (request, reply) => {
    const lang = pickLang(request);
    const emails = await store.listEmails(100);
    const subjects = await Promise.all(emails.map(async (e) => (await mailer.render(e)).subject));
    return sendPage(
      reply,
      shell(
        request,
        lang,
        t(lang, 'outbox'),
        html`
<h1>${t(lang, 'outbox')}</h1>
${mailer.local ? html`<p class="notice">${t(lang, 'outboxLocal')}</p>` : ''}
${
  emails.length === 0
    ? html`<p>${t(lang, 'noEmails')}</p>`
    : html`<table><thead><tr><th>${t(lang, 'subject')}</th><th>${t(lang, 'recipients')}</th><th>${t(lang, 'status')}</th><th>${t(lang, 'created')}</th></tr></thead><tbody>
${emails.map(
  (e, i) => html`<tr><td><a href="/portal/outbox/${e.id}?lang=${lang}">${subjects[i]}</a></td><td>${e.recipients.join(', ')}</td>
<td><span class="status status-${e.status === 'failed' ? 'failed' : e.status === 'pending' ? 'inProgress' : 'complete'}">${t(lang, `email_${e.status}` as TextKey)}</span>${e.lastError ? html`<br><small>${e.lastError}</small>` : ''}</td>
<td>${when(e.createdAt)}</td></tr>`,
)}
</tbody></table>`
}`,
      ),
    );
  });

  portal.get<{ Params: { emailId: string } }>('/portal/outbox/:emailId', async (request, reply) => {
    const lang = pickLang(request);
    const email = ID.test(request.params.emailId) ? await store.getEmail(request.params.emailId) : undefined;
    if (!email) return notFound(request, reply, lang);
    const message = await mailer.render(email);
    // An invite's one-time link is for admins' eyes only (an invite may be for an admin account).
    const text = email.template === 'invite' && !isAdmin(request) ? t(lang, 'inviteHidden') : message.text;
    // The text part, not the HTML one: the page's CSP allows no inline style, and text is what every client can show.
    return sendPage(
      reply,
      shell(
        request,
        lang,
        message.subject,
        html`
<p><a href="/portal/outbox?lang=${lang}">← ${t(lang, 'outbox')}</a></p>
<h1>${message.subject}</h1>
<p>${t(lang, 'recipients')}: ${email.recipients.join(', ')} · ${t(lang, `email_${email.status}` as TextKey)}</p>
<pre class="email">${text}</pre>`,
      ),
    );
  });
}
