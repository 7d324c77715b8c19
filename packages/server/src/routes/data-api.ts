/**
 * The partner API for the data itself: a request's entities, each report's records as JSON pages
 * (keyset cursor), the same records as CSV or XLSX, and the funnel. Every lookup is scoped to the
 * environment of the key the call came with: another environment's request answers 404.
 */
import { z } from 'zod';
import { FIELDS } from '@codat-link/upload';
import { REPORT_KINDS, reportFile, workbookFile, CSV_TYPE, XLSX_TYPE, project } from '../downloads.js';
import { ApiError } from '../errors.js';
import * as s from '../schemas.js';
import type { Storage } from '../storage.js';
import { decodeCursor, encodeCursor, DEFAULT_RECORD_PAGE, FUNNEL_INTERVALS, FUNNEL_STEPS, MAX_RECORD_PAGE } from '../store-data.js';
import { route, type ApiRoute, type FileAnswer } from './define.js';
import { environmentOf, requestFor } from './partner-api.js';

export interface DataApiDeps {
  store: Storage;
}

const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/);
const entityParams = z.object({ requestId: id, entityId: id });
const entityReportParams = entityParams.extend({ kind: s.reportKind });
const requestReportParams = z.object({ requestId: id, kind: s.reportKind });
const fieldSchema = z.object({
  key: z.string(),
  type: z.string(),
  required: z.boolean(),
  label: z.object({ en: z.string(), fr: z.string() }),
});
const recordPageQuery = z.object({
  /** The nextCursor of the previous page; absent for the first page. */
  cursor: z.string().min(1).max(400).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_RECORD_PAGE).default(DEFAULT_RECORD_PAGE),
});
const recordPageSchema = z.object({
  requestId: id,
  entityId: id,
  kind: s.reportKind,
  /** The report's canonical fields (FIELDS), in order: every record has exactly these keys. */
  fields: z.array(fieldSchema),
  records: z.array(z.record(z.string(), z.unknown())),
  /** Pass it back as `cursor` for the next page; null on the last page. */
  nextCursor: z.string().nullable(),
});
const entityListSchema = z.object({ requestId: id, finished: z.boolean(), entities: z.array(s.entityStatusSchema) });
const formatQuery = z.object({
  format: z.enum(['csv', 'xlsx']).default('csv'),
  /** CSV only: `fr` separates cells with ";" (Excel's list separator in French), `en` (default) with ",". */
  locale: z.enum(['en', 'fr']).optional(),
});
const workbookQuery = z.object({ format: z.literal('xlsx').default('xlsx') });
/** Download routes answer a file; the OpenAPI document describes it from `produces`. */
const fileSchema = z.custom<FileAnswer>();

const funnelQuery = z.object({
  /** Requests created from this day (UTC, inclusive); default: 12 weeks before `to`. */
  from: z.iso.date().optional(),
  /** Requests created up to this day (UTC, inclusive); default: today. */
  to: z.iso.date().optional(),
});
const funnelRowSchema = z.object({
  integrationKey: z.string().nullable(),
  counts: z.object(Object.fromEntries(FUNNEL_STEPS.map((step) => [step, z.number().int()])) as Record<(typeof FUNNEL_STEPS)[number], z.ZodNumber>),
  medianSeconds: z.object(
    Object.fromEntries(FUNNEL_INTERVALS.map((interval) => [interval, z.number().nullable()])) as Record<
      (typeof FUNNEL_INTERVALS)[number],
      z.ZodNullable<z.ZodNumber>
    >,
  ),
});
export const funnelSchema = z.object({
  environment: s.environmentSchema,
  from: z.string(),
  to: z.string(),
  weeks: z.array(z.object({ week: z.string(), weekStart: z.string(), integrations: z.array(funnelRowSchema), total: funnelRowSchema })),
});

const DAY_MS = 86_400_000;
/** The funnel's window as instants: `from` at 00:00 UTC, `to` through its last millisecond. */
export function funnelWindow(from?: string, to?: string, at = Date.now()): { from: string; to: string } {
  const end = to ? Date.parse(`${to}T00:00:00Z`) + DAY_MS : Math.floor(at / DAY_MS) * DAY_MS + DAY_MS;
  const start = from ? Date.parse(`${from}T00:00:00Z`) : end - 12 * 7 * DAY_MS;
  if (!(start < end)) throw new ApiError('invalid_request', undefined, 'from must be on or before to.');
  if (end - start > 370 * DAY_MS) throw new ApiError('invalid_request', undefined, 'The funnel covers at most a year at a time.');
  return { from: new Date(start).toISOString(), to: new Date(end).toISOString() };
}

export function dataApiRoutes(deps: DataApiDeps): ApiRoute[] {
  const { store } = deps;
  const tag = 'data';
  return [
    route({
      method: 'GET',
      url: '/partner/v1/requests/:requestId/entities',
      auth: 'partner',
      tag,
      operationId: 'listRequestEntities',
      summary: 'The entities of a request, each with its status, integration and record counts per report.',
      params: s.requestParams,
      response: entityListSchema,
      handler: async ({ params, session }) => {
        const request = await requestFor(store, session, params.requestId);
        return { requestId: request.id, finished: request.finishedAt !== null, entities: await store.entityStatuses(request.id) };
      },
    }),
    route({
      method: 'GET',
      url: '/partner/v1/requests/:requestId/entities/:entityId/reports/:kind/records',
      auth: 'partner',
      tag,
      operationId: 'listRecords',
      summary:
        "One page of an entity's records of a report, in stored order, with the report's fields (FIELDS). Follow nextCursor until it is null; limit is 1 to 5,000 (1,000 by default).",
      params: entityReportParams,
      query: recordPageQuery,
      response: recordPageSchema,
      handler: async ({ params, query, session }) => {
        const request = await requestFor(store, session, params.requestId);
        await store.requireEntity(request.id, params.entityId);
        const page = await store.recordPage(request.id, params.entityId, params.kind, query.cursor ? decodeCursor(query.cursor) : null, query.limit);
        return {
          requestId: request.id,
          entityId: params.entityId,
          kind: params.kind,
          fields: FIELDS[params.kind].map((field) => ({ key: field.key, type: field.type, required: field.required, label: { ...field.label } })),
          records: page.records.map((record) => project(params.kind, record.data)),
          nextCursor: page.nextCursor ? encodeCursor(page.nextCursor) : null,
        };
      },
    }),
    route({
      method: 'GET',
      url: '/partner/v1/requests/:requestId/entities/:entityId/reports/:kind/export',
      auth: 'partner',
      tag,
      operationId: 'exportEntityReport',
      summary:
        "An entity's records of a report as a file: CSV (streamed, UTF-8 with BOM) or XLSX (one sheet), columns from FIELDS, rows in the order of the JSON pages, text cells neutralised against formula injection.",
      params: entityReportParams,
      query: formatQuery,
      produces: [CSV_TYPE, XLSX_TYPE],
      response: fileSchema,
      handler: async ({ params, query, session }) => {
        const request = await requestFor(store, session, params.requestId);
        await store.requireEntity(request.id, params.entityId);
        return reportFile(store, request.id, params.kind, query.format, { entityId: params.entityId, ...(query.locale ? { locale: query.locale } : {}) });
      },
    }),
    route({
      method: 'GET',
      url: '/partner/v1/requests/:requestId/reports/:kind/export',
      auth: 'partner',
      tag,
      operationId: 'exportRequestReport',
      summary: "Every entity's records of a report as one file (CSV or XLSX), an `entity` column first, entity by entity in the order they were added.",
      params: requestReportParams,
      query: formatQuery,
      produces: [CSV_TYPE, XLSX_TYPE],
      response: fileSchema,
      handler: async ({ params, query, session }) => {
        const request = await requestFor(store, session, params.requestId);
        return reportFile(store, request.id, params.kind, query.format, query.locale ? { locale: query.locale } : {});
      },
    }),
    route({
      method: 'GET',
      url: '/partner/v1/requests/:requestId/export',
      auth: 'partner',
      tag,
      operationId: 'exportRequest',
      summary:
        'The whole request as one XLSX workbook: one sheet per report (suppliers, bills, supplierSpend), an `entity` column first. For CSV, download each report.',
      params: s.requestParams,
      query: workbookQuery,
      produces: [XLSX_TYPE],
      response: fileSchema,
      handler: async ({ params, session }) => {
        const request = await requestFor(store, session, params.requestId);
        return workbookFile(store, request.id, REPORT_KINDS);
      },
    }),
    route({
      method: 'GET',
      url: '/partner/v1/funnel',
      auth: 'partner',
      tag,
      operationId: 'getFunnel',
      summary:
        "The funnel of the key's environment: per ISO week of creation and per integration, how many requests were created, opened, consented, connected or uploaded, and finished, with the median seconds between steps.",
      query: funnelQuery,
      response: funnelSchema,
      handler: ({ query, session }) => store.funnel(environmentOf(session), funnelWindow(query.from, query.to)),
    }),
  ];
}
