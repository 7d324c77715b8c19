/**
 * The partner's server-to-server API, behind the partner API key. The browser never sees that
 * key: the partner's backend mints a session token here and hands only the token to the page.
 */
import { ApiError } from '../errors.js';
import * as s from '../schemas.js';
import type { RequestRow, Storage } from '../storage.js';
import { route, type ApiRoute } from './define.js';

export interface PartnerApiDeps {
  store: Storage;
  sessionTtlSeconds: number;
  publicUrl(): string;
}

export const linkUrl = (publicUrl: string, requestId: string): string => `${publicUrl}/link/${encodeURIComponent(requestId)}`;

export function partnerApiRoutes(deps: PartnerApiDeps): ApiRoute[] {
  const { store } = deps;
  const tag = 'partner';
  const requestView = (row: RequestRow) => ({ ...row, linkUrl: linkUrl(deps.publicUrl(), row.id) });
  const companyOf = async (companyId: string) => {
    const company = await store.getCompany(companyId);
    if (!company) throw new ApiError('not_found');
    return company;
  };

  return [
    route({
      method: 'POST', url: '/partner/v1/companies', auth: 'partner', tag, operationId: 'createCompany', status: 201,
      summary: 'Creates a company (a business customer of the partner).',
      body: s.createCompanyBody,
      response: s.companySchema,
      handler: ({ body }) => store.createCompany(body.name, body.allowedIntegrations ?? null),
    }),
    route({
      method: 'GET', url: '/partner/v1/companies', auth: 'partner', tag, operationId: 'listCompanies',
      summary: 'Every company.',
      response: s.companyListSchema,
      handler: async () => ({ companies: await store.listCompanies() }),
    }),
    route({
      method: 'POST', url: '/partner/v1/companies/:companyId/requests', auth: 'partner', tag, operationId: 'createRequest',
      status: 201,
      summary: 'Creates a data request for a company; its linkUrl is the hosted Link page.',
      params: s.companyParams, body: s.createRequestBody,
      response: s.partnerRequestSchema,
      handler: async ({ params, body }) => requestView(await store.createRequest((await companyOf(params.companyId)).id, body.dataTypes)),
    }),
    route({
      method: 'GET', url: '/partner/v1/companies/:companyId/requests', auth: 'partner', tag, operationId: 'listRequests',
      summary: 'The data requests of a company.',
      params: s.companyParams,
      response: s.requestListSchema,
      handler: async ({ params }) => ({ requests: (await store.listRequests((await companyOf(params.companyId)).id)).map(requestView) }),
    }),
    route({
      method: 'POST', url: '/partner/v1/sessions', auth: 'partner', tag, operationId: 'createSession', status: 201,
      summary: 'Mints a short-lived session token scoped to one company and one data request.',
      body: s.createSessionBody,
      response: s.sessionSchema,
      handler: async ({ body }) => {
        const minted = await store.createSession(body.companyId, body.requestId, body.ttlSeconds ?? deps.sessionTtlSeconds);
        return { ...minted, companyId: body.companyId, requestId: body.requestId };
      },
    }),
    route({
      method: 'GET', url: '/partner/v1/requests/:requestId/status', auth: 'partner', tag, operationId: 'getRequestStatus',
      summary: 'Status and record counts per entity of a request.',
      params: s.requestParams,
      response: s.requestStatusSchema,
      handler: async ({ params }) => {
        const request = await store.getRequest(params.requestId);
        if (!request) throw new ApiError('not_found');
        return { requestId: request.id, finished: request.finishedAt !== null, entities: await store.entityStatuses(request.id) };
      },
    }),
  ];
}
