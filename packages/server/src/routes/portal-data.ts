/**
 * The portal's pages for the data and the funnel: an entity's downloads (CSV and XLSX per
 * report), the request's downloads (the same files the partner API serves), and the funnel by
 * week and integration. Registered inside the portal's scope, behind its sign-in.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ReportKind } from '@codat-link/core';
import { REPORT_KINDS, reportFile, workbookFile, type DownloadFormat } from '../downloads.js';
import { ApiError } from '../errors.js';
import { bdi, html, sendPage, type Html } from '../html.js';
import { MANUAL_INTEGRATION_KEY } from '../catalog.js';
import { FUNNEL_INTERVALS, FUNNEL_STEPS, type FunnelRow, type FunnelStep } from '../store-data.js';
import type { PagesDeps } from './pages.js';
import type { PortalKit } from './portal-notifications.js';
import { funnelWindow } from './data-api.js';
import { environmentBadge, environmentSwitch, pickEnvironment } from './environment.js';
import { pickLang, t, type Lang, type TextKey } from './text.js';

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const STEP_TEXT: Record<FunnelStep, TextKey> = {
  created: 'stepCreated',
  opened: 'stepOpened',
  consented: 'stepConsented',
  connected: 'stepConnected',
  finished: 'stepFinished',
};

/** `bills.csv` → bills and csv; anything else undefined. */
export function parseFile(file: string): { kind: ReportKind; format: DownloadFormat } | undefined {
  const match = /^([A-Za-z]+)\.(csv|xlsx)$/.exec(file);
  const kind = REPORT_KINDS.find((k) => k === match?.[1]);
  return kind && match ? { kind, format: match[2] as DownloadFormat } : undefined;
}

/** The links to one report's files: CSV and XLSX, with the record count. */
export function downloadLinks(lang: Lang, base: string, kind: ReportKind, count: number | undefined): Html {
  return html`<li>${t(lang, kind)} <small>(${count ?? 0})</small>: <a href="${base}/${kind}.csv?lang=${lang}" download aria-label="${t(lang, kind)} (CSV)">CSV</a> · <a href="${base}/${kind}.xlsx?lang=${lang}" download aria-label="${t(lang, kind)} (XLSX)">XLSX</a></li>`;
}

/** A duration for people: seconds, minutes, hours or days, one decimal at most. */
export function formatDuration(seconds: number | null, lang: Lang): string {
  if (seconds === null) return '–';
  const units: [number, string][] = [
    [86_400, lang === 'fr' ? 'j' : 'd'],
    [3600, 'h'],
    [60, 'min'],
    [1, 's'],
  ];
  const [size, unit] = units.find(([size]) => Math.abs(seconds) >= size) ?? [1, 's'];
  const value = Math.round((seconds / size) * 10) / 10;
  return `${value.toLocaleString(lang === 'fr' ? 'fr-FR' : 'en-GB')} ${unit}`;
}

export function registerDataPages(portal: FastifyInstance, deps: PagesDeps, kit: PortalKit): void {
  const { store } = deps;
  const { shell, notFound } = kit;

  const send = async (reply: FastifyReply, file: { contentType: string; fileName: string; body: unknown }) =>
    reply.type(file.contentType).header('content-disposition', `attachment; filename="${file.fileName}"`).header('cache-control', 'no-store').send(file.body);

  portal.get<{ Params: { requestId: string; entityId: string } }>('/portal/requests/:requestId/entities/:entityId', async (request, reply) => {
    const lang = pickLang(request);
    const dataRequest = ID.test(request.params.requestId) ? await store.getRequest(request.params.requestId) : undefined;
    const entity =
      dataRequest && ID.test(request.params.entityId)
        ? (await store.entityStatuses(dataRequest.id)).find((e) => e.entityId === request.params.entityId)
        : undefined;
    if (!dataRequest || !entity) return notFound(request, reply, lang);
    const catalog = new Map(deps.integrations.map((i) => [i.key, i.name]));
    catalog.set(MANUAL_INTEGRATION_KEY, t(lang, 'manualTemplate'));
    const base = `/portal/requests/${dataRequest.id}/entities/${entity.entityId}/export`;
    return sendPage(
      reply,
      shell(
        request,
        lang,
        entity.name,
        html`
<p><a href="/portal/requests/${dataRequest.id}?lang=${lang}">← ${bdi(dataRequest.companyName)}</a></p>
<h1>${bdi(entity.name)} ${environmentBadge(lang, dataRequest.environment)}</h1>
<p><span class="status status-${entity.status}">${t(lang, entity.status)}</span>${entity.integrationKey ? html` · ${catalog.get(entity.integrationKey) ?? entity.integrationKey}` : ''}</p>
<h2>${t(lang, 'downloads')}</h2>
<ul class="list downloads">${REPORT_KINDS.map((kind) => downloadLinks(lang, base, kind, entity.counts[kind]))}
<li><a href="${base}/all.xlsx?lang=${lang}" download>${t(lang, 'downloadAll')}</a></li></ul>`,
      ),
    );
  });

  portal.get<{ Params: { requestId: string; entityId: string; file: string } }>(
    '/portal/requests/:requestId/entities/:entityId/export/:file',
    async (request, reply) => {
      const lang = pickLang(request);
      const dataRequest = ID.test(request.params.requestId) ? await store.getRequest(request.params.requestId) : undefined;
      if (!dataRequest || !ID.test(request.params.entityId)) return notFound(request, reply, lang);
      try {
        await store.requireEntity(dataRequest.id, request.params.entityId);
      } catch (error) {
        if (error instanceof ApiError && error.code === 'not_found') return notFound(request, reply, lang);
        throw error;
      }
      if (request.params.file === 'all.xlsx') return send(reply, await workbookFile(store, dataRequest.id, REPORT_KINDS, request.params.entityId));
      const file = parseFile(request.params.file);
      if (!file) return notFound(request, reply, lang);
      return send(reply, await reportFile(store, dataRequest.id, file.kind, file.format, { entityId: request.params.entityId, locale: lang }));
    },
  );

  portal.get<{ Params: { requestId: string; file: string } }>('/portal/requests/:requestId/export/:file', async (request, reply) => {
    const lang = pickLang(request);
    const dataRequest = ID.test(request.params.requestId) ? await store.getRequest(request.params.requestId) : undefined;
    if (!dataRequest) return notFound(request, reply, lang);
    if (request.params.file === 'all.xlsx') return send(reply, await workbookFile(store, dataRequest.id, REPORT_KINDS));
    const file = parseFile(request.params.file);
    if (!file) return notFound(request, reply, lang);
    // French CSV takes ";", as Excel there expects.
    return send(reply, await reportFile(store, dataRequest.id, file.kind, file.format, { locale: lang }));
  });

  portal.get<{ Querystring: { env?: string; from?: string; to?: string } }>('/portal/funnel', async (request, reply) => {
    const lang = pickLang(request);
    const environment = pickEnvironment(request.query);
    const day = (value: string | undefined) => (value && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value)) ? value : undefined);
    let window: { from: string; to: string };
    try {
      window = funnelWindow(day(request.query.from), day(request.query.to));
    } catch {
      window = funnelWindow();
    }
    const report = await store.funnel(environment, window);
    const catalog = new Map(deps.integrations.map((i) => [i.key, i.name]));
    catalog.set(MANUAL_INTEGRATION_KEY, t(lang, 'manualTemplate'));
    const lastDay = new Date(Date.parse(window.to) - 1).toISOString().slice(0, 10);
    const cells = (row: FunnelRow) =>
      FUNNEL_STEPS.map((step, i) => {
        const interval = i === 0 ? undefined : FUNNEL_INTERVALS[i - 1]!;
        return html`<td class="num">${row.counts[step]}${interval ? html`<br><small>${formatDuration(row.medianSeconds[interval], lang)}</small>` : ''}</td>`;
      });
    const name = (key: string | null) => (key === null ? t(lang, 'noIntegration') : (catalog.get(key) ?? key));
    return sendPage(
      reply,
      shell(
        request,
        lang,
        t(lang, 'funnel'),
        html`
<h1>${t(lang, 'funnel')} ${environmentBadge(lang, environment)}</h1>
${environmentSwitch(lang, environment, '/portal/funnel')}
<p>${t(lang, 'funnelIntro')}</p>
<form method="get" action="/portal/funnel" class="inline">
<input type="hidden" name="env" value="${environment}"><input type="hidden" name="lang" value="${lang}">
<label>${t(lang, 'from')} <input type="date" name="from" value="${window.from.slice(0, 10)}"></label>
<label>${t(lang, 'to')} <input type="date" name="to" value="${lastDay}"></label>
<button>${t(lang, 'show')}</button>
</form>
${
  report.weeks.length === 0
    ? html`<p>${t(lang, 'funnelEmpty')}</p>`
    : html`<p class="hint" id="funnel-hint">${t(lang, 'medianTo')}</p>
<div class="scroll" role="region" aria-label="${t(lang, 'funnel')}" tabindex="0"><table class="funnel" aria-describedby="funnel-hint">
<thead><tr><th scope="col">${t(lang, 'week')}</th><th scope="col">${t(lang, 'integration')}</th>${FUNNEL_STEPS.map((step) => html`<th scope="col" class="num">${t(lang, STEP_TEXT[step])}</th>`)}</tr></thead>
<tbody>${report.weeks.map(
        (
          week,
        ) => html`${week.integrations.map((row, i) => html`<tr>${i === 0 ? html`<th scope="rowgroup" rowspan="${week.integrations.length + 1}"><time datetime="${week.weekStart}">${week.week}</time><br><small>${week.weekStart}</small></th>` : ''}<td>${name(row.integrationKey)}</td>${cells(row)}</tr>`)}
<tr class="total"><td>${t(lang, 'allIntegrations')}</td>${cells(week.total)}</tr>`,
      )}</tbody></table></div>`
}`,
      ),
    );
  });
}
